import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/services/rateLimiter.js';
import { Metrics } from '../../src/services/metrics.js';
import { definitionsHash } from '../../src/framework/sync.js';
import { effectiveTier, tierAtLeast } from '../../src/premium/tiers.js';

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

describe('Metrics', () => {
  it('renders counters and cumulative histogram buckets in Prometheus text format', () => {
    const m = new Metrics();
    m.observe('about', 'ok', 0.002);
    m.observe('about', 'ok', 0.3);
    m.observe('about', 'error', 0.02);
    const text = m.render({ tower_guilds: 2 });
    expect(text).toContain('tower_interactions_total{command="about",outcome="ok"} 2');
    expect(text).toContain('tower_interactions_total{command="about",outcome="error"} 1');
    expect(text).toContain('tower_interaction_duration_seconds_bucket{command="about",le="0.005"} 1');
    expect(text).toContain('tower_interaction_duration_seconds_bucket{command="about",le="0.5"} 3');
    expect(text).toContain('tower_interaction_duration_seconds_count{command="about"} 3');
    expect(text).toContain('tower_guilds 2');
  });
});

describe('command definitions hash', () => {
  it('ignores key order and changes with content', () => {
    const a = [{ name: 'x', description: 'd', options: [{ type: 3, name: 'o' }] }];
    const b = [{ description: 'd', options: [{ name: 'o', type: 3 }], name: 'x' }];
    expect(definitionsHash(a)).toBe(definitionsHash(b));
    expect(definitionsHash(a)).not.toBe(definitionsHash([{ ...a[0], description: 'e' }]));
  });
});

describe('premium tiers', () => {
  it('falls back to free after expiry and ranks tiers', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(effectiveTier({ tier: 'pro', expiresAt: new Date('2025-12-31T00:00:00Z') }, now)).toBe('free');
    expect(effectiveTier({ tier: 'pro', expiresAt: null }, now)).toBe('pro');
    expect(tierAtLeast('pro', 'supporter')).toBe(true);
    expect(tierAtLeast('free', 'supporter')).toBe(false);
  });
});
