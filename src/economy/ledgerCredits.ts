/**
 * Many one-leg credits entered together (CreditLedger.applyCredits): the ledger's steps (./ledger.ts),
 * each one bulk round trip for the whole set (an insertMany, a bulkWrite of guarded legs, an updateMany
 * of the decisions, a bulkWrite clearing the markers, an updateMany marking them cleared), in the same
 * order as for one entry: so a crash between any two of them leaves entries exactly where the single path
 * would (pending with some legs on the balances, or applied), and the sweep or a retry finishes them.
 */
import type { AnyBulkWriteOperation } from 'mongodb';
import { isDuplicateKey } from '../db/duplicateKey.js';
import type { LedgerInput, LedgerResult, LedgerStepHook } from './ledgerTypes.js';
import type { BalanceLegs } from './ledgerLegs.js';
import { balanceId, clearMarkers, entryId, markerOf } from './ledgerMarkers.js';
import type { CreditBalance, LedgerCollections, LedgerEntry } from './schemas.js';

/** What the bulk path uses of the ledger: its collections, its legs, its step hook and its finish. */
export interface CreditsContext {
  cols: LedgerCollections;
  legs: BalanceLegs;
  onStep?: LedgerStepHook;
  /** Steps 2 and 3 for an entry another worker inserted (CreditLedger.finish). */
  finish(entry: LedgerEntry): Promise<LedgerEntry>;
}

/** The per-document errors of a bulk write, when the server itemized them. */
function writeErrorsOf(err: unknown): Array<{ index: number; code: number }> | null {
  const list = (err as { writeErrors?: unknown }).writeErrors;
  const arr = Array.isArray(list) ? list : list ? [list] : [];
  return arr.length ? (arr as Array<{ index: number; code: number }>) : null;
}

/** The bulk write failed only on duplicate keys (each itemized error is one, or none is itemized). */
function onlyDuplicates(err: unknown): boolean {
  if (!isDuplicateKey(err)) return false;
  const itemized = writeErrorsOf(err);
  return !itemized || itemized.every((w) => isDuplicateKey(w));
}

/** CreditLedger.applyCredits (its doc says what it guarantees). */
export async function applyCredits(ctx: CreditsContext, inputs: readonly LedgerInput[], now: Date): Promise<LedgerResult[]> {
  for (const input of inputs) {
    const leg = input.legs[0];
    if (input.legs.length !== 1 || !leg || !Number.isSafeInteger(leg.amount) || leg.amount <= 0) throw new Error('applyCredits takes one-leg credits of whole positive amounts');
  }
  const byId = new Map<string, LedgerEntry>();
  for (const input of inputs) {
    const _id = entryId(input.guildId, input.key);
    if (!byId.has(_id)) {
      byId.set(_id, { _id, guildId: input.guildId, reason: input.reason, ref: input.ref ?? null, legs: input.legs, state: 'pending', cleared: false, at: now, doneAt: null });
    }
  }
  // Step 1: the entries, pending. `fresh`: inserted now; `found`: entered before (or by another worker).
  const { fresh, found } = await insertEntries(ctx, [...byId.values()]);
  if (fresh.length) ctx.onStep?.('inserted');
  const outcome = new Map<string, { entry: LedgerEntry; fresh: boolean }>();
  for (const entry of fresh) outcome.set(entry._id, { entry, fresh: true });
  // Entries found pending are someone else's: finished under the fences, one by one (rare).
  for (const entry of found) outcome.set(entry._id, { entry: entry.state === 'pending' ? await ctx.finish(entry) : entry, fresh: false });
  if (fresh.length) {
    // Step 2: every leg onto its balance, guarded by the entry's marker.
    await applyCreditLegs(ctx, fresh);
    ctx.onStep?.('leg');
    // Step 3: decided. Every leg is a credit, so every entry is applied.
    const doneAt = new Date();
    const ids = fresh.map((e) => e._id);
    if (ids.length === 1) await ctx.cols.ledger.updateOne({ _id: ids[0]!, state: 'pending' }, { $set: { state: 'applied', doneAt } });
    else await ctx.cols.ledger.updateMany({ _id: { $in: ids }, state: 'pending' }, { $set: { state: 'applied', doneAt } });
    ctx.onStep?.('decided');
    const decided = fresh.map((entry) => ({ ...entry, state: 'applied' as const, doneAt }));
    // Step 4: this worker inserted them, so it clears their markers at once.
    await clearMarkers(ctx.cols, decided, () => ctx.onStep?.('cleared'));
    for (const entry of decided) outcome.set(entry._id, { entry: { ...entry, cleared: true }, fresh: true });
  }
  return inputs.map((input) => {
    const { entry, fresh: isFresh } = outcome.get(entryId(input.guildId, input.key))!;
    return { outcome: entry.state, fresh: isFresh, entry };
  });
}

