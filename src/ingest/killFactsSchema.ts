/** The journaled facts of a posted kill (part of a pending batch, see schemas.ts). */
import { z } from 'zod';

/**
 * What one posted kill meant, from the stats as they stood at that kill inside its batch (killFacts.ts).
 * Journaled with the batch before its stats are written, so a replay posts what the first run saw.
 */
export const killFactsSchema = z.object({
  /** The kill's event id. */
  id: z.string(),
  /** The killer's current streak, kills and deaths after this kill (on this server). */
  streak: z.number().int(),
  kills: z.number().int(),
  deaths: z.number().int(),
  /** The victim's streak this kill ended (0: none). */
  ended: z.number().int(),
  /** The victim had killed the killer the last time they met. */
  revenge: z.boolean(),
  /** The server's first kill of the day in the guild's timezone. */
  firstOfDay: z.boolean(),
});
export type KillFacts = z.infer<typeof killFactsSchema>;

/** A kill from at least this far (metres) is a long shot: `/server settings longshot_metres:`, its bounds and default. */
export const LONGSHOT_METRES = { min: 50, max: 2000, default: 250 } as const;

/** The kill posts of a server: an embed per kill with what it means, or a line per kill. */
export const FEED_STYLES = ['rich', 'compact'] as const;
export type FeedStyle = (typeof FEED_STYLES)[number];
