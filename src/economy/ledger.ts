/**
 * The credit ledger: every change of credits is one entry, and balances follow the entries exactly once,
 * never below zero, with no MongoDB transaction (standalone servers have none). The steps, each safe to
 * repeat after a crash anywhere in between, and safe for two workers to run on one entry at once:
 *
 *   1. insert the entry `pending` under its idempotency key (a second insert of the same cause fails: a duplicate key)
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
 * for the whole set (./ledgerCredits.ts). Step 2, a leg onto its balance, is ./ledgerLegs.ts.
 */
import { isDuplicateKey } from '../db/duplicateKey.js';
import { applyCredits } from './ledgerCredits.js';
import { BalanceLegs } from './ledgerLegs.js';
import { balanceId, CLEAR_AFTER_MS, clearMarkers, entryId, FAILURE_FIELDS, markerIn, markerOf, STALE_MS } from './ledgerMarkers.js';
import { LedgerSweep, type LedgerBacklog, type SweepResult } from './ledgerSweep.js';
import type { LedgerInput, LedgerResult, LedgerStepHook } from './ledgerTypes.js';
import type { LedgerCollections, LedgerEntry } from './schemas.js';

export { balanceId, CLEAR_AFTER_MS, entryId, STALE_MS };

export type { LedgerInput, LedgerOutcome, LedgerResult, LedgerStepHook } from './ledgerTypes.js';
export type { LedgerCollections } from './schemas.js';

/** How many times a non-inserting worker starts over when fences keep moving under it. */
const FENCED_ATTEMPTS = 6;

export class CreditLedger {
  private readonly sweeper: LedgerSweep;
  private readonly legs: BalanceLegs;

  constructor(
    private readonly cols: LedgerCollections,
    private readonly onStep?: LedgerStepHook,
  ) {
    this.sweeper = new LedgerSweep(cols, this);
    this.legs = new BalanceLegs(cols.balances);
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
  applyCredits(inputs: readonly LedgerInput[], now = new Date()): Promise<LedgerResult[]> {
    return applyCredits({ cols: this.cols, legs: this.legs, onStep: this.onStep, finish: (entry) => this.finish(entry) }, inputs, now);
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
      const applied = await this.legs.apply(entry, leg);
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
        const applied = mark === undefined ? await this.legs.applyFenced(entry, leg, doc?.fence ?? null) : mark === true;
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
}