/**
 * Inserts the entries in one round trip. On a duplicate key (an entry entered before), real MongoDB
 * inserts the others and names the duplicates; some servers reject the whole bulk. Either way the
 * entries are read back: one not there is inserted again, one there is `found` unless the error shows
 * this insert wrote it.
 */
async function insertEntries(ctx: CreditsContext, entries: LedgerEntry[]): Promise<{ fresh: LedgerEntry[]; found: LedgerEntry[] }> {
  const fresh: LedgerEntry[] = [];
  const found: LedgerEntry[] = [];
  let todo = entries;
  for (let attempt = 0; todo.length; attempt++) {
    if (attempt === 5) throw new Error('could not enter credit entries');
    try {
      if (todo.length === 1) await ctx.cols.ledger.insertOne(todo[0]!);
      else await ctx.cols.ledger.insertMany(todo, { ordered: false });
      fresh.push(...todo);
      return { fresh, found };
    } catch (err) {
      if (!onlyDuplicates(err)) throw err;
      const itemized = writeErrorsOf(err);
      const duplicates = itemized?.length ? new Set(itemized.map((w) => todo[w.index]?._id)) : null;
      const stored = new Map((await ctx.cols.ledger.find({ _id: { $in: todo.map((e) => e._id) } }).toArray()).map((e) => [e._id, e]));
      const next: LedgerEntry[] = [];
      for (const entry of todo) {
        const there = stored.get(entry._id);
        if (!there) next.push(entry);
        else if (duplicates && !duplicates.has(entry._id)) fresh.push(entry);
        else found.push(there);
      }
      todo = next;
    }
  }
  return { fresh, found };
}

/**
 * Step 2 for one-leg credits this worker inserted: one bulkWrite of the guarded legs. When every leg
 * moved its balance (each op modified or created one), all are on; otherwise (a marker already there:
 * another worker finished the entry meanwhile; a balance created by another worker meanwhile; a server
 * that rejects the whole bulk on one duplicate) each leg is settled by the single-entry step, which
 * skips a leg whose marker is present.
 */
async function applyCreditLegs(ctx: CreditsContext, entries: LedgerEntry[]): Promise<void> {
  const at = new Date();
  const ops: AnyBulkWriteOperation<CreditBalance>[] = entries.map((entry) => {
    const leg = entry.legs[0]!;
    const marker = markerOf(entry._id);
    return {
      updateOne: {
        filter: { _id: balanceId(entry.guildId, leg.userId), [marker]: { $exists: false } },
        update: { $inc: { credits: leg.amount }, $set: { [marker]: true, guildId: entry.guildId, userId: leg.userId, updatedAt: at } },
        upsert: true,
      },
    };
  });
  try {
    const r = await ctx.cols.balances.bulkWrite(ops, { ordered: false });
    if (r.modifiedCount + r.upsertedCount === ops.length) return;
  } catch (err) {
    if (!onlyDuplicates(err)) throw err;
  }
  for (const entry of entries) {
    if (!(await ctx.legs.apply(entry, entry.legs[0]!))) throw new Error(`ledger entry ${entry._id}: a credit leg could not be applied`);
  }
}
