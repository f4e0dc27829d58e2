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
 */
import { createHash } from 'node:crypto';
import type { Collection } from 'mongodb';
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
