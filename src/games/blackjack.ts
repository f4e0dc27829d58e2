/**
 * Blackjack's rules, pure: cards, hand values, the dealer's play and the payout. Rules (README "Games"):
 * every card is drawn from a full 52-card deck (a continuous shuffler: each draw independent), the dealer
 * peeks for blackjack and stands on every 17 (soft 17 too), blackjack pays 3:2, a win 1:1, a push returns
 * the bet; hit or stand only (no double, split, insurance or surrender). The house edge of these rules
 * against perfect hit/stand play is computed exactly in ./blackjackOdds.ts.
 */
import type { Rng } from './rng.js';

/** A card: 0..51, rank = card % 13 (0 ace, 1..9 two..ten, 10..12 jack, queen, king), suit = card / 13. */
export type Card = number;

export const DECK_SIZE = 52;
const RANKS = ['A', '2', '3', '4', '5', '6', '7', '8', '9', '10', 'J', 'Q', 'K'] as const;
const SUITS = ['♠', '♥', '♦', '♣'] as const;

export function drawCard(rng: Rng): Card {
  return rng.int(DECK_SIZE);
}

/** A card's points: an ace counts 1 here (handValue makes one ace 11 when that does not bust). */
export function cardPoints(card: Card): number {
  const rank = card % 13;
  return rank === 0 ? 1 : Math.min(10, rank + 1);
}

export function cardText(card: Card): string {
  return `${RANKS[card % 13]}${SUITS[Math.floor(card / 13) % 4]}`;
}

export interface HandValue {
  total: number;
  /** An ace counts 11 in `total`. */
  soft: boolean;
}

export function handValue(cards: readonly Card[]): HandValue {
  let total = 0;
  let aces = 0;
  for (const c of cards) {
    total += cardPoints(c);
    if (c % 13 === 0) aces++;
  }
  if (aces > 0 && total + 10 <= 21) return { total: total + 10, soft: true };
  return { total, soft: false };
}

export const isBlackjack = (cards: readonly Card[]) => cards.length === 2 && handValue(cards).total === 21;

/** The dealer draws to 17 or more and stands on every 17, soft ones too. */
export function dealerPlays(dealer: readonly Card[], rng: Rng): Card[] {
  const out = [...dealer];
  while (handValue(out).total < 17) out.push(drawCard(rng));
  return out;
}

export type BlackjackOutcome = 'blackjack' | 'win' | 'push' | 'lose' | 'bust' | 'dealerBlackjack';

/** What the hand pays back in total (bet included): 2.5× blackjack (rounded down), 2× a win, 1× a push. */
export function blackjackPayout(bet: number, outcome: BlackjackOutcome): number {
  switch (outcome) {
    case 'blackjack':
      return bet + Math.floor((bet * 3) / 2);
    case 'win':
      return bet * 2;
    case 'push':
      return bet;
    default:
      return 0;
  }
}

/** The outcome decided at the deal (a blackjack on either side), or null: the hand is played. */
export function dealOutcome(player: readonly Card[], dealer: readonly Card[]): BlackjackOutcome | null {
  const p = isBlackjack(player);
  const d = isBlackjack(dealer);
  if (p && d) return 'push';
  if (p) return 'blackjack';
  if (d) return 'dealerBlackjack';
  return null;
}

/** The outcome once the dealer has played (the player stood on `player`, not bust). */
export function standOutcome(player: readonly Card[], dealer: readonly Card[]): BlackjackOutcome {
  const p = handValue(player).total;
  const d = handValue(dealer).total;
  if (p > 21) return 'bust';
  if (d > 21 || p > d) return 'win';
  return p === d ? 'push' : 'lose';
}

/** The opening deal: two cards each, player first. */
export function deal(rng: Rng): { player: Card[]; dealer: Card[] } {
  const [a, b, c, d] = [drawCard(rng), drawCard(rng), drawCard(rng), drawCard(rng)];
  return { player: [a, c], dealer: [b, d] };
}
