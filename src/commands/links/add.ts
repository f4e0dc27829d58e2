/** `/links add member: player:`: an admin links a player to a member, moving it from whoever held it. */
import { ApplicationCommandOptionType } from 'discord.js';
import { shownName } from '../../discord/limits.js';
import { UserError } from '../../errors.js';
import { defineSubcommand } from '../../framework/define.js';
import { msg } from '../../i18n/message.js';
import { auditLink, linkLimit } from './shared.js';

export const add = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'add',
    description: 'cmd.links.add',
    options: [
      { type: ApplicationCommandOptionType.User, name: 'member', description: 'cmd.links.add.member', required: true },
      { type: ApplicationCommandOptionType.String, name: 'player', description: 'cmd.links.add.player', required: true, autocomplete: true, max_length: 100 },
    ],
  },
  async run({ interaction, services, respond, t }, { member, player: typed }) {
    const guildId = interaction.guildId;
    const player = await services.stats.player(guildId, typed);
    if (!player) throw new UserError(msg('stats.link.notSeen', { name: shownName(typed) }), 'not_found');
    const name = shownName(player.name);
    const ref = { id: player.playerId, name: player.name };
    const { previous, added } = await services.links.move(guildId, member.id, ref, await linkLimit(services, guildId));
    if (!added) throw new UserError(msg('links.add.already', { name, userId: member.id }), 'conflict');
    await auditLink(services, guildId, interaction.user.id, previous ? 'link.move' : 'link.add', ref, { member: member.id, from: previous?.userId });
    await respond(previous ? t.t('links.add.moved', { name, userId: member.id, previous: previous.userId }) : t.t('links.add.done', { name, userId: member.id }));
  },
});
