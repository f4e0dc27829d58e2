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
 *   4. remove the entry's markers from the balances, then mark it `cleared` (with its expiry)
 *
 * The worker that inserted an entry finishes and clears it. Any other worker that finishes one (a replay
 * with `resume`, the sweep) applies legs only under the balances' fences and leaves its markers to the
 * sweep (./ledgerMarkers.ts says why). `sweep()` (./ledgerSweep.ts) finishes entries a crash left pending
 * and clears markers left behind. So the ledger and the balances agree: a member's credits are the sum of
 * their legs of applied entries.
 *
 * `applyCredits` takes the same steps for many one-leg credits at once, each step one bulk round trip
 * for the whole set (an insertMany, a bulkWrite of guarded legs, an updateMany of the decisions, a
 * bulkWrite clearing the markers, an updateMany marking them cleared),
 * in the same order: so a crash between any two of them leaves entries exactly where the single path
 * would (pending with some legs on the balances, or applied), and the sweep or a retry finishes them.
 */
import type { AnyBulkWriteOperation } from 'mongodb';
import { balanceId, CLEAR_AFTER_MS, clearMarkers, entryId, FAILURE_FIELDS, fenceGuard, markerIn, markerOf, STALE_MS } from './ledgerMarkers.js';
import { LedgerSweep, type LedgerBacklog, type SweepResult } from './ledgerSweep.js';
import type { CreditBalance, LedgerCollections, LedgerEntry, LedgerLeg, LedgerReason } from './schemas.js';

export { balanceId, CLEAR_AFTER_MS, entryId, STALE_MS };

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

export interface LedgerResult {
  outcome: LedgerOutcome;
  /** False when this cause had been entered before (a replay, a double click): nothing moved now. */
  fresh: boolean;
  entry: LedgerEntry;
}

export type { LedgerCollections } from './schemas.js';

/** Test hook: called after each step of an entry (crash tests stop the process there). */
export type LedgerStepHook = (step: 'inserted' | 'leg' | 'decided' | 'cleared') => void;

/** How many times a non-inserting worker starts over when fences keep moving under it. */
const FENCED_ATTEMPTS = 6;

const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;

/** The per-document errors of a bulk write, when the server itemized them. */
function writeErrorsOf(err: unknown): Array<{ index: number; code: number }> | null {
  const list = (err as { writeErrors?: unknown }).writeErrors;
  const arr = Array.isArray(list) ? list : list ? [list] : [];
  return arr.length ? (arr as Array<{ index: number; code: number }>) : null;
}

export class CreditLedger {
  private readonly sweeper: LedgerSweep;

