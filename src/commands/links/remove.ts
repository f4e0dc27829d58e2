/** `/links remove member: player:`: an admin removes a member's link; it stops crediting at once. */
import { ApplicationCommandOptionType } from 'discord.js';
import { shownName } from '../../discord/limits.js';
import { UserError } from '../../errors.js';
import { defineSubcommand } from '../../framework/define.js';
import { msg } from '../../i18n/message.js';
import { auditLink } from './shared.js';

export const remove = defineSubcommand({
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'remove',
    description: 'cmd.links.remove',
    options: [
      { type: ApplicationCommandOptionType.User, name: 'member', description: 'cmd.links.remove.member', required: true },
      { type: ApplicationCommandOptionType.String, name: 'player', description: 'cmd.links.remove.player', required: true, autocomplete: true, max_length: 100 },
    ],
  },
  async run({ interaction, services, respond, t }, { member, player: typed }) {
    const guildId = interaction.guildId;
    const held = await services.links.ofMember(guildId, member.id);
    const lower = typed.trim().toLowerCase();
    const link = held.find((l) => l.playerId === typed) ?? held.find((l) => l.playerNameLower === lower);
    if (!link) throw new UserError(msg('links.remove.notLinked', { userId: member.id, name: shownName(typed) }), 'not_found');
    await services.links.remove(guildId, member.id, link.playerId);
    await auditLink(services, guildId, interaction.user.id, 'link.remove', { id: link.playerId, name: link.playerName }, { member: member.id });
    await respond(t.t('links.remove.done', { name: shownName(link.playerName), userId: member.id }));
  },
});
