/**
 * The exact house edge of ./blackjack.ts's rules against perfect hit/stand play. With every card drawn
 * from a full deck (independent draws), a card's points are 1 (ace), 2..9 (1/13 each) or 10 (4/13), so
 * the dealer's final totals per up card and the player's best play per (total, up card) are a small
 * dynamic programme: no simulation needed. tests/games/blackjack.test.ts checks it against one.
 */
import { cardPoints, handValue, type Card } from './blackjack.js';

/** Points of a drawn card and their probability. */
const DRAWS: ReadonlyArray<readonly [points: number, p: number]> = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((v) => [v, v === 10 ? 4 / 13 : 1 / 13] as const);

/** A hand as the odds see it: the sum with aces as 1, and whether it holds an ace. */
const valueOf = (hard: number, ace: boolean) => (ace && hard + 10 <= 21 ? hard + 10 : hard);

/** Dealer finals: index 0..4 = 17..21, 5 = bust. */
type Finals = number[];

function dealerFinals(hard: number, ace: boolean, memo: Map<string, Finals>): Finals {
  const v = valueOf(hard, ace);
  if (hard > 21) return [0, 0, 0, 0, 0, 1];
  if (v >= 17) return [17, 18, 19, 20, 21].map((d) => (d === v ? 1 : 0)).concat(0);
  const key = `${hard}|${ace}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const out = [0, 0, 0, 0, 0, 0];
  for (const [points, p] of DRAWS) dealerFinals(hard + points, ace || points === 1, memo).forEach((q, i) => (out[i]! += p * q));
  memo.set(key, out);
  return out;
}

const isNatural = (a: number, b: number) => (a === 1 && b === 10) || (a === 10 && b === 1);

/** The dealer's finals for an up card (its points), given that the dealer has no blackjack (the peek). */
function finalsGivenUp(up: number): { finals: Finals; noNatural: number } {
  const memo = new Map<string, Finals>();
  const out = [0, 0, 0, 0, 0, 0];
  let noNatural = 0;
  for (const [hole, p] of DRAWS) {
    if (isNatural(up, hole)) continue;
    noNatural += p;
    dealerFinals(up + hole, up === 1 || hole === 1, memo).forEach((q, i) => (out[i]! += p * q));
  }
  return { finals: out.map((q) => q / noNatural), noNatural };
}

function standEv(total: number, finals: Finals): number {
  let ev = finals[5]!;
  finals.slice(0, 5).forEach((q, i) => (ev += q * Math.sign(total - (17 + i))));
  return ev;
}

interface Play {
  ev: number;
  hit: boolean;
}

class Strategy {
  private readonly memo = new Map<string, Play>();
  constructor(private readonly finals: Finals) {}

  /** The best play and its expected result (per unit bet) from a hand; 21 always stands. */
  best(hard: number, ace: boolean): Play {
    if (hard > 21) return { ev: -1, hit: false };
    const key = `${hard}|${ace}`;
    const known = this.memo.get(key);
    if (known) return known;
    const v = valueOf(hard, ace);
    const stand = standEv(v, this.finals);
    let hit = -Infinity;
    if (v < 21) {
      hit = 0;
      for (const [points, p] of DRAWS) hit += p * this.best(hard + points, ace || points === 1).ev;
    }
    const play = hit > stand ? { ev: hit, hit: true } : { ev: stand, hit: false };
    this.memo.set(key, play);
    return play;
  }
}

const UP = new Map<number, { strategy: Strategy; noNatural: number }>();
function upCard(points: number) {
  let found = UP.get(points);
  if (!found) {
    const { finals, noNatural } = finalsGivenUp(points);
    found = { strategy: new Strategy(finals), noNatural };
    UP.set(points, found);
  }
  return found;
}

/** Perfect play: whether hitting `player` against the dealer's up card has the better expected result. */
export function shouldHit(player: readonly Card[], dealerUp: Card): boolean {
  const hard = player.reduce((s, c) => s + cardPoints(c), 0);
  const ace = player.some((c) => c % 13 === 0);
  if (handValue(player).total >= 21) return false;
  return upCard(cardPoints(dealerUp)).strategy.best(hard, ace).hit;
}

/** The player's expected result per unit bet with perfect play (negative: the house's edge), exact. */
export function blackjackExpectedReturn(): number {
  let ev = 0;
  for (const [a, pa] of DRAWS)
    for (const [b, pb] of DRAWS)
      for (const [up, pu] of DRAWS) {
        const base = pa * pb * pu;
        const { strategy, noNatural } = upCard(up);
        const dealerNatural = 1 - noNatural;
        if (isNatural(a, b)) {
          ev += base * (noNatural * 1.5); // a push against the dealer's blackjack adds 0
          continue;
        }
        ev += base * (dealerNatural * -1 + noNatural * strategy.best(a + b, a === 1 || b === 1).ev);
      }
  return ev;
}

/** The house edge in percent (rounded to 0.01), as the reply and the README state it. */
export const BLACKJACK_EDGE_PERCENT = Math.round(-blackjackExpectedReturn() * 10_000) / 100;
