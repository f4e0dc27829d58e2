/**
 * /give user: amount: moves credits to another member of this server in one ledger entry (all or
 * nothing, never below zero), keyed by the interaction so a redelivered interaction moves them once.
 */
import { ApplicationCommandOptionType } from 'discord.js';
import { CREDITS } from '../economy/amounts.js';
import { UserError } from '../errors.js';
import { defineCommand } from '../framework/define.js';

export default defineCommand({
  name: 'give',
  description: 'Give some of your credits to another member',
  // Handing out prizes comes in bursts; the balance, not this limit, bounds what can be given.
  rateLimit: { uses: 20, windowMs: 10_000 },
  options: [
    { type: ApplicationCommandOptionType.User, name: 'user', description: 'Who gets the credits', required: true },
    { type: ApplicationCommandOptionType.Integer, name: 'amount', description: 'How many credits', required: true, min_value: 1, max_value: CREDITS.maxGive },
  ],
  async run({ interaction, services, respond }, { user, amount }) {
    const guildId = interaction.guildId;
    const from = interaction.user.id;
    const format = await services.guildConfigs.format(guildId);
    if (user.bot) throw new UserError('Bots cannot hold credits.');
    if (user.id === from) throw new UserError('You cannot give credits to yourself.');
    // Discord resolves a member only for someone in this server (a user who left resolves as a user).
    if (!interaction.options.getMember('user')) throw new UserError(`<@${user.id}> is not a member of this server.`, 'not_found');
    // Discord enforces the option's bounds; a definition registered by an older version may not.
    if (!Number.isSafeInteger(amount) || amount < 1) throw new UserError('The amount must be a whole number of credits, at least 1.');
    if (amount > CREDITS.maxGive) throw new UserError(`You can give at most ${format.number(CREDITS.maxGive)} credits at once.`);
    const result = await services.economy.transfer(guildId, from, user.id, amount, `give:${interaction.id}`, user.id);
    if (result.outcome === 'refused') {
      const balance = await services.economy.balance(guildId, from);
      throw new UserError(`You have only **${format.number(balance)}** credits, not enough to give ${format.number(amount)}.`);
    }
    if (result.outcome === 'pending') throw new UserError('This gift is already on its way.', 'conflict');
    await respond({ content: `💸 <@${from}> gave **${format.number(amount)}** credits to <@${user.id}>.`, allowedMentions: { parse: [] } });
  },
});
