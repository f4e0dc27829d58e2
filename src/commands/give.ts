/**
 * /give user: amount: moves credits to another member of this server in one ledger entry (all or
 * nothing, never below zero), keyed by the interaction so a redelivered interaction moves them once.
 * The gift is announced in the channel (the guild's words); refusals go to the giver (theirs).
 */
import { ApplicationCommandOptionType } from 'discord.js';
import { CREDITS } from '../economy/amounts.js';
import { UserError } from '../errors.js';
import { defineCommand } from '../framework/define.js';
import { msg } from '../i18n/message.js';

export default defineCommand({
  name: 'give',
  description: 'cmd.give',
  // Handing out prizes comes in bursts; the balance, not this limit, bounds what can be given.
  rateLimit: { uses: 20, windowMs: 10_000 },
  options: [
    { type: ApplicationCommandOptionType.User, name: 'user', description: 'cmd.give.user', required: true },
    { type: ApplicationCommandOptionType.Integer, name: 'amount', description: 'cmd.give.amount', required: true, min_value: 1, max_value: CREDITS.maxGive },
  ],
  async run({ interaction, services, respond, guildT }, { user, amount }) {
    const guildId = interaction.guildId;
    const from = interaction.user.id;
    if (user.bot) throw new UserError(msg('economy.give.bot'));
    if (user.id === from) throw new UserError(msg('economy.give.self'));
    // Discord resolves a member only for someone in this server (a user who left resolves as a user).
    if (!interaction.options.getMember('user')) throw new UserError(msg('economy.give.notMember', { user: `<@${user.id}>` }), 'not_found');
    // Discord enforces the option's bounds; a definition registered by an older version may not.
    if (!Number.isSafeInteger(amount) || amount < 1) throw new UserError(msg('economy.give.whole'));
    if (amount > CREDITS.maxGive) throw new UserError(msg('economy.give.tooMuch', { count: CREDITS.maxGive }));
    const result = await services.economy.transfer(guildId, from, user.id, amount, `give:${interaction.id}`, user.id);
    if (result.outcome === 'refused') {
      const balance = await services.economy.balance(guildId, from);
      throw new UserError(msg('economy.give.poor', { count: balance, amount }));
    }
    if (result.outcome === 'pending') throw new UserError(msg('economy.give.pending'), 'conflict');
    const t = await guildT();
    // The names ping nobody: the client's default allowed_mentions (src/discord/client.ts createClient).
    await respond({ content: t.t('economy.give.done', { count: amount, from: `<@${from}>`, to: `<@${user.id}>` }) });
  },
});
