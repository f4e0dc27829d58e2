/**
 * `/coinflip amount: [side]`: call heads or tails; a right call pays 1.9× the bet (house edge 5 %). Off
 * until an admin turns games on; bets within MIN_BET..the guild's maxBet. The game is keyed by the
 * interaction, so a replayed interaction shows the same toss and never bets or pays twice
 * (src/games/games.ts).
 */
import { ApplicationCommandOptionType } from 'discord.js';
import { ECO_BOUNDS, MIN_BET } from '../economy/settings.js';
import { defineCommand } from '../framework/define.js';
import { COIN_SIDES, COINFLIP_EDGE_PERCENT } from '../games/coinflip.js';
import { choiceName } from '../i18n/commandText.js';
import { plain } from '../i18n/message.js';
import { balanceLine, percent } from './blackjack/views.js';

export default defineCommand({
  name: 'coinflip',
  description: 'cmd.coinflip',
  rateLimit: { uses: 10, windowMs: 10_000 },
  options: [
    { type: ApplicationCommandOptionType.Integer, name: 'amount', description: 'cmd.coinflip.amount', required: true, min_value: MIN_BET, max_value: ECO_BOUNDS.maxBet.max },
    { type: ApplicationCommandOptionType.String, name: 'side', description: 'cmd.coinflip.side', choices: COIN_SIDES.map((s) => ({ ...choiceName(plain(`games.side.${s}`)), value: s })) },
  ],
  async run({ interaction, services, respond, guildT }, { amount, side }) {
    const called = side === 'tails' ? 'tails' : 'heads';
    const { hand } = await services.games.start({ kind: 'coinflip', guildId: interaction.guildId, userId: interaction.user.id, handId: interaction.id, bet: amount, called });
    const t = await guildT();
    const landed = t.t(hand.landed === 'tails' ? 'games.side.tails' : 'games.side.heads');
    const calledText = t.t(hand.called === 'tails' ? 'games.side.tails' : 'games.side.heads');
    const result = hand.payout > 0 ? t.t('games.coinflip.win', { landed, called: calledText, payout: hand.payout }) : t.t('games.coinflip.lose', { landed, called: calledText, bet: hand.bet });
    const balance = await services.games.balance(hand.guildId, hand.userId);
    await respond({ content: [`<@${hand.userId}> ${result}`, balanceLine(t, balance), `-# ${t.t('games.coinflip.rules', { edge: percent(t, COINFLIP_EDGE_PERCENT) })}`].join('\n') });
  },
});
