import { ChannelType, EmbedBuilder, PermissionFlagsBits, type Client, type SendableChannels, type TextChannel } from 'discord.js';
import type { GameServer } from '../db/schemas.js';
import { clip, shownName } from '../discord/limits.js';
import { msg } from '../i18n/message.js';
import type { Translator } from '../i18n/translate.js';
import type { Logger } from '../logger.js';
import { TIERS, tierName, tierUnlocks, type TierName } from '../premium/tiers.js';
import { keyChangeFields } from './hostKey.js';
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

/**
 * What GameServers tells admins about on its own (not in answer to a command). `t`: the guild's words
 * (GuildConfigRepo.texts), since the alert is posted in one of its channels.
 */
export interface ServerAlerts {
  hostKeyChanged(server: GameServer, presented: string, t: Translator): Promise<void>;
  /** The stored password cannot be opened (SECRETS_KEY lost or replaced): the server is paused. */
  credentialsUnreadable(server: GameServer, t: Translator): Promise<void>;
  /** The premium tier fell: what stopped. Optional: without it the downgrade is only logged. */
  tierDowngraded(downgrade: TierDowngrade, t: Translator): Promise<void>;
  /**
   * A server migrated from the old bot awaits `/server test` → Trust key (told once: GameServers.load).
   * Optional: without it the notice is not claimed, so a later process with it still tells the admins.
   */
  importedServer(server: GameServer, t: Translator): Promise<void>;
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

  hostKeyChanged(server: GameServer, presented: string, t: Translator): Promise<void> {
    return this.post(server, hostKeyAlertEmbed(server, presented, t), 'host key alert');
  }

  credentialsUnreadable(server: GameServer, t: Translator): Promise<void> {
    return this.post(server, credentialsAlertEmbed(server, t), 'credentials alert');
  }

  tierDowngraded(downgrade: TierDowngrade, t: Translator): Promise<void> {
    return this.postIn(downgrade.guildId, downgrade.servers, tierDowngradeEmbed(downgrade, t), 'premium downgrade notice');
  }

  async importedServer(server: GameServer, t: Translator): Promise<void> {
    const log = { guildId: server.guildId, serverId: server._id };
    // A migrated server has no feed channels yet: without a system channel, the first text channel the bot may post in.
    const channel = (await this.guildChannel(server.guildId, [server])) ?? this.firstWritableChannel(server.guildId);
    if (!channel) {
      this.logger.warn(log, 'migrated server notice: no channel the bot can post in');
      return;
    }
    await channel
      .send({ embeds: [importedServerEmbed(server, t)] })
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
      .send({ embeds: [embed] })
      .catch((err: Error) => this.logger.warn({ ...log, err: err.message }, `${what} could not be posted`));
  }
}

export function hostKeyAlertEmbed(server: GameServer, presented: string, t: Translator): EmbedBuilder {
  const name = shownName(server.name);
  return new EmbedBuilder()
    .setColor(0xed4245)
    .setTitle(t.t('server.alert.hostKey.title', { name }))
    .setDescription(t.t('server.alert.hostKey.description', { name }))
    .addFields(keyChangeFields(server, presented, t, 'server.field.presented'))
    .setTimestamp(new Date());
}

export function credentialsAlertEmbed(server: GameServer, t: Translator): EmbedBuilder {
  const name = shownName(server.name);
  return new EmbedBuilder()
    .setColor(0xed4245)
    .setTitle(t.t('server.alert.password.title', { name }))
    .setDescription(t.t('server.alert.password.description', { name }))
    .setTimestamp(new Date());
}

export function tierDowngradeEmbed({ from, to, paused }: TierDowngrade, t: Translator): EmbedBuilder {
  const limits = TIERS[to];
  const tier = tierName(to);
  const stopped = paused.length
    ? clip(paused.map((s) => `⏸️ **${shownName(s.name)}**`).join('\n'), 800) +
      `\n${t.t('server.alert.tier.beyond', { count: paused.length, tier, limit: msg('server.alert.tier.limit', { count: limits.servers }) })}`
    : t.t('server.alert.tier.nonePaused');
  return new EmbedBuilder()
    .setColor(0xfee75c)
    .setTitle(t.t('server.alert.tier.title', { tier, was: tierName(from) }))
    .setDescription(t.t('server.alert.tier.description', { tier, was: tierName(from) }))
    .addFields(
      { name: t.t('server.alert.tier.servers'), value: stopped },
      { name: t.t('server.alert.tier.unlocks', { tier }), value: `${tierUnlocks(to, t).join('\n')}\n${t.t('server.alert.tier.canvas')}` },
    )
    .setTimestamp(new Date());
}

export function importedServerEmbed(server: GameServer, t: Translator): EmbedBuilder {
  const name = shownName(server.name);
  return new EmbedBuilder()
    .setColor(0xfee75c)
    .setTitle(t.t('server.alert.imported.title', { name }))
    .setDescription(t.t('server.alert.imported.description', { name }))
    .addFields(
      { name: t.t('server.field.address'), value: `\`${formatAddress(server.host, server.port)}\``, inline: true },
      { name: t.t('server.field.root'), value: `\`${shownName(server.root, 200)}\``, inline: true },
    )
    .setTimestamp(new Date());
}
