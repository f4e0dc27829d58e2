/**
 * A minimal PNG writer for the renderer's flat-colour images: 8-bit palette-indexed (colour type 3)
 * or 8-bit RGB (colour type 2), one IDAT chunk.
 *
 * Why not @napi-rs/canvas `encode('png')`: it encodes 32-bit RGBA with generic filtering and takes
 * ~30–40 ms for a 1024 px image on the target machine (measured; bench/render.ts), above the whole
 * render budget. Our images are flat colour blocks where most scanlines repeat the one above, so
 * rows that equal their predecessor get the PNG "Up" filter (all zero bytes), the rest "None", and
 * zlib's run-length strategy compresses that in ~1 ms, producing smaller files than the generic
 * encoder.
 */
import zlib from 'node:zlib';
import { promisify } from 'node:util';

const deflateAsync = promisify(zlib.deflate);

/**
 * Z_RLE: only distance-1 matches, very fast, ideal for runs of identical bytes (flat colours, zero rows).
 * A 64 KiB output chunk holds a whole view's PNG data (~25 KB for 1024 px): one pass through the thread
 * pool instead of one per 16 KiB (zlib's default), ~5 % less CPU per render (measured).
 */
export const DEFLATE_OPTIONS: zlib.ZlibOptions = { level: 6, strategy: zlib.constants.Z_RLE, chunkSize: 64 * 1024 };

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * `raw` holds `height` scanlines of `stride` bytes, each starting with a filter-type byte (0) then the
 * row's bytes. Every row equal to the row above is rewritten in place as filter 2 ("Up") with zero
 * bytes. Works bottom-up so each comparison sees the original data.
 */
export function applyUpFilterToRepeatedRows(raw: Buffer, stride: number, height: number): void {
  for (let y = height - 1; y >= 1; y--) {
    const cur = y * stride;
    const prev = cur - stride;
    if (raw.compare(raw, prev + 1, prev + stride, cur + 1, cur + stride) === 0) {
      raw[cur] = 2;
      raw.fill(0, cur + 1, cur + stride);
    }
  }
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(zlib.crc32(out.subarray(4, 8 + data.length)) >>> 0, 8 + data.length);
  return out;
}

export interface PngHeader {
  width: number;
  height: number;
  /** Present: palette-indexed (≤ 256 entries, 0xRRGGBB). Absent: RGB. */
  palette?: ArrayLike<number>;
}

/** Wraps zlib-compressed scanlines into a PNG file. */
export function assemblePng(header: PngHeader, zdata: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(header.width, 0);
  ihdr.writeUInt32BE(header.height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = header.palette ? 3 : 2;
  // compression 0, filter method 0, interlace 0
  const parts = [SIGNATURE, chunk('IHDR', ihdr)];
  if (header.palette) {
    const n = header.palette.length;
    if (n < 1 || n > 256) throw new RangeError(`PNG palette must have 1–256 entries, got ${n}`);
    const plte = Buffer.allocUnsafe(n * 3);
    for (let i = 0; i < n; i++) {
      const c = header.palette[i]!;
      plte[i * 3] = (c >>> 16) & 0xff;
      plte[i * 3 + 1] = (c >>> 8) & 0xff;
      plte[i * 3 + 2] = c & 0xff;
    }
    parts.push(chunk('PLTE', plte));
  }
  parts.push(chunk('IDAT', zdata), chunk('IEND', new Uint8Array(0)));
  return Buffer.concat(parts);
}

export function encodePngSync(header: PngHeader, scanlines: Buffer): Buffer {
  return assemblePng(header, zlib.deflateSync(scanlines, DEFLATE_OPTIONS));
}

/** Compression runs on the libuv thread pool; only chunk assembly (~0.1 ms) is on the event loop. */
export async function encodePng(header: PngHeader, scanlines: Buffer): Promise<Buffer> {
  return assemblePng(header, await deflateAsync(scanlines, DEFLATE_OPTIONS));
}
