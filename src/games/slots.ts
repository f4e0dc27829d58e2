/**
 * Slots, pure: three reels, each showing one symbol drawn by its weight (the same strip on every reel),
 * and a paytable. The return to player (RTP) is computed exactly from the weights and the table
 * (slotsReturn): the house edge stated in the reply and the README is 100 % minus it.
 */
import type { Rng } from './rng.js';

export const SLOT_SYMBOLS = ['🍒', '🍋', '🔔', '🍀', '💎', '7️⃣'] as const;
/** How many of the strip's stops show each symbol (SLOT_SYMBOLS' order). */
export const SLOT_WEIGHTS = [12, 10, 7, 5, 3, 1] as const;
const STOPS = SLOT_WEIGHTS.reduce((a, b) => a + b, 0);

/** What a spin pays back in tenths of the bet (bet included): three of a kind per symbol, and cherries. */
export const SLOT_PAYTABLE = {
  /** Three of a kind, per symbol (SLOT_SYMBOLS' order). */
  three: [50, 80, 150, 400, 1_000, 5_000],
  /** Exactly two cherries anywhere (the third reel another symbol). */
  twoCherries: 20,
} as const;

export type Reels = readonly [number, number, number];

function symbolAt(stop: number): number {
  let s = stop;
  for (let i = 0; i < SLOT_WEIGHTS.length; i++) {
    if (s < SLOT_WEIGHTS[i]!) return i;
    s -= SLOT_WEIGHTS[i]!;
  }
  throw new Error(`no symbol at stop ${stop}`);
}

export function spin(rng: Rng): Reels {
  return [symbolAt(rng.int(STOPS)), symbolAt(rng.int(STOPS)), symbolAt(rng.int(STOPS))];
}

/** The payout in tenths of the bet for these reels. */
export function slotsTenths(reels: Reels): number {
  const [a, b, c] = reels;
  if (a === b && b === c) return SLOT_PAYTABLE.three[a]!;
  return reels.filter((s) => s === 0).length === 2 ? SLOT_PAYTABLE.twoCherries : 0;
}

/** What the spin pays back in credits (bet included), rounded down to a whole credit. */
export function slotsPayout(bet: number, reels: Reels): number {
  return Math.floor((bet * slotsTenths(reels)) / 10);
}

/** The exact expected payback per unit bet: every combination of stops, weighted. */
export function slotsReturn(): number {
  let tenths = 0;
  const n = SLOT_WEIGHTS.length;
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++)
      for (let c = 0; c < n; c++) tenths += SLOT_WEIGHTS[a]! * SLOT_WEIGHTS[b]! * SLOT_WEIGHTS[c]! * slotsTenths([a, b, c]);
  return tenths / 10 / STOPS ** 3;
}

/** The house edge in percent (rounded to 0.01), as the reply and the README state it. */
export const SLOTS_EDGE_PERCENT = Math.round((1 - slotsReturn()) * 10_000) / 100;

export const reelsText = (reels: Reels) => reels.map((s) => SLOT_SYMBOLS[s]).join(' ');
