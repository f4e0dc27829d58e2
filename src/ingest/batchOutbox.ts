/**
 * The feed posts of one batch as outbox messages: grouped per channel, delayed as the batch's settings
 * say, with ids derived from the kind and the first event of each group (`killfeed:<id>`,
 * `callouts:<id>`…), so a replayed batch writes the same messages (upserted, never twice), and a kill's
 * callout never takes its kill post's id. Pure: the applier writes what this returns.
 */
import { groupItems, nonceFor, outboxId, type FeedItem } from './feedMessages.js';
import type { OutboxMessage, PendingBatch } from './schemas.js';

/** The oldest event time a batch still posts (ms; older events count in stats but are not posted). */
export function feedCutoff(b: PendingBatch): number {
  return b.settings.maxFeedAgeSeconds === null ? -Infinity : b.createdAt.getTime() - b.settings.maxFeedAgeSeconds * 1000;
}

/** `adminChannelId`: where `admin` items go (the guild's admin channel, asked when the batch has some); none: they are not posted. */
export function toOutbox(scope: { guildId: string; serverId: string }, b: PendingBatch, items: FeedItem[], adminChannelId: string | null = null): OutboxMessage[] {
  const out: OutboxMessage[] = [];
  const groups = groupItems(items);
  groups.forEach((g, i) => {
    const kind = g[0]!.kind;
    const channelId = kind === 'admin' ? adminChannelId : b.settings.channels[kind];
    if (!channelId) return;
    // Callouts wait like the kill posts: a delayed killfeed must not be given away by its callouts.
    const delay = kind === 'killfeed' || kind === 'callouts' ? b.settings.killfeedDelaySeconds * 1000 : 0;
    const id = outboxId(kind, g[0]!.eventId);
    out.push({
      _id: id,
      guildId: scope.guildId,
      serverId: scope.serverId,
      channelId,
      kind,
      body: { embeds: g.map((x) => x.embed) },
      nonce: nonceFor(id),
      notBefore: new Date(b.createdAt.getTime() + delay),
      sortKey: b.seq * 1000 + i,
      createdAt: b.createdAt,
      sentAt: null,
      attempts: 0,
      lastError: null,
    });
  });
  return out;
}
