/**
 * A new world_N folder on a game server is a likely wipe (ingest/newWorld.ts): the guild's admins are
 * asked once, in the server's events channel (else the system channel), whether to start a season; the
 * button opens `/season start`'s prompt for the admin who clicks (members are refused by /season's
 * access). Once per server and world, whatever replays or processes: the notice's record is inserted
 * first, under a unique id, and only the insert that succeeds posts.
 */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder } from 'discord.js';
import type { Collection } from 'mongodb';
import { isDuplicateKey } from '../db/duplicateKey.js';
import type { WipePrompt } from '../db/seasonSchemas.js';
import { shownName } from '../discord/limits.js';
import type { Translator } from '../i18n/translate.js';
import type { Logger } from '../logger.js';
import type { DiscordServerAlerts } from '../servers/alerts.js';
import type { GameServers } from '../servers/gameServers.js';

/** Builds the custom id of the notice's button (the framework's encoder, passed in: stats sits below it). */
export type AskId = (serverId: string) => string;

export class WipePrompts {
  constructor(
    private readonly col: Collection<WipePrompt>,
    private readonly deps: { servers: Pick<GameServers, 'get'>; alerts: Pick<DiscordServerAlerts, 'channelFor'>; textsOf: (guildId: string) => Promise<Translator>; askId: AskId; logger: Logger },
  ) {}

  /** The ingest hook: tells the admins of a new world once. */
  async newWorld(guildId: string, serverId: string, world: string): Promise<void> {
    try {
      await this.col.insertOne({ _id: `${serverId}|${world}`, guildId, serverId, world, at: new Date() });
    } catch (err) {
      if (isDuplicateKey(err)) return;
      throw err;
    }
    const server = await this.deps.servers.get(guildId, serverId);
    if (!server) return;
    const channel = await this.deps.alerts.channelFor(server);
    if (!channel) {
      this.deps.logger.warn({ guildId, serverId, world }, 'new world notice: no events or system channel');
      return;
    }
    const t = await this.deps.textsOf(guildId);
    const embed = new EmbedBuilder()
      .setColor(0xfee75c)
      .setTitle(t.t('seasons.wipe.title', { server: shownName(server.name), world }))
      .setDescription(t.t('seasons.wipe.description'));
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId(this.deps.askId(serverId)).setLabel(t.t('seasons.wipe.button')).setStyle(ButtonStyle.Primary));
    await channel
      .send({ embeds: [embed], components: [row] })
      .catch((err: Error) => this.deps.logger.warn({ guildId, serverId, err: err.message }, 'new world notice could not be posted'));
  }
}
