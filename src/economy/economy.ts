/**
 * Credits per guild: what commands, the canvas and the log ingestion use. Every change goes through the
 * ledger (./ledger.ts) under the idempotency key of its cause, so a replay, a double click or a crash
 * never pays or charges twice and never leaves a balance below zero.
 */
import type { Collection } from 'mongodb';
import type { Logger } from '../logger.js';
import { CreditBatch } from './creditBatch.js';
import { CreditLedger, balanceId, type LedgerCollections, type LedgerResult, type LedgerStepHook } from './ledger.js';
import type { LedgerBacklog } from './ledgerSweep.js';
import type { CreditBalance, LedgerReason } from './schemas.js';

/**
 * Balances that belong to no member: `~escrow` holds the credits of every active bounty of a guild
 * (placed: member → escrow; claimed or refunded: escrow → member), so the sum of the balances, escrow
 * included, is the sum of the ledger's applied legs. Discord ids are digits: `~` never starts one.
 */
export const ESCROW_ACCOUNT = '~escrow';

/** How often unfinished entries are looked for (a crash's leftovers, markers left behind). */
const SWEEP_EVERY_MS = 60_000;
/** The next pass, when one ran out of time with a backlog left. */
const SWEEP_AGAIN_MS = 1_000;

export interface EconomyOptions {
  cols: LedgerCollections;
  logger: Logger;
  onStep?: LedgerStepHook;
  /** How long a batched credit waits for company (CREDIT_BATCH_DELAY_MS by default). */
  batchDelayMs?: number;
}

export interface Ranked {
  userId: string;
  credits: number;
}

export class Economy {
  readonly ledger: CreditLedger;
  private readonly balances: Collection<CreditBalance>;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private sweeping: Promise<unknown> = Promise.resolve();
  /** The latest backlog figures and the sweep's totals, for /metrics (gauges()). */
  private backlog: LedgerBacklog = { pending: 0, oldestPendingSeconds: 0, poisoned: 0, uncleared: 0 };
  private totals = { finished: 0, cleared: 0, failures: 0, passSeconds: 0 };
  private readonly batch: CreditBatch;

  constructor(private readonly options: EconomyOptions) {
    this.ledger = new CreditLedger(options.cols, options.onStep);
    this.balances = options.cols.balances;
    this.batch = new CreditBatch(this.ledger, options.batchDelayMs);
  }

  /** Finishes what a crash left, then keeps doing so every minute (sooner while a backlog remains). */
  async start(): Promise<void> {
    this.running = true;
    const more = await this.sweep({ all: true });
    this.schedule(more);
  }

  /** Enters the batched credits still queued, then waits for a sweep in flight. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.batch.flush();
    await this.sweeping;
  }

  private schedule(more: boolean): void {
    if (!this.running) return;
    this.timer = setTimeout(() => void this.sweep().then((again) => this.schedule(again)), more ? SWEEP_AGAIN_MS : SWEEP_EVERY_MS);
    this.timer.unref();
  }

  /** The ledger's backlog and sweep figures as Prometheus gauges (README "Running in production"). */
  gauges(): Record<string, number> {
    return {
      tower_credit_ledger_pending: this.backlog.pending,
      tower_credit_ledger_oldest_pending_seconds: this.backlog.oldestPendingSeconds,
      tower_credit_ledger_poisoned: this.backlog.poisoned,
      tower_credit_ledger_uncleared: this.backlog.uncleared,
      tower_credit_sweep_finished_total: this.totals.finished,
      tower_credit_sweep_cleared_total: this.totals.cleared,
      tower_credit_sweep_failures_total: this.totals.failures,
      tower_credit_sweep_last_pass_seconds: this.totals.passSeconds,
    };
  }

  /** Enters the batched credits queued so far; resolves once each is decided (or its failure passed on). */
  flush(): Promise<void> {
    return this.batch.flush();
  }

