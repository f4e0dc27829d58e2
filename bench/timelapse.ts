/**
 * Timelapse and Deadside.log benchmark: `npm run bench -- timelapse` (or `npx tsx bench/timelapse.ts`).
 * - /canvas timelapse without the database (what the service does after its fetch): 100k placements on
 *   one pixel, 100k over a 256×256 canvas, and 65,536 distinct colours → ordered history → GIF. Total
 *   time and the longest the event loop was held (a 1 ms interval probe), median of 3 runs; targets
 *   ≤ 2 s and ≤ 50 ms. Also the longest synchronous slice of the build alone (without GC or other
 *   processes on the shared cores, which the probe also sees).
 *   For comparison, the old ordering (a copy of the pixel's list per placement) on a few thousand.
 * - parseServerLogLine on 2 MB pathological lines for the three rewritten patterns (target ≤ 100 ms
 *   each), and the old regexes on 32 and 64 KiB versions of the same lines, extrapolated to 2 MB by
 *   their measured growth.
 * Exits non-zero when a target is missed; a watchdog ends it if anything hangs.
 */
import { pathToFileURL } from 'node:url';
import { overlayKey, overlayValue } from '../src/canvas/board.js';
import { historySteps, type TimelineEntry } from '../src/canvas/history.js';
import { PixelGrid } from '../src/canvas/pixels.js';
import { TIMELAPSE_LIMITS } from '../src/canvas/logTimelapse.js';
import { runSliced, SLICE_MS } from '../src/canvas/slices.js';
import { buildTimelapse, timelapseSteps, type TimelapseResult } from '../src/canvas/timelapse.js';
import { parseServerLogLine } from '../src/deadside/serverLog.js';

const TIMELAPSE_TARGET_MS = 2_000;
const HOLD_TARGET_MS = 50;
const PARSE_TARGET_MS = 100;
const WATCHDOG_MS = 180_000;
const COLORS = [0xe50000, 0x0083c7, 0x02be01, 0x820080, 0x222222];

let failed = false;
const ms = (v: number): string => `${v.toFixed(1)} ms`;
const verdict = (ok: boolean): string => {
  if (!ok) failed = true;
  return ok ? 'ok' : 'MISSED';
};

/** A history of n placements as the log stores it (newest first, as the service fetches it). */
function simulate(size: number, n: number, pick: (i: number) => [number, number], colorOf = (i: number, x: number): number => COLORS[(i * 7 + x) % COLORS.length]!) {
  const grid = new PixelGrid(size, size, 0xffffff);
  const seqs = new Map<string, number>();
  const entries: TimelineEntry[] = [];
  for (let i = 0; i < n; i++) {
    const [x, y] = pick(i);
    const key = overlayKey(x, y);
    const seq = (seqs.get(key) ?? 0) + 1;
    seqs.set(key, seq);
    const color = colorOf(i, x);
    entries.push({ x, y, color, previous: grid.set(x, y, color), rev: 0, seq, at: new Date(1_735_689_600_000 + i * 1000) });
  }
  const p: Record<string, number> = {};
  for (const [key, seq] of seqs) {
    const [x, y] = key.split('_').map(Number) as [number, number];
    p[key] = overlayValue(seq, grid.get(x, y));
  }
  entries.reverse();
  return { board: { rev: 0, p, background: 0xffffff }, grid, entries };
}

/** Runs `work` while a 1 ms interval measures how long the event loop was held at a time. */
async function probed<T>(work: () => Promise<T>): Promise<{ result: T; totalMs: number; holdMs: number }> {
  let last = performance.now();
  let hold = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    hold = Math.max(hold, now - last);
    last = now;
  }, 1);
  const t0 = performance.now();
  const result = await work();
  const totalMs = performance.now() - t0;
  hold = Math.max(hold, performance.now() - last);
  clearInterval(probe);
  return { result, totalMs, holdMs: hold };
}

