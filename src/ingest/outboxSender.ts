/**
 * Posts due outbox messages, fairly across guilds and channels: a guild's backlog delays only that guild.
 *
 * Channels with due messages are served round-robin, interleaved across guilds, by a few workers in
 * parallel; each turn posts a short slice of one channel's messages, in order, then the channel goes to
 * the back of the queue. Newly due channels (a quiet guild's kill) are served at the next free turn.
 * A channel is never served by two workers at once, so its order holds. Exactly-once: see OutboxDelivery
 * (nonce + enforce_nonce, each message marked sent as soon as it is posted).
 */
import type { Logger } from '../logger.js';
import { FeedHolds } from './feedHolds.js';
import { HELD_POSTS_MAX_AGE_MS, trimHeldPosts } from './heldPosts.js';
import { OutboxDelivery } from './outboxDelivery.js';
import type { FeedKind } from './schemas.js';
import type { IngestCollections } from './store.js';
import type { RestLike, TextsOf } from './types.js';

/** Channels posted to at once. */
export const OUTBOX_CONCURRENCY = 4;
/** Messages of one channel per turn (Discord lets a channel take about 5 messages per 5 s). */
export const OUTBOX_SLICE = 5;
/** Sent messages are pruned (and held channels trimmed) at most this often: one delete a minute per process. */
export const OUTBOX_PRUNE_MS = 60_000;

export interface OutboxSenderOptions {
  /** Messages of one channel per turn (default OUTBOX_SLICE). */
  batchSize?: number;
  /** Channels posted to at once (default OUTBOX_CONCURRENCY). */
  concurrency?: number;
  /** Idle re-check period (default 1 s); wake() checks at once. */
  idleMs?: number;
  /** Sent messages are deleted after this (default 15 min: longer than a replay could need them). */
  retainSentMs?: number;
  /** Give up on a message after this many failed attempts (default 8). */
  maxAttempts?: number;
  /** A guild's words for the held-posts summary (English when not given). */
  textsOf?: TextsOf;
  now?: () => Date;
}

interface Turn {
  channelId: string;
  guildId: string;
}

/** Channels ordered round-robin across guilds, starting with guild `start` (rotated each pass). */
export function interleave(channels: readonly Turn[], start = 0): Turn[] {
  const byGuild = new Map<string, Turn[]>();
  for (const c of channels) {
    const list = byGuild.get(c.guildId);
    if (list) list.push(c);
    else byGuild.set(c.guildId, [c]);
  }
  const guilds = [...byGuild.values()];
  const rotated = guilds.length ? [...guilds.slice(start % guilds.length), ...guilds.slice(0, start % guilds.length)] : [];
  const out: Turn[] = [];
  // Round i takes each guild's i-th channel; guilds run out of the rounds as they are used up, so the
  // whole costs one step per channel (not guilds × longest list).
  let active = rotated;
  for (let i = 0; active.length; i++) {
    const still: Turn[][] = [];
    for (const g of active) {
      out.push(g[i]!);
      if (g.length > i + 1) still.push(g);
    }
    active = still;
  }
  return out;
}

export class OutboxSender {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private started = false;
  private stopped = false;
  private again = false;
  private lastPrune = 0;
  private readonly opts: Required<Omit<OutboxSenderOptions, 'now' | 'textsOf'>>;
  private readonly now: () => Date;
  private readonly textsOf: TextsOf | undefined;
  private readonly delivery: OutboxDelivery;
  /** Channels refusing posts (permissions, deleted): their posts wait, see FeedHolds. */
  readonly holds: FeedHolds;
  /** Channels waiting for a turn, and those queued or being served (never twice). */
  private queue: Turn[] = [];
  private readonly known = new Set<string>();
  private refreshWanted = false;
  private lastRefresh = 0;
  private passes = 0;

  constructor(
    private readonly cols: IngestCollections,
    rest: RestLike,
    private readonly logger: Logger,
    options: OutboxSenderOptions = {},
  ) {
    this.opts = {
      batchSize: options.batchSize ?? OUTBOX_SLICE,
      concurrency: Math.max(1, options.concurrency ?? OUTBOX_CONCURRENCY),
      idleMs: options.idleMs ?? 1000,
      retainSentMs: options.retainSentMs ?? 15 * 60_000,
      maxAttempts: options.maxAttempts ?? 8,
    };
    this.now = options.now ?? (() => new Date());
    this.textsOf = options.textsOf;
    this.holds = new FeedHolds(cols, logger, this.now);
    this.delivery = new OutboxDelivery(cols, rest, logger, this.holds, { maxAttempts: this.opts.maxAttempts, now: this.now });
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.wake();
  }

