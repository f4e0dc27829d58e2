/** `/faction leave`, `/faction kick member:` (leader, officers) and `/faction promote member:` (leader). */
import { ApplicationCommandOptionType } from 'discord.js';
import { defineSubcommand } from '../../framework/define.js';
import { memberOption, named } from './shared.js';

export const leave = defineSubcommand({
  definition: { type: ApplicationCommandOptionType.Subcommand, name: 'leave', description: 'cmd.faction.leave' },
  async run({ interaction, services, respond, t }) {
    const f = await services.factions.leave(interaction.guildId, interaction.user.id);
    await respond(t.t('faction.leave.done', named(f)));
  },
});

export const kick = defineSubcommand({
  definition: { type: ApplicationCommandOptionType.Subcommand, name: 'kick', description: 'cmd.faction.kick', options: [memberOption('cmd.faction.kick.member')] },
  async run({ interaction, services, respond, t }, { member }) {
    const f = await services.factions.kick(interaction.guildId, interaction.user.id, member.id);
    await respond(t.t('faction.kick.done', { userId: member.id, ...named(f) }));
  },
});

export const promote = defineSubcommand({
  definition: { type: ApplicationCommandOptionType.Subcommand, name: 'promote', description: 'cmd.faction.promote', options: [memberOption('cmd.faction.promote.member')] },
  async run({ interaction, services, respond, t }, { member }) {
    const f = await services.factions.promote(interaction.guildId, interaction.user.id, member.id);
    await respond(t.t('faction.promote.done', { userId: member.id, ...named(f) }));
  },
});
