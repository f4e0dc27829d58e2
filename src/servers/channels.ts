import { ChannelType, PermissionFlagsBits, type Guild, type GuildBasedChannel } from 'discord.js';
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

/**
 * Checks chosen channels at run time (Discord enforces the option's channel types, but a stale client
 * or a changed channel can still send another): wrong kinds are errors, missing bot permissions warnings.
 */
export function channelProblems(guild: Guild | undefined, patch: Partial<Record<Feed, string | null>>) {
  const errors: string[] = [];
  const warnings: string[] = [];
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
    const me = guild?.members.me;
    const perms = me ? channel.permissionsFor(me) : null;
    const missing = perms ? NEEDS[feed].filter(([bit]) => !perms.has(bit)).map(([, name]) => name) : [];
    if (missing.length) warnings.push(`the bot lacks ${missing.join(', ')} in <#${id}> (${feed})`);
  }
  return { errors, warnings };
}
