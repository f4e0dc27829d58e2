/**
 * A minimal PNG writer for flat-colour images: 8-bit palette-indexed (colour type 3) or 8-bit RGB
 * (colour type 2), one IDAT chunk. The canvas views bring their own compressed bands (./bands.ts); the
 * RGB fallback and the profile cards (src/profile/card.ts) compress whole here, with zlib.
 *
 * Why not @napi-rs/canvas `encode('png')`: it encodes 32-bit RGBA with generic filtering and takes
 * ~25–40 ms for a 1024 px image on the target machine (measured; bench/render.ts). Our images are flat
 * colour blocks where most scanlines repeat the one above, so rows that equal their predecessor get the
 * PNG "Up" filter (all zero bytes), the rest "None", and zlib's run-length strategy compresses that in
 * ~1 ms, producing smaller files than the generic encoder.
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

export interface PngHeader {
  width: number;
  height: number;
  /** Present: palette-indexed (≤ 256 entries, 0xRRGGBB). Absent: RGB. */
  palette?: ArrayLike<number>;
}

/** Writes one chunk (length, type, data in pieces, CRC) at `at`; returns where the next one starts. */
function writeChunk(out: Buffer, at: number, type: string, data: readonly Uint8Array[], length: number): number {
  out.writeUInt32BE(length, at);
  out.write(type, at + 4, 'latin1');
  let o = at + 8;
  for (const d of data) {
    out.set(d, o);
    o += d.length;
  }
  out.writeUInt32BE(zlib.crc32(out.subarray(at + 4, o)) >>> 0, o);
  return o + 4;
}

/**
 * Wraps zlib-compressed scanlines into a PNG file. The data may come in pieces (./bands.ts): they are
 * copied once, straight into the file.
 */
export function assemblePng(header: PngHeader, zdata: Uint8Array | readonly Uint8Array[]): Buffer {
  const idat = zdata instanceof Uint8Array ? [zdata] : zdata;
  const idatLength = idat.reduce((n, d) => n + d.length, 0);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(header.width, 0);
  ihdr.writeUInt32BE(header.height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = header.palette ? 3 : 2;
  // compression 0, filter method 0, interlace 0
  let plte: Buffer | null = null;
  if (header.palette) {
    const n = header.palette.length;
    if (n < 1 || n > 256) throw new RangeError(`PNG palette must have 1–256 entries, got ${n}`);
    plte = Buffer.allocUnsafe(n * 3);
    for (let i = 0; i < n; i++) {
      const c = header.palette[i]!;
      plte[i * 3] = (c >>> 16) & 0xff;
      plte[i * 3 + 1] = (c >>> 8) & 0xff;
      plte[i * 3 + 2] = c & 0xff;
    }
  }
  const out = Buffer.allocUnsafe(SIGNATURE.length + 12 + 13 + (plte ? 12 + plte.length : 0) + 12 + idatLength + 12);
  out.set(SIGNATURE, 0);
  let o = writeChunk(out, SIGNATURE.length, 'IHDR', [ihdr], 13);
  if (plte) o = writeChunk(out, o, 'PLTE', [plte], plte.length);
  o = writeChunk(out, o, 'IDAT', idat, idatLength);
  writeChunk(out, o, 'IEND', [], 0);
  return out;
}

export function encodePngSync(header: PngHeader, scanlines: Buffer): Buffer {
  return assemblePng(header, zlib.deflateSync(scanlines, DEFLATE_OPTIONS));
}

/** Compression runs on the libuv thread pool; only chunk assembly (~0.1 ms) is on the event loop. */
export async function encodePng(header: PngHeader, scanlines: Buffer): Promise<Buffer> {
  return assemblePng(header, await deflateAsync(scanlines, DEFLATE_OPTIONS));
}
