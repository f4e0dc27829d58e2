/**
 * Where the games' outcomes come from: `crypto.randomInt` (uniform, unpredictable), behind a small
 * interface so unit tests can replay a chosen or seeded sequence. The bot always plays with cryptoRng.
 */
import { randomInt } from 'node:crypto';

export interface Rng {
  /** A whole number in [0, n), each equally likely. */
  int(n: number): number;
}

export const cryptoRng: Rng = { int: (n) => randomInt(n) };

/** A seeded generator (mulberry32) for simulations in tests and the bench: reproducible, not secret. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return {
    int(n) {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * n);
    },
  };
}
