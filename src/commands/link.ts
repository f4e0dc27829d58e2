import { InteractionContextType, SlashCommandBuilder, escapeMarkdown } from 'discord.js';
import { UserError } from '../errors.js';
import { defineCommand } from '../framework/types.js';

export default defineCommand({
  name: 'link',
  ephemeral: true,
  definition: new SlashCommandBuilder()
    .setName('link')
    .setDescription('Tie your Discord account to your in-game player')
    .setContexts(InteractionContextType.Guild)
    .addStringOption((o) => o.setName('player').setDescription('Your in-game name').setRequired(true).setAutocomplete(true).setMaxLength(100))
    .toJSON(),
  async execute({ interaction, services, respond }) {
    const guildId = interaction.guildId!;
    const typed = interaction.options.getString('player', true);
    const player = await services.stats.player(guildId, typed);
    if (!player) throw new UserError(`No player called **${escapeMarkdown(typed)}** has been seen on this server’s game servers yet. Play a round first, then link.`, 'not_found');
    const previous = await services.links.get(guildId, interaction.user.id);
    await services.links.link(guildId, interaction.user.id, { id: player.playerId, name: player.name });
    const replaced = previous && previous.playerId !== player.playerId ? ` (instead of ${escapeMarkdown(previous.playerName)})` : '';
    await respond(`🔗 You are now linked to **${escapeMarkdown(player.name)}**${replaced}. \`/stats player\` shows it, and credits for its kills go to you.`);
  },
  autocomplete: ({ interaction, services }) => services.stats.suggestPlayers(interaction.guildId!, String(interaction.options.getFocused())),
});
