/** `/premium status`: this guild's tier in force, what it unlocks and its expiry; operators also see the last change. */
import { ApplicationCommandOptionType } from 'discord.js';
import { defineSubcommand } from '../../framework/define.js';
import { hasAccess } from '../../framework/permissions.js';
import { statusEmbed } from '../../premium/views.js';

export const status = defineSubcommand({
  definition: { type: ApplicationCommandOptionType.Subcommand, name: 'status', description: 'cmd.premium.status' },
  async run({ interaction, services, respond, t }) {
    const operator = hasAccess('owner', interaction, null, services.config.OWNER_IDS);
    const current = await services.premium.status(interaction.guildId, operator);
    await respond({ embeds: [statusEmbed(current, operator, t)] });
  },
});
