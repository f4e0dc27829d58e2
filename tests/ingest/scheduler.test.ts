/** Scheduler core and the player-count renamer, with fake timers. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PollScheduler } from '../../src/ingest/scheduler.js';
import { ChannelRenamer } from '../../src/ingest/channelRenamer.js';
import type { RestLike } from '../../src/ingest/types.js';
import { silentLogger } from './helpers.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('PollScheduler', () => {
  it('runs each job on its interval with jitter, never more than the concurrency cap at once', async () => {
    const s = new PollScheduler({ concurrency: 2, jitter: 0.1, random: () => 0.5 });
    let running = 0;
    let peak = 0;
    const runs: Record<string, number> = {};
    for (const id of ['a', 'b', 'c', 'd']) {
      s.add({
        id,
        intervalMs: 1000,
        run: async () => {
          running++;
          peak = Math.max(peak, running);
          runs[id] = (runs[id] ?? 0) + 1;
          await new Promise((r) => setTimeout(r, 300));
          running--;
        },
      });
    }
    await vi.advanceTimersByTimeAsync(5000);
    expect(peak).toBe(2);
    for (const id of ['a', 'b', 'c', 'd']) expect(runs[id]).toBeGreaterThanOrEqual(3);
    // A run may be going: stop() waits for it, on fake time.
    const stopped = s.stop();
    await vi.advanceTimersByTimeAsync(1000);
    await stopped;
  });

  it('counts the interval from the start of the previous run, leaving at least half an interval after a slow one', async () => {
    const s = new PollScheduler({ jitter: 0, random: () => 0 });
    const starts: number[] = [];
    let ms = 300;
    s.add({ id: 'x', intervalMs: 1000, run: () => (starts.push(Date.now()), new Promise((r) => setTimeout(r, ms))) });
    await vi.advanceTimersByTimeAsync(2500);
    const t0 = starts[0]!;
    expect(starts.map((t) => t - t0)).toEqual([0, 1000, 2000]);
    ms = 900; // slower than half the interval: the next run waits half an interval after it ends
    await vi.advanceTimersByTimeAsync(1000);
    await vi.advanceTimersByTimeAsync(2000);
    expect(starts.slice(3).map((t) => t - t0)).toEqual([3000, 4400]);
    expect(s.lag()).toMatchObject({ runs: starts.length, max: 0 });
    const stopped = s.stop();
    await vi.advanceTimersByTimeAsync(1000);
    await stopped;
  });

  it('pauses and resumes; re-adding a job as paused cancels its next run', async () => {
    const s = new PollScheduler({ random: () => 0 });
    let n = 0;
    const job = { id: 'x', intervalMs: 1000, run: async () => void n++ };
    s.add(job);
    await vi.advanceTimersByTimeAsync(1000);
    expect(n).toBe(2); // first run at 0 (random 0), the next one 900 ms later (jitter)
    s.pause('x');
    await vi.advanceTimersByTimeAsync(5000);
    expect(n).toBe(2);
    s.resume('x', { runNow: true });
    await vi.advanceTimersByTimeAsync(10);
    expect(n).toBe(3);
    s.add(job, { paused: true });
    expect(s.isPaused('x')).toBe(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(n).toBe(3);
    s.add(job, { paused: false });
    await vi.advanceTimersByTimeAsync(1000);
    expect(n).toBe(4);
    await s.stop();
  });

  it('stop() waits for a running job and nothing runs afterwards', async () => {
    const s = new PollScheduler({ random: () => 0 });
    let n = 0;
    let finished = false;
    s.add({ id: 'x', intervalMs: 1000, run: async () => {
      n++;
      await new Promise((r) => setTimeout(r, 100));
      finished = true;
    } });
    await vi.advanceTimersByTimeAsync(10);
    expect(n).toBe(1);
    const stopped = s.stop();
    await vi.advanceTimersByTimeAsync(200);
    await stopped;
    expect(finished).toBe(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(n).toBe(1);
  });
});

describe('PollScheduler fairness', () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it("starts a quiet guild's poll while another guild's many servers are polling", async () => {
    const s = new PollScheduler({ concurrency: 4, random: () => 0 });
    const events: string[] = [];
    let flood = 0;
    let floodPeak = 0;
    for (let i = 0; i < 8; i++) {
      s.add(
        {
          id: `f${i}`,
          group: 'flood',
          intervalMs: 60_000,
          run: async () => {
            flood++;
            floodPeak = Math.max(floodPeak, flood);
            events.push('start flood');
            await sleep(5000);
            flood--;
            events.push('end flood');
          },
        },
        { runNow: true },
      );
    }
    s.add({ id: 'q', group: 'quiet', intervalMs: 60_000, run: async () => void events.push('quiet') }, { runNow: true });
    await vi.advanceTimersByTimeAsync(100);
    // Before any of the flood's polls ended, while its other servers still wait for a slot.
    expect(events).toContain('quiet');
    expect(events).not.toContain('end flood');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(events.filter((e) => e === 'end flood')).toHaveLength(8);
    expect(floodPeak).toBe(3); // one slot always left for other guilds
    await s.stop();
  });

  it('runs a job again at once while it has more to do, taking turns with other guilds', async () => {
    const s = new PollScheduler({ concurrency: 1, random: () => 0 });
    const order: string[] = [];
    let left = 3;
    s.add({ id: 'a', group: 'ga', intervalMs: 60_000, run: async () => {
      order.push('a');
      await sleep(10);
      return { again: left-- > 0 };
    } }, { runNow: true });
    s.add({ id: 'b', group: 'gb', intervalMs: 60_000, run: async () => {
      order.push('b');
      await sleep(10);
    } }, { runNow: true });
    await vi.advanceTimersByTimeAsync(1000);
    expect(order).toEqual(['a', 'b', 'a', 'a', 'a']);
    await s.stop();
  });
});

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