  constructor(
    private readonly cols: LedgerCollections,
    private readonly onStep?: LedgerStepHook,
  ) {
    this.sweeper = new LedgerSweep(cols, this);
  }

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
    const finished = await this.finishOwn(entry);
    return { outcome: finished.state === 'refused' ? 'refused' : 'applied', fresh: true, entry: finished };
  }

  /**
   * Many credits (one leg each, amount > 0) entered together, with apply(input, now, { resume: true })'s
   * guarantees for each: paid once per key; a repeat returns the first outcome (`fresh: false`) and an
   * entry found still pending (a crash's leftover, or another worker's) is finished now. Results are in
   * the order of `inputs`; the same key twice gets one entry. Throws when the database does: then each
   * entry is where a crash at that point would have left it (the sweep or a retry finishes it).
   *
   * Round trips: one insertMany, one bulkWrite of legs, one updateMany of decisions, one bulkWrite of
   * marker removals, one updateMany marking them cleared. A bulk that meets a duplicate (a repeated key,
   * a leg whose marker is on the balance already, a balance another worker created a moment ago) is
   * sorted out by reads and the single-entry steps, each safe to repeat.
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
    for (const entry of fresh) outcome.set(entry._id, { entry, fresh: true });
    // Entries found pending are someone else's: finished under the fences, one by one (rare).
    for (const entry of found) outcome.set(entry._id, { entry: entry.state === 'pending' ? await this.finish(entry) : entry, fresh: false });
    if (fresh.length) {
      // Step 2: every leg onto its balance, guarded by the entry's marker.
      await this.applyCreditLegs(fresh);
      this.onStep?.('leg');
      // Step 3: decided. Every leg is a credit, so every entry is applied.
      const doneAt = new Date();
      const ids = fresh.map((e) => e._id);
      if (ids.length === 1) await this.cols.ledger.updateOne({ _id: ids[0]!, state: 'pending' }, { $set: { state: 'applied', doneAt } });
      else await this.cols.ledger.updateMany({ _id: { $in: ids }, state: 'pending' }, { $set: { state: 'applied', doneAt } });
      this.onStep?.('decided');
      const decided = fresh.map((entry) => ({ ...entry, state: 'applied' as const, doneAt }));
      // Step 4: this worker inserted them, so it clears their markers at once.
      await clearMarkers(this.cols, decided, () => this.onStep?.('cleared'));
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
   * Step 2 for one-leg credits this worker inserted: one bulkWrite of the guarded legs. When every leg
   * moved its balance (each op modified or created one), all are on; otherwise (a marker already there:
   * another worker finished the entry meanwhile; a balance created by another worker meanwhile; a server
   * that rejects the whole bulk on one duplicate) each leg is settled by the single-entry step, which
   * skips a leg whose marker is present.
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
   * One sweep pass (./ledgerSweep.ts): finishes entries a crash left pending (older than STALE_MS, or
   * `all` of them at start), clears markers left behind, each entry isolated from the others. Returns
   * how many entries it finished.
   */
  async sweep(now = new Date(), opts: { all?: boolean } = {}): Promise<number> {
    return (await this.sweeper.pass(now, opts)).finished;
  }

  /** sweep() with its figures (finished, cleared, failed, whether a backlog remains). */
  sweepPass(now = new Date(), opts: { all?: boolean; budgetMs?: number } = {}): Promise<SweepResult> {
    return this.sweeper.pass(now, opts);
  }

  /** Pending entries, the oldest one's age, failing entries, entries with markers still out. */
  backlog(now = new Date()): Promise<LedgerBacklog> {
    return this.sweeper.backlog(now);
  }

  /** The outcome of a cause entered before: decided, or pending (finished here only when a crash left it). */
  private async settled(id: string, now: Date, resume: boolean): Promise<Omit<LedgerResult, 'fresh'>> {
    const existing = await this.cols.ledger.findOne({ _id: id });
    if (!existing) throw new Error(`ledger entry ${id} vanished`);
    if (existing.state === 'pending' && (resume || now.getTime() - existing.at.getTime() > STALE_MS)) {
      const finished = await this.finish(existing);
      return { outcome: finished.state, entry: finished };
    }
    return { outcome: existing.state, entry: existing };
  }

  async balance(guildId: string, userId: string): Promise<number> {
    return (await this.cols.balances.findOne({ _id: balanceId(guildId, userId) }))?.credits ?? 0;
  }

  /** Steps 2 to 4 for an entry this worker just inserted: nobody can have cleared its markers yet. */
  private async finishOwn(entry: LedgerEntry): Promise<LedgerEntry> {
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
    const decided = { ...entry, state, doneAt };
    await clearMarkers(this.cols, [decided], () => this.onStep?.('cleared'));
    return { ...decided, cleared: true };
  }

  /**
   * Steps 2 and 3 for an entry another worker inserted (a crash's leftover, a replay), from wherever it
   * stands: per attempt, the balances' fences are read first, then the entry's state (decided: nothing
   * to do), then each leg without a marker is applied under its fence. A fence that moved means markers
   * were cleared meanwhile: start over (./ledgerMarkers.ts). Its markers stay for the sweep.
   */
  async finish(entry: LedgerEntry): Promise<LedgerEntry> {
    const ids = entry.legs.map((l) => balanceId(entry.guildId, l.userId));
    const marker = markerOf(entry._id);
    for (let attempt = 0; attempt < FENCED_ATTEMPTS; attempt++) {
      const docs = new Map((await this.cols.balances.find({ _id: { $in: ids } }).toArray()).map((d) => [d._id, d]));
      const current = await this.cols.ledger.findOne({ _id: entry._id });
      if (!current) throw new Error(`ledger entry ${entry._id} vanished`);
      if (current.state !== 'pending') return current;
      let state: LedgerEntry['state'] | null = 'applied';
      for (const [i, leg] of entry.legs.entries()) {
        const doc = docs.get(ids[i]!);
        const mark = markerIn(doc, marker);
        const applied = mark === undefined ? await this.applyLegFenced(entry, leg, doc?.fence ?? null) : mark === true;
        this.onStep?.('leg');
        if (applied === null) {
          state = null;
          break;
        }
        if (!applied) {
          if (i !== 0) throw new Error(`ledger entry ${entry._id}: a credit leg could not be applied`);
          state = 'refused';
          break;
        }
      }
      if (state === null) continue;
      const doneAt = new Date();
      await this.cols.ledger.updateOne({ _id: entry._id, state: 'pending' }, { $set: { state, doneAt }, $unset: FAILURE_FIELDS });
      this.onStep?.('decided');
      return { ...current, state, doneAt };
    }
    throw new Error(`ledger entry ${entry._id}: its balances kept changing`);
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
    for (let attempt = 0; attempt < 3; attempt++) {
      const applied = await this.writeLeg(entry, leg, { _id, [marker]: { $exists: false } });
      if (applied !== null) return applied;
      const mark = markerIn(await this.cols.balances.findOne({ _id, [marker]: { $exists: true } }), marker);
      if (mark !== undefined) return mark === true;
    }
    throw new Error(`ledger entry ${entry._id}: could not apply a leg for ${leg.userId}`);
  }

  /** applyLeg for a worker that did not insert the entry: only under the fence it read; null when it moved. */
  private applyLegFenced(entry: LedgerEntry, leg: LedgerLeg, fence: number | null): Promise<boolean | null> {
    const _id = balanceId(entry.guildId, leg.userId);
    return this.writeLeg(entry, leg, { _id, [markerOf(entry._id)]: { $exists: false }, fence: fenceGuard(fence) });
  }

  /** The leg's guarded writes under `guard`: true applied, false refused, null when the guard matched nothing. */
  private async writeLeg(entry: LedgerEntry, leg: LedgerLeg, guard: Record<string, unknown>): Promise<boolean | null> {
    const marker = markerOf(entry._id);
    const owner = { guildId: entry.guildId, userId: leg.userId };
    try {
      if (leg.amount < 0) {
        const r = await this.cols.balances.updateOne(
          { ...guard, credits: { $gte: -leg.amount } },
          { $inc: { credits: leg.amount }, $set: { [marker]: true, ...owner, updatedAt: new Date() } },
        );
        if (r.modifiedCount === 1) return true;
        const refused = await this.cols.balances.updateOne(guard, { $set: { [marker]: 'refused' }, $setOnInsert: { ...owner, credits: 0 } }, { upsert: true });
        if (refused.modifiedCount === 1 || refused.upsertedCount === 1) return false;
      } else {
        const r = await this.cols.balances.updateOne(guard, { $inc: { credits: leg.amount }, $set: { [marker]: true, ...owner, updatedAt: new Date() } }, { upsert: true });
        if (r.modifiedCount === 1 || r.upsertedCount === 1) return true;
      }
    } catch (err) {
      // An upsert met an existing balance: either this leg's marker is on it already, or another entry
      // created the balance a moment ago, or (fenced) the fence moved. The caller looks again.
      if (!isDuplicateKey(err)) throw err;
    }
    return null;
  }
}
