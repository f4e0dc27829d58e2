/**
 * Animated GIF of a canvas being drawn, from its placement history.
 *
 * - Cost: one pass to index the placements and one to replay them, plus the frames; ordering by time
 *   is one merge sort (one pass when already in order, as the log arrives); no per-placement copies.
 *   Everything runs in bounded slices (./slices.ts): the event loop gets a turn every SLICE_MS plus at
 *   most one step (the longest is one frame's encoding, a few ms at 512×512).
 * - Caps: at most `maxPlacements` placements are animated (older ones are folded into the first
 *   frame) and at most `maxFrames` frames are encoded, whatever the history's length.
 * - Colours, frames and size: ./gifFrames.ts. When the GIF exceeds `maxBytes`, it is re-encoded with
 *   a smaller scale and/or fewer frames.
 */
import { buildColorTable, encodeGif, frameBoundaries, type Indexed } from './gifFrames.js';
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
