/** Slots and coinflip (src/games/slots.ts, coinflip.ts): the paytables, and the stated edges from their math. */
import { describe, expect, it } from 'vitest';
import { COINFLIP_EDGE_PERCENT, coinflipPayout, coinflipReturn, flip } from '../../src/games/coinflip.js';
import { seededRng, type Rng } from '../../src/games/rng.js';
import { reelsText, SLOT_PAYTABLE, SLOT_WEIGHTS, slotsPayout, slotsReturn, slotsTenths, SLOTS_EDGE_PERCENT, spin } from '../../src/games/slots.js';

const STOPS = SLOT_WEIGHTS.reduce((a, b) => a + b, 0);
const scripted = (values: number[]): Rng => ({ int: () => values.shift() ?? 0 });

describe('slots', () => {
  it('pays three of a kind per symbol and two cherries, in tenths of the bet, rounded down to whole credits', () => {
    expect(slotsTenths([5, 5, 5])).toBe(SLOT_PAYTABLE.three[5]);
    expect(slotsTenths([0, 0, 0])).toBe(SLOT_PAYTABLE.three[0]);
    expect(slotsTenths([0, 3, 0])).toBe(SLOT_PAYTABLE.twoCherries);
    expect(slotsTenths([0, 3, 4])).toBe(0);
    expect(slotsTenths([1, 1, 2])).toBe(0);
    expect(slotsPayout(10, [0, 0, 1])).toBe(20);
    expect(slotsPayout(1, [0, 0, 0])).toBe(5);
    expect(slotsPayout(3, [0, 0, 1])).toBe(6);
    expect(reelsText([5, 4, 0])).toBe('7️⃣ 💎 🍒');
  });

  it('maps every stop of the strip to its symbol by weight', () => {
    expect(spin(scripted([0, STOPS - 1, SLOT_WEIGHTS[0]]))).toEqual([0, 5, 1]);
  });

  it('states the edge its paytable gives: every one of the strip’s stop combinations, counted', () => {
    let tenths = 0;
    for (let a = 0; a < STOPS; a++) for (let b = 0; b < STOPS; b++) for (let c = 0; c < STOPS; c++) tenths += slotsTenths(spin(scripted([a, b, c])));
    expect(tenths / 10 / STOPS ** 3).toBeCloseTo(slotsReturn(), 12);
    expect(SLOTS_EDGE_PERCENT).toBe(4.42);
  });

  it('lands on it in a simulation of 500,000 spins', () => {
    const rng = seededRng(7);
    let paid = 0;
    let squares = 0;
    const n = 500_000;
    for (let i = 0; i < n; i++) {
      const r = slotsTenths(spin(rng)) / 10;
      paid += r;
      squares += r * r;
    }
    const mean = paid / n;
    expect(Math.abs(mean - slotsReturn())).toBeLessThan(4 * Math.sqrt((squares / n - mean ** 2) / n));
  });
});

describe('coinflip', () => {
  it('pays 1.9× a right call, rounded down, and nothing otherwise: a 5 % edge', () => {
    expect(coinflipPayout(100, 'heads', 'heads')).toBe(190);
    expect(coinflipPayout(7, 'tails', 'tails')).toBe(13);
    expect(coinflipPayout(100, 'heads', 'tails')).toBe(0);
    expect(coinflipReturn()).toBeCloseTo(0.95, 12);
    expect(COINFLIP_EDGE_PERCENT).toBe(5);
    expect([flip(scripted([0])), flip(scripted([1]))]).toEqual(['heads', 'tails']);
  });
});
