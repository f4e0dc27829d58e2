/**
 * The ledger's sweep: finishes entries a crash left pending and clears markers left on balances by
 * workers other than an entry's inserter (./ledgerMarkers.ts), for every guild at once. So no entry can
 * hold up the others:
 * - entries are read in pages (oldest first) and handled in bulk: a page of plain credits (kills,
 *   pixels: most of what a crash leaves) is finished in four round trips, a page of markers cleared in
 *   two or three; a pass goes on page after page while there is a backlog, within a time budget;
 * - each entry is isolated: one that fails validation, or whose writes throw, is recorded on itself
 *   (`failures`, `lastError`, `retryAt` with exponential backoff), reported, and skipped until then;
 *   the rest of its page is finished one by one when the bulk step failed.
 */
import { z } from 'zod';
import { balanceId, CLEAR_AFTER_MS, clearMarkers, FAILURE_FIELDS, fenceGuard, markerIn, markerOf, STALE_MS } from './ledgerMarkers.js';
import { ledgerEntrySchema, type LedgerCollections, type LedgerEntry } from './schemas.js';

/** Entries read (and written in bulk) at once. */
export const SWEEP_PAGE = 500;
/** A pass stops starting pages after this long; the rest of a backlog waits for the next pass. */
export const SWEEP_BUDGET_MS = 20_000;
/** Entries finished one by one at the same time (a failed bulk, debits, transfers). */
const CONCURRENCY = 8;
/** Retry delays of a failing entry: 1 min, 2, 4, … up to an hour. */
const BACKOFF_BASE_MS = 60_000;
const BACKOFF_MAX_MS = 3600_000;

export const backoffMs = (failures: number) => Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1), BACKOFF_MAX_MS);

export interface SweepFailure {
  id: string;
  guildId: string | null;
  failures: number;
  error: string;
}

export interface SweepResult {
  /** Pending entries decided by this pass. */
  finished: number;
  /** Entries whose markers this pass removed. */
  cleared: number;
  failed: SweepFailure[];
  /** The budget ran out with full pages still coming: run again soon. */
  more: boolean;
}

/** The backlog, for /metrics. */
export interface LedgerBacklog {
  pending: number;
  oldestPendingSeconds: number;
  poisoned: number;
  uncleared: number;
}

/** A raw document as stored: anything may be wrong with it. */
type Raw = { _id: unknown; guildId?: unknown; failures?: unknown };

const retryDue = (now: Date) => ({ $or: [{ retryAt: null }, { retryAt: { $lte: now } }] });

export class LedgerSweep {
  constructor(
    private readonly cols: LedgerCollections,
    private readonly ledger: { finish(entry: LedgerEntry): Promise<LedgerEntry> },
  ) {}

  async pass(now = new Date(), opts: { all?: boolean; budgetMs?: number } = {}): Promise<SweepResult> {
    const until = Date.now() + (opts.budgetMs ?? SWEEP_BUDGET_MS);
    const result: SweepResult = { finished: 0, cleared: 0, failed: [], more: false };
    const age = opts.all ? {} : { at: { $lt: new Date(now.getTime() - STALE_MS) } };
    const stale = { state: 'pending' as const, ...age, ...retryDue(now) };
    const done = { cleared: false, doneAt: { $lt: new Date(now.getTime() - CLEAR_AFTER_MS) }, ...retryDue(now) };
    // Oldest first, each along its index (state_at, cleared_done).
    for (const [filter, sort, handle] of [
      [stale, { at: 1 }, (page: Raw[]) => this.finishPage(page, now, result)],
      [done, { doneAt: 1 }, (page: Raw[]) => this.clearPage(page, now, result)],
    ] as const) {
      for (;;) {
        if (Date.now() >= until) {
          result.more = true;
          break;
        }
        const page = (await this.cols.ledger.find(filter as object).sort(sort).limit(SWEEP_PAGE).batchSize(SWEEP_PAGE).toArray()) as Raw[];
        if (!page.length) break;
        const before = result.finished + result.cleared + result.failed.length;
        await handle(page);
        // A page that moved nothing (the database refusing even the failure records) would come back as is.
        if (page.length < SWEEP_PAGE || result.finished + result.cleared + result.failed.length === before) break;
      }
    }
    return result;
  }

  /** Pending entries counted, the oldest one's age, the failing ones, those with markers still out. */
  async backlog(now = new Date()): Promise<LedgerBacklog> {
    const [pending, oldest, poisoned, uncleared] = await Promise.all([
      this.cols.ledger.countDocuments({ state: 'pending' }),
      this.cols.ledger.find({ state: 'pending' }).sort({ at: 1 }).limit(1).toArray(),
      this.cols.ledger.countDocuments({ failures: { $gt: 0 } }),
      this.cols.ledger.countDocuments({ cleared: false, doneAt: { $gt: new Date(0) } }),
    ]);
    const first = oldest[0]?.at;
    return { pending, oldestPendingSeconds: first instanceof Date ? Math.max(0, (now.getTime() - first.getTime()) / 1000) : 0, poisoned, uncleared };
  }

