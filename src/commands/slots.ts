/**
 * `/slots amount:`: three reels; the paytable and its exact return (src/games/slots.ts) are stated in
 * every reply. Off until an admin turns games on; bets within MIN_BET..the guild's maxBet; keyed by the
 * interaction (a replay never bets or pays twice).
 */
import { ApplicationCommandOptionType } from 'discord.js';
import { ECO_BOUNDS, MIN_BET } from '../economy/settings.js';
import { defineCommand } from '../framework/define.js';
import { reelsText, SLOT_PAYTABLE, SLOT_SYMBOLS, slotsReturn, SLOTS_EDGE_PERCENT, type Reels } from '../games/slots.js';
import type { Translator } from '../i18n/translate.js';
import { balanceLine, percent } from './blackjack/views.js';

/** The paytable in words: best first, as multiples of the bet. */
function table(t: Translator): string {
  const times = (tenths: number) => `${t.format.number(tenths / 10)}×`;
  const threes = SLOT_SYMBOLS.map((s, i) => `${s}${s}${s} ${times(SLOT_PAYTABLE.three[i]!)}`).reverse();
  return [...threes, `${t.t('games.slots.twoCherries')} ${times(SLOT_PAYTABLE.twoCherries)}`].join(' · ');
}

export default defineCommand({
  name: 'slots',
  description: 'cmd.slots',
  rateLimit: { uses: 10, windowMs: 10_000 },
  options: [{ type: ApplicationCommandOptionType.Integer, name: 'amount', description: 'cmd.slots.amount', required: true, min_value: MIN_BET, max_value: ECO_BOUNDS.maxBet.max }],
  async run({ interaction, services, respond, guildT }, { amount }) {
    const { hand } = await services.games.start({ kind: 'slots', guildId: interaction.guildId, userId: interaction.user.id, handId: interaction.id, bet: amount });
    const t = await guildT();
    const reels = reelsText((hand.reels ?? [0, 0, 0]) as unknown as Reels);
    const result = hand.payout > 0 ? t.t('games.slots.win', { reels, payout: hand.payout }) : t.t('games.slots.lose', { reels, bet: hand.bet });
    const balance = await services.games.balance(hand.guildId, hand.userId);
    const rules = t.t('games.slots.rules', { table: table(t), rtp: percent(t, Math.round(slotsReturn() * 10_000) / 100), edge: percent(t, SLOTS_EDGE_PERCENT) });
    await respond({ content: [`<@${hand.userId}> ${result}`, balanceLine(t, balance), `-# ${rules}`].join('\n') });
  },
});
