/**
 * The credit ledger: every change of credits is one entry, and balances follow the entries exactly once,
 * never below zero, with no MongoDB transaction (standalone servers have none). The steps, each safe to
 * repeat after a crash anywhere in between, and safe for two workers to run on one entry at once:
 *
 *   1. insert the entry `pending` under its idempotency key (a second insert of the same cause fails: 11000)
 *   2. apply each leg to its balance with a guarded `$inc` that also sets a marker for this entry on the
 *      balance: a leg whose marker is present is decided already. A debit needs `credits >= amount` in the
 *      same update; one that finds too few credits marks itself `'refused'` on the balance instead, so the
 *      leg's fate is decided once, on the balance, whoever finishes the entry
 *   3. mark the entry `applied` (or `refused`: nothing moved)
 *
 * The worker that inserted an entry finishes it; `sweep()` finishes entries a crash left pending (all of
 * them at start, those older than STALE_MS later) and removes the markers of entries decided more than
 * CLEAR_AFTER_MS ago, when no worker can still be applying one of their legs. So the ledger and the
 * balances agree: a member's credits are the sum of their legs of applied entries.
 *
 * `applyCredits` takes the same three steps for many one-leg credits at once, each step one bulk round
 * trip for the whole set (an insertMany, a bulkWrite of guarded legs, an updateMany of the decisions),
 * in the same order: so a crash between any two of them leaves entries exactly where the single path
 * would (pending with some legs on the balances, or applied), and the sweep or a retry finishes them.
 */
import { createHash } from 'node:crypto';
import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import type { CreditBalance, LedgerEntry, LedgerLeg, LedgerReason } from './schemas.js';

export interface LedgerInput {
  guildId: string;
  /** Idempotency key of the cause, unique per guild (e.g. `kill:<eventId>`, `daily:<userId>:<date>`). */
  key: string;
  reason: LedgerReason;
  ref?: string | null;
  /** One leg (earn, spend) or two (transfer: the debit first). */
  legs: LedgerLeg[];
}

/** `pending`: the same cause is being entered right now by another request (a double click). */
export type LedgerOutcome = 'applied' | 'refused' | 'pending';

/** A pending entry older than this was left by a crash: the sweep finishes it. */
export const STALE_MS = 30_000;
/** Markers of a decided entry stay this long: a replayed leg meets them and moves nothing. */
export const CLEAR_AFTER_MS = 10 * 60_000;

export interface LedgerResult {
  outcome: LedgerOutcome;
  /** False when this cause had been entered before (a replay, a double click): nothing moved now. */
  fresh: boolean;
  entry: LedgerEntry;
}

export interface LedgerCollections {
  ledger: Collection<LedgerEntry>;
  balances: Collection<CreditBalance>;
}

/** Test hook: called after each step of an entry (crash tests stop the process there). */
export type LedgerStepHook = (step: 'inserted' | 'leg' | 'decided') => void;

export const entryId = (guildId: string, key: string) => `${guildId}|${key}`;
export const balanceId = (guildId: string, userId: string) => `${guildId}:${userId}`;

/** Field names cannot hold dots or start with `$`; keys can. A short hash is the marker's name. */
function markerOf(id: string): string {
  return `pending.${createHash('sha256').update(id).digest('base64url').slice(0, 16)}`;
}

const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;

/** The per-document errors of a bulk write, when the server itemized them. */
function writeErrorsOf(err: unknown): Array<{ index: number; code: number }> | null {
  const list = (err as { writeErrors?: unknown }).writeErrors;
  const arr = Array.isArray(list) ? list : list ? [list] : [];
  return arr.length ? (arr as Array<{ index: number; code: number }>) : null;
}

export class CreditLedger {
  constructor(
    private readonly cols: LedgerCollections,
    private readonly onStep?: LedgerStepHook,
  ) {}

  /**
   * Enters a change once: a repeat of the same key returns the first outcome and moves nothing. With
   * `resume`, a repeat that finds the entry still pending finishes it now instead of leaving it to the
   * sweep: for callers that replay after their own crash (a batch replay), whose first writer is gone.
   * (Two workers finishing one entry is safe, only wasted work: each leg carries the entry's marker.)
   */
  async apply(input: LedgerInput, now = new Date(), opts: { resume?: boolean } = {}): Promise<LedgerResult> {
    if (!input.legs.length || input.legs.length > 2) throw new Error('a ledger entry has one or two legs');
    for (const leg of input.legs) if (!Number.isSafeInteger(leg.amount)) throw new Error('credit amounts are whole numbers');
    const entry: LedgerEntry = {
      _id: entryId(input.guildId, input.key),
      guildId: input.guildId,
      reason: input.reason,
      ref: input.ref ?? null,
      legs: input.legs,
      state: 'pending',
      cleared: false,
      at: now,
      doneAt: null,
    };
    try {
      await this.cols.ledger.insertOne(entry);
      this.onStep?.('inserted');
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return { ...(await this.settled(entry._id, now, opts.resume ?? false)), fresh: false };
    }
    const finished = await this.finish(entry);
    return { outcome: finished.state === 'refused' ? 'refused' : 'applied', fresh: true, entry: finished };
  }

