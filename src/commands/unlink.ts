import { InteractionContextType, SlashCommandBuilder, escapeMarkdown } from 'discord.js';
import { UserError } from '../errors.js';
import { defineCommand } from '../framework/types.js';

export default defineCommand({
  name: 'unlink',
  ephemeral: true,
  definition: new SlashCommandBuilder()
    .setName('unlink')
    .setDescription('Remove the link between your Discord account and your in-game player')
    .setContexts(InteractionContextType.Guild)
    .toJSON(),
  async execute({ interaction, services, respond }) {
    const removed = await services.links.unlink(interaction.guildId!, interaction.user.id);
    if (!removed) throw new UserError('You are not linked to a player here. Use `/link` to link one.', 'not_found');
    await respond(`Unlinked from **${escapeMarkdown(removed.playerName)}**.`);
  },
});
