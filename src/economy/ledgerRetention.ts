/**
 * How long a finished credit ledger entry is kept, per reason, and the replay horizon of kill credits:
 * the one place these bounds are stated (README "Security and limits" lists them). An entry gets
 * `expiresAt` when it is finished and its markers are off the balances (`cleared`); a TTL index deletes
 * it then. Pending entries, entries whose markers are still on a balance and entries of a reason kept
 * forever have no `expiresAt`. Deleting an entry never touches a balance: the credits stay paid.
 *
 * Why deleting is safe: an entry's `_id` is its cause's idempotency key, so once it is gone the same
 * cause would pay again. Each window is longer than the time in which that cause can come back:
 * - `pixel:<placementId>`: delivered when placed, retried only for placements of the last 6 hours
 *   (canvas HOOK_RETRY_WINDOW_MS); placement ids never repeat (the board's epoch is part of them).
 * - `give:<interactionId>`: a Discord interaction is answered within its 15-minute token life.
 * - `daily:<userId>:<day>`: only today's day can be claimed, and the claim reads yesterday's entry.
 * - `kill:<serverId>:<eventId>`: a kill is read again when a crashed batch is replayed (at the next start,
 *   however late) or a backfill re-reads old files, so its key could come back at any age. A kill pays
 *   only while it is young (killPaysCredits: stamped at most KILL_REPLAY_HORIZON_DAYS before the ingesting
 *   clock, at most KILL_CLOCK_SKEW_MS after it); older ones still count in the stats. Its entry is kept
 *   the horizon plus KILL_MARGIN_DAYS after it was cleared. Proof: paid at T0 with stamp ≤ T0 + skew,
 *   cleared at C ≥ T0, deleted at C + horizon + margin; a read at T1 after that pays only a stamp
 *   ≥ T1 − horizon > C + margin ≥ T0 + margin > T0 + skew: not this kill. So a replay never pays twice.
 * - `eco:<interactionId>` (admin give, take, reset) and `game:<handId>:…` (a hand is settled within its
 *   interaction's life; a hand document outlives it): 30 days, like gifts.
 * - `shop` entries are the proof of payment of an item not granted yet, `migration` entries guard the
 *   one-time import and `faction:<id>` pays a faction's creation once: all few and kept.
 * - `bounty:<id>:in|out` (escrow in, settled out): a member's bounty is keyed by its interaction (15 minutes);
 *   a house bounty by its kill, and claims too come only from kills, both inside the replay horizon like
 *   kill credits: kept like kill entries. A bounty is decided within its 72 hours (the expiry sweep), long
 *   before its entries go; its document outlives them (src/bounties/rules.ts BOUNTY_KEPT_DAYS).
 */
import type { LedgerReason } from './schemas.js';

const DAY_MS = 86_400_000;

/** A kill pays credits only when ingested within this many days of its time stamp (older: stats only). */
export const KILL_REPLAY_HORIZON_DAYS = 30;
/** A kill stamped further than this ahead of the ingesting clock pays nothing (a host's clock gone wrong). */
export const KILL_CLOCK_SKEW_MS = DAY_MS;
/** Days a kill entry outlives the horizon; more than the clock skew allowed, which the proof above needs. */
export const KILL_MARGIN_DAYS = 2;

/** Days a finished entry is kept after its markers were cleared; null: kept. */
export const LEDGER_RETENTION_DAYS: Readonly<Record<LedgerReason, number | null>> = {
  pixel: 2,
  give: 30,
  daily: 30,
  kill: KILL_REPLAY_HORIZON_DAYS + KILL_MARGIN_DAYS,
  shop: null,
  migration: null,
  bounty: KILL_REPLAY_HORIZON_DAYS + KILL_MARGIN_DAYS,
  eco: 30,
  game: 30,
  faction: null,
};

/** Whether a kill stamped `at` may pay credits when ingested at `now` (inside the replay horizon). */
export function killPaysCredits(at: Date, now: Date): boolean {
  const age = now.getTime() - at.getTime();
  return age <= KILL_REPLAY_HORIZON_DAYS * DAY_MS && age >= -KILL_CLOCK_SKEW_MS;
}

/** When an entry of this reason, cleared at `clearedAt`, may be deleted (null: never). */
export function expiresAtOf(reason: LedgerReason, clearedAt: Date): Date | null {
  const days = LEDGER_RETENTION_DAYS[reason];
  return days === null || days === undefined ? null : new Date(clearedAt.getTime() + days * DAY_MS);
}
