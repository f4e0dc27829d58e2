/**
 * /daily: the member's daily credits, once per day of the guild's timezone (/settings), more for every
 * day of an unbroken streak. The rule is in src/economy/daily.ts, the claim in src/economy/dailyClaim.ts.
 */
import { claimDaily } from '../economy/dailyClaim.js';
import { dailyAmountIn, ecoSettingsOf } from '../economy/settings.js';
import { UserError } from '../errors.js';
import { defineCommand } from '../framework/define.js';
import { msg } from '../i18n/message.js';

const when = (d: Date) => `<t:${Math.floor(d.getTime() / 1000)}:R>`;

export default defineCommand({
  name: 'daily',
  description: 'cmd.daily',
  // The answer concerns only the member who claims.
  ephemeral: true,
  async run({ interaction, services, respond, memberT }) {
    const guildId = interaction.guildId;
    const userId = interaction.user.id;
    // The member's words; the guild's timezone decides which day it is.
    const t = await memberT();
    const { economy, memberStats, cols } = services;
    // The guild's daily base and streak bonus (`/eco settings`).
    const amounts = ecoSettingsOf((await services.guildConfigs.get(guildId)).economy);
    const result = await claimDaily({ economy, memberStats, ledger: cols.creditLedger, amounts }, guildId, userId, t.format.timeZone);
    if (result.kind === 'off') throw new UserError(msg('eco.daily.off'));
    if (result.kind === 'claimed') {
      throw new UserError(msg('economy.daily.already', { streak: result.streak, next: when(result.nextAt) }), 'rate_limit');
    }
    const balance = await economy.balance(guildId, userId);
    await respond({
      content: [
        t.t('economy.daily.claimed', { count: result.amount, streak: result.streak }),
        t.t('economy.daily.balance', { count: balance }),
        t.t('economy.daily.next', { next: when(result.nextAt), amount: dailyAmountIn(amounts, result.streak + 1) }),
      ].join('\n'),
      ephemeral: true,
    });
  },
});
