import { EmbedBuilder, type Client, type SendableChannels } from 'discord.js';
import type { GameServer } from '../db/schemas.js';
import { shownName } from '../discord/limits.js';
import type { Logger } from '../logger.js';

/** What GameServers tells admins about on its own (not in answer to a command). */
export interface ServerAlerts {
  hostKeyChanged(server: GameServer, presented: string): Promise<void>;
  /** The stored password cannot be opened (SECRETS_KEY lost or replaced): the server is paused. */
  credentialsUnreadable(server: GameServer): Promise<void>;
}

/**
 * Alerts posted in Discord: in the server's events channel (where server news already goes and the
 * admins set up), else the Discord server's system channel. With neither, the alert is only logged; the
 * block still shows in `/server list` and on every command that touches the server.
 */
export class DiscordServerAlerts implements ServerAlerts {
  constructor(
    private readonly client: Client,
    private readonly logger: Logger,
  ) {}

  async channelFor(server: GameServer): Promise<SendableChannels | null> {
    const ids = [server.channels.events, this.client.guilds.cache.get(server.guildId)?.systemChannelId ?? null];
    for (const id of ids) {
      if (!id) continue;
      const channel = await this.client.channels.fetch(id).catch(() => null);
      if (channel && 'guildId' in channel && channel.guildId === server.guildId && channel.isSendable()) return channel;
    }
    return null;
  }

  hostKeyChanged(server: GameServer, presented: string): Promise<void> {
    return this.post(server, hostKeyAlertEmbed(server, presented), 'host key alert');
  }

  credentialsUnreadable(server: GameServer): Promise<void> {
    return this.post(server, credentialsAlertEmbed(server), 'credentials alert');
  }

  private async post(server: GameServer, embed: EmbedBuilder, what: string): Promise<void> {
    const log = { guildId: server.guildId, serverId: server._id };
    const channel = await this.channelFor(server);
    if (!channel) {
      this.logger.warn(log, `${what}: no events or system channel`);
      return;
    }
    await channel
      .send({ embeds: [embed], allowedMentions: { parse: [] } })
      .catch((err: Error) => this.logger.warn({ ...log, err: err.message }, `${what} could not be posted`));
  }
}

export function hostKeyAlertEmbed(server: GameServer, presented: string): EmbedBuilder {
  return new EmbedBuilder()
    .setColor(0xed4245)
    .setTitle(`⚠️ Host key changed: ${shownName(server.name)}`)
    .setDescription(
      `The SFTP host presented a different key, so the bot stopped connecting to **${shownName(server.name)}** (killfeed and events are paused).\n` +
        'If the game host moved or reinstalled the server, an admin can check the new key with `/server test` and trust it. ' +
        'If nothing changed on your side, someone may be intercepting the connection: contact your host first.',
    )
    .addFields(
      { name: 'Pinned', value: `\`${server.hostKeyFingerprint}\`` },
      { name: 'Presented', value: `\`${presented}\`` },
    )
    .setTimestamp(new Date());
}

export function credentialsAlertEmbed(server: GameServer): EmbedBuilder {
  return new EmbedBuilder()
    .setColor(0xed4245)
    .setTitle(`⚠️ Password unreadable: ${shownName(server.name)}`)
    .setDescription(
      `The bot cannot read the stored SFTP password of **${shownName(server.name)}** (its encryption key, SECRETS_KEY, was changed or lost), ` +
        'so it stopped reading this server. An admin can enter the password again with `/server edit`; the feeds then resume.',
    )
    .setTimestamp(new Date());
}
