/**
 * /daily: the member's daily credits, once per day of the guild's timezone (/settings), more for every
 * day of an unbroken streak. The rule is in src/economy/daily.ts, the claim in src/economy/dailyClaim.ts.
 */
import { dailyAmount } from '../economy/amounts.js';
import { claimDaily } from '../economy/dailyClaim.js';
import { UserError } from '../errors.js';
import { defineCommand } from '../framework/define.js';

const unix = (d: Date) => Math.floor(d.getTime() / 1000);

export default defineCommand({
  name: 'daily',
  description: 'Claim your daily credits (a streak of days pays more)',
  // The answer concerns only the member who claims.
  ephemeral: true,
  async run({ interaction, services, respond }) {
    const guildId = interaction.guildId;
    const userId = interaction.user.id;
    const format = await services.guildConfigs.format(guildId);
    const { economy, cols } = services;
    const result = await claimDaily({ economy, memberStats: cols.memberStats, ledger: cols.creditLedger }, guildId, userId, format.timeZone);
    const streak = `day **${format.number(result.streak)}** of your streak`;
    if (result.kind === 'claimed') {
      throw new UserError(`You already claimed today's credits (${streak}). Your next claim opens <t:${unix(result.nextAt)}:R>.`, 'rate_limit');
    }
    const balance = await economy.balance(guildId, userId);
    await respond({
      content: [
        `💰 You claimed **${format.number(result.amount)}** credits — ${streak}.`,
        `Balance: **${format.number(balance)}** credits.`,
        `Come back <t:${unix(result.nextAt)}:R> for **${format.number(dailyAmount(result.streak + 1))}** (missing a day starts the streak over).`,
      ].join('\n'),
      ephemeral: true,
    });
  },
});
