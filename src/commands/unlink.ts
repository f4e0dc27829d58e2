import { shownName } from '../discord/limits.js';
import { UserError } from '../errors.js';
import { defineCommand } from '../framework/define.js';

export default defineCommand({
  name: 'unlink',
  description: 'Remove the link between your Discord account and your in-game player',
  ephemeral: true,
  async run({ interaction, services, respond }) {
    const removed = await services.links.unlink(interaction.guildId, interaction.user.id);
    if (!removed) throw new UserError('You are not linked to a player here. Use `/link` to link one.', 'not_found');
    await respond(`Unlinked from **${shownName(removed.playerName)}**.`);
  },
});
