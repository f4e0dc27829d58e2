/**
 * Blackjack's rules (src/games/blackjack.ts) and its stated house edge (src/games/blackjackOdds.ts): the
 * exact figure from the dynamic programme, and a simulation of the same rules with perfect hit/stand
 * play that lands on it.
 */
import { describe, expect, it } from 'vitest';
import { blackjackPayout, cardText, dealerPlays, dealOutcome, deal, drawCard, handValue, standOutcome, type Card } from '../../src/games/blackjack.js';
import { BLACKJACK_EDGE_PERCENT, blackjackExpectedReturn, shouldHit } from '../../src/games/blackjackOdds.js';
import { seededRng, type Rng } from '../../src/games/rng.js';

/** Cards by rank (1 ace … 13 king) in spades. */
const c = (rank: number): Card => rank - 1;
/** An rng that deals these cards, in order. */
const scripted = (cards: Card[]): Rng => ({ int: () => cards.shift() ?? 0 });

describe('blackjack hands', () => {
  it('counts an ace as 11 when that does not bust, and faces as 10', () => {
    expect(handValue([c(1), c(13)])).toEqual({ total: 21, soft: true });
    expect(handValue([c(1), c(1)])).toEqual({ total: 12, soft: true });
    expect(handValue([c(1), c(9), c(5)])).toEqual({ total: 15, soft: false });
    expect(handValue([c(13), c(12), c(5)])).toEqual({ total: 25, soft: false });
    expect(cardText(c(1))).toBe('A♠');
    expect(cardText(13 + 9)).toBe('10♥');
  });

  it('has the dealer draw to 17 and stand on a soft 17', () => {
    expect(dealerPlays([c(1), c(6)], scripted([c(5)]))).toEqual([c(1), c(6)]);
    expect(dealerPlays([c(10), c(6)], scripted([c(2)]))).toEqual([c(10), c(6), c(2)]);
    expect(dealerPlays([c(2), c(3)], scripted([c(2), c(2), c(10)]))).toEqual([c(2), c(3), c(2), c(2), c(10)]);
  });

  it('decides naturals at the deal and compares totals after a stand', () => {
    expect(dealOutcome([c(1), c(13)], [c(9), c(8)])).toBe('blackjack');
    expect(dealOutcome([c(1), c(13)], [c(1), c(10)])).toBe('push');
    expect(dealOutcome([c(9), c(8)], [c(1), c(11)])).toBe('dealerBlackjack');
    expect(dealOutcome([c(9), c(8)], [c(9), c(8)])).toBeNull();
    expect(standOutcome([c(10), c(8)], [c(10), c(7)])).toBe('win');
    expect(standOutcome([c(10), c(7)], [c(10), c(7)])).toBe('push');
    expect(standOutcome([c(10), c(6)], [c(10), c(7)])).toBe('lose');
    expect(standOutcome([c(10), c(6)], [c(10), c(6), c(10)])).toBe('win');
    expect(deal(scripted([c(1), c(2), c(3), c(4)]))).toEqual({ player: [c(1), c(3)], dealer: [c(2), c(4)] });
  });

  it('pays 3:2 for blackjack (rounded down), 1:1 for a win and the bet back on a push', () => {
    expect(blackjackPayout(100, 'blackjack')).toBe(250);
    expect(blackjackPayout(3, 'blackjack')).toBe(7);
    expect(blackjackPayout(100, 'win')).toBe(200);
    expect(blackjackPayout(100, 'push')).toBe(100);
    for (const o of ['lose', 'bust', 'dealerBlackjack'] as const) expect(blackjackPayout(100, o)).toBe(0);
  });

  it('plays the textbook hit/stand strategy', () => {
    expect(shouldHit([c(10), c(6)], c(10))).toBe(true); // 16 against a ten
    expect(shouldHit([c(10), c(6)], c(6))).toBe(false); // 16 against a six
    expect(shouldHit([c(10), c(2)], c(4))).toBe(false);
    expect(shouldHit([c(10), c(2)], c(2))).toBe(true);
    expect(shouldHit([c(1), c(7)], c(9))).toBe(true); // soft 18 against a nine
    expect(shouldHit([c(1), c(7)], c(7))).toBe(false);
    expect(shouldHit([c(10), c(7)], c(1))).toBe(false);
  });
});

describe('the stated house edge', () => {
  it('is the exact figure of these rules: 2.42 % against perfect play', () => {
    expect(BLACKJACK_EDGE_PERCENT).toBe(2.42);
    expect(-blackjackExpectedReturn()).toBeCloseTo(0.0242, 4);
  });

  it('matches a simulation of 400,000 hands played by the game’s own functions', () => {
    const rng = seededRng(20261207);
    const hands = 400_000;
    const bet = 2; // 3:2 is exact on an even bet
    let net = 0;
    let squares = 0;
    for (let i = 0; i < hands; i++) {
      const { player, dealer } = deal(rng);
      const dealt = dealOutcome(player, dealer);
      let result: number;
      if (dealt) result = blackjackPayout(bet, dealt) - bet;
      else {
        while (shouldHit(player, dealer[0]!)) player.push(drawCard(rng));
        const outcome = handValue(player).total > 21 ? 'bust' : standOutcome(player, dealerPlays(dealer, rng));
        result = blackjackPayout(bet, outcome) - bet;
      }
      net += result / bet;
      squares += (result / bet) ** 2;
    }
    const mean = net / hands;
    const se = Math.sqrt((squares / hands - mean ** 2) / hands);
    expect(Math.abs(mean - blackjackExpectedReturn())).toBeLessThan(4 * se);
  });
});
