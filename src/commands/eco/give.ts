/** `/eco give member: amount: reason:`: an admin pays a member credits (one `eco` ledger entry, audited). */
import { ApplicationCommandOptionType } from 'discord.js';
import { UserError } from '../../errors.js';
import { defineSubcommand } from '../../framework/define.js';
import { msg } from '../../i18n/message.js';
import { amountOption, auditEco, checkTarget, ecoKey, memberOption, reasonOption, reasonText } from './shared.js';

export const give = defineSubcommand({
  // Prizes and corrections come in bursts; the ledger, not this limit, keeps them exact.
  rateLimit: { uses: 20, windowMs: 10_000 },
  definition: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'give',
    description: 'cmd.eco.give',
    options: [memberOption, amountOption, reasonOption],
  },
  async run({ interaction, services, respond, t }, { member, amount, reason }) {
    const guildId = interaction.guildId;
    checkTarget(member, amount);
    // Credits made out of nothing go to members of this server only.
    if (!interaction.options.getMember('member')) throw new UserError(msg('eco.notMember', { member: `<@${member.id}>` }), 'not_found');
    const why = reasonText(reason);
    const r = await services.economy.earn(guildId, member.id, amount, 'eco', ecoKey(interaction.id), interaction.user.id);
    if (r.outcome === 'pending') throw new UserError(msg('eco.pending'), 'conflict');
    const balance = await services.economy.balance(guildId, member.id);
    // A redelivered interaction found its entry: answered again, recorded once.
    if (r.fresh) await auditEco(services, interaction, 'eco.give', member.id, { amount, reason: why, balance });
    await respond(t.t('eco.give.done', { count: amount, member: `<@${member.id}>`, balance }));
  },
});
