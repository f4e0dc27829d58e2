/**
 * The cheap check's schedule (src/ingest/checkSchedule.ts) and how RemoteTree follows it: at fast polls the
 * live CSV is stat'ed every poll, Deadside.log and the folders on their slower clocks, each seen within its
 * stated bound; what is not stat'ed is marked stale, never read on an old size.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckClock, FOLDER_CHECK_MS, LOG_CHECK_MS } from '../../src/ingest/checkSchedule.js';
import { RemoteTree } from '../../src/ingest/discovery.js';
import type { RemoteFiles } from '../../src/ingest/types.js';
import { MIN_POLL_SECONDS } from '../../src/ingest/scheduler.js';
import type { RemoteEntry, RemoteStat } from '../../src/sftp/index.js';

const FAST = MIN_POLL_SECONDS * 1000;

/** Poll times at `interval` ± 5 % (the scheduler's jitter), from a seeded sequence. */
function pollTimes(interval: number, n: number): number[] {
  let seed = 7;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const out = [0];
  for (let i = 1; i < n; i++) out.push(out[i - 1]! + interval * (0.95 + 0.1 * rand()));
  return out;
}

/** The gaps between the polls at which a clock's check was made. */
function checkGaps(periodMs: number, interval: number, n = 500): number[] {
  const clock = new CheckClock(periodMs);
  const at: number[] = [];
  for (const t of pollTimes(interval, n)) {
    if (!clock.due(t, interval)) continue;
    clock.done(t);
    at.push(t);
  }
  return at.slice(1).map((t, i) => t - at[i]!);
}

describe('CheckClock', () => {
  it('at the fastest interval, checks the log every 2nd poll and the folders every 15th, within period + 0.55 interval', () => {
    for (const [period, polls] of [
      [LOG_CHECK_MS, 2],
      [FOLDER_CHECK_MS, 15],
    ] as const) {
      const gaps = checkGaps(period, FAST);
      expect(Math.max(...gaps)).toBeLessThanOrEqual(period + 0.55 * FAST);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(period - FAST / 2);
      expect(Math.round(gaps.reduce((a, b) => a + b, 0) / gaps.length / FAST)).toBe(polls);
    }
  });

  it('checks at every poll when polls are slow (the log from 3 s, the folders from Free’s 30 s), or the interval is not known', () => {
    for (const [period, interval] of [
      [LOG_CHECK_MS, 10_000],
      [LOG_CHECK_MS, 3_000],
      [FOLDER_CHECK_MS, 30_000],
      [FOLDER_CHECK_MS, Infinity],
    ] as const) {
      const n = 50;
      const clock = new CheckClock(period);
      let checks = 0;
      for (const t of pollTimes(Number.isFinite(interval) ? interval : 1000, n)) {
        if (!clock.due(t, interval)) continue;
        checks++;
        clock.done(t);
      }
      expect(checks, `${period} ms at ${interval} ms`).toBe(n);
    }
  });
});

/** A host whose files and folders a test sets; every stat asked for is counted, per round. */
class Host implements RemoteFiles {
  readonly files = new Map<string, { size: number; mtimeMs: number }>();
  readonly dirs = new Map<string, number>();
  readonly rounds: string[][] = [];
  readonly listed: string[] = [];

  file(p: string, size: number, mtimeMs: number): void {
    this.files.set(p, { size, mtimeMs });
    this.dirs.set(path.posix.dirname(p), mtimeMs);
  }

  list(_key: string, dir: string): Promise<RemoteEntry[]> {
    this.listed.push(dir);
    const child = (p: string) => path.posix.dirname(p) === dir;
    return Promise.resolve([
      ...[...this.dirs].filter(([p]) => child(p)).map(([p, m]) => ({ name: path.posix.basename(p), type: 'dir' as const, size: 0, modifiedAt: new Date(m) })),
      ...[...this.files].filter(([p]) => child(p)).map(([p, f]) => ({ name: path.posix.basename(p), type: 'file' as const, size: f.size, modifiedAt: new Date(f.mtimeMs) })),
    ]);
  }

  statMany(_key: string, paths: readonly string[]): Promise<(RemoteStat | null)[]> {
    this.rounds.push([...paths]);
    return Promise.resolve(
      paths.map((p) => {
        const f = this.files.get(p);
        if (f) return { type: 'file' as const, size: f.size, modifiedAt: new Date(f.mtimeMs) };
        const d = this.dirs.get(p);
        return d === undefined ? null : { type: 'dir' as const, size: 0, modifiedAt: new Date(d) };
      }),
    );
  }

  stat(): Promise<RemoteStat> {
    return Promise.reject(new Error('the tree uses statMany'));
  }

  readFrom(): never {
    throw new Error('the tree reads no file');
  }
}

const DL = 'srv/deathlogs';
const LOG = 'srv/Logs/Deadside.log';
const csv = (world: number, hh: number) => `${DL}/world_${world}/2025.05.01-${String(hh).padStart(2, '0')}.00.00.csv`;

