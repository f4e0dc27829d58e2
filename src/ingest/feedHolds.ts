/**
 * Feed channels whose posts Discord refuses (403: the bot lost View Channel, Send Messages or Embed
 * Links; 404: the channel was deleted). Their posts are held, never dropped: they stay in the outbox, in
 * order, and the channel is not tried again until something may have changed.
 *
 * - A refused channel is tried again after 2 s and 4 s (a permission being edited); at the
 *   HOLD_AFTER_ATTEMPTS-th refusal it is held: recorded in `feed_holds` (so `/server list` says why,
 *   and every process and restart knows), then tried once per HOLD_PROBE_MS (the slow probe).
 * - A permission change Discord tells the bot about (CHANNEL_UPDATE, GUILD_ROLE_UPDATE) that gives the
 *   bot what a feed needs releases the hold at once (`probeNow`); the next post tried decides.
 * - The first post accepted ends the hold; the held posts follow in order, each once (the outbox's nonce).
 * Per-channel state lives in memory (bounded by the channels that have failed) and is re-read from
 * `feed_holds` every HOLD_SYNC_MS, so a hold made by another process is respected within that time.
 */
import type { Logger } from '../logger.js';
import { isMissingAccess, isUnknownChannel } from '../discord/apiErrors.js';
import type { FeedHold, FeedHoldReason } from './schemas.js';
import type { IngestCollections } from './store.js';

export const HOLD_AFTER_ATTEMPTS = 3;
export const HOLD_PROBE_MS = 10 * 60_000;
export const HOLD_SYNC_MS = 30_000;

/** The hold reason of a refusal, or undefined when the error is not one that a permission can fix. */
export function holdReasonOf(err: unknown): FeedHoldReason | undefined {
  if (isMissingAccess(err)) return 'missing_access';
  if (isUnknownChannel(err)) return 'unknown_channel';
  return undefined;
}

interface ChannelState {
  guildId: string;
  failures: number;
  nextTryAt: number;
  hold?: FeedHold;
}

export class FeedHolds {
  private readonly channels = new Map<string, ChannelState>();
  private lastSync = 0;

  constructor(
    private readonly cols: Pick<IngestCollections, 'feedHolds'>,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Re-reads the stored holds (every HOLD_SYNC_MS unless forced): other processes' holds and releases. */
  async sync(force = false): Promise<void> {
    const now = this.now().getTime();
    if (!force && now - this.lastSync < HOLD_SYNC_MS) return;
    this.lastSync = now;
    const stored = await this.cols.feedHolds.find({}).toArray();
    const ids = new Set(stored.map((h) => h._id));
    for (const [id, s] of this.channels) if (s.hold && !ids.has(id)) this.channels.delete(id);
    for (const h of stored) {
      const s = this.channels.get(h._id);
      // The earlier probe wins: a permission change seen here (probeNow) is not undone by the stored time.
      if (s) s.hold = s.hold && s.hold.probeAt < h.probeAt ? { ...h, probeAt: s.hold.probeAt } : h;
      else this.channels.set(h._id, { guildId: h.guildId, failures: HOLD_AFTER_ATTEMPTS, nextTryAt: 0, hold: h });
    }
  }

  /** True while the channel is not to be tried: backing off after a refusal, or held until its probe. */
  blocked(channelId: string): boolean {
    const s = this.channels.get(channelId);
    if (!s) return false;
    const now = this.now().getTime();
    return s.hold ? s.hold.probeAt.getTime() > now : s.nextTryAt > now;
  }

  /** Discord refused a post to the channel for `reason`: back off, hold, or push the probe back. */
  async refused(channelId: string, guildId: string, reason: FeedHoldReason, code: number): Promise<void> {
    const now = this.now();
    const s = this.channels.get(channelId) ?? { guildId, failures: 0, nextTryAt: 0 };
    this.channels.set(channelId, s);
    s.failures++;
    if (!s.hold && s.failures < HOLD_AFTER_ATTEMPTS) {
      s.nextTryAt = now.getTime() + 1000 * 2 ** s.failures;
      return;
    }
    const probeAt = new Date(now.getTime() + HOLD_PROBE_MS);
    const first = !s.hold;
    s.hold = { _id: channelId, guildId, reason, code, since: s.hold?.since ?? now, probeAt };
    await this.cols.feedHolds.updateOne(
      { _id: channelId },
      { $set: { guildId, reason, code, probeAt }, $setOnInsert: { since: now } },
      { upsert: true },
    );
    if (first) this.logger.warn({ channelId, guildId, reason, code }, 'feed channel refuses posts: holding them until Discord accepts them again');
  }

  /** A post was accepted: the channel is fine again (a hold ends, its posts follow). */
  async accepted(channelId: string): Promise<void> {
    const s = this.channels.get(channelId);
    if (!s) return;
    this.channels.delete(channelId);
    if (!s.hold) return;
    await this.cols.feedHolds.deleteOne({ _id: channelId });
    this.logger.info({ channelId, guildId: s.guildId }, 'feed channel accepts posts again: sending the held ones');
  }

  /** Every held channel in this process's view. */
  held(): string[] {
    return [...this.channels].filter(([, s]) => s.hold).map(([id]) => id);
  }

  /** Held channels of a guild in this process's view. */
  heldIn(guildId: string): string[] {
    return [...this.channels].filter(([, s]) => s.hold && s.guildId === guildId).map(([id]) => id);
  }

  /** Try the channel at the next turn (a permission change may have fixed it). */
  probeNow(channelId: string): boolean {
    const s = this.channels.get(channelId);
    if (!s?.hold) return false;
    s.hold = { ...s.hold, probeAt: this.now() };
    return true;
  }

  /** The stored holds of a guild (for `/server list`): one indexed read. */
  forGuild(guildId: string): Promise<FeedHold[]> {
    return this.cols.feedHolds.find({ guildId }).toArray();
  }
}
