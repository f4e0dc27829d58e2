/** `/server list`: every game server of this guild with its status, last poll, errors, channels and paused feeds. */
import { ApplicationCommandOptionType } from 'discord.js';
import { defineSubcommand } from '../../framework/define.js';
import { botMember, missingFor } from '../../servers/channels.js';
import { heldFeedText, listEmbeds } from '../../servers/views.js';

export const list = defineSubcommand({
  definition: { type: ApplicationCommandOptionType.Subcommand, name: 'list', description: 'cmd.server.list' },
  async run({ interaction, services, respond, t }) {
    const guildId = interaction.guildId;
    const [servers, tier, holds] = await Promise.all([services.gameServers.list(guildId), services.guildConfigs.tier(guildId), services.gameServers.feedHolds(guildId)]);
    const guild = services.client.guilds.cache.get(guildId);
    const me = holds.length ? await botMember(guild) : null;
    const held = new Map(holds.map((h) => [h._id, heldFeedText(h, missingFor(guild, me, h._id, 'killfeed'))]));
    await respond({ embeds: listEmbeds(servers, tier, t, held) });
  },
});
