/**
 * Seasons (wipes) of a guild: numbered from 1 by `/season start`; number 0 is what came before the
 * first start (its `season` window was all time). A season's `_id` is `guildId|number`, so two admins
 * starting one at once create one. When the next begins, the season's final top 10 of every board is
 * archived on it (per server and guild-wide), which outlives the window documents' retention.
 */
import { z } from 'zod';

/** A row of an archived board: what a board line shows of a player. */
export const archivedRowSchema = z.object({
  playerId: z.string(),
  name: z.string(),
  nameLower: z.string(),
  kills: z.number(),
  deaths: z.number(),
  otherDeaths: z.number(),
  suicidesTotal: z.number(),
  kdr: z.number(),
  longestKill: z.object({ distance: z.number(), weapon: z.string(), victimId: z.string(), victimName: z.string(), at: z.date() }).nullable(),
  bestStreak: z.number(),
});

/** One archived scope: guild-wide (`serverId` `*`) or one server, each board's top rows and how many ranked. */
export const seasonArchiveSchema = z.object({
  serverId: z.string(),
  boards: z.record(z.string(), z.object({ total: z.number().int(), rows: z.array(archivedRowSchema) })),
});
export type SeasonArchive = z.infer<typeof seasonArchiveSchema>;

export const seasonSchema = z.object({
  _id: z.string(),
  guildId: z.string(),
  number: z.number().int().min(0),
  /** As the admin typed it (escaped where shown); absent: "Season n". */
  name: z.string().nullable(),
  startedAt: z.date().nullable(),
  startedBy: z.string().nullable(),
  endedAt: z.date().nullable(),
  /** Set once its final boards are archived (a start interrupted before that is finished by the next). */
  archive: z.array(seasonArchiveSchema).nullable(),
});
export type Season = z.infer<typeof seasonSchema>;

export const seasonId = (guildId: string, number: number) => `${guildId}|${number}`;

/** A new world_N folder the admins were asked about (stats/wipePrompt.ts): `_id` is serverId|world, once. */
export const wipePromptSchema = z.object({ _id: z.string(), guildId: z.string(), serverId: z.string(), world: z.string(), at: z.date() });
export type WipePrompt = z.infer<typeof wipePromptSchema>;