  /** One pass; resolves with whether a backlog remains. Never rejects: a failed pass is logged and retried. */
  private sweep(opts: { all?: boolean } = {}): Promise<boolean> {
    const log = this.options.logger;
    const started = performance.now();
    const pass = this.ledger
      .sweepPass(new Date(), opts)
      .then(async (r) => {
        this.totals.finished += r.finished;
        this.totals.cleared += r.cleared;
        this.totals.failures += r.failed.length;
        this.totals.passSeconds = (performance.now() - started) / 1000;
        if (r.finished) log.info({ finished: r.finished }, 'credit entries left by a crash finished');
        // Each failing entry once per attempt, with what is wrong; it is retried with backoff.
        for (const f of r.failed) log.warn({ entry: f.id, guildId: f.guildId, failures: f.failures, err: f.error }, 'credit ledger entry failed in the sweep; skipped for now');
        this.backlog = await this.ledger.backlog().catch(() => this.backlog);
        return r.more;
      })
      .catch((err: Error) => {
        log.warn({ err: err.message }, 'credit ledger sweep failed');
        return false;
      });
    this.sweeping = pass;
    return pass;
  }

  balance(guildId: string, userId: string): Promise<number> {
    return this.ledger.balance(guildId, userId);
  }

  /**
   * Pays `amount` (> 0) once per `key`. `resume`: the caller replays after its own crash (see
   * CreditLedger.apply), so an entry it left pending is finished now.
   */
  earn(guildId: string, userId: string, amount: number, reason: LedgerReason, key: string, ref: string | null = null, opts: { resume?: boolean } = {}): Promise<LedgerResult> {
    if (!(amount > 0)) throw new Error('an earning is a positive amount');
    return this.ledger.apply({ guildId, key, reason, ref, legs: [{ userId, amount }] }, new Date(), opts);
  }

  /**
   * earn(..., { resume: true }) entered together with the other credits of the next CREDIT_BATCH_DELAY_MS
   * (CreditLedger.applyCredits): for high-volume credits off the member's reply path (pixels). Resolves
   * once the credit is on the balance and its entry applied; rejects when its batch failed.
   */
  earnBatched(guildId: string, userId: string, amount: number, reason: LedgerReason, key: string, ref: string | null = null): Promise<LedgerResult> {
    if (!(amount > 0)) throw new Error('an earning is a positive amount');
    return this.batch.credit({ guildId, key, reason, ref, legs: [{ userId, amount }] });
  }

  /** Charges `amount` (> 0) once per `key`; `refused` when the member has fewer credits. */
  spend(guildId: string, userId: string, amount: number, reason: LedgerReason, key: string, ref: string | null = null): Promise<LedgerResult> {
    if (!(amount > 0)) throw new Error('a spending is a positive amount');
    return this.ledger.apply({ guildId, key, reason, ref, legs: [{ userId, amount: -amount }] });
  }

  /** Moves `amount` (> 0) from one member to another, all or nothing; `refused` when `from` has too few. */
  transfer(guildId: string, from: string, to: string, amount: number, key: string, ref: string | null = null, reason: LedgerReason = 'give', opts: { resume?: boolean } = {}): Promise<LedgerResult> {
    if (!(amount > 0) || from === to) throw new Error('a transfer moves a positive amount between two accounts');
    return this.ledger.apply({ guildId, key, reason, ref, legs: [{ userId: from, amount: -amount }, { userId: to, amount }] }, new Date(), opts);
  }

  /** The richest members of a guild, for `/leaderboard stat:credits` (accounts such as escrow are no members). */
  async top(guildId: string, skip: number, limit: number): Promise<Ranked[]> {
    const docs = await this.balances.find({ guildId, credits: { $gt: 0 }, userId: { $ne: ESCROW_ACCOUNT } }).sort({ credits: -1, userId: 1 }).skip(skip).limit(limit).toArray();
    return docs.map((d) => ({ userId: d.userId, credits: d.credits }));
  }

  /** How many members of the guild have credits (the board's length). */
  holders(guildId: string): Promise<number> {
    return this.balances.countDocuments({ guildId, credits: { $gt: 0 }, userId: { $ne: ESCROW_ACCOUNT } });
  }

  /** 1-based rank by credits (ties share the better rank); null without credits. */
  async rank(guildId: string, userId: string): Promise<number | null> {
    const mine = await this.balances.findOne({ _id: balanceId(guildId, userId) });
    if (!mine || mine.credits <= 0) return null;
    return (await this.balances.countDocuments({ guildId, credits: { $gt: mine.credits }, userId: { $ne: ESCROW_ACCOUNT } })) + 1;
  }
}
