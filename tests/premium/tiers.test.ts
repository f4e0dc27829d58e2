/**
 * PENDING (tests/architecture/testLayout.test.ts): what is left of this file tests src/premium/tiers.ts and
 * belongs in tests/premium/tiers.test.ts; it moves there once tests/premium is free. Its other parts moved
 * to tests/services/rateLimiter.test.ts, tests/services/metrics.test.ts and tests/framework/sync.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { effectiveTier, tierAtLeast } from '../../src/premium/tiers.js';

describe('premium tiers', () => {
  it('falls back to free after expiry and ranks tiers', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(effectiveTier({ tier: 'pro', expiresAt: new Date('2025-12-31T00:00:00Z') }, now)).toBe('free');
    expect(effectiveTier({ tier: 'pro', expiresAt: null }, now)).toBe('pro');
    expect(tierAtLeast('pro', 'supporter')).toBe(true);
    expect(tierAtLeast('free', 'supporter')).toBe(false);
  });
});
