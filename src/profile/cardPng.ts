/**
 * The profile card as a PNG. Encoding is ours, as for the pixel canvas (../canvas/png.ts): the card is
 * opaque, so its pixels become RGB scanlines with the PNG "Sub" filter (≈2 ms on the event loop), and
 * zlib compresses them on the libuv thread pool. @napi-rs/canvas's own async `encode('png')` also runs
 * off the event loop, but measured 5–10× slower here for a 10% larger file (bench/profile.ts).
 */
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import type { Canvas } from '@napi-rs/canvas';
import { assemblePng } from '../canvas/png.js';

const deflateAsync = promisify(zlib.deflate);
/** Level 4: past it, time grows much faster than the file shrinks on a card's gradients. */
const CARD_DEFLATE: zlib.ZlibOptions = { level: 4 };

/**
 * The canvas's pixels as PNG scanlines: RGB (the card is opaque, so the stored premultiplied RGBA is the
 * colour itself), each row "Sub"-filtered (each byte minus the same channel of the pixel to its left),
 * which turns gradients and flat areas into runs zlib packs well.
 */
export function cardScanlines(canvas: Canvas): Buffer {
  const { width: w, height: h } = canvas;
  const rgba = canvas.data();
  const stride = w * 3 + 1;
  const out = Buffer.allocUnsafe(stride * h);
  for (let y = 0; y < h; y++) {
    let o = y * stride;
    out[o++] = 1;
    let p = y * w * 4;
    let pr = 0;
    let pg = 0;
    let pb = 0;
    for (let x = 0; x < w; x++, p += 4) {
      const r = rgba[p]!;
      const g = rgba[p + 1]!;
      const b = rgba[p + 2]!;
      out[o++] = (r - pr) & 0xff;
      out[o++] = (g - pg) & 0xff;
      out[o++] = (b - pb) & 0xff;
      pr = r;
      pg = g;
      pb = b;
    }
  }
  return out;
}

/** PNG of a drawn card; the compression runs on the libuv thread pool. */
export async function encodeCard(canvas: Canvas): Promise<Buffer> {
  return assemblePng({ width: canvas.width, height: canvas.height }, await deflateAsync(cardScanlines(canvas), CARD_DEFLATE));
}
