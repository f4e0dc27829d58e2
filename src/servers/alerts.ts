import { ChannelType, EmbedBuilder, PermissionFlagsBits, type Client, type SendableChannels, type TextChannel } from 'discord.js';
import type { GameServer } from '../db/schemas.js';
import { clip, shownName } from '../discord/limits.js';
import type { Logger } from '../logger.js';
import { TIERS, tierUnlocks, type TierName } from '../premium/tiers.js';
import { formatAddress } from './input.js';

/** A premium downgrade as the guild's admins are told of it, once (see GameServers' tier section). */
export interface TierDowngrade {
  guildId: string;
  from: TierName;
  to: TierName;
  /** Every server of the guild, oldest first (the notice goes to one of their events channels). */
  servers: GameServer[];
  /** Those paused because they are beyond the new tier's server limit. */
  paused: GameServer[];
}

/** What GameServers tells admins about on its own (not in answer to a command). */
export interface ServerAlerts {
  hostKeyChanged(server: GameServer, presented: string): Promise<void>;
  /** The stored password cannot be opened (SECRETS_KEY lost or replaced): the server is paused. */
  credentialsUnreadable(server: GameServer): Promise<void>;
  /** The premium tier fell: what stopped. Optional: without it the downgrade is only logged. */
  tierDowngraded(downgrade: TierDowngrade): Promise<void>;
  /**
   * A server migrated from the old bot awaits `/server test` → Trust key (told once: GameServers.load).
   * Optional: without it the notice is not claimed, so a later process with it still tells the admins.
   */
  importedServer(server: GameServer): Promise<void>;
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

  channelFor(server: GameServer): Promise<SendableChannels | null> {
    return this.guildChannel(server.guildId, [server]);
  }

  /** The first of these servers' events channels the bot can post in, else the guild's system channel. */
  async guildChannel(guildId: string, servers: readonly GameServer[]): Promise<SendableChannels | null> {
    const ids = [...servers.map((s) => s.channels.events), this.client.guilds.cache.get(guildId)?.systemChannelId ?? null];
    for (const id of new Set(ids)) {
      if (!id) continue;
      const channel = await this.client.channels.fetch(id).catch(() => null);
      if (channel && 'guildId' in channel && channel.guildId === guildId && channel.isSendable()) return channel;
    }
    return null;
  }

  hostKeyChanged(server: GameServer, presented: string): Promise<void> {
    return this.post(server, hostKeyAlertEmbed(server, presented), 'host key alert');
  }

  credentialsUnreadable(server: GameServer): Promise<void> {
    return this.post(server, credentialsAlertEmbed(server), 'credentials alert');
  }

  tierDowngraded(downgrade: TierDowngrade): Promise<void> {
    return this.postIn(downgrade.guildId, downgrade.servers, tierDowngradeEmbed(downgrade), 'premium downgrade notice');
  }

  async importedServer(server: GameServer): Promise<void> {
    const log = { guildId: server.guildId, serverId: server._id };
    // A migrated server has no feed channels yet: without a system channel, the first text channel the bot may post in.
    const channel = (await this.guildChannel(server.guildId, [server])) ?? this.firstWritableChannel(server.guildId);
    if (!channel) {
      this.logger.warn(log, 'migrated server notice: no channel the bot can post in');
      return;
    }
    await channel
      .send({ embeds: [importedServerEmbed(server)], allowedMentions: { parse: [] } })
      .catch((err: Error) => this.logger.warn({ ...log, err: err.message }, 'migrated server notice could not be posted'));
  }

  private firstWritableChannel(guildId: string): SendableChannels | null {
    const guild = this.client.guilds.cache.get(guildId);
    const me = guild?.members.me;
    if (!guild || !me) return null;
    const needed = [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages, PermissionFlagsBits.EmbedLinks];
    const [first] = [...guild.channels.cache.values()]
      .filter((c): c is TextChannel => c.type === ChannelType.GuildText && c.permissionsFor(me).has(needed))
      .sort((a, b) => a.rawPosition - b.rawPosition || a.id.localeCompare(b.id));
    return first ?? null;
  }

  private post(server: GameServer, embed: EmbedBuilder, what: string): Promise<void> {
    return this.postIn(server.guildId, [server], embed, what, server._id);
  }

  private async postIn(guildId: string, servers: readonly GameServer[], embed: EmbedBuilder, what: string, serverId?: string): Promise<void> {
    const log = { guildId, serverId };
    const channel = await this.guildChannel(guildId, servers);
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

export function tierDowngradeEmbed({ from, to, paused }: TierDowngrade): EmbedBuilder {
  const limits = TIERS[to];
  const stopped = paused.length
    ? clip(paused.map((s) => `⏸️ **${shownName(s.name)}**`).join('\n'), 800) +
      `\n${paused.length === 1 ? 'It is' : 'They are'} beyond the ${limits.label} tier's ${limits.servers} server${limits.servers === 1 ? '' : 's'} (the newest pause first) and resume by themselves when the tier allows them again.`
    : 'No game server had to pause.';
  return new EmbedBuilder()
    .setColor(0xfee75c)
    .setTitle(`Premium: now ${limits.label} (was ${TIERS[from].label})`)
    .setDescription(
      `This Discord server's premium tier changed from **${TIERS[from].label}** to **${limits.label}** (a grant expired, was revoked or replaced). ` +
        'Nothing was deleted; what goes beyond the new tier is paused or slowed. The bot’s operators can grant a higher tier again; `/premium status` shows it.',
    )
    .addFields(
      { name: 'Game servers', value: stopped },
      { name: `${limits.label} tier`, value: tierUnlocks(to).join('\n') + '\nThe canvas keeps its size; it can only be resized within the limit.' },
    )
    .setTimestamp(new Date());
}

export function importedServerEmbed(server: GameServer): EmbedBuilder {
  return new EmbedBuilder()
    .setColor(0xfee75c)
    .setTitle(`🟡 Game server from the old bot: ${shownName(server.name)}`)
    .setDescription(
      `The old bot's SFTP settings became the game server **${shownName(server.name)}**. Its password was moved and is stored encrypted, ` +
        'but the bot has not read it yet: it first needs an admin to check the host key. Run `/server test`, compare the key with the one your ' +
        'game host shows, and press **Trust key**; the bot then logs in and starts the feeds. Until then no password is sent anywhere.',
    )
    .addFields({ name: 'Address', value: `\`${formatAddress(server.host, server.port)}\``, inline: true }, { name: 'Root', value: `\`${shownName(server.root, 200)}\``, inline: true })
    .setTimestamp(new Date());
}
