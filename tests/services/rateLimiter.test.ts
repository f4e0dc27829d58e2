import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/services/rateLimiter.js';

describe('RateLimiter', () => {
  it('allows `uses` per window and says how long to wait', () => {
    let now = 1_000;
    const rl = new RateLimiter(() => now);
    expect([1, 2, 3].map(() => rl.take('k', 3, 10_000))).toEqual([0, 0, 0]);
    expect(rl.take('k', 3, 10_000)).toBe(10_000);
    now += 4_000;
    expect(rl.take('k', 3, 10_000)).toBe(6_000);
    expect(rl.take('other', 3, 10_000)).toBe(0);
    now += 6_000;
    expect(rl.take('k', 3, 10_000)).toBe(0);
  });
});