/** A usual server (one world, one CSV, the log) polled at the fastest interval, its first listings settled. */
async function fastTree(setup: (host: Host) => void = () => undefined) {
  const host = new Host();
  host.dirs.set(DL, 1_000);
  host.file(csv(0, 0), 100, 2_000);
  host.file(LOG, 500, 2_000);
  setup(host);
  let now = 100_000;
  const tree = new RemoteTree(host, 'k', { deathlogs: DL, serverLog: LOG }, () => now, () => FAST);
  const poll = async () => {
    now += FAST;
    return tree.files();
  };
  await tree.files();
  await poll(); // lists the folders again once: they were first seen in the first listing's instant
  host.rounds.length = 0;
  host.listed.length = 0;
  return { host, tree, poll, now: () => now };
}

describe('RemoteTree at the fastest interval', () => {
  it('stats the live CSV each poll, the log every 2nd, the folders every 15th: under one request a second, no listing', async () => {
    const { host, poll } = await fastTree();
    const polls = 150;
    for (let i = 0; i < polls; i++) await poll();
    const asked = host.rounds.flat();
    const count = (p: string) => asked.filter((x) => x === p).length;
    expect(host.rounds.length).toBe(polls);
    expect(count(csv(0, 0))).toBe(polls);
    // A folder round stats the log too (then every 2nd poll again from there): 8 log stats per 15 polls.
    expect(count(DL)).toBe(polls / 15);
    expect(count(`${DL}/world_0`)).toBe(polls / 15);
    expect(count(LOG)).toBe((polls / 15) * 8);
    expect(host.rounds.filter((r) => r.length === 1).length).toBe(polls - count(LOG));
    expect(asked.length / ((polls * FAST) / 1000)).toBeLessThanOrEqual(0.85);
    expect(host.listed).toEqual([]);
  });

  it('finds a new session CSV within FOLDER_CHECK_MS + 0.55 interval, a grown log within LOG_CHECK_MS + 0.55 interval', async () => {
    const { host, poll, now } = await fastTree();
    await poll();
    const at = now();
    host.file(csv(0, 6), 40, at);
    host.files.get(LOG)!.size += 80;
    let logAt: number | null = null;
    let csvAt: number | null = null;
    while (csvAt === null && now() - at < 3 * FOLDER_CHECK_MS) {
      const r = await poll();
      if (logAt === null && r.files.find((f) => f.path === LOG && !f.stale)?.size === 580) logAt = now();
      if (r.files.some((f) => f.path === csv(0, 6))) csvAt = now();
    }
    expect(logAt! - at).toBeLessThanOrEqual(LOG_CHECK_MS + 0.55 * FAST);
    expect(csvAt! - at).toBeLessThanOrEqual(FOLDER_CHECK_MS + 0.55 * FAST);
    expect(host.listed).toContain(`${DL}/world_0`);
  });

  it('finds a new world folder within FOLDER_CHECK_MS + 0.55 interval', async () => {
    const { host, poll, now } = await fastTree();
    const at = now();
    host.file(csv(1, 1), 70, at);
    host.dirs.set(DL, at);
    let found: number | null = null;
    while (found === null && now() - at < 3 * FOLDER_CHECK_MS) if ((await poll()).files.some((f) => f.path === csv(1, 1))) found = now();
    expect(found! - at).toBeLessThanOrEqual(FOLDER_CHECK_MS + 0.55 * FAST);
  });

  it('marks a growing file it did not stat as stale; a full check stats everything', async () => {
    const { tree, poll } = await fastTree();
    const rounds = [await poll(), await poll()];
    const stale = rounds.map((r) => r.files.filter((f) => f.stale).map((f) => f.path));
    // One of two consecutive polls stats the log; the live CSV is never stale.
    expect(stale.flat()).toEqual([LOG]);
    expect((await tree.files({ full: true })).files.filter((f) => f.stale)).toEqual([]);
  });

  it('stats only the world written last each poll; another world that grows takes over at its next stat', async () => {
    const { host, poll } = await fastTree((h) => h.file(csv(1, 3), 10, 1_500));
    const polls = Math.round(FOLDER_CHECK_MS / FAST);
    for (let i = 0; i < polls; i++) await poll();
    const perPoll = host.rounds.filter((r) => r.length === 1);
    expect(perPoll.every((r) => r[0] === csv(0, 0))).toBe(true);
    expect(host.rounds.flat().filter((p) => p === csv(1, 3)).length).toBe(1); // with the folders
    // The game now writes world_1's CSV (its folder's mtime does not move).
    host.files.set(csv(1, 3), { size: 30, mtimeMs: 500_000 });
    host.rounds.length = 0;
    let r = await poll();
    for (let i = 0; i < polls && r.files.find((f) => f.path === csv(1, 3))!.size !== 30; i++) r = await poll();
    expect(r.files.find((f) => f.path === csv(1, 3))).toMatchObject({ size: 30 });
    host.rounds.length = 0;
    await poll();
    expect(host.rounds.at(-1)).toContain(csv(1, 3));
    expect(host.rounds.at(-1)).not.toContain(csv(0, 0));
  });
});
