/**
 * Animated GIF of a canvas being drawn, from its placement history.
 *
 * - Colours: the canvas uses few colours, so the GIF colour table is built directly from the
 *   distinct colours (background + placements) — exact, no quantising. Only if more than 255
 *   distinct colours occur (many bought colours) are they reduced with gifenc's quantizer.
 * - Frames: frame 0 is the blank background; the other frames are spaced evenly by placement count
 *   (so bursts of activity get as many frames as they deserve), the last one shows the final state
 *   and is held longer.
 * - Size: every frame after the first stores only the pixels that changed since the previous frame;
 *   the rest is the transparent index with "do not dispose", which LZW compresses to almost nothing.
 *   When the GIF still exceeds `maxBytes`, it is re-encoded with a smaller scale and/or fewer frames.
 * - The event loop is yielded to between frames.
 */
import { createRequire } from 'node:module';
import type { GifPalette, GifencModule } from 'gifenc';
import { MAX_CANVAS_SIZE } from './pixels.js';

export interface TimelapsePlacement {
  x: number;
  y: number;
  rgb: number;
  at: Date;
}

export interface TimelapseOptions {
  /** Hard cap on the GIF size (Discord's upload limit minus headroom). */
  maxBytes: number;
  /** Upper bound on frames, including the blank first frame. */
  maxFrames: number;
  /** Target long side in pixels; the scale is the integer that fits (≥ 1). */
  sizePx: number;
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
}

export class TimelapseTooLargeError extends Error {
  override readonly name = 'TimelapseTooLargeError';
}

// The CJS build, in Node and under vitest alike (see src/types/gifenc.d.ts).
const gifenc = createRequire(import.meta.url)('gifenc') as GifencModule;

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

interface ColorTable {
  palette: GifPalette;
  /** rgb → palette index */
  index: Map<number, number>;
  transparent: number;
}

function buildColorTable(background: number, placements: readonly TimelapsePlacement[]): ColorTable {
  const distinct = new Set<number>([background]);
  for (const p of placements) distinct.add(p.rgb);
  const index = new Map<number, number>();
  let palette: GifPalette;
  if (distinct.size <= 255) {
    palette = [];
    for (const rgb of distinct) {
      index.set(rgb, palette.length);
      palette.push([(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff]);
    }
  } else {
    const rgba = new Uint8Array(distinct.size * 4);
    let o = 0;
    for (const rgb of distinct) {
      rgba[o++] = (rgb >> 16) & 0xff;
      rgba[o++] = (rgb >> 8) & 0xff;
      rgba[o++] = rgb & 0xff;
      rgba[o++] = 255;
    }
    palette = gifenc.quantize(rgba, 255).slice(0, 255);
    for (const rgb of distinct) {
      index.set(rgb, gifenc.nearestColorIndex(palette, [(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff]));
    }
  }
  const transparent = palette.length;
  palette.push([0, 0, 0]); // slot for the transparent index, so it is always inside the table
  return { palette, index, transparent };
}

/** Placement counts after which frames are taken (frame 0 = 0 placements = blank canvas). */
function frameBoundaries(n: number, frames: number): number[] {
  if (n === 0) return [0];
  if (frames <= 1) return [n];
  const f = Math.min(frames, n + 1);
  const out: number[] = [];
  for (let k = 0; k < f; k++) out.push(Math.round((k * n) / (f - 1)));
  return out;
}

async function encodeGif(
  width: number,
  height: number,
  bgIndex: number,
  moves: ReadonlyArray<{ i: number; c: number }>,
  table: ColorTable,
  boundaries: readonly number[],
  scale: number,
  frameDelayMs: number,
  holdLastMs: number,
): Promise<Buffer> {
  const W = width * scale;
  const H = height * scale;
  const cur = new Uint8Array(width * height).fill(bgIndex);
  const shown = new Uint8Array(width * height).fill(bgIndex);
  const frame = new Uint8Array(W * H);
  const gif = gifenc.GIFEncoder({ initialCapacity: 64 * 1024 });
  let applied = 0;
  let sliceStart = performance.now();
  for (let f = 0; f < boundaries.length; f++) {
    const upto = boundaries[f]!;
    for (; applied < upto; applied++) {
      const m = moves[applied]!;
      cur[m.i] = m.c;
    }
    const first = f === 0;
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
    const last = f === boundaries.length - 1;
    gif.writeFrame(frame, W, H, {
      ...(first ? { palette: table.palette } : {}),
      delay: last ? holdLastMs : frameDelayMs,
      transparent: !first,
      transparentIndex: table.transparent,
      dispose: 1,
      repeat: 0,
    });
    if (performance.now() - sliceStart > 8) {
      await yieldToLoop();
      sliceStart = performance.now();
    }
  }
  gif.finish();
  const bytes = gif.bytesView();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Renders the placements as an animated GIF no larger than `opts.maxBytes`.
 * Throws {@link TimelapseTooLargeError} when even one frame at scale 1 does not fit.
 */
export async function renderTimelapse(
  width: number,
  height: number,
  background: number,
  placements: readonly TimelapsePlacement[],
  opts: TimelapseOptions,
): Promise<TimelapseResult> {
  for (const v of [width, height]) {
    if (!Number.isInteger(v) || v < 1 || v > MAX_CANVAS_SIZE) throw new RangeError(`Canvas size must be 1–${MAX_CANVAS_SIZE}, got ${v}`);
  }
  if (!(opts.maxBytes > 0)) throw new RangeError('maxBytes must be positive');
  const bg = background & 0xffffff;
  const valid = placements
    .filter((p) => Number.isInteger(p.x) && Number.isInteger(p.y) && p.x >= 0 && p.y >= 0 && p.x < width && p.y < height)
    .slice()
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  const table = buildColorTable(bg, valid);
  const moves = valid.map((p) => ({ i: p.y * width + p.x, c: table.index.get(p.rgb & 0xffffff)! }));
  const bgIndex = table.index.get(bg)!;
  const frameDelayMs = opts.frameDelayMs ?? 80;
  const holdLastMs = opts.holdLastMs ?? 2500;

  let scale = Math.max(1, Math.floor(Math.min(opts.sizePx, 4096) / Math.max(width, height)));
  let frames = Math.max(1, Math.floor(opts.maxFrames));
  for (let attempt = 0; attempt < 24; attempt++) {
    const boundaries = frameBoundaries(moves.length, frames);
    const buffer = await encodeGif(width, height, bgIndex, moves, table, boundaries, scale, frameDelayMs, holdLastMs);
    if (buffer.length <= opts.maxBytes) {
      return { buffer, frames: boundaries.length, bytes: buffer.length, width: width * scale, height: height * scale, scale };
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
