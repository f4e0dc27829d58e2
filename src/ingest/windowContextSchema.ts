import { z } from 'zod';

/** What a batch's time windows are computed in (ingest/windows.ts), frozen on it before its first stats write. */
export const windowContextSchema = z.object({
  timeZone: z.string(),
  /** The guild's current season, and when it began (older events of the batch are not in it). */
  seasonId: z.string().nullable(),
  seasonStartedAt: z.date().nullable(),
});
export type WindowContext = z.infer<typeof windowContextSchema>;
