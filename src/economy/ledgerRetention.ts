/**
 * How long a finished credit ledger entry is kept, per reason: the one place these bounds are stated
 * (README "Security and limits" lists them). An entry gets `expiresAt` when it is finished and its
 * markers are off the balances (`cleared`); a TTL index deletes it then. Pending entries, entries whose
 * markers are still on a balance and entries of a reason kept forever have no `expiresAt`.
 *
 * Why deleting is safe: an entry's `_id` is its cause's idempotency key, so once it is gone the same
 * cause would pay again. Each window is longer than the time in which that cause can come back:
 * - `pixel:<placementId>`: delivered when placed, retried only for placements of the last 6 hours
 *   (canvas HOOK_RETRY_WINDOW_MS); placement ids never repeat (the board's epoch is part of them).
 * - `give:<interactionId>`: a Discord interaction is answered within its 15-minute token life.
 * - `daily:<userId>:<day>`: only today's day can be claimed, and the claim reads yesterday's entry.
 * - `shop` entries are the proof of payment of an item not granted yet, `migration` entries guard the
 *   one-time import: both are few and kept.
 * - `kill:<serverId>:<eventId>` entries are kept too: a kill is read again when a batch left pending by
 *   a crash is replayed, at the next start however late that is (a bot stopped for months), and a
 *   backfill pays history of any age. Their number is bounded by the linked players' kills in the game
 *   servers' logs (a tier allows at most 25 servers); expiring them needs a replay horizon first.
 */
import type { LedgerReason } from './schemas.js';

const DAY_MS = 86_400_000;

/** Days a finished entry is kept after its markers were cleared; null: kept. */
export const LEDGER_RETENTION_DAYS: Readonly<Record<LedgerReason, number | null>> = {
  pixel: 2,
  give: 30,
  daily: 30,
  kill: null,
  shop: null,
  migration: null,
};

/** When an entry of this reason, cleared at `clearedAt`, may be deleted (null: never). */
export function expiresAtOf(reason: LedgerReason, clearedAt: Date): Date | null {
  const days = LEDGER_RETENTION_DAYS[reason];
  return days === null || days === undefined ? null : new Date(clearedAt.getTime() + days * DAY_MS);
}
