/**
 * Posts for the guild's admin channel (`/settings set admin_channel`), made by the batch that read their
 * lines: a kick with its reason (Deadside.log) and a kill the flag rules found suspicious (killFlags.ts),
 * with its file and line. They are feed items of kind `admin`: the batch's outbox write gives each a
 * deterministic id (`admin:<eventId>`), so a replayed batch posts nothing twice, and the outbox's delivery
 * (retries, held channels, rate limits) is the feeds'. Old events (a first sync, a backfill) are left
 * out by the feeds' own age cutoff, so admins are not flooded with history.
 */
import { escapeName } from '../discord/limits.js';
import type { Translator } from '../i18n/translate.js';
import type { AdminPostsOf } from './batchTypes.js';
import type { FeedItem } from './feedMessages.js';
import type { KickRecord } from './kicks.js';
import type { KillEventDoc } from './killEvents.js';

const COLOR = { kick: 0xe67e22, flag: 0xc0392b, more: 0x95a5a6 };
/**
 * Admin posts one batch makes at most (a hostile killfeed can flag every one of a batch's 1,000 kills):
 * the first ones, then one post saying how many more the batch had (all are kept for /flags and /audit).
 */
export const ADMIN_POSTS_PER_BATCH = 10;
/** A file path longer than this is shown by its end (the part that names the file). */
const PATH_SHOWN = 120;

const shownPath = (path: string) => (path.length > PATH_SHOWN ? `…${path.slice(-(PATH_SHOWN - 1))}` : path);

/** A kick as an admin post: who, why, when, which server. */
export function kickItem(k: KickRecord, server: string, t: Translator): FeedItem {
  return {
    kind: 'admin',
    eventId: k.eventId,
    embed: {
      title: t.t('flags.post.kick.title', { player: escapeName(k.player) }),
      description: t.t('flags.post.kick.body', { reason: k.reason.trim() ? escapeName(k.reason) : t.t('flags.post.kick.noReason'), server: escapeName(server) }),
      color: COLOR.kick,
      timestamp: k.at.toISOString(),
    },
  };
}

/** A flagged kill as an admin post: the kill, why it was flagged, the file and line it came from. */
export function flagItem(e: KillEventDoc, server: string, t: Translator): FeedItem {
  const range = e.maxRange === null ? t.t('flags.range.none', { distance: e.distance }) : t.t('flags.range.max', { distance: e.distance, max: e.maxRange });
  return {
    kind: 'admin',
    eventId: e._id,
    embed: {
      title: t.t('flags.post.flag.title', { killer: escapeName(e.killerName), victim: escapeName(e.victimName) }),
      description: t.t('flags.post.flag.body', {
        weapon: escapeName(e.weapon),
        range,
        reasons: e.flags.map((f) => t.t(`flags.reason.${f}`)).join(', '),
        file: shownPath(e.file),
        line: String(e.line),
        server: escapeName(server),
      }),
      color: COLOR.flag,
      timestamp: e.at.toISOString(),
    },
  };
}

/** What a batch has for its guild's admins: its kicks (Deadside.log) or its flagged kills (killfeed). */
export type AdminSource = { kick: KickRecord } | { flag: KillEventDoc };

/**
 * The batch's admin posts and their channel: none when the guild has no admin channel (the hook says
 * null) or nothing is newer than the feeds' cutoff `minAt` (ms).
 */
export async function adminFeed(
  hook: AdminPostsOf | undefined,
  scope: { guildId: string; serverId: string },
  sources: readonly AdminSource[],
  minAt: number,
  texts: () => Promise<Translator>,
): Promise<{ items: FeedItem[]; channelId: string | null }> {
  const fresh = sources.filter((s) => ('kick' in s ? s.kick.at : s.flag.at).getTime() >= minAt);
  const to = hook && fresh.length ? await hook(scope.guildId, scope.serverId) : null;
  if (!to) return { items: [], channelId: null };
  const t = await texts();
  const shown = fresh.slice(0, ADMIN_POSTS_PER_BATCH);
  const items = shown.map((s) => ('kick' in s ? kickItem(s.kick, to.server, t) : flagItem(s.flag, to.server, t)));
  if (fresh.length > shown.length) items.push(moreItem(items.at(-1)!, fresh.length - shown.length, to.server, t));
  return { items, channelId: to.channelId };
}

/** The batch's one "and N more" post, under an id derived from the last one shown (a replay makes the same). */
function moreItem(last: FeedItem, count: number, server: string, t: Translator): FeedItem {
  return {
    kind: 'admin',
    eventId: `${last.eventId}:more`,
    embed: {
      title: t.t('flags.post.more.title', { count }),
      description: t.t('flags.post.more.body', { server: escapeName(server) }),
      color: COLOR.more,
      ...(last.embed.timestamp ? { timestamp: last.embed.timestamp } : {}),
    },
  };
}
