/** The player-count renamer (src/ingest/channelRenamer.ts), with fake timers. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChannelRenamer } from '../../src/ingest/channelRenamer.js';
import type { RestLike } from '../../src/ingest/types.js';
import { silentLogger } from './helpers.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('ChannelRenamer', () => {
  it('renames at most twice per 10 minutes and always ends on the latest name', async () => {
    const names: string[] = [];
    const rest: RestLike = { get: async () => ({ name: 'players' }), post: async () => undefined, patch: async (_r, o) => void names.push((o.body as { name: string }).name) };
    const r = new ChannelRenamer(rest, silentLogger);
    for (let i = 1; i <= 8; i++) {
      r.request('c', `🟢 ${i}/60`);
      await vi.advanceTimersByTimeAsync(10_000);
    }
    expect(names).toEqual(['🟢 1/60', '🟢 2/60']);
    expect(r.pending()).toEqual({ c: '🟢 8/60' });
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(names).toEqual(['🟢 1/60', '🟢 2/60', '🟢 8/60']);
    expect(r.pending()).toEqual({});
    // Same name again: no call.
    r.request('c', '🟢 8/60');
    await vi.advanceTimersByTimeAsync(1000);
    expect(names).toHaveLength(3);
    r.stop();
  });
});
