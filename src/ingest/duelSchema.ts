/**
 * The duel document: how often one player killed another on one server (statsDocs.ts duelDocId), an
 * exact count per pair, never capped (a player's `victims` keep only their top COUNTS_KEEP), read by
 * /compare. Apart from schemas.ts (which puts it in the StatsDoc union) to keep that file small; its
 * fields repeat the stats documents' common ones, so this file imports nothing of schemas.ts.
 */
import { z } from 'zod';

export const duelStatsSchema = z.object({
  _id: z.string(),
  guildId: z.string(),
  serverId: z.string(),
  /** Last batch applied to this document: a replayed batch with seq <= lastSeq is skipped. */
  lastSeq: z.number().int().min(0),
  type: z.literal('duel'),
  killerId: z.string(),
  victimId: z.string(),
  /** Kills of `victimId` by `killerId` on this server since the document was created. */
  n: z.number().int(),
});
export type DuelStats = z.infer<typeof duelStatsSchema>;
