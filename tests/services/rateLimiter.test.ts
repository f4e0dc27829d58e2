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

  it('keeps an hour-long window through the sweeps of short ones', () => {
    let now = 1_000;
    const rl = new RateLimiter(() => now);
    expect(rl.take('hour', 1, 3_600_000)).toBe(0);
    // Ten minutes of 10-second windows opening (each may sweep): the hour's use stays counted.
    for (let i = 0; i < 60; i++) {
      now += 10_000;
      rl.take(`short-${i}`, 5, 10_000);
    }
    expect(rl.take('hour', 1, 3_600_000)).toBe(3_600_000 - 600_000);
  });
});
