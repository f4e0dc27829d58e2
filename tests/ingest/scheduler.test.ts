/** The poll scheduler (src/ingest/scheduler.ts): intervals, jitter and fairness with fake timers; runNow (backfills) on real ones. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PollScheduler } from '../../src/ingest/scheduler.js';

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

describe('backfills take scheduler slots (runNow)', () => {
  // These run on real timers.
  beforeEach(() => vi.useRealTimers());

  it('runNow keeps the concurrency cap, the group share and one run per id, and resolves with the result', async () => {
    const s = new PollScheduler({ concurrency: 2, perGroup: 1 });
    const running = new Map<string, number>();
    let total = 0;
    let maxTotal = 0;
    let maxPerGroup = 0;
    const ids = new Set<string>();
    let overlap = false;
    const task = (group: string, id: string, value: number) => async () => {
      if (ids.has(id)) overlap = true;
      ids.add(id);
      running.set(group, (running.get(group) ?? 0) + 1);
      maxTotal = Math.max(maxTotal, ++total);
      maxPerGroup = Math.max(maxPerGroup, running.get(group)!);
      await new Promise((r) => setTimeout(r, 5));
      running.set(group, running.get(group)! - 1);
      total--;
      ids.delete(id);
      return value;
    };
    const results = await Promise.all([
      ...[1, 2, 3, 4].map((n) => s.runNow(`a${n}`, task('A', `a${n}`, n), { group: 'A' })),
      s.runNow('a1', task('A', 'a1', 10), { group: 'A' }),
      s.runNow('b1', task('B', 'b1', 20), { group: 'B' }),
      s.runNow('b1', task('B', 'b1', 21), { group: 'B' }),
    ]);
    expect(results).toEqual([1, 2, 3, 4, 10, 20, 21]);
    expect(maxPerGroup).toBe(1);
    expect(maxTotal).toBe(2);
    expect(overlap).toBe(false);
    await vi.waitFor(() => expect(s.running).toBe(0)); // a slot is given back just after its caller is answered
  });

  it('runNow waits for a scheduled run of the same id, and is refused once stopped', async () => {
    const s = new PollScheduler({ concurrency: 4, random: () => 0 });
    let scheduledRunning = false;
    let sawOverlap = false;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    s.add({ id: 'x', intervalMs: 60_000, run: async () => ((scheduledRunning = true), await gate, (scheduledRunning = false), undefined) }, { runNow: true });
    await vi.waitFor(() => expect(scheduledRunning).toBe(true));
    const once = s.runNow('x', async () => ((sawOverlap = scheduledRunning), 'done'));
    await new Promise((r) => setTimeout(r, 20));
    release();
    expect(await once).toBe('done');
    expect(sawOverlap).toBe(false);
    const blocker = s.runNow('y', () => new Promise((r) => setTimeout(r, 20)));
    const waiting = s.runNow('y', async () => 'never');
    const stopped = s.stop();
    await expect(waiting).rejects.toThrow('scheduler stopped');
    await blocker;
    await stopped;
    await expect(s.runNow('z', async () => 1)).rejects.toThrow('scheduler stopped');
  });
});