  /** Check for due messages now (called after a batch wrote some). */
  wake(): void {
    if (!this.started || this.stopped) return;
    if (this.running) {
      // A running pass looks for newly due channels at its next turn.
      this.refreshWanted = true;
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

  /**
   * Permissions changed in a guild (CHANNEL_UPDATE, GUILD_ROLE_UPDATE): its held channels for which
   * `allowed` says the bot may post now are tried at once. Returns how many.
   */
  permissionsChanged(guildId: string, allowed: (channelId: string) => boolean): number {
    const released = this.holds.heldIn(guildId).filter((id) => allowed(id) && this.holds.probeNow(id)).length;
    if (released) this.wake();
    return released;
  }

  /**
   * A server's feed now goes to `channelId`: its unsent posts (those a refusing channel held) go there
   * too, and the channel is tried at once (an admin picking the same channel again after fixing it).
   */
  async moveFeed(serverId: string, kind: FeedKind, channelId: string): Promise<number> {
    const moved = await this.cols.outbox.updateMany({ serverId, kind, sentAt: null, channelId: { $ne: channelId } }, { $set: { channelId } });
    if (this.holds.probeNow(channelId) || moved.modifiedCount) this.wake();
    return moved.modifiedCount;
  }

  /** Stops after the messages being posted; nothing is lost (unsent ones stay in the outbox). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private async loop(): Promise<void> {
    try {
      await this.sendDue();
      await this.prune();
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'outbox round failed');
    }
  }

  /** Posts every due message (turn by turn) until none is left; returns how many were handled. */
  async sendDue(): Promise<number> {
    this.queue = [];
    this.known.clear();
    await this.refresh();
    let handled = 0;
    const worker = async () => {
      while (!this.stopped) {
        if (this.refreshWanted || Date.now() - this.lastRefresh >= this.opts.idleMs) await this.refresh();
        const turn = this.queue.shift();
        if (!turn) return;
        let r = { handled: 0, more: false };
        try {
          r = await this.serve(turn.channelId);
        } catch (err) {
          this.logger.warn({ channelId: turn.channelId, err: (err as Error).message }, 'outbox turn failed');
        }
        handled += r.handled;
        if (r.more && !this.stopped) this.queue.push(turn);
        else this.known.delete(turn.channelId);
      }
    };
    await Promise.all(Array.from({ length: this.opts.concurrency }, worker));
    return handled;
  }

  /** Adds channels that have due messages and are not queued or being served yet, ahead of the queue. */
  private async refresh(): Promise<void> {
    this.refreshWanted = false;
    this.lastRefresh = Date.now();
    await this.holds.sync();
    const due = await this.cols.outbox
      .aggregate<{ _id: string; guildId: string }>([
        { $match: { sentAt: null, notBefore: { $lte: this.now() } } },
        { $group: { _id: '$channelId', guildId: { $first: '$guildId' } } },
      ])
      .toArray();
    const fresh = due.filter((c) => !this.known.has(c._id) && !this.holds.blocked(c._id)).map((c) => ({ channelId: c._id, guildId: c.guildId }));
    if (!fresh.length) return;
    for (const c of fresh) this.known.add(c.channelId);
    // New channels first: they have waited least for a turn but not had one yet.
    this.queue = [...interleave(fresh, this.passes++), ...this.queue];
  }

  /** One turn: a slice of one channel's due messages, in order; stops at a message backed off. */
  private async serve(channelId: string): Promise<{ handled: number; more: boolean }> {
    const due = await this.cols.outbox
      .find({ sentAt: null, channelId, notBefore: { $lte: this.now() } })
      .sort({ notBefore: 1, sortKey: 1 })
      .limit(this.opts.batchSize)
      .toArray();
    let handled = 0;
    for (const m of due) {
      if (this.stopped) break;
      if (!(await this.delivery.deliver(m))) return { handled, more: false };
      handled++;
    }
    return { handled, more: handled === this.opts.batchSize };
  }

  private async prune(): Promise<void> {
    const now = this.now().getTime();
    if (now - this.lastPrune < OUTBOX_PRUNE_MS) return;
    this.lastPrune = now;
    await this.cols.outbox.deleteMany({ sentAt: { $ne: null, $lt: new Date(now - this.opts.retainSentMs) } });
    // Held channels, and any channel with posts unsent for too long: the oldest beyond the bound become a summary.
    const stale = await this.cols.outbox
      .aggregate<{ _id: string }>([{ $match: { sentAt: null, notBefore: { $lt: new Date(now - HELD_POSTS_MAX_AGE_MS) } } }, { $group: { _id: '$channelId' } }])
      .toArray();
    for (const channelId of new Set([...this.holds.held(), ...stale.map((c) => c._id)])) {
      await trimHeldPosts(this.cols, channelId, this.now(), this.logger, this.textsOf).catch((err: Error) => this.logger.warn({ channelId, err: err.message }, 'could not trim held posts'));
    }
  }
}
