/** Where /flags' windows begin in the guild's timezone (src/commands/flags/since.ts). */
import { describe, expect, it } from 'vitest';
import { windowStart } from '../../../src/commands/flags/since.js';

describe('flags window start', () => {
  // Sunday 2026-12-06 22:30 UTC is Monday 2026-12-07 07:30 in Tokyo.
  const now = new Date('2026-12-06T22:30:00Z');
  const season = new Date('2026-11-15T18:00:00Z');
  it('starts today, this week and this month at local midnight', () => {
    expect(windowStart('today', now, 'UTC', season)?.toISOString()).toBe('2026-12-06T00:00:00.000Z');
    expect(windowStart('week', now, 'UTC', season)?.toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(windowStart('month', now, 'UTC', season)?.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(windowStart('today', now, 'Asia/Tokyo', null)?.toISOString()).toBe('2026-12-06T15:00:00.000Z');
    expect(windowStart('week', now, 'Asia/Tokyo', null)?.toISOString()).toBe('2026-12-06T15:00:00.000Z');
  });
  it('starts season at the current season’s start, and has no bound before the first season or for all', () => {
    expect(windowStart('season', now, 'Asia/Tokyo', season)).toBe(season);
    expect(windowStart('season', now, 'UTC', null)).toBeNull();
    expect(windowStart('all', now, 'UTC', season)).toBeNull();
  });
});