  /**
   * Many credits (one leg each, amount > 0) entered together, with apply(input, now, { resume: true })'s
   * guarantees for each: paid once per key; a repeat returns the first outcome (`fresh: false`) and an
   * entry found still pending (a crash's leftover, or another worker's) is finished now. Results are in
   * the order of `inputs`; the same key twice gets one entry. Throws when the database does: then each
   * entry is where a crash at that point would have left it (the sweep or a retry finishes it).
   *
   * Round trips: one insertMany, one bulkWrite of legs, one updateMany of decisions. A bulk that meets a
   * duplicate (a repeated key, a leg whose marker is on the balance already, a balance another worker
   * created a moment ago) is sorted out by reads and the single-entry steps, each safe to repeat.
   */
  async applyCredits(inputs: readonly LedgerInput[], now = new Date()): Promise<LedgerResult[]> {
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
    const { fresh, found } = await this.insertEntries([...byId.values()]);
    if (fresh.length) this.onStep?.('inserted');
    const outcome = new Map<string, { entry: LedgerEntry; fresh: boolean }>();
    const toFinish: LedgerEntry[] = [...fresh];
    for (const entry of fresh) outcome.set(entry._id, { entry, fresh: true });
    for (const entry of found) {
      outcome.set(entry._id, { entry, fresh: false });
      if (entry.state !== 'pending') continue;
      const leg = entry.legs[0];
      // A pending entry of this key that is not a plain credit is finished the single way.
      if (entry.legs.length === 1 && leg && leg.amount > 0) toFinish.push(entry);
      else outcome.set(entry._id, { entry: await this.finish(entry), fresh: false });
    }
    if (toFinish.length) {
      // Step 2: every leg onto its balance, guarded by the entry's marker.
      await this.applyCreditLegs(toFinish);
      this.onStep?.('leg');
      // Step 3: decided. Every leg is a credit, so every entry is applied.
      const doneAt = new Date();
      const ids = toFinish.map((e) => e._id);
      if (ids.length === 1) await this.cols.ledger.updateOne({ _id: ids[0]!, state: 'pending' }, { $set: { state: 'applied', doneAt } });
      else await this.cols.ledger.updateMany({ _id: { $in: ids }, state: 'pending' }, { $set: { state: 'applied', doneAt } });
      this.onStep?.('decided');
      for (const entry of toFinish) {
        const o = outcome.get(entry._id)!;
        outcome.set(entry._id, { entry: { ...entry, state: 'applied', doneAt }, fresh: o.fresh });
      }
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
  private async insertEntries(entries: LedgerEntry[]): Promise<{ fresh: LedgerEntry[]; found: LedgerEntry[] }> {
    const fresh: LedgerEntry[] = [];
    const found: LedgerEntry[] = [];
    let todo = entries;
    for (let attempt = 0; todo.length; attempt++) {
      if (attempt === 5) throw new Error('could not enter credit entries');
      try {
        if (todo.length === 1) await this.cols.ledger.insertOne(todo[0]!);
        else await this.cols.ledger.insertMany(todo, { ordered: false });
        fresh.push(...todo);
        return { fresh, found };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const itemized = writeErrorsOf(err);
        if (itemized && itemized.some((w) => w.code !== 11000)) throw err;
        const duplicates = itemized?.length ? new Set(itemized.map((w) => todo[w.index]?._id)) : null;
        const stored = new Map((await this.cols.ledger.find({ _id: { $in: todo.map((e) => e._id) } }).toArray()).map((e) => [e._id, e]));
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
   * Step 2 for pending one-leg credits: one bulkWrite of the guarded legs. When every leg moved its
   * balance (each op modified or created one), all are on; otherwise (a marker already there: a resumed
   * entry; a balance created by another worker meanwhile; a server that rejects the whole bulk on one
   * duplicate) each leg is settled by the single-entry step, which skips a leg whose marker is present.
   */
  private async applyCreditLegs(entries: LedgerEntry[]): Promise<void> {
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
      const r = await this.cols.balances.bulkWrite(ops, { ordered: false });
      if (r.modifiedCount + r.upsertedCount === ops.length) return;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const itemized = writeErrorsOf(err);
      if (itemized && itemized.some((w) => w.code !== 11000)) throw err;
    }
    for (const entry of entries) {
      if (!(await this.applyLeg(entry, entry.legs[0]!))) throw new Error(`ledger entry ${entry._id}: a credit leg could not be applied`);
    }
  }

  /**
   * Finishes entries a crash left pending (older than STALE_MS, or `all` of them: at start, when the only
   * other workers are other processes, and finishing an entry twice is safe), and clears the markers of
   * entries decided long enough ago. Returns how many entries it finished.
   */
  async sweep(now = new Date(), opts: { all?: boolean } = {}): Promise<number> {
    const age = opts.all ? {} : { at: { $lt: new Date(now.getTime() - STALE_MS) } };
    const stale = await this.cols.ledger.find({ state: 'pending', ...age }).limit(1000).toArray();
    for (const entry of stale) await this.finish(entry);
    const old = await this.cols.ledger
      .find({ state: { $in: ['applied', 'refused'] }, cleared: false, doneAt: { $lt: new Date(now.getTime() - CLEAR_AFTER_MS) } })
      .limit(1000)
      .toArray();
    for (const entry of old) {
      for (const leg of entry.legs) {
        await this.cols.balances.updateOne({ _id: balanceId(entry.guildId, leg.userId) }, { $unset: { [markerOf(entry._id)]: '' } });
      }
      await this.cols.ledger.updateOne({ _id: entry._id }, { $set: { cleared: true } });
    }
    return stale.length;
  }

  /** The outcome of a cause entered before: decided, or pending (finished here only when a crash left it). */
  private async settled(id: string, now: Date, resume: boolean): Promise<Omit<LedgerResult, 'fresh'>> {
    const existing = await this.cols.ledger.findOne({ _id: id });
    if (!existing) throw new Error(`ledger entry ${id} vanished`);
    if (existing.state === 'pending' && (resume || now.getTime() - existing.at.getTime() > STALE_MS)) {
      const finished = await this.finish(existing);
      return { outcome: finished.state === 'refused' ? 'refused' : 'applied', entry: finished };
    }
    return { outcome: existing.state, entry: existing };
  }

  async balance(guildId: string, userId: string): Promise<number> {
    return (await this.cols.balances.findOne({ _id: balanceId(guildId, userId) }))?.credits ?? 0;
  }

  /** Steps 2 and 3 for one entry, from wherever it stands (legs already on a balance are skipped). */
  private async finish(entry: LedgerEntry): Promise<LedgerEntry> {
    let state: LedgerEntry['state'] = 'applied';
    for (const [i, leg] of entry.legs.entries()) {
      const applied = await this.applyLeg(entry, leg);
      this.onStep?.('leg');
      // Only a debit can fail, and it is the first leg: nothing has moved, the entry is refused.
      if (!applied) {
        if (i !== 0) throw new Error(`ledger entry ${entry._id}: a credit leg could not be applied`);
        state = 'refused';
        break;
      }
    }
    const doneAt = new Date();
    await this.cols.ledger.updateOne({ _id: entry._id, state: 'pending' }, { $set: { state, doneAt } });
    this.onStep?.('decided');
    return { ...entry, state, doneAt };
  }

  /**
   * One leg onto one balance, at most once: the balance holds a marker per entry, `true` once the leg is
   * on it. A debit that finds too few credits records `'refused'` in the marker instead, in an update of
   * its own, so the leg's fate is decided once on the balance itself: no other worker finishing the same
   * entry can still apply it afterwards. A credit creates the balance when it is the member's first.
   */
  private async applyLeg(entry: LedgerEntry, leg: LedgerLeg): Promise<boolean> {
    const _id = balanceId(entry.guildId, leg.userId);
    const marker = markerOf(entry._id);
    const owner = { guildId: entry.guildId, userId: leg.userId };
    const absent = { _id, [marker]: { $exists: false } };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        if (leg.amount < 0) {
          const r = await this.cols.balances.updateOne(
            { ...absent, credits: { $gte: -leg.amount } },
            { $inc: { credits: leg.amount }, $set: { [marker]: true, ...owner, updatedAt: new Date() } },
          );
          if (r.modifiedCount === 1) return true;
          await this.cols.balances.updateOne(absent, { $set: { [marker]: 'refused' }, $setOnInsert: { ...owner, credits: 0 } }, { upsert: true });
        } else {
          const r = await this.cols.balances.updateOne(absent, { $inc: { credits: leg.amount }, $set: { [marker]: true, ...owner, updatedAt: new Date() } }, { upsert: true });
          if (r.modifiedCount === 1 || r.upsertedCount === 1) return true;
        }
      } catch (err) {
        // An upsert met an existing balance: either this leg's marker is on it already, or another entry
        // created the balance a moment ago (then the next attempt updates it).
        if (!isDuplicateKey(err)) throw err;
      }
      const mark = await this.markerValue(_id, marker);
      if (mark !== undefined) return mark === true;
    }
    throw new Error(`ledger entry ${entry._id}: could not apply a leg for ${leg.userId}`);
  }

  private async markerValue(_id: string, marker: string): Promise<true | 'refused' | undefined> {
    const doc = await this.cols.balances.findOne({ _id, [marker]: { $exists: true } });
    if (!doc) return undefined;
    const key = marker.slice('pending.'.length);
    return doc.pending[key];
  }
}