  private async finishPage(page: Raw[], now: Date, result: SweepResult): Promise<void> {
    const entries = await this.valid(page, now, result);
    const credits = entries.filter((e) => e.legs.length === 1 && e.legs[0]!.amount > 0);
    let single = entries.filter((e) => !credits.includes(e));
    if (credits.length) {
      try {
        const { finished, rest } = await this.finishCredits(credits);
        result.finished += finished;
        single = single.concat(rest);
      } catch {
        single = single.concat(credits);
      }
    }
    await this.each(single, now, result, async (e) => {
      const before = e.state;
      const after = await this.ledger.finish(e);
      if (before === 'pending' && after.state !== 'pending') result.finished++;
    });
  }

  /**
   * Pending one-leg credits of other workers, finished under the fences (./ledgerMarkers.ts) in four
   * round trips: the balances (fences first), the entries' states, a bulkWrite of the legs, an updateMany
   * of the decisions. When not every leg went through, those entries are left to the single path.
   */
  private async finishCredits(entries: LedgerEntry[]): Promise<{ finished: number; rest: LedgerEntry[] }> {
    const balances = new Map(
      (await this.cols.balances.find({ _id: { $in: [...new Set(entries.map((e) => balanceId(e.guildId, e.legs[0]!.userId)))] } }).batchSize(SWEEP_PAGE).toArray()).map((b) => [b._id, b]),
    );
    const stillPending = new Set((await this.cols.ledger.find({ _id: { $in: entries.map((e) => e._id) }, state: 'pending' }, { projection: { _id: 1 } }).batchSize(SWEEP_PAGE).toArray()).map((e) => e._id));
    const onBalance: LedgerEntry[] = [];
    const toApply: LedgerEntry[] = [];
    for (const e of entries) {
      if (!stillPending.has(e._id)) continue;
      const mark = markerIn(balances.get(balanceId(e.guildId, e.legs[0]!.userId)), markerOf(e._id));
      if (mark === true) onBalance.push(e);
      else toApply.push(e);
    }
    const at = new Date();
    let rest: LedgerEntry[] = [];
    if (toApply.length) {
      const ops = toApply.map((e) => {
        const leg = e.legs[0]!;
        const _id = balanceId(e.guildId, leg.userId);
        const marker = markerOf(e._id);
        const filter = { _id, [marker]: { $exists: false }, fence: fenceGuard(balances.get(_id)?.fence) };
        return { updateOne: { filter, update: { $inc: { credits: leg.amount }, $set: { [marker]: true, guildId: e.guildId, userId: leg.userId, updatedAt: at } }, upsert: true } };
      });
      try {
        const r = await this.cols.balances.bulkWrite(ops, { ordered: false });
        if (r.modifiedCount + r.upsertedCount !== ops.length) rest = toApply;
      } catch {
        rest = toApply;
      }
    }
    const decided = [...onBalance, ...(rest.length ? [] : toApply)].map((e) => e._id);
    if (decided.length) await this.cols.ledger.updateMany({ _id: { $in: decided }, state: 'pending' }, { $set: { state: 'applied', doneAt: at }, $unset: FAILURE_FIELDS });
    return { finished: decided.length, rest };
  }

  private async clearPage(page: Raw[], now: Date, result: SweepResult): Promise<void> {
    const entries = await this.valid(page, now, result);
    try {
      await clearMarkers(this.cols, entries);
      result.cleared += entries.length;
    } catch {
      await this.each(entries, now, result, async (e) => {
        await clearMarkers(this.cols, [e]);
        result.cleared++;
      });
    }
  }

  /** The page's documents that are well-formed entries; the others are recorded as failing. */
  private async valid(page: Raw[], now: Date, result: SweepResult): Promise<LedgerEntry[]> {
    const out: LedgerEntry[] = [];
    for (const raw of page) {
      const parsed = ledgerEntrySchema.safeParse(raw);
      if (parsed.success) out.push(parsed.data);
      else await this.fail(raw, new Error(`invalid ledger entry: ${z.prettifyError(parsed.error).slice(0, 200)}`), now, result);
    }
    return out;
  }

  /** Runs `work` on each entry, CONCURRENCY at a time; an entry that throws is recorded and skipped. */
  private async each(entries: LedgerEntry[], now: Date, result: SweepResult, work: (e: LedgerEntry) => Promise<void>): Promise<void> {
    for (let i = 0; i < entries.length; i += CONCURRENCY) {
      await Promise.all(entries.slice(i, i + CONCURRENCY).map((e) => work(e).catch((err: unknown) => this.fail(e, err, now, result))));
    }
  }

  private async fail(raw: Raw, err: unknown, now: Date, result: SweepResult): Promise<void> {
    const failures = (typeof raw.failures === 'number' ? raw.failures : 0) + 1;
    const error = (err instanceof Error ? err.message : String(err)).slice(0, 300);
    result.failed.push({ id: String(raw._id), guildId: typeof raw.guildId === 'string' ? raw.guildId : null, failures, error });
    // If even this write fails, the entry is simply tried again at the next pass.
    await this.cols.ledger
      .updateOne({ _id: raw._id as string }, { $set: { failures, lastError: error, retryAt: new Date(now.getTime() + backoffMs(failures)) } })
      .catch(() => undefined);
  }
}
