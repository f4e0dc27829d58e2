/**
 * Posting one outbox message, exactly once, and never losing it to a refusal of its content.
 *
 * Every POST carries a nonce with `enforce_nonce`: a resend after a crash between the POST and the mark
 * returns the first message instead of posting a second one. When Discord answers 400 for the content,
 * the message is posted one embed per message; an embed still refused is sent shortened (clamped to the
 * limits), then as a plain title. Each part's nonce is derived from the outbox id and the part's index,
 * the same whichever form is finally accepted, and `partsDone` records progress after each part.
 */
import { Routes, type APIEmbed } from 'discord.js';
import { clampEmbed, clipRequired, LIMITS } from '../discord/limits.js';
import type { Logger } from '../logger.js';
import { holdReasonOf, type FeedHolds } from './feedHolds.js';
import { feedMessageBody, nonceFor } from './feedMessages.js';
import type { OutboxMessage } from './schemas.js';
import type { IngestCollections } from './store.js';
import type { RestLike } from './types.js';

/** Discord's "cannot send messages in a non-text channel": a 400 no other content would fix. */
const NON_TEXT_CHANNEL = 50008;

export type Failure = 'refused' | 'held' | 'permanent' | 'retry';

/**
 * 400: the content (try other forms); 403 or Unknown Channel: the channel (hold its posts, see
 * FeedHolds); other 4xx but 429: nothing a retry would fix (drop); else retry.
 */
export function classify(err: unknown): Failure {
  const { status, code } = err as { status?: unknown; code?: unknown };
  if (typeof status !== 'number') return 'retry';
  if ((status === 400 && code !== NON_TEXT_CHANNEL) || status === 413) return 'refused';
  if (holdReasonOf(err)) return 'held';
  return status >= 400 && status < 500 && status !== 429 ? 'permanent' : 'retry';
}

/** Nonce of part `index` of a split message (≤ 25 characters, like every nonce). */
export function partNonce(outboxId: string, index: number): string {
  return nonceFor(`${outboxId}#${index}`);
}

/** The forms an embed is tried in, most faithful first, each distinct. */
export function fallbackForms(embed: APIEmbed): APIEmbed[] {
  const plain = { title: clipRequired(embed.title ?? embed.description ?? embed.footer?.text ?? '', LIMITS.title) };
  const forms = [embed, clampEmbed(embed), plain];
  return forms.filter((f, i) => forms.findIndex((g) => JSON.stringify(g) === JSON.stringify(f)) === i);
}

function embedsOf(m: OutboxMessage): APIEmbed[] {
  return Array.isArray(m.body.embeds) ? (m.body.embeds as APIEmbed[]) : [];
}

export interface DeliveryOptions {
  maxAttempts: number;
  now: () => Date;
}

export class OutboxDelivery {
  constructor(
    private readonly cols: IngestCollections,
    private readonly rest: RestLike,
    private readonly logger: Logger,
    private readonly holds: FeedHolds,
    private readonly o: DeliveryOptions,
  ) {}

  /** True when the message is done with (posted, or dropped for good); false when it was backed off or held. */
  async deliver(m: OutboxMessage): Promise<boolean> {
    try {
      if (m.partsDone === undefined) {
        try {
          await this.post(m, m.body, m.nonce);
          await this.mark(m, {});
          await this.holds.accepted(m.channelId);
          return true;
        } catch (err) {
          if (classify(err) !== 'refused' || embedsOf(m).length === 0) throw err;
          this.logger.warn({ ...this.ids(m), err: (err as Error).message }, 'feed message refused for its content: posting it one embed per message');
        }
      }
      await this.postParts(m);
      await this.holds.accepted(m.channelId);
      return true;
    } catch (err) {
      return this.failed(m, err);
    }
  }

  /** Parts from the first not yet posted; each marked as it goes (a crash resends one part at most). */
  private async postParts(m: OutboxMessage): Promise<void> {
    const embeds = embedsOf(m);
    const { embeds: _all, content: _content, ...rest } = m.body;
    for (let i = m.partsDone ?? 0; i < embeds.length; i++) {
      let accepted = false;
      let last: unknown;
      for (const form of fallbackForms(embeds[i]!)) {
        try {
          await this.post(m, { ...rest, embeds: [form] }, partNonce(m._id, i));
          accepted = true;
          break;
        } catch (err) {
          if (classify(err) !== 'refused') throw err;
          last = err;
        }
      }
      if (!accepted) this.logger.error({ ...this.ids(m), part: i, err: (last as Error).message }, 'feed embed refused in every form: dropped');
      if (i === embeds.length - 1) await this.mark(m, { partsDone: i + 1 });
      else await this.cols.outbox.updateOne({ _id: m._id }, { $set: { partsDone: i + 1 } });
    }
    if (embeds.length === 0) await this.mark(m, {});
  }

  private post(m: OutboxMessage, body: Record<string, unknown>, nonce: string): Promise<unknown> {
    return this.rest.post(Routes.channelMessages(m.channelId), { body: feedMessageBody(body, nonce) });
  }

  private async mark(m: OutboxMessage, extra: Partial<OutboxMessage>): Promise<void> {
    await this.cols.outbox.updateOne({ _id: m._id }, { $set: { ...extra, sentAt: this.o.now() } });
  }

  private async failed(m: OutboxMessage, err: unknown): Promise<boolean> {
    const reason = holdReasonOf(err);
    if (reason) {
      // The channel refuses, not this message: it stays as it is (in order, attempts untouched) and the
      // channel backs off or is held.
      await this.holds.refused(m.channelId, m.guildId, reason, Number((err as { code?: unknown }).code) || 0);
      return false;
    }
    const attempts = m.attempts + 1;
    const kind = classify(err);
    const permanent = kind !== 'retry' || attempts >= this.o.maxAttempts;
    this.logger.warn(
      { ...this.ids(m), attempts, permanent, err: (err as Error).message },
      permanent ? 'feed message dropped' : 'feed message failed, will retry',
    );
    if (permanent) {
      await this.mark(m, { lastError: (err as Error).message });
      return true;
    }
    // Back off this message (others keep flowing): 2^attempts seconds.
    const retryAt = new Date(this.o.now().getTime() + 1000 * 2 ** attempts);
    await this.cols.outbox.updateOne({ _id: m._id }, { $set: { attempts, lastError: (err as Error).message, notBefore: retryAt } });
    return false;
  }

  private ids(m: OutboxMessage) {
    return { serverId: m.serverId, guildId: m.guildId, channelId: m.channelId, outboxId: m._id };
  }
}
