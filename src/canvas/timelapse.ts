/**
 * Animated GIF of a canvas being drawn, from its placement history.
 *
 * - Cost: one pass to index the placements and one to replay them, plus the frames; ordering by time
 *   is one merge sort (one pass when already in order, as the log arrives); no per-placement copies.
 *   Everything runs in bounded slices (./slices.ts): the event loop gets a turn every SLICE_MS plus at
 *   most one step (the longest is one frame's encoding, a few ms at 512×512).
 * - Caps: at most `maxPlacements` placements are animated (older ones are folded into the first
 *   frame) and at most `maxFrames` frames are encoded, whatever the history's length.
 * - Colours: the canvas uses few colours, so the GIF colour table is built directly from the
 *   distinct colours (background + placements) — exact, no quantising. Only if more than 255
 *   distinct colours occur (many bought colours) are the rarer ones approximated (buildColorTable).
 * - Frames: frame 0 is the picture before the first animated placement; the other frames are spaced
 *   evenly by placement count (so bursts of activity get as many frames as they deserve), the last one
 *   shows the final state (`final` when the caller knows the current picture) and is held longer.
 * - Size: every frame after the first stores only the pixels that changed since the previous frame;
 *   the rest is the transparent index with "do not dispose", which LZW compresses to almost nothing.
 *   When the GIF still exceeds `maxBytes`, it is re-encoded with a smaller scale and/or fewer frames.
 */
import { createRequire } from 'node:module';
import type { GifPalette, GifencModule } from 'gifenc';
import { MAX_CANVAS_SIZE } from './pixels.js';
import { CHECKPOINT_EVERY, runSliced, sortedIndices, type Steps } from './slices.js';

/** Frames per timelapse, the blank first one included: a readable length, bounded encoding work. */
export const TIMELAPSE_MAX_FRAMES = 120;
/** Placements animated per timelapse (the most recent ones); bounds memory and database transfer. */
export const TIMELAPSE_MAX_PLACEMENTS = 50_000;

export interface TimelapsePlacement {
  x: number;
  y: number;
  rgb: number;
  at: Date;
}

export interface TimelapseOptions {
  /** Hard cap on the GIF size (Discord's upload limit minus headroom). */
  maxBytes: number;
  /** Upper bound on frames, including the first frame. */
  maxFrames: number;
  /** Target long side in pixels; the scale is the integer that fits (≥ 1). */
  sizePx: number;
  /** Only the last this many placements are animated; earlier ones are already in the first frame. */
  maxPlacements?: number;
  /** Delay of every frame but the last; default 80 ms. */
  frameDelayMs?: number;
  /** How long the final picture stays before looping; default 2500 ms. */
  holdLastMs?: number;
}

export interface TimelapseResult {
  buffer: Buffer;
  frames: number;
  bytes: number;
  /** GIF size in pixels and the integer scale used. */
  width: number;
  height: number;
  scale: number;
  /** Placements animated (after the `maxPlacements` cap). */
  placements: number;
}

/** A history ready to animate: what each placement did, in timeline order. */
export interface TimelapseHistory {
  width: number;
  height: number;
  background: number;
  /** Cell (y * width + x) of each placement. */
  cells: Uint32Array;
  /** 0xRRGGBB of each placement. */
  colors: Uint32Array;
  /** The picture before the first placement (default: all background); width × height cells. */
  start?: Uint32Array;
  /** The picture the last frame shows (default: `start` with every placement applied). */
  final?: Uint32Array;
}

export class TimelapseTooLargeError extends Error {
  override readonly name = 'TimelapseTooLargeError';
}

// The CJS build, in Node and under vitest alike (see src/types/gifenc.d.ts).
const gifenc = createRequire(import.meta.url)('gifenc') as GifencModule;

interface ColorTable {
  palette: GifPalette;
  /** rgb → palette index */
  index: Map<number, number>;
  transparent: number;
}

/** Colours of a table beyond 255 distinct ones: the most used stay exact, the rest use a 5×5×5 cube. */
const EXACT_WHEN_MANY = 130;
const CUBE_LEVELS = [0, 64, 128, 191, 255];

