import { ChannelType, PermissionFlagsBits, type Guild, type GuildBasedChannel, type GuildMember } from 'discord.js';
import { msg } from '../i18n/message.js';
import type { Msg } from '../i18n/types.js';
import type { ServerChannels } from './repo.js';
import { andList } from './text.js';

export const FEEDS = ['killfeed', 'callouts', 'events', 'connections', 'playercount'] as const satisfies ReadonlyArray<keyof ServerChannels>;
export type Feed = (typeof FEEDS)[number];

const TEXT_TYPES = new Set<ChannelType>([ChannelType.GuildText, ChannelType.GuildAnnouncement]);

/** A feed's name in words (the reader's language). */
export function feedName(feed: Feed): Msg {
  return msg(`server.feed.${feed}`);
}

/** What a text feed needs from the bot to post embeds (the names Discord shows for them). */
const POSTING: Array<[bigint, Msg]> = [
  [PermissionFlagsBits.ViewChannel, msg('server.permission.viewChannel')],
  [PermissionFlagsBits.SendMessages, msg('server.permission.sendMessages')],
  [PermissionFlagsBits.EmbedLinks, msg('server.permission.embedLinks')],
];

/** What each feed needs from the bot in its channel. */
const NEEDS: Record<Feed, Array<[bigint, Msg]>> = {
  killfeed: POSTING,
  callouts: POSTING,
  events: POSTING,
  connections: POSTING,
  playercount: [
    [PermissionFlagsBits.ViewChannel, msg('server.permission.viewChannel')],
    [PermissionFlagsBits.ManageChannels, msg('server.permission.manageChannels')],
  ],
};

/**
 * The permissions the bot lacks for `feed` in a channel, by name, from discord.js's cache (kept current by
 * CHANNEL_UPDATE and GUILD_ROLE_UPDATE); undefined when the channel is not in the guild.
 */
export function missingFor(guild: Guild | undefined, me: GuildMember | null | undefined, channelId: string, feed: Feed): Msg[] | undefined {
  const channel = guild?.channels.cache.get(channelId);
  if (!channel) return undefined;
  const perms = me ? channel.permissionsFor(me) : null;
  return perms ? NEEDS[feed].filter(([bit]) => !perms.has(bit)).map(([, name]) => name) : [];
}

/** The bot's own member, fetched when the cache lacks it. */
export async function botMember(guild: Guild | undefined): Promise<GuildMember | null> {
  if (!guild) return null;
  return guild.members.me ?? (await guild.members.fetchMe().catch(() => null));
}

/**
 * Checks chosen channels at run time (Discord enforces the option's channel types, but a stale client
 * or a changed channel can still send another): a wrong kind, or a channel where the bot lacks what the
 * feed needs, is refused with exactly what is missing, so a feed is never set where it cannot post.
 */
export async function channelProblems(guild: Guild | undefined, patch: Partial<Record<Feed, string | null>>): Promise<Msg[]> {
  const errors: Msg[] = [];
  const me = await botMember(guild);
  for (const feed of FEEDS) {
    const id = patch[feed];
    if (!id) continue;
    const channel = guild?.channels.cache.get(id) as GuildBasedChannel | undefined;
    if (!channel) {
      errors.push(msg('server.channels.notHere', { feed: feedName(feed) }));
      continue;
    }
    if (feed === 'playercount' ? channel.type !== ChannelType.GuildVoice : !TEXT_TYPES.has(channel.type)) {
      errors.push(feed === 'playercount' ? msg('server.channels.needsVoice') : msg('server.channels.needsText', { feed: feedName(feed) }));
      continue;
    }
    const missing = missingFor(guild, me, id, feed) ?? [];
    if (missing.length) errors.push(msg('server.channels.missing', { permissions: andList(missing), channel: `<#${id}>`, feed: feedName(feed) }));
  }
  return errors;
}
