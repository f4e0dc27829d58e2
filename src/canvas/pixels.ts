/**
 * The in-memory pixel grid of a guild canvas.
 *
 * Memory: one `Uint32Array` cell per pixel holding `0xRRGGBB` (fast get/set and rendering).
 *
 * Storage (MongoDB): {@link PixelGrid.serialize} gives a self-describing Buffer
 *   bytes 0-1  magic "PX"
 *   byte  2    format version (1 = raw RGB)
 *   bytes 3-4  width  (uint16 BE)
 *   bytes 5-6  height (uint16 BE)
 *   bytes 7-   width*height*3 bytes R,G,B in row-major order
 * Raw RGB rather than palette indices because members may place bought colours outside the palette,
 * so any 24-bit colour must round-trip. At the 256×256 maximum this is 196,615 bytes, far below the
 * 16 MB document limit, and it needs no palette table kept in sync. (Small canvases are tiny anyway:
 * 32×32 is 3 KB.)
 */

export const MIN_CANVAS_SIZE = 1;
export const MAX_CANVAS_SIZE = 256;

const MAGIC0 = 0x50; // 'P'
const MAGIC1 = 0x58; // 'X'
const FORMAT_RGB = 1;
const HEADER_BYTES = 7;

function checkSize(width: number, height: number): void {
  for (const [label, v] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(v) || v < MIN_CANVAS_SIZE || v > MAX_CANVAS_SIZE) {
      throw new RangeError(`Canvas ${label} must be an integer from ${MIN_CANVAS_SIZE} to ${MAX_CANVAS_SIZE}, got ${v}`);
    }
  }
}

export class PixelGrid {
  readonly width: number;
  readonly height: number;
  /** Row-major `0xRRGGBB` per pixel; read-only for callers outside the canvas core (use set()). */
  readonly data: Uint32Array;

  constructor(width: number, height: number, background = 0xffffff, data?: Uint32Array) {
    checkSize(width, height);
    this.width = width;
    this.height = height;
    if (data) {
      if (data.length !== width * height) throw new RangeError(`Pixel data has ${data.length} cells, expected ${width * height}`);
      this.data = data;
    } else {
      this.data = new Uint32Array(width * height).fill(background & 0xffffff);
    }
  }

  inBounds(x: number, y: number): boolean {
    return Number.isInteger(x) && Number.isInteger(y) && x >= 0 && y >= 0 && x < this.width && y < this.height;
  }

  /** Colour at (x, y); throws RangeError outside the canvas. */
  get(x: number, y: number): number {
    if (!this.inBounds(x, y)) throw new RangeError(`Pixel (${x}, ${y}) is outside the ${this.width}×${this.height} canvas`);
    return this.data[y * this.width + x]!;
  }

  /** Sets (x, y) and returns the previous colour; throws RangeError outside the canvas. */
  set(x: number, y: number, rgb: number): number {
    if (!this.inBounds(x, y)) throw new RangeError(`Pixel (${x}, ${y}) is outside the ${this.width}×${this.height} canvas`);
    const i = y * this.width + x;
    const prev = this.data[i]!;
    this.data[i] = rgb & 0xffffff;
    return prev;
  }

  fill(rgb: number): void {
    this.data.fill(rgb & 0xffffff);
  }

  clone(): PixelGrid {
    return new PixelGrid(this.width, this.height, 0, this.data.slice());
  }

  /**
   * A new grid of the given size. Pixels keep their coordinates (anchored top-left): those inside
   * the new bounds are kept, those outside are dropped, new area is `background`.
   */
  resized(width: number, height: number, background = 0xffffff): PixelGrid {
    const out = new PixelGrid(width, height, background);
    const w = Math.min(width, this.width);
    const h = Math.min(height, this.height);
    for (let y = 0; y < h; y++) {
      out.data.set(this.data.subarray(y * this.width, y * this.width + w), y * width);
    }
    return out;
  }

  /** Number of pixels that differ from `background`. */
  countPainted(background = 0xffffff): number {
    let n = 0;
    const bg = background & 0xffffff;
    for (let i = 0; i < this.data.length; i++) if (this.data[i] !== bg) n++;
    return n;
  }

  /** Compact storage form, see the module comment. */
  serialize(): Buffer {
    const n = this.width * this.height;
    const buf = Buffer.allocUnsafe(HEADER_BYTES + n * 3);
    buf[0] = MAGIC0;
    buf[1] = MAGIC1;
    buf[2] = FORMAT_RGB;
    buf.writeUInt16BE(this.width, 3);
    buf.writeUInt16BE(this.height, 5);
    let o = HEADER_BYTES;
    for (let i = 0; i < n; i++) {
      const c = this.data[i]!;
      buf[o++] = c >>> 16;
      buf[o++] = (c >>> 8) & 0xff;
      buf[o++] = c & 0xff;
    }
    return buf;
  }

  /** Inverse of serialize(); accepts a Buffer or Uint8Array (MongoDB `Binary.buffer`). */
  static deserialize(bytes: Uint8Array): PixelGrid {
    if (bytes.length < HEADER_BYTES || bytes[0] !== MAGIC0 || bytes[1] !== MAGIC1) {
      throw new Error('Not a serialized pixel grid (bad header)');
    }
    if (bytes[2] !== FORMAT_RGB) throw new Error(`Unsupported pixel grid format version ${bytes[2]}`);
    const width = (bytes[3]! << 8) | bytes[4]!;
    const height = (bytes[5]! << 8) | bytes[6]!;
    checkSize(width, height);
    const n = width * height;
    if (bytes.length !== HEADER_BYTES + n * 3) {
      throw new Error(`Pixel grid data is ${bytes.length - HEADER_BYTES} bytes, expected ${n * 3} for ${width}×${height}`);
    }
    const data = new Uint32Array(n);
    let o = HEADER_BYTES;
    for (let i = 0; i < n; i++) {
      data[i] = (bytes[o]! << 16) | (bytes[o + 1]! << 8) | bytes[o + 2]!;
      o += 3;
    }
    return new PixelGrid(width, height, 0, data);
  }
}
