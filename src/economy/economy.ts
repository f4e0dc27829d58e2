/**
 * Credits per guild: what commands, the canvas and the log ingestion use. Every change goes through the
 * ledger (./ledger.ts) under the idempotency key of its cause, so a replay, a double click or a crash
 * never pays or charges twice and never leaves a balance below zero.
 */
import type { Collection } from 'mongodb';
import type { Logger } from '../logger.js';
import { CreditBatch } from './creditBatch.js';
import { CreditLedger, balanceId, type LedgerCollections, type LedgerResult, type LedgerStepHook } from './ledger.js';
import type { CreditBalance, LedgerReason } from './schemas.js';

/** How often unfinished entries are looked for (a crash's leftovers, old markers). */
const SWEEP_EVERY_MS = 60_000;

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
  private sweeping: Promise<unknown> = Promise.resolve();
  private readonly batch: CreditBatch;

  constructor(private readonly options: EconomyOptions) {
    this.ledger = new CreditLedger(options.cols, options.onStep);
    this.balances = options.cols.balances;
    this.batch = new CreditBatch(this.ledger, options.batchDelayMs);
  }

  /** Finishes what a crash left, then keeps doing so every minute. */
  async start(): Promise<void> {
    await this.sweep({ all: true });
    this.timer = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  /** Enters the batched credits still queued, then waits for a sweep in flight. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.batch.flush();
    await this.sweeping;
  }

  /** Enters the batched credits queued so far; resolves once each is decided (or its failure passed on). */
  flush(): Promise<void> {
    return this.batch.flush();
  }

  private sweep(opts: { all?: boolean } = {}): Promise<unknown> {
    this.sweeping = this.ledger
      .sweep(new Date(), opts)
      .then((n) => n && this.options.logger.info({ finished: n }, 'credit entries left by a crash finished'))
      .catch((err: Error) => this.options.logger.warn({ err: err.message }, 'credit ledger sweep failed'));
    return this.sweeping;
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
  transfer(guildId: string, from: string, to: string, amount: number, key: string, ref: string | null = null): Promise<LedgerResult> {
    if (!(amount > 0) || from === to) throw new Error('a transfer moves a positive amount between two members');
    return this.ledger.apply({ guildId, key, reason: 'give', ref, legs: [{ userId: from, amount: -amount }, { userId: to, amount }] });
  }

  /** The richest members of a guild, for `/leaderboard stat:credits`. */
  async top(guildId: string, skip: number, limit: number): Promise<Ranked[]> {
    const docs = await this.balances.find({ guildId, credits: { $gt: 0 } }).sort({ credits: -1, userId: 1 }).skip(skip).limit(limit).toArray();
    return docs.map((d) => ({ userId: d.userId, credits: d.credits }));
  }

  /** How many members of the guild have credits (the board's length). */
  holders(guildId: string): Promise<number> {
    return this.balances.countDocuments({ guildId, credits: { $gt: 0 } });
  }

  /** 1-based rank by credits (ties share the better rank); null without credits. */
  async rank(guildId: string, userId: string): Promise<number | null> {
    const mine = await this.balances.findOne({ _id: balanceId(guildId, userId) });
    if (!mine || mine.credits <= 0) return null;
    return (await this.balances.countDocuments({ guildId, credits: { $gt: mine.credits } })) + 1;
  }
}
