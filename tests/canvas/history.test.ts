/** Timelapses of long histories: the timeline order, slicing, the placement and frame caps. */
import { describe, expect, it } from 'vitest';
import { overlayKey, overlayValue } from '../../src/canvas/board.js';
import { historySteps, timelineOrder, type TimelineEntry } from '../../src/canvas/history.js';
import { DEFAULT_PALETTE } from '../../src/canvas/palette.js';
import { PixelGrid } from '../../src/canvas/pixels.js';
import { runSliced } from '../../src/canvas/slices.js';
import { buildTimelapse, renderTimelapse, TIMELAPSE_MAX_FRAMES, TIMELAPSE_MAX_PLACEMENTS, type TimelapsePlacement } from '../../src/canvas/timelapse.js';
import { decodeGif, finalState, randomPlacements } from './helpers.js';

describe('timelapse of long histories (linear, sliced, capped)', () => {
  const W = 32;
  const WHITE = 0xffffff;
  const COLORS = [0xe50000, 0x0083c7, 0x02be01, 0x820080, 0x222222];
  const OPTS = { maxBytes: 8 * 1024 * 1024, maxFrames: TIMELAPSE_MAX_FRAMES, sizePx: 64, maxPlacements: TIMELAPSE_MAX_PLACEMENTS };

  /**
   * `n` placements in their true order, as the log stores them; every 7th one's clock reads 15 ms
   * earlier than the one before it (racing writers), so time order alone would be wrong.
   */
  function simulate(n: number, pick: (i: number) => [number, number]) {
    const grid = new PixelGrid(W, W, WHITE);
    const seqs = new Map<string, number>();
    const entries: TimelineEntry[] = [];
    const states: Uint32Array[] = [];
    for (let i = 0; i < n; i++) {
      const [x, y] = pick(i);
      const key = overlayKey(x, y);
      const seq = (seqs.get(key) ?? 0) + 1;
      seqs.set(key, seq);
      const color = COLORS[(i * 7 + x) % COLORS.length]!;
      const previous = grid.set(x, y, color);
      entries.push({ x, y, color, previous, rev: 0, seq, at: new Date(Date.UTC(2025, 0, 1) + i * 10 - (i % 7 === 3 ? 15 : 0)) });
      if (i + 1 === n / 2) states.push(grid.data.slice());
    }
    const p: Record<string, number> = {};
    for (const [key, seq] of seqs) {
      const [x, y] = key.split('_').map(Number) as [number, number];
      p[key] = overlayValue(seq, grid.get(x, y));
    }
    return { board: { rev: 0, p, background: WHITE }, grid, entries, halfway: states[0]! };
  }

  function expectPicture(actual: Uint32Array, scale: number, expected: Uint32Array, label: string): void {
    for (let y = 0; y < W; y++) {
      for (let x = 0; x < W; x++) expect(actual[y * scale * W * scale + x * scale], `${label} pixel ${x},${y}`).toBe(expected[y * W + x]);
    }
  }

  it('orders 100k placements on one pixel by their true order despite skewed clocks', () => {
    const { entries } = simulate(100_000, () => [3, 4]);
    const order = timelineOrder(entries.slice().reverse()); // any input order
    expect(order).toHaveLength(100_000);
    for (let i = 0; i < order.length; i++) if (order[i]!.seq !== i + 1) expect(order[i]!.seq, `slot ${i}`).toBe(i + 1);
  });

  it('100k placements on one pixel: last frame is the current canvas, placements and frames capped, the loop keeps running', async () => {
    const { board, grid, entries } = simulate(100_000, () => [3, 4]);
    let ticks = 0;
    let ticking = true;
    const tick = (): void => {
      ticks++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const history = await runSliced(historySteps(board, grid, entries, false));
    const r = await buildTimelapse(history, OPTS);
    ticking = false;
    expect(ticks).toBeGreaterThan(3); // other work ran between slices
    expect(r.placements).toBe(TIMELAPSE_MAX_PLACEMENTS);
    expect(r.frames).toBe(TIMELAPSE_MAX_FRAMES);
    const gif = decodeGif(r.buffer);
    expect(gif.frames).toBe(TIMELAPSE_MAX_FRAMES);
    expectPicture(gif.last, r.scale, grid.data, 'last');
  });

  it('100k placements over the whole canvas: last frame is the current canvas', async () => {
    let s = 99;
    const rnd = (): number => {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      return Math.floor((s / 0x80000000) * W);
    };
    const { board, grid, entries } = simulate(100_000, () => [rnd(), rnd()]);
    const r = await buildTimelapse(await runSliced(historySteps(board, grid, entries, false)), OPTS);
    expectPicture(decodeGif(r.buffer).last, r.scale, grid.data, 'last');
  });

  it('only the newest placements read (the service fetch cap): starts from the picture before them, ends on the current one', async () => {
    let s = 7;
    const rnd = (): number => {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      return Math.floor((s / 0x80000000) * 8);
    };
    const { board, grid, entries, halfway } = simulate(20_000, (i) => (i % 3 ? [3, 4] : [rnd(), rnd()]));
    const newest = entries.slice(10_000).reverse(); // as fetched: newest first
    const r = await buildTimelapse(await runSliced(historySteps(board, grid, newest, true)), OPTS);
    expect(r.placements).toBe(10_000);
    const gif = decodeGif(r.buffer);
    expectPicture(gif.first, r.scale, halfway, 'first');
    expectPicture(gif.last, r.scale, grid.data, 'last');
  });

  it('leaves out log entries the snapshot does not contain yet, and still ends on the snapshot', async () => {
    const { board, grid, entries } = simulate(50, (i) => [i % 5, 0]);
    // Claimed after the snapshot was read (next seq on that pixel), and one from a newer epoch.
    const late = [
      { x: 0, y: 0, color: 0x00ff00, previous: grid.get(0, 0), rev: 0, seq: 11, at: new Date(Date.UTC(2030, 0, 1)) },
      { x: 9, y: 9, color: 0x00ff00, previous: WHITE, rev: 1, seq: 1, at: new Date(Date.UTC(2030, 0, 1)) },
    ];
    const history = await runSliced(historySteps(board, grid, [...entries, ...late], false));
    expect(history.cells).toHaveLength(50);
    const r = await buildTimelapse(history, OPTS);
    expectPicture(decodeGif(r.buffer).last, r.scale, grid.data, 'last');
  });

  it('65,536 distinct colours: the most used stay exact, the others close (RGB distance ≤ 56), built in slices', async () => {
    const S = 256;
    const placements: TimelapsePlacement[] = [];
    for (let i = 0; i < S * S; i++) placements.push({ x: i % S, y: Math.floor(i / S), rgb: (i * 2654435761) & 0xffffff, at: new Date(i) });
    // Palette colours painted over every 7th cell: used thousands of times each.
    for (let i = 0; i < S * S; i += 7) placements.push({ x: i % S, y: Math.floor(i / S), rgb: DEFAULT_PALETTE[i % 16]!.rgb, at: new Date(S * S + i) });
    let ticks = 0;
    let ticking = true;
    const tick = (): void => {
      ticks++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const r = await renderTimelapse(S, S, WHITE, placements, { maxBytes: 8_000_000, maxFrames: 3, sizePx: S });
    ticking = false;
    expect(ticks).toBeGreaterThan(3);
    const expected = finalState(S, S, WHITE, placements);
    const gif = decodeGif(r.buffer);
    for (let i = 0; i < S * S; i++) {
      const a = gif.last[i]!;
      const b = expected[i]!;
      if (i % 7 === 0) {
        if (a !== b) expect(a, `cell ${i}`).toBe(b);
        continue;
      }
      const d = Math.hypot(((a >> 16) & 255) - ((b >> 16) & 255), ((a >> 8) & 255) - ((b >> 8) & 255), (a & 255) - (b & 255));
      if (d > 56) expect(`cell ${i}: ${a.toString(16)}`).toBe(b.toString(16));
    }
  });

  it('renderTimelapse caps placements too, folding the oldest into the first frame', async () => {
    const placements = randomPlacements(100_000, W, W, 3);
    const r = await renderTimelapse(W, W, WHITE, placements, OPTS);
    expect(r.placements).toBe(TIMELAPSE_MAX_PLACEMENTS);
    const gif = decodeGif(r.buffer);
    expectPicture(gif.last, r.scale, finalState(W, W, WHITE, placements), 'last');
    expectPicture(gif.first, r.scale, finalState(W, W, WHITE, placements.slice(0, 100_000 - TIMELAPSE_MAX_PLACEMENTS)), 'first');
  });
});
