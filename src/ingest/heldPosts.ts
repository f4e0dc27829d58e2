/**
 * The one rule for posts a channel cannot take (held, see feedHolds.ts, or failing for days): they are
 * kept up to a bound, HELD_POSTS_MAX messages per channel and HELD_POSTS_MAX_AGE_MS of age; past it,
 * the oldest are replaced by one summary post ("1,234 kill posts not shown while this channel refused
 * the bot's posts"), which goes first when the channel takes posts again. The kills themselves are in
 * the stats either way (they were counted when their batch was applied). So a guild that locks its
 * feed channels costs at most HELD_POSTS_MAX small documents per channel, whatever its servers log.
 */
import { msg } from '../i18n/message.js';
import { ENGLISH, type Translator } from '../i18n/translate.js';
import type { Msg } from '../i18n/types.js';
import type { Logger } from '../logger.js';
import { nonceFor } from './feedMessages.js';
import type { FeedKind, OutboxMessage } from './schemas.js';
import type { IngestCollections } from './store.js';
import type { TextsOf } from './types.js';

/** Messages kept per channel that refuses posts (up to 10 embeds each). */
export const HELD_POSTS_MAX = 200;
/** Age after which an unsent message is summarised. */
export const HELD_POSTS_MAX_AGE_MS = 7 * 24 * 3600_000;
/** Messages summarised per channel per pass: a pass stays small; the next one continues. */
const TRIM_BATCH = 500;

/** How many posts of each kind, in the order of the feeds. */
const NOUN = {
  killfeed: 'feed.held.killfeed',
  callouts: 'feed.held.callouts',
  events: 'feed.held.events',
  connections: 'feed.held.connections',
  admin: 'feed.held.admin',
} as const satisfies Record<FeedKind, string>;

type Counts = Partial<Record<FeedKind, number>>;

/**
 * The summary's text, in the guild's words `t` (English by default): what was not shown, by kind, in
 * the order of the feeds.
 */
export function summaryText(counts: Counts, t: Translator = ENGLISH): string {
  const parts: Msg[] = (Object.keys(NOUN) as FeedKind[]).filter((k) => (counts[k] ?? 0) > 0).map((k) => msg(NOUN[k], { count: counts[k] ?? 0 }));
  const list = parts.reduceRight<Msg | null>((rest, first) => (rest ? msg('feed.held.separator', { first, rest }) : first), null);
  return t.t('feed.held.summary', { parts: list ?? '' });
}

const embedCount = (m: OutboxMessage) => (Array.isArray(m.body.embeds) ? m.body.embeds.length : 1);

/**
 * Replaces a channel's oldest unsent messages beyond the bounds by its summary message. Returns how
 * many messages were summarised. Idempotent per pass: the summary's counts grow with what it replaced.
 */
export async function trimHeldPosts(
  cols: Pick<IngestCollections, 'outbox'>,
  channelId: string,
  now: Date,
  logger: Logger,
  /** The guild's words for the summary post (English when not given). */
  textsOf?: TextsOf,
): Promise<number> {
  const unsent = { channelId, sentAt: null };
  // One unsent summary per channel; a new one (a new id) once the previous was posted.
  const prev = await cols.outbox.findOne({ ...unsent, summarized: { $exists: true } });
  const total = (await cols.outbox.countDocuments(unsent)) - (prev ? 1 : 0);
  const oldEnough = new Date(now.getTime() - HELD_POSTS_MAX_AGE_MS);
  const tooOld = await cols.outbox.countDocuments({ ...unsent, notBefore: { $lt: oldEnough }, summarized: { $exists: false } });
  // Both the excess and the too old are the channel's oldest messages (posting order is by time): the
  // larger of the two counts is how many to summarise, and only those are read.
  const n = Math.min(TRIM_BATCH, Math.max(0, total - HELD_POSTS_MAX, tooOld));
  if (!n) return 0;
  const cut = (await cols.outbox.find(unsent).sort({ notBefore: 1, sortKey: 1 }).limit(n + 1).toArray()).filter((m) => !m.summarized).slice(0, n);
  if (!cut.length) return 0;
  const counts: Counts = {};
  for (const m of cut) counts[m.kind] = (counts[m.kind] ?? 0) + embedCount(m);
  const first = cut[0]!;
  const t = textsOf ? await textsOf(first.guildId) : ENGLISH;
  const id = prev?._id ?? `summary:${channelId}:${first.notBefore.getTime()}`;
  const merged: Counts = { ...prev?.summarized };
  for (const [k, n] of Object.entries(counts) as [FeedKind, number][]) merged[k] = (merged[k] ?? 0) + n;
  const summary: OutboxMessage = {
    _id: id,
    guildId: first.guildId,
    serverId: first.serverId,
    channelId,
    kind: first.kind,
    body: { embeds: [{ title: t.t('feed.held.title'), description: summaryText(merged, t), color: 0x7f8c8d }] },
    nonce: nonceFor(id),
    // Before every message it replaces, so it is posted first when the channel takes posts again.
    notBefore: prev && prev.notBefore < first.notBefore ? prev.notBefore : first.notBefore,
    sortKey: Math.min(prev?.sortKey ?? Number.POSITIVE_INFINITY, first.sortKey) - 1,
    createdAt: prev?.createdAt ?? now,
    sentAt: null,
    attempts: 0,
    lastError: null,
    summarized: merged,
  };
  // The summary first, then the deletions: a crash in between leaves a summary that counts a few
  // messages still present (a harmless overcount), never messages gone without a trace.
  if (prev) await cols.outbox.replaceOne({ _id: id, sentAt: null }, summary);
  else await cols.outbox.insertOne(summary);
  await cols.outbox.deleteMany({ _id: { $in: cut.map((m) => m._id) } });
  logger.warn({ channelId, guildId: first.guildId, summarised: cut.length }, 'held feed posts beyond the bound replaced by a summary');
  return cut.length;
}
