/** How a game looks in Discord: the blackjack embed and its buttons, and the lines the games share. */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder } from 'discord.js';
import type { GameHand } from '../../db/gameSchemas.js';
import { encodeCustomId } from '../../framework/customId.js';
import { cardText, handValue, type BlackjackOutcome } from '../../games/blackjack.js';
import { BLACKJACK_EDGE_PERCENT } from '../../games/blackjackOdds.js';
import { IDLE_MS } from '../../games/games.js';
import type { Translator } from '../../i18n/translate.js';

/** A percentage as the reply states it (at most two decimals, in the reader’s number format). */
export const percent = (t: Translator, value: number) => t.format.number(value);

export const balanceLine = (t: Translator, balance: number) => t.t('games.balance', { count: balance });

const cards = (list: readonly number[]) => list.map(cardText).join('  ');

function resultLine(hand: GameHand, t: Translator): string {
  const { payout, bet } = hand;
  switch (hand.outcome as BlackjackOutcome) {
    case 'blackjack':
      return t.t('games.bj.result.blackjack', { payout });
    case 'win':
      return t.t('games.bj.result.win', { payout });
    case 'push':
      return t.t('games.bj.result.push', { payout });
    case 'bust':
      return t.t('games.bj.result.bust', { bet });
    case 'dealerBlackjack':
      return t.t('games.bj.result.dealerBlackjack', { bet });
    default:
      return t.t('games.bj.result.lose', { bet });
  }
}

/** The hand as its message shows it: the dealer's hole card hidden while it is played. */
export function blackjackEmbed(hand: GameHand, t: Translator, balance: number | null): EmbedBuilder {
  const player = hand.player ?? [];
  const dealer = hand.dealer ?? [];
  const open = hand.state === 'playing' || hand.state === 'new';
  const lines: string[] = [`<@${hand.userId}>`];
  if (hand.state === 'new') lines.push(t.t('games.bj.dealing'));
  else if (open) lines.push(t.t('games.bj.playing'));
  // Cancelled by the sweep (a start a crash interrupted): the bet comes back, so not a loss.
  else if (hand.state === 'cancelling' || hand.state === 'cancelled') lines.push(t.t('games.cancelled'));
  else {
    if (hand.timedOut) lines.push(t.t('games.bj.timedOut'));
    lines.push(resultLine(hand, t));
  }
  if (balance !== null) lines.push(balanceLine(t, balance));
  const dealerField = open
    ? { name: t.t('games.bj.dealerShows', { total: handValue(dealer.slice(0, 1)).total }), value: `${cards(dealer.slice(0, 1))}  🂠` }
    : { name: t.t('games.bj.dealer', { total: handValue(dealer).total }), value: cards(dealer) };
  return new EmbedBuilder()
    .setTitle(t.t('games.bj.title', { bet: hand.bet }))
    .setDescription(lines.join('\n'))
    .addFields({ name: t.t('games.bj.you', { total: handValue(player).total }), value: cards(player) || '—', inline: true }, { ...dealerField, inline: true })
    .setFooter({ text: t.t('games.bj.rules', { edge: percent(t, BLACKJACK_EDGE_PERCENT), minutes: IDLE_MS / 60_000 }) });
}

/** Hit and Stand, carrying the hand and the version shown: a click on an older view plays nothing. */
export function blackjackButtons(hand: GameHand, t: Translator): ActionRowBuilder<ButtonBuilder>[] {
  if (hand.state !== 'playing') return [];
  return [
    new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId(encodeCustomId('blackjack', 'hit', hand._id, hand.version)).setLabel(t.t('games.bj.hit')).setStyle(ButtonStyle.Primary),
      new ButtonBuilder().setCustomId(encodeCustomId('blackjack', 'stand', hand._id, hand.version)).setLabel(t.t('games.bj.stand')).setStyle(ButtonStyle.Secondary),
    ),
  ];
}
