/**
 * Factions (`factions`) and their memberships (`faction_members`). A membership is never deleted: leaving,
 * a kick or a disband sets its `leftAt` and clears `active`, so "who was in which faction when this kill
 * happened" stays answerable (team kills, src/factions/teamKills.ts). One active membership per member and
 * guild: the unique partial index `guild_user_active` (src/db/collections.ts).
 */
import { z } from 'zod';

/** A faction tag: 2–5 letters or digits (shown as `[TAG]` before names). */
export const FACTION_TAG = { min: 2, max: 5, pattern: /^[\p{L}\p{N}]{2,5}$/u } as const;
export const FACTION_NAME_MAX = 32;
/**
 * Days an ended membership is kept (a TTL index deletes it then): the team-kill question of a kill read
 * again later (a backfill) needs the stints at its time; the season windows are kept as long.
 */
export const FACTION_HISTORY_DAYS = 400;
export const FACTION_ROLES = ['leader', 'officer', 'member'] as const;
export type FactionRole = (typeof FACTION_ROLES)[number];

export const factionSchema = z.object({
  _id: z.string(), // short random id: it goes in the invite buttons' custom ids
  guildId: z.string(),
  name: z.string().max(FACTION_NAME_MAX),
  nameLower: z.string(),
  tag: z.string(),
  /** Unique per guild (index `guild_tag`): tags are compared case-insensitively. */
  tagLower: z.string(),
  leaderId: z.string(),
  /** Active memberships, kept with them: the tier's member limit is checked on it atomically. */
  memberCount: z.number().int().min(0),
  createdAt: z.date(),
  /** 0 … FACTIONS_MAX-1, unique per guild (index `guild_slot`): the cap holds against creates at once. Absent: made before slots. */
  slot: z.number().int().min(0).optional(),
  /** Set by a disband's first write: the faction is no longer live (src/factions/store.ts disband()). */
  disbandedAt: z.date().optional(),
});
export type Faction = z.infer<typeof factionSchema>;

export const factionMemberSchema = z.object({
  _id: z.string(), // `${factionId}:${userId}:${joinedAt ms}`: one per stint in a faction
  guildId: z.string(),
  factionId: z.string(),
  userId: z.string(),
  role: z.enum(FACTION_ROLES),
  joinedAt: z.date(),
  /** When the stint ended (left, kicked, disbanded); null while it lasts. */
  leftAt: z.date().nullable(),
  /** Present (true) only while the stint lasts: the unique partial index holds one per member. */
  active: z.literal(true).optional(),
});
export type FactionMember = z.infer<typeof factionMemberSchema>;
