/**
 * `/eco take member: amount: reason:`: an admin takes credits from a member (one `eco` ledger entry,
 * audited). Never below zero: more than the member has is refused, naming their balance.
 */
import { ApplicationCommandOptionType } from 'discord.js';
import { UserError } from '../../errors.js';
import { defineSubcommand } from '../../framework/define.js';
import { msg } from '../../i18n/message.js';
import { amountOption, auditEco, checkTarget, ecoKey, memberOption, reasonOption, reasonText } from './shared.js';

export const take = defineSubcommand({
  // Prizes and corrections come in bursts; the ledger, not this limit, keeps them exact.
  rateLimit: { uses: 20, windowMs: 10_000 },
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'take',
    description: 'cmd.eco.take',
    options: [memberOption, amountOption, reasonOption],
  },
  async run({ interaction, services, respond, t }, { member, amount, reason }) {
    const guildId = interaction.guildId;
    checkTarget(member, amount);
    const r = await services.economy.spend(guildId, member.id, amount, 'eco', ecoKey(interaction.id), interaction.user.id);
    if (r.outcome === 'pending') throw new UserError(msg('eco.pending'), 'conflict');
    const balance = await services.economy.balance(guildId, member.id);
    if (r.outcome === 'refused') throw new UserError(msg('eco.take.poor', { member: `<@${member.id}>`, count: balance, amount }));
    if (r.fresh) await auditEco(services, interaction, 'eco.take', member.id, { amount, reason: reasonText(reason), balance });
    await respond(t.t('eco.take.done', { count: amount, member: `<@${member.id}>`, balance }));
  },
});
