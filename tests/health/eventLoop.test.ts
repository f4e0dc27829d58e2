/**
 * The event-loop delay gauges (src/health/eventLoop.ts): a callback held back by a busy loop shows in
 * the max and p99 of the current window, and the gauges are seconds.
 */
import { describe, expect, it } from 'vitest';
import { EventLoopLag } from '../../src/health/eventLoop.js';

describe('event-loop delay for /metrics', () => {
  it('reports a loop held busy for 300 ms as a delay of at least that', async () => {
    const lag = new EventLoopLag().start();
    try {
      await new Promise((r) => setTimeout(r, 100));
      const before = lag.gauges();
      expect(before.tower_event_loop_lag_max_seconds).toBeLessThan(0.3);
      const until = Date.now() + 300;
      while (Date.now() < until) {
        /* hold the loop */
      }
      await new Promise((r) => setTimeout(r, 100));
      const after = lag.gauges();
      expect(after.tower_event_loop_lag_max_seconds).toBeGreaterThanOrEqual(0.28);
      expect(after.tower_event_loop_lag_p50_seconds).toBeLessThanOrEqual(after.tower_event_loop_lag_p99_seconds!);
      expect(after.tower_event_loop_lag_p99_seconds).toBeLessThanOrEqual(after.tower_event_loop_lag_max_seconds!);
    } finally {
      lag.stop();
    }
  });
});
