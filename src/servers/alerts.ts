import { EmbedBuilder, type Client, type SendableChannels } from 'discord.js';
import type { GameServer } from '../db/schemas.js';
import { clip, shownName } from '../discord/limits.js';
import type { Logger } from '../logger.js';
import { TIERS, tierUnlocks, type TierName } from '../premium/tiers.js';

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
