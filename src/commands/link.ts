import { ApplicationCommandOptionType } from 'discord.js';
import { choices, shownName } from '../discord/limits.js';
import { UserError } from '../errors.js';
import { defineCommand } from '../framework/define.js';
import { msg } from '../i18n/message.js';

export default defineCommand({
  name: 'link',
  description: 'cmd.link',
  ephemeral: true,
  options: [
    { type: ApplicationCommandOptionType.String, name: 'player', description: 'cmd.link.player', required: true, autocomplete: true, max_length: 100 },
  ],
  async run({ interaction, services, respond, t }, { player: typed }) {
    const guildId = interaction.guildId;
    const player = await services.stats.player(guildId, typed);
    if (!player) throw new UserError(msg('stats.link.notSeen', { name: shownName(typed) }), 'not_found');
    const previous = await services.links.get(guildId, interaction.user.id);
    await services.links.link(guildId, interaction.user.id, { id: player.playerId, name: player.name });
    // An ephemeral reply: the member's words.
    const name = shownName(player.name);
    const replaced = previous && previous.playerId !== player.playerId;
    await respond(replaced ? t.t('stats.link.replaced', { name, previous: shownName(previous.playerName) }) : t.t('stats.link.done', { name }));
  },
  autocomplete: async ({ interaction, services }) => choices(await services.stats.suggestPlayers(interaction.guildId, String(interaction.options.getFocused()))),
});
