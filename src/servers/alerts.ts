import { EmbedBuilder, type SendableChannels } from 'discord.js';
import type { GameServer } from '../db/schemas.js';
import type { AppServices } from '../services/container.js';

/**
 * Where admin alerts about a game server go: its events channel (where server news already goes and
 * the admins set up), else the Discord server's system channel. Null when neither exists; the block
 * still shows in `/server list` and on every command that touches the server.
 */
export async function alertChannel(services: AppServices, server: GameServer): Promise<SendableChannels | null> {
  const ids = [server.channels.events, services.client.guilds.cache.get(server.guildId)?.systemChannelId ?? null];
  for (const id of ids) {
    if (!id) continue;
    const channel = await services.client.channels.fetch(id).catch(() => null);
    if (channel && 'guildId' in channel && channel.guildId === server.guildId && channel.isSendable()) return channel;
  }
  return null;
}

export async function postHostKeyAlert(services: AppServices, server: GameServer, presented: string): Promise<void> {
  const channel = await alertChannel(services, server);
  if (!channel) {
    services.logger.warn({ guildId: server.guildId, serverId: server._id }, 'host key alert: no events or system channel');
    return;
  }
  const embed = new EmbedBuilder()
    .setColor(0xed4245)
    .setTitle(`⚠️ Host key changed: ${server.name}`)
    .setDescription(
      `The SFTP host presented a different key, so the bot stopped connecting to **${server.name}** (killfeed and events are paused).\n` +
        'If the game host moved or reinstalled the server, an admin can check the new key with `/server test` and trust it. ' +
        'If nothing changed on your side, someone may be intercepting the connection: contact your host first.',
    )
    .addFields(
      { name: 'Pinned', value: `\`${server.hostKeyFingerprint}\`` },
      { name: 'Presented', value: `\`${presented}\`` },
    )
    .setTimestamp(new Date());
  await channel
    .send({ embeds: [embed], allowedMentions: { parse: [] } })
    .catch((err: Error) => services.logger.warn({ guildId: server.guildId, serverId: server._id, err: err.message }, 'host key alert could not be posted'));
}
