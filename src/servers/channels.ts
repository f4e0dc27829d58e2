import { ChannelType, PermissionFlagsBits, type Guild, type GuildBasedChannel, type GuildMember } from 'discord.js';
import type { ServerChannels } from './repo.js';

export const FEEDS = ['killfeed', 'events', 'connections', 'playercount'] as const satisfies ReadonlyArray<keyof ServerChannels>;
export type Feed = (typeof FEEDS)[number];

const TEXT_TYPES = new Set<ChannelType>([ChannelType.GuildText, ChannelType.GuildAnnouncement]);

/** What a text feed needs from the bot to post embeds. */
const POSTING: Array<[bigint, string]> = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
];

/** What each feed needs from the bot in its channel. */
const NEEDS: Record<Feed, Array<[bigint, string]>> = {
  killfeed: POSTING,
  events: POSTING,
  connections: POSTING,
  playercount: [
    [PermissionFlagsBits.ViewChannel, 'View Channel'],
    [PermissionFlagsBits.ManageChannels, 'Manage Channels'],
  ],
};

/** "A", "A and B", "A, B and C". */
export function andList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * The permissions the bot lacks for `feed` in a channel, by name, from discord.js's cache (kept current by
 * CHANNEL_UPDATE and GUILD_ROLE_UPDATE); undefined when the channel is not in the guild.
 */
export function missingFor(guild: Guild | undefined, me: GuildMember | null | undefined, channelId: string, feed: Feed): string[] | undefined {
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
export async function channelProblems(guild: Guild | undefined, patch: Partial<Record<Feed, string | null>>): Promise<string[]> {
  const errors: string[] = [];
  const me = await botMember(guild);
  for (const feed of FEEDS) {
    const id = patch[feed];
    if (!id) continue;
    const channel = guild?.channels.cache.get(id) as GuildBasedChannel | undefined;
    if (!channel) {
      errors.push(`the ${feed} channel is not a channel of this Discord server`);
      continue;
    }
    if (feed === 'playercount' ? channel.type !== ChannelType.GuildVoice : !TEXT_TYPES.has(channel.type)) {
      errors.push(feed === 'playercount' ? 'the player count channel must be a voice channel' : `the ${feed} channel must be a text channel`);
      continue;
    }
    const missing = missingFor(guild, me, id, feed) ?? [];
    if (missing.length) errors.push(`I need ${andList(missing)} in <#${id}> for the ${feed} feed`);
  }
  return errors;
}
