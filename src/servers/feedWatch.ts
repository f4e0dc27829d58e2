/**
 * Held feed channels (see src/ingest/feedHolds.ts) are tried again as soon as Discord says a permission
 * changed: a channel's overwrites (CHANNEL_UPDATE) or a role (GUILD_ROLE_UPDATE, e.g. the bot's own).
 * Only channels where discord.js's cache now shows what a text feed needs are tried, so a guild that
 * keeps editing roles causes no posts, only a cache look-up per held channel. Role grants to the bot
 * itself arrive as GUILD_MEMBER_UPDATE, which the Guilds intent does not receive: the slow probe
 * (every 10 minutes) covers those.
 */
import { Events, type Client, type Guild } from 'discord.js';
import type { Logger } from '../logger.js';
import { missingFor } from './channels.js';
import type { GameServers } from './gameServers.js';

export function watchFeedPermissions(client: Client, gameServers: Pick<GameServers, 'permissionsChanged'>, logger: Logger): void {
  const recheck = (guild: Guild) => {
    const tried = gameServers.permissionsChanged(guild.id, (channelId) => missingFor(guild, guild.members.me, channelId, 'killfeed')?.length === 0);
    if (tried) logger.info({ guildId: guild.id, channels: tried }, 'permissions changed: trying held feed channels again');
  };
  client.on(Events.ChannelUpdate, (_old, channel) => {
    if ('guild' in channel) recheck(channel.guild);
  });
  client.on(Events.GuildRoleUpdate, (_old, role) => recheck(role.guild));
}