const RUNS = 3;
const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function benchTimelapse(label: string, size: number, n: number, pick: (i: number) => [number, number], colorOf?: (i: number, x: number) => number): Promise<void> {
  const { board, grid, entries } = simulate(size, n, pick, colorOf);
  // Warm-up on a small history (JIT), not measured.
  const warm = simulate(size, 2_000, pick, colorOf);
  await buildTimelapse(await runSliced(historySteps(warm.board, warm.grid, warm.entries, false)), TIMELAPSE_LIMITS);
  const totals: number[] = [];
  const holds: number[] = [];
  let longestSlice = 0;
  let result: TimelapseResult | undefined;
  const onSlice = (t: number): void => {
    longestSlice = Math.max(longestSlice, t);
  };
  for (let run = 0; run < RUNS; run++) {
    const m = await probed(async () =>
      runSliced(timelapseSteps(await runSliced(historySteps(board, grid, entries, false), SLICE_MS, onSlice), TIMELAPSE_LIMITS), SLICE_MS, onSlice),
    );
    totals.push(m.totalMs);
    holds.push(m.holdMs);
    result = m.result;
  }
  const r = result!;
  const total = median(totals);
  const hold = median(holds);
  console.log(
    `timelapse ${label}: ${n.toLocaleString('en-US')} placements on ${size}×${size} → ${r.placements.toLocaleString('en-US')} animated, ` +
      `${r.frames} frames ${r.width}×${r.height}, ${Math.round(r.bytes / 1024)} KB`,
  );
  console.log(`  total ${ms(total)} (median of ${RUNS}: ${totals.map(ms).join(', ')}; target ≤ ${TIMELAPSE_TARGET_MS} ms: ${verdict(total <= TIMELAPSE_TARGET_MS)})`);
  console.log(
    `  event loop held at most ${ms(hold)} (1 ms probe, median of ${RUNS}: ${holds.map(ms).join(', ')}; target ≤ ${HOLD_TARGET_MS} ms: ${verdict(hold <= HOLD_TARGET_MS)})`,
  );
  console.log(`  longest synchronous slice of the build itself ${ms(longestSlice)} (the probe adds GC and other processes on these cores)`);
}

/** The ordering the service used before: a copy of the pixel's whole list on every placement. */
function oldTimelineOrder(log: readonly TimelineEntry[]): TimelineEntry[] {
  const byTime = [...log].sort((a, b) => a.at.getTime() - b.at.getTime());
  const perPixel = new Map<string, TimelineEntry[]>();
  for (const p of byTime) {
    const k = overlayKey(p.x, p.y);
    perPixel.set(k, [...(perPixel.get(k) ?? []), p]);
  }
  return byTime;
}

function benchOldOrdering(): void {
  const times: string[] = [];
  let n = 5_000;
  let t = 0;
  // Doubling until one call blocks for over a second: enough to see the growth, never a long wait.
  for (; n <= 40_000; n *= 2) {
    const { entries } = simulate(32, n, () => [3, 4]);
    const t0 = performance.now();
    oldTimelineOrder(entries);
    t = performance.now() - t0;
    times.push(`${n.toLocaleString('en-US')}: ${ms(t)}`);
    if (t > 1_000) break;
  }
  const last = Math.min(n, 40_000);
  console.log(
    `before: old ordering on one pixel, one blocking call each: ${times.join(', ')} → at least ${((t * (100_000 / last) ** 2) / 1000).toFixed(0)} s at 100,000 (quadratic, plus GC)`,
  );
}

// ------------------------------------------------------------------ Deadside.log

const P = '[2025.05.15-00.02.03:561][1612]';
const ID = '5f557203301850c5a38fd547923a7369';
const CLOSE_HEAD = 'LogNet: UChannel::Close: Sending CloseBunch.';
const LOGIN_HEAD = 'LogSFPS: [ASFPSGameSession::OnLogin] Login = ';
const KICK_HEAD = 'LogSFPS: Error: [ASFPSGameSession::KickPlayer] Login = ';
const OLD = {
  close: /LogNet: UChannel::Close: Sending CloseBunch\..*UniqueId: EOS:\|([a-f0-9]{32})(?:[^a-f0-9]|$)/,
  login: /LogSFPS: \[ASFPSGameSession::OnLogin\] Login = (.+), ID = \|([a-f0-9]{32})(?:[^a-f0-9]|$)/,
  kick: /LogSFPS: Error: \[ASFPSGameSession::KickPlayer\] Login = (.+?), (?:\w+ = \|?([a-f0-9]{32}), )?Msg = (.*)$/,
};
const fill = (unit: string, bytes: number): string => unit.repeat(Math.ceil(bytes / unit.length));

