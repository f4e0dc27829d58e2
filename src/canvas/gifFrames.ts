/**
 * The GIF side of a timelapse (./timelapse.ts): the colour table and the frames.
 * - Colours: the canvas uses few colours, so the GIF colour table is built directly from the
 *   distinct colours (background + placements) — exact, no quantising. Only if more than 255
 *   distinct colours occur (many bought colours) are the rarer ones approximated (buildColorTable).
 * - Frames: frame 0 is the picture before the first animated placement; the other frames are spaced
 *   evenly by placement count (so bursts of activity get as many frames as they deserve), the last one
 *   shows the final state (`final` when the caller knows the current picture) and is held longer.
 * - Size: every frame after the first stores only the pixels that changed since the previous frame;
 *   the rest is the transparent index with "do not dispose", which LZW compresses to almost nothing.
 * Both are resumable steps (./slices.ts).
 */
import { createRequire } from 'node:module';
import type { GifPalette, GifencModule } from 'gifenc';
import { CHECKPOINT_EVERY, sortedIndices, type Steps } from './slices.js';

// The CJS build, in Node and under vitest alike (see src/types/gifenc.d.ts).
const gifenc = createRequire(import.meta.url)('gifenc') as GifencModule;

export interface ColorTable {
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
export function* buildColorTable(uses: Map<number, number>): Steps<ColorTable> {
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
export function frameBoundaries(n: number, frames: number): number[] {
  if (n === 0) return [0];
  if (frames <= 1) return [n];
  const f = Math.min(frames, n + 1);
  const out: number[] = [];
  for (let k = 0; k < f; k++) out.push(Math.round((k * n) / (f - 1)));
  return out;
}

export interface Indexed {
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

export function* encodeGif(h: Indexed, boundaries: readonly number[], scale: number, frameDelayMs: number, holdLastMs: number): Steps<Buffer> {
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
