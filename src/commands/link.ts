import { ApplicationCommandOptionType } from 'discord.js';
import { choices, shownName } from '../discord/limits.js';
import { UserError } from '../errors.js';
import { defineCommand } from '../framework/define.js';

export default defineCommand({
  name: 'link',
  description: 'Tie your Discord account to your in-game player',
  ephemeral: true,
  options: [
    { type: ApplicationCommandOptionType.String, name: 'player', description: 'Your in-game name', required: true, autocomplete: true, max_length: 100 },
  ],
  async run({ interaction, services, respond }, { player: typed }) {
    const guildId = interaction.guildId;
    const player = await services.stats.player(guildId, typed);
    if (!player) throw new UserError(`No player called **${shownName(typed)}** has been seen on this server’s game servers yet. Play a round first, then link.`, 'not_found');
    const previous = await services.links.get(guildId, interaction.user.id);
    await services.links.link(guildId, interaction.user.id, { id: player.playerId, name: player.name });
    const replaced = previous && previous.playerId !== player.playerId ? ` (instead of ${shownName(previous.playerName)})` : '';
    await respond(`🔗 You are now linked to **${shownName(player.name)}**${replaced}. \`/stats player\` shows it, and credits for its kills go to you.`);
  },
  autocomplete: async ({ interaction, services }) => choices(await services.stats.suggestPlayers(interaction.guildId, String(interaction.options.getFocused()))),
});
