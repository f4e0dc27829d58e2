import { createCanvas, loadImage } from '@napi-rs/canvas';
import { DEFAULT_PALETTE } from '../../src/canvas/palette.js';
import type { TimelapsePlacement } from '../../src/canvas/timelapse.js';

export interface DecodedImage {
  width: number;
  height: number;
  /** 0xRRGGBB at (x, y) */
  at(x: number, y: number): number;
}

/** Decodes a PNG with @napi-rs/canvas (an independent decoder from the one that wrote it). */
export async function decodePng(png: Buffer): Promise<DecodedImage> {
  const img = await loadImage(png);
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const { data } = ctx.getImageData(0, 0, img.width, img.height);
  return {
    width: img.width,
    height: img.height,
    at(x, y) {
      const o = (y * img.width + x) * 4;
      return (data[o]! << 16) | (data[o + 1]! << 8) | data[o + 2]!;
    },
  };
}

export interface GifInfo {
  version: string;
  width: number;
  height: number;
  frames: number;
  delaysMs: number[];
  /** Composited RGB of the final frame, 0xRRGGBB per pixel. */
  last: Uint32Array;
  /** The first frame, 0xRRGGBB per pixel. */
  first: Uint32Array;
}

function lzwDecode(minCodeSize: number, data: Uint8Array, pixelCount: number): Uint8Array {
  const out = new Uint8Array(pixelCount);
  const clear = 1 << minCodeSize;
  const eoi = clear + 1;
  let codeSize = minCodeSize + 1;
  let dict: number[][] = [];
  const reset = (): void => {
    dict = [];
    for (let i = 0; i < clear; i++) dict.push([i]);
    dict.push([], []);
    codeSize = minCodeSize + 1;
  };
  reset();
  let bitPos = 0;
  let prev: number[] | null = null;
  let o = 0;
  const totalBits = data.length * 8;
  while (bitPos + codeSize <= totalBits) {
    let code = 0;
    for (let b = 0; b < codeSize; b++, bitPos++) code |= ((data[bitPos >> 3]! >> (bitPos & 7)) & 1) << b;
    if (code === clear) {
      reset();
      prev = null;
      continue;
    }
    if (code === eoi) break;
    let entry: number[];
    if (code < dict.length) entry = dict[code]!;
    else if (prev) entry = [...prev, prev[0]!];
    else throw new Error('bad LZW stream');
    for (const v of entry) if (o < pixelCount) out[o++] = v;
    if (prev && dict.length < 4096) dict.push([...prev, entry[0]!]);
    prev = entry;
    if (dict.length === 1 << codeSize && codeSize < 12) codeSize++;
  }
  return out;
}

/** A tiny GIF decoder: enough for gifenc output (global table, GCE transparency, no interlace). */
export function decodeGif(buf: Buffer): GifInfo {
  const version = buf.toString('latin1', 0, 6);
  const width = buf.readUInt16LE(6);
  const height = buf.readUInt16LE(8);
  const packed = buf[10]!;
  let p = 13;
  let gct: number[] = [];
  if (packed & 0x80) {
    const n = 1 << ((packed & 7) + 1);
    for (let i = 0; i < n; i++) gct.push((buf[p + i * 3]! << 16) | (buf[p + i * 3 + 1]! << 8) | buf[p + i * 3 + 2]!);
    p += n * 3;
  }
  const screen = new Uint32Array(width * height);
  const delaysMs: number[] = [];
  let first = new Uint32Array(0);
  let frames = 0;
  let transparent = -1;
  const readSubBlocks = (): Uint8Array => {
    const parts: Buffer[] = [];
    for (;;) {
      const len = buf[p++]!;
      if (len === 0) break;
      parts.push(buf.subarray(p, p + len));
      p += len;
    }
    return Buffer.concat(parts);
  };
  while (p < buf.length) {
    const b = buf[p++]!;
    if (b === 0x3b) break;
    if (b === 0x21) {
      const label = buf[p++]!;
      if (label === 0xf9) {
        const flags = buf[p + 1]!;
        delaysMs.push(buf.readUInt16LE(p + 2) * 10);
        transparent = flags & 1 ? buf[p + 4]! : -1;
      }
      readSubBlocks();
      continue;
    }
    if (b === 0x2c) {
      const left = buf.readUInt16LE(p);
      const top = buf.readUInt16LE(p + 2);
      const w = buf.readUInt16LE(p + 4);
      const h = buf.readUInt16LE(p + 6);
      const ip = buf[p + 8]!;
      p += 9;
      let table = gct;
      if (ip & 0x80) {
        const n = 1 << ((ip & 7) + 1);
        table = [];
        for (let i = 0; i < n; i++) table.push((buf[p + i * 3]! << 16) | (buf[p + i * 3 + 1]! << 8) | buf[p + i * 3 + 2]!);
        p += n * 3;
      }
      const minCode = buf[p++]!;
      const idx = lzwDecode(minCode, readSubBlocks(), w * h);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const v = idx[y * w + x]!;
          if (v === transparent) continue;
          screen[(top + y) * width + left + x] = table[v]!;
        }
      }
      frames++;
      if (frames === 1) first = screen.slice();
      transparent = -1;
      continue;
    }
    throw new Error(`unexpected GIF block 0x${b.toString(16)} at ${p - 1}`);
  }
  gct = [];
  return { version, width, height, frames, delaysMs, last: screen, first };
}

/** `n` placements of palette colours at random pixels, a minute apart (a seeded generator: the same every run). */
export function randomPlacements(n: number, w: number, h: number, seed = 1): TimelapsePlacement[] {
  let s = seed;
  const rnd = (): number => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x80000000;
  };
  const t0 = Date.UTC(2024, 0, 1);
  return Array.from({ length: n }, (_, i) => ({
    x: Math.floor(rnd() * w),
    y: Math.floor(rnd() * h),
    rgb: DEFAULT_PALETTE[Math.floor(rnd() * 16)]!.rgb,
    at: new Date(t0 + i * 60_000),
  }));
}

/** The picture after the placements (in time order) on a `bg` canvas. */
export function finalState(w: number, h: number, bg: number, placements: TimelapsePlacement[]): Uint32Array {
  const out = new Uint32Array(w * h).fill(bg);
  for (const p of [...placements].sort((a, b) => a.at.getTime() - b.at.getTime())) out[p.y * w + p.x] = p.rgb;
  return out;
}
