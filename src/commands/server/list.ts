/** `/server list`: every game server of this guild with its status, last poll, errors and channels. */
import { ApplicationCommandOptionType } from 'discord.js';
import { defineSubcommand } from '../../framework/define.js';
import { listEmbeds } from '../../servers/views.js';

export const list = defineSubcommand({
  definition: { type: ApplicationCommandOptionType.Subcommand, name: 'list', description: 'Every game server here: status, last poll, errors, channels' },
  async run({ interaction, services, respond }) {
    const guildId = interaction.guildId;
    const [servers, tier, format] = await Promise.all([services.gameServers.list(guildId), services.gameServers.tier(guildId), services.guildConfigs.format(guildId)]);
    await respond({ embeds: listEmbeds(servers, tier, format) });
  },
});
