/**
 * The markers a ledger entry leaves on the balances it moves (`pending.<hash>`), and their removal.
 *
 * A marker is what makes a leg idempotent: the leg's `$inc` requires it absent and sets it. Removing it
 * is safe only when no worker can still apply that leg. Two kinds of worker apply legs:
 * - the worker that inserted the entry (it knows the entry is pending: it just created it). It clears
 *   its own markers right after deciding the entry, so balances carry no marker once an entry is done;
 * - any other worker (the sweep, a replay with `resume`, a double click after STALE_MS): it read the
 *   entry as pending at some time, and the inserter may have decided and cleared it since. So every
 *   clear also bumps the balance's `fence`, and such a worker reads the fence *before* it re-reads the
 *   entry's state, then applies the leg only where the fence is unchanged. If a clear happened before
 *   its fence read, the decision happened before too, so it sees the entry decided and stops; if after,
 *   its update matches nothing and it starts over (CreditLedger.finish).
 * Markers such a worker sets are cleared by the sweep CLEAR_AFTER_MS after the decision, when the
 * inserter, which has no fence to check, cannot still be applying a leg.
 */
import { createHash } from 'node:crypto';
import type { AnyBulkWriteOperation } from 'mongodb';
import { expiresAtOf } from './ledgerRetention.js';
import type { CreditBalance, LedgerCollections, LedgerEntry } from './schemas.js';

/** A pending entry older than this was left by a crash: the sweep finishes it. */
export const STALE_MS = 30_000;
/** Markers another worker than the inserter left stay this long after the decision: the inserter, unfenced, cannot still be applying a leg then. */
export const CLEAR_AFTER_MS = 10 * 60_000;

export const entryId = (guildId: string, key: string) => `${guildId}|${key}`;
export const balanceId = (guildId: string, userId: string) => `${guildId}:${userId}`;

/** Field names cannot hold dots or start with `$`; keys can. A short hash is the marker's name. */
export function markerOf(id: string): string {
  return `pending.${createHash('sha256').update(id).digest('base64url').slice(0, 16)}`;
}

/** The marker's value on a balance document, if it is there. */
export function markerIn(doc: Pick<CreditBalance, 'pending'> | null | undefined, marker: string): true | 'refused' | undefined {
  return doc?.pending?.[marker.slice('pending.'.length)];
}

/**
 * The guard on a balance's fence as read (`fence` absent: never cleared, or no balance yet). `$exists`
 * rather than `null`: an upsert then creates the balance without the field, which a clear's `$inc` needs.
 */
export const fenceGuard = (fence: number | null | undefined) => (typeof fence === 'number' ? fence : { $exists: false });

/** Fields a finished entry drops: the sweep's record of earlier failures. */
export const FAILURE_FIELDS = { failures: '', retryAt: '', lastError: '' } as const;

/**
 * Removes decided entries' markers from their balances (one round trip for all, each bumping the fence),
 * then records them cleared with their expiry (one round trip per expiry group). A crash between the
 * two leaves entries uncleared: the sweep clears them again (an `$unset` of nothing is harmless).
 */
export async function clearMarkers(cols: LedgerCollections, entries: readonly LedgerEntry[], onCleared?: () => void): Promise<void> {
  if (!entries.length) return;
  const ops: AnyBulkWriteOperation<CreditBalance>[] = [];
  for (const entry of entries) {
    const marker = markerOf(entry._id);
    const ids = [...new Set(entry.legs.map((l) => balanceId(entry.guildId, l.userId)))];
    for (const _id of ids) ops.push({ updateOne: { filter: { _id }, update: { $unset: { [marker]: '' }, $inc: { fence: 1 } } } });
  }
  const first = ops[0];
  if (ops.length === 1 && first && 'updateOne' in first) await cols.balances.updateOne(first.updateOne.filter, first.updateOne.update);
  else await cols.balances.bulkWrite(ops, { ordered: false });
  onCleared?.();
  const now = new Date();
  const groups = new Map<number, { expiresAt: Date | null; ids: string[] }>();
  for (const entry of entries) {
    const expiresAt = expiresAtOf(entry.reason, now);
    const k = expiresAt?.getTime() ?? -1;
    const g = groups.get(k) ?? { expiresAt, ids: [] };
    g.ids.push(entry._id);
    groups.set(k, g);
  }
  for (const { expiresAt, ids } of groups.values()) {
    const update = { $set: { cleared: true, ...(expiresAt ? { expiresAt } : {}) }, $unset: FAILURE_FIELDS };
    if (ids.length === 1) await cols.ledger.updateOne({ _id: ids[0]! }, update);
    else await cols.ledger.updateMany({ _id: { $in: ids } }, update);
  }
}
