/**
 * Posts due outbox messages with Discord's `nonce` + `enforce_nonce`: if a crash lands between the POST
 * and the "sent" mark, the resend carries the same nonce and Discord returns the first message instead of
 * posting a second one. Each sent message is marked at once, and pruned later.
 */
import { Routes } from 'discord.js';
import type { Logger } from '../logger.js';
import type { IngestCollections } from './store.js';
import type { OutboxMessage } from './schemas.js';
import type { RestLike } from './types.js';

export interface OutboxSenderOptions {
  /** Messages per round (default 25). */
  batchSize?: number;
  /** Idle re-check period (default 1 s); wake() checks at once. */
  idleMs?: number;
  /** Sent messages are deleted after this (default 15 min: longer than a replay could need them). */
  retainSentMs?: number;
  /** Give up on a message after this many failed attempts (default 8). */
  maxAttempts?: number;
  now?: () => Date;
}

/** Discord errors that a retry cannot fix (missing access, unknown channel, invalid body). */
function isPermanent(err: unknown): boolean {
  const status = (err as { status?: number }).status;
  return typeof status === 'number' && status >= 400 && status < 500 && status !== 429;
}

export class OutboxSender {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private started = false;
  private stopped = false;
  private again = false;
  private lastPrune = 0;
  private readonly opts: Required<Omit<OutboxSenderOptions, 'now'>>;

  constructor(
    private readonly cols: IngestCollections,
    private readonly rest: RestLike,
    private readonly logger: Logger,
    options: OutboxSenderOptions = {},
  ) {
    this.opts = {
      batchSize: options.batchSize ?? 25,
      idleMs: options.idleMs ?? 1000,
      retainSentMs: options.retainSentMs ?? 15 * 60_000,
      maxAttempts: options.maxAttempts ?? 8,
    };
    this.now = options.now ?? (() => new Date());
  }

  private readonly now: () => Date;

  start(): void {
    if (this.started) return;
    this.started = true;
    this.wake();
  }

  /** Check for due messages now (called after a batch wrote some). */
  wake(): void {
    if (!this.started || this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.loop().finally(() => {
      this.running = null;
      if (this.stopped) return;
      if (this.again) {
        this.again = false;
        this.wake();
      } else this.timer = setTimeout(() => this.wake(), this.opts.idleMs);
    });
  }

  /** Stops after the message being posted; nothing is lost (unsent ones stay in the outbox). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private async loop(): Promise<void> {
    try {
      while (!this.stopped && (await this.sendDue()) > 0) {
        /* keep going while full rounds come back */
      }
      await this.prune();
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'outbox round failed');
    }
  }

  /** One round: post due messages in order; returns how many were handled. */
  async sendDue(): Promise<number> {
    const due = await this.cols.outbox
      .find({ sentAt: null, notBefore: { $lte: this.now() } })
      .sort({ notBefore: 1, sortKey: 1 })
      .limit(this.opts.batchSize)
      .toArray();
    let handled = 0;
    for (const m of due) {
      if (this.stopped) break;
      if (!(await this.post(m))) break; // keep the channel's order: retry this one before the next
      // Marked one by one: a crash between a POST and its mark resends one message at most, and that
      // resend carries the same nonce (Discord returns the first message while the nonce is remembered).
      await this.cols.outbox.updateOne({ _id: m._id }, { $set: { sentAt: this.now() } });
      handled++;
    }
    return handled === due.length ? due.length : 0;
  }

  /** True when the message is done with (posted, or dropped for good). */
  private async post(m: OutboxMessage): Promise<boolean> {
    try {
      await this.rest.post(Routes.channelMessages(m.channelId), { body: { ...m.body, nonce: m.nonce, enforce_nonce: true } });
      return true;
    } catch (err) {
      const attempts = m.attempts + 1;
      const permanent = isPermanent(err) || attempts >= this.opts.maxAttempts;
      this.logger.warn(
        { serverId: m.serverId, channelId: m.channelId, outboxId: m._id, attempts, permanent, err: (err as Error).message },
        permanent ? 'feed message dropped' : 'feed message failed, will retry',
      );
      if (permanent) return true;
      // Back off this message (others keep flowing): 2^attempts seconds.
      const retryAt = new Date(this.now().getTime() + 1000 * 2 ** attempts);
      await this.cols.outbox.updateOne({ _id: m._id }, { $set: { attempts, lastError: (err as Error).message, notBefore: retryAt } });
      return false;
    }
  }

  private async prune(): Promise<void> {
    const now = this.now().getTime();
    if (now - this.lastPrune < 60_000) return;
    this.lastPrune = now;
    await this.cols.outbox.deleteMany({ sentAt: { $ne: null, $lt: new Date(now - this.opts.retainSentMs) } });
  }
}