/**
 * The GIF colour table for colours used `uses` times each. Up to 255 colours: exact. More (many bought
 * colours): the EXACT_WHEN_MANY most used stay exact and every other colour maps to the nearest of
 * those or of a 5×5×5 colour cube (so within RGB distance √3·32 ≈ 56). Linear and sliced, unlike a quantizer:
 * gifenc's took 0.4 s for 5,000 colours and 7 s for 65,536, in one blocking call.
 */
function* buildColorTable(uses: Map<number, number>): Steps<ColorTable> {
  const index = new Map<number, number>();
  const palette: GifPalette = [];
  const rgbOf = (c: number): number[] => [(c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff];
  if (uses.size <= 255) {
    for (const rgb of uses.keys()) {
      index.set(rgb, palette.length);
      palette.push(rgbOf(rgb));
    }
  } else {
    const colors = Array.from(uses.keys());
    const count = Float64Array.from(colors, (c) => uses.get(c)!);
    yield;
    const byUse = yield* sortedIndices(colors.length, (a, b) => count[a]! > count[b]!);
    for (let k = 0; k < EXACT_WHEN_MANY; k++) {
      const rgb = colors[byUse[k]!]!;
      index.set(rgb, palette.length);
      palette.push(rgbOf(rgb));
    }
    for (const r of CUBE_LEVELS) for (const g of CUBE_LEVELS) for (const b of CUBE_LEVELS) palette.push([r, g, b]);
    for (let k = EXACT_WHEN_MANY; k < colors.length; k++) {
      const rgb = colors[byUse[k]!]!;
      const [r, g, b] = rgbOf(rgb) as [number, number, number];
      let bestAt = 0;
      let bestD = Number.POSITIVE_INFINITY;
      for (let i = 0; i < palette.length; i++) {
        const p = palette[i]!;
        const d = (p[0]! - r) ** 2 + (p[1]! - g) ** 2 + (p[2]! - b) ** 2;
        if (d < bestD) {
          bestD = d;
          bestAt = i;
        }
      }
      index.set(rgb, bestAt);
      if (k % 64 === 0) yield; // 255 distances each
    }
  }
  const transparent = palette.length;
  palette.push([0, 0, 0]); // slot for the transparent index, so it is always inside the table
  return { palette, index, transparent };
}

/** Placement counts after which frames are taken (frame 0 = 0 placements = the start picture). */
function frameBoundaries(n: number, frames: number): number[] {
  if (n === 0) return [0];
  if (frames <= 1) return [n];
  const f = Math.min(frames, n + 1);
  const out: number[] = [];
  for (let k = 0; k < f; k++) out.push(Math.round((k * n) / (f - 1)));
  return out;
}

interface Indexed {
  width: number;
  height: number;
  table: ColorTable;
  /** Palette index of every cell before the first animated placement. */
  start: Uint8Array;
  cells: Uint32Array;
  /** Palette index of each animated placement. */
  colors: Uint8Array;
  /** Palette index of every cell in the last frame, when it is given rather than replayed. */
  final: Uint8Array | null;
}

function* encodeGif(h: Indexed, boundaries: readonly number[], scale: number, frameDelayMs: number, holdLastMs: number): Steps<Buffer> {
  const { width, height, table } = h;
  const W = width * scale;
  const H = height * scale;
  const cur = h.start.slice();
  const shown = h.start.slice();
  const frame = new Uint8Array(W * H);
  const gif = gifenc.GIFEncoder({ initialCapacity: 64 * 1024 });
  let applied = 0;
  for (let f = 0; f < boundaries.length; f++) {
    const upto = boundaries[f]!;
    while (applied < upto) {
      const stop = Math.min(upto, applied + CHECKPOINT_EVERY * 4);
      for (; applied < stop; applied++) cur[h.cells[applied]!] = h.colors[applied]!;
      yield;
    }
    const first = f === 0;
    const last = f === boundaries.length - 1;
    if (last && h.final) cur.set(h.final);
    for (let y = 0; y < height; y++) {
      const rowStart = y * scale * W;
      for (let x = 0; x < width; x++) {
        const i = y * width + x;
        const v = cur[i]!;
        const out = first || v !== shown[i] ? v : table.transparent;
        shown[i] = v;
        const p = rowStart + x * scale;
        for (let k = 0; k < scale; k++) frame[p + k] = out;
      }
      for (let k = 1; k < scale; k++) frame.copyWithin(rowStart + k * W, rowStart, rowStart + W);
    }
    yield;
    gif.writeFrame(frame, W, H, {
      ...(first ? { palette: table.palette } : {}),
      delay: last ? holdLastMs : frameDelayMs,
      transparent: !first,
      transparentIndex: table.transparent,
      dispose: 1,
      repeat: 0,
    });
    yield;
  }
  gif.finish();
  const bytes = gif.bytesView();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function checkSize(width: number, height: number): void {
  for (const v of [width, height]) {
    if (!Number.isInteger(v) || v < 1 || v > MAX_CANVAS_SIZE) throw new RangeError(`Canvas size must be 1–${MAX_CANVAS_SIZE}, got ${v}`);
  }
}

/** The GIF of a history, as resumable steps (see ./slices.ts); {@link buildTimelapse} runs them sliced. */
export function* timelapseSteps(history: TimelapseHistory, opts: TimelapseOptions): Steps<TimelapseResult> {
  const { width, height } = history;
  checkSize(width, height);
  if (!(opts.maxBytes > 0)) throw new RangeError('maxBytes must be positive');
  const total = width * height;
  const n = history.cells.length;
  if (history.colors.length !== n) throw new RangeError('cells and colors differ in length');
  for (const picture of [history.start, history.final]) {
    if (picture && picture.length !== total) throw new RangeError(`a picture has ${picture.length} cells, expected ${total}`);
  }
  const bg = history.background & 0xffffff;

  const uses = new Map<number, number>([[bg, 1]]);
  for (const colors of [history.colors, history.start, history.final]) {
    if (!colors) continue;
    for (let i = 0; i < colors.length; i++) {
      const c = colors[i]! & 0xffffff;
      uses.set(c, (uses.get(c) ?? 0) + 1);
      if (i % CHECKPOINT_EVERY === 0) yield;
    }
  }
  const table = yield* buildColorTable(uses);
  const indexOf = (rgb: number): number => table.index.get(rgb & 0xffffff)!;

  const start = new Uint8Array(total).fill(indexOf(bg));
  if (history.start) for (let i = 0; i < total; i++) start[i] = indexOf(history.start[i]!);
  yield;
  // Over the cap: the oldest placements are folded into the first frame, so the animation still ends
  // on the same picture.
  const skip = Math.max(0, n - Math.max(0, Math.floor(opts.maxPlacements ?? n)));
  const shown = n - skip;
  const colors = new Uint8Array(shown);
  for (let k = 0; k < n; k++) {
    const cell = history.cells[k]!;
    if (cell >= total) throw new RangeError(`placement ${k} is outside the ${width}×${height} canvas`);
    const c = indexOf(history.colors[k]!);
    if (k < skip) start[cell] = c;
    else colors[k - skip] = c;
    if (k % CHECKPOINT_EVERY === 0) yield;
  }
  let final: Uint8Array | null = null;
  if (history.final) {
    final = new Uint8Array(total);
    for (let i = 0; i < total; i++) final[i] = indexOf(history.final[i]!);
    yield;
  }
  const indexed: Indexed = { width, height, table, start, cells: history.cells.subarray(skip), colors, final };

  const frameDelayMs = opts.frameDelayMs ?? 80;
  const holdLastMs = opts.holdLastMs ?? 2500;
  let scale = Math.max(1, Math.floor(Math.min(opts.sizePx, 4096) / Math.max(width, height)));
  let frames = Math.max(1, Math.floor(opts.maxFrames));
  for (let attempt = 0; attempt < 24; attempt++) {
    const boundaries = frameBoundaries(shown, frames);
    const buffer = yield* encodeGif(indexed, boundaries, scale, frameDelayMs, holdLastMs);
    if (buffer.length <= opts.maxBytes) {
      return { buffer, frames: boundaries.length, bytes: buffer.length, width: width * scale, height: height * scale, scale, placements: shown };
    }
    if (scale === 1 && boundaries.length === 1) break;
    const ratio = opts.maxBytes / buffer.length;
    // Bytes scale roughly with scale² (area) and sub-linearly with frames (only changes are stored):
    // shrink the picture first while it is large, then the frame count.
    if (scale > 1 && (scale >= 4 || boundaries.length <= 12)) {
      scale = Math.max(1, Math.min(scale - 1, Math.floor(scale * Math.sqrt(ratio))));
    } else {
      frames = Math.max(1, Math.min(boundaries.length - 1, Math.floor(boundaries.length * Math.max(ratio, 0.25))));
    }
  }
  throw new TimelapseTooLargeError(`A ${width}×${height} timelapse does not fit in ${opts.maxBytes} bytes`);
}

/** The GIF of a history (placements already in timeline order), built in bounded slices. */
export function buildTimelapse(history: TimelapseHistory, opts: TimelapseOptions): Promise<TimelapseResult> {
  return runSliced(timelapseSteps(history, opts));
}

/**
 * Renders the placements (any order: sorted by `at`, ties keep their order) as an animated GIF no
 * larger than `opts.maxBytes`, starting from a blank canvas. Placements outside the canvas are ignored.
 * Throws {@link TimelapseTooLargeError} when even one frame at scale 1 does not fit.
 */
export function renderTimelapse(
  width: number,
  height: number,
  background: number,
  placements: readonly TimelapsePlacement[],
  opts: TimelapseOptions,
): Promise<TimelapseResult> {
  return runSliced(
    (function* (): Steps<TimelapseResult> {
      checkSize(width, height);
      const inside = (p: TimelapsePlacement): boolean => Number.isInteger(p.x) && Number.isInteger(p.y) && p.x >= 0 && p.y >= 0 && p.x < width && p.y < height;
      let n = 0;
      for (const p of placements) if (inside(p)) n++;
      const at = new Float64Array(n);
      const cells = new Uint32Array(n);
      const colors = new Uint32Array(n);
      let k = 0;
      for (const p of placements) {
        if (!inside(p)) continue;
        at[k] = p.at.getTime();
        cells[k] = p.y * width + p.x;
        colors[k] = p.rgb & 0xffffff;
        if (++k % CHECKPOINT_EVERY === 0) yield;
      }
      const order = yield* sortedIndices(n, (a, b) => at[a]! < at[b]!);
      const history: TimelapseHistory = { width, height, background, cells: new Uint32Array(n), colors: new Uint32Array(n) };
      for (let i = 0; i < n; i++) {
        history.cells[i] = cells[order[i]!]!;
        history.colors[i] = colors[order[i]!]!;
      }
      yield;
      return yield* timelapseSteps(history, opts);
    })(),
  );
}

/**
 * Timeline order of a placement log: by time, except that each pixel's own placements keep their true
 * order (rev, seq) — two members racing on one pixel can have clocks a millisecond apart. Returns
 * indices into the inputs. O(n log n) with checkpoints, no per-placement copies: the i-th time slot
 * taken on a pixel gets that pixel's i-th placement.
 */
export function* timelineSteps(cell: Float64Array, at: Float64Array, rev: Float64Array, seq: Float64Array): Steps<Uint32Array> {
  const n = cell.length;
  const byTime = yield* sortedIndices(n, (a, b) => at[a]! < at[b]!);
  const byPixel = yield* sortedIndices(n, (a, b) => {
    const ca = cell[a]!;
    const cb = cell[b]!;
    if (ca !== cb) return ca < cb;
    const ra = rev[a]!;
    const rb = rev[b]!;
    return ra < rb || (ra === rb && seq[a]! < seq[b]!);
  });
  // Each pixel's placements are one run of byPixel; `next` points at the run's first unused entry.
  const next = new Map<number, number>();
  for (let k = n - 1; k >= 0; k--) {
    next.set(cell[byPixel[k]!]!, k);
    if (k % CHECKPOINT_EVERY === 0) yield;
  }
  const out = new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    const c = cell[byTime[k]!]!;
    const pos = next.get(c)!;
    out[k] = byPixel[pos]!;
    next.set(c, pos + 1);
    if (k % CHECKPOINT_EVERY === 0) yield;
  }
  return out;
}
