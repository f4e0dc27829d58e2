/** Coinflip, pure: call heads or tails; a right call pays 1.9× the bet (bet included), rounded down. */
import type { Rng } from './rng.js';

export const COIN_SIDES = ['heads', 'tails'] as const;
export type CoinSide = (typeof COIN_SIDES)[number];

/** A right call pays back this many tenths of the bet. */
export const COINFLIP_PAYS_TENTHS = 19;

export function flip(rng: Rng): CoinSide {
  return COIN_SIDES[rng.int(2)]!;
}

export function coinflipPayout(bet: number, called: CoinSide, landed: CoinSide): number {
  return called === landed ? Math.floor((bet * COINFLIP_PAYS_TENTHS) / 10) : 0;
}

/** The exact expected payback per unit bet: half the time 1.9×. */
export const coinflipReturn = () => COINFLIP_PAYS_TENTHS / 10 / COIN_SIDES.length;

/** The house edge in percent, as the reply and the README state it. */
export const COINFLIP_EDGE_PERCENT = Math.round((1 - coinflipReturn()) * 10_000) / 100;