/** Time of the old regex at 64 KiB and its measured growth from 32 KiB, extrapolated to 2 MB. */
function oldAt2MB(re: RegExp, make: (bytes: number) => string): { at64: number; growth: number; at2MB: number } {
  const a = make(32 * 1024);
  const b = make(64 * 1024);
  const t32 = best(2, () => re.exec(a));
  const t64 = best(2, () => re.exec(b));
  // Exponent of the growth (1 = linear, 2 = quadratic), from one doubling; noise kept inside [1, 2].
  const exponent = Math.min(2, Math.max(1, Math.log2(t64 / Math.max(t32, 1e-3))));
  return { at64: t64, growth: t64 / Math.max(t32, 1e-3), at2MB: t64 * 32 ** exponent };
}

const LINES: Array<{ label: string; pattern: keyof typeof OLD; make: (bytes: number) => string }> = [
  { label: 'CloseBunch, `UniqueId: EOS:|` repeated', pattern: 'close', make: (b) => `${P}${CLOSE_HEAD} ${fill('UniqueId: EOS:|', b)}` },
  { label: 'CloseBunch, whole head repeated', pattern: 'close', make: (b) => P + fill(`${CLOSE_HEAD} UniqueId: EOS:|`, b) },
  { label: 'OnLogin, `Login = ` repeated, no `, ID =`', pattern: 'login', make: (b) => P + fill(LOGIN_HEAD, b) },
  { label: 'KickPlayer, `Login = ` repeated, no `Msg`', pattern: 'kick', make: (b) => P + fill(KICK_HEAD, b) },
  { label: 'KickPlayer, `, Msg = ` runs cut by a \\r', pattern: 'kick', make: (b) => `${P}${KICK_HEAD}a${fill(', Msg = a', b)}\rx` },
];

function best(n: number, f: () => void): number {
  let t = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    f();
    t = Math.min(t, performance.now() - t0);
  }
  return t;
}

function benchServerLog(): void {
  const MB2 = 2 * 1024 * 1024;
  console.log(`\nDeadside.log: parseServerLogLine on 2 MB pathological lines (best of 3); the old regex at 32 and 64 KiB, extrapolated`);
  for (const { label, pattern, make } of LINES) {
    const line = make(MB2);
    const result = parseServerLogLine(line);
    const t = best(3, () => parseServerLogLine(line));
    const old = oldAt2MB(OLD[pattern], make);
    const rejected = result !== null && !result.ok;
    console.log(
      `  ${label.padEnd(46)} now ${ms(t).padStart(9)} (${rejected ? 'rejected' : 'UNEXPECTED RESULT'}; target ≤ ${PARSE_TARGET_MS} ms: ${verdict(rejected && t <= PARSE_TARGET_MS)})` +
        ` | before: ${ms(old.at64)} at 64 KiB (×${old.growth.toFixed(1)} per doubling) ≈ ${(old.at2MB / 1000).toFixed(1)} s at 2 MB`,
    );
  }
  // The same lines once they do carry an event: still found, still linear.
  const t = best(3, () => {
    const r = parseServerLogLine(`${P}${KICK_HEAD}${fill('a, ', MB2)}SteamId = |${ID}, Msg = bye`);
    if (!r?.ok || r.event.type !== 'kick' || r.event.eosId !== ID) throw new Error('kick not found');
  });
  console.log(`  KickPlayer, 2 MB login then a real id and Msg       now ${ms(t).padStart(9)} (event found)`);
}

export async function run(): Promise<void> {
  const watchdog = setTimeout(() => {
    console.error(`timelapse bench: still running after ${WATCHDOG_MS / 1000} s, giving up`);
    process.exit(2);
  }, WATCHDOG_MS);
  watchdog.unref();
  console.log(`limits: ${JSON.stringify(TIMELAPSE_LIMITS)}`);
  await benchTimelapse('one pixel', 32, 100_000, () => [3, 4]);
  let s = 1;
  const rnd = (): number => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return Math.floor((s / 0x80000000) * 256);
  };
  await benchTimelapse('whole canvas', 256, 100_000, () => [rnd(), rnd()]);
  // Bought colours: more than a GIF table holds (gifenc's quantizer blocked 7 s on 65,536 colours).
  await benchTimelapse('65,536 colours', 256, 65_536, (i) => [i % 256, i >> 8], (i) => (i * 2654435761) & 0xffffff);
  benchOldOrdering();
  benchServerLog();
  clearTimeout(watchdog);
  if (failed) {
    console.log('\nFAILED: a target was missed');
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
