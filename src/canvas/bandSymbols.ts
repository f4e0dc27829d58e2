/**
 * A band's filtered bytes as deflate symbols, for ./deflate.ts: runs of one byte become a literal and
 * matches at distance 1 (zlib's Z_RLE strategy), counted per symbol for the band's Huffman code; the
 * Adler-32 of the bytes is summed per run, not per byte. One instance serves every band (they are encoded
 * one at a time).
 */
const ADLER_BASE = 65521;
/** Bytes summed before the Adler-32 sums are reduced: they stay far below 2^53 (exact) until then. */
const ADLER_REDUCE_BYTES = 16 * 1024;
const MAX_MATCH = 258;
const MIN_MATCH = 3;
export const END_OF_BLOCK = 256;
const LIT_SYMBOLS = 286;
/** A row goes Up when its differences from the row above form at most one run per this many bytes. */
const UP_BYTES_PER_RUN = 32;

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
/** Per match length: its symbol (257–285) and extra bits, packed as symbol | value << 9 | count << 14. */
const MATCH = new Uint32Array(MAX_MATCH + 1);
for (let length = MIN_MATCH; length <= MAX_MATCH; length++) {
  let k = LENGTH_BASE.length - 1;
  while (LENGTH_BASE[k]! > length) k--;
  MATCH[length] = (257 + k) | ((length - LENGTH_BASE[k]!) << 9) | (LENGTH_EXTRA[k]! << 14);
}
const RUN_VALUE = new Uint8Array(1024);
const RUN_LENGTH = new Uint16Array(1024);

/** One band's symbols and checksum as they are found (one encoder, reused: bands are encoded one at a time). */
export class Symbols {
  /** A literal, or a match: length symbol | extra value << 9 | extra bits << 14. */
  list = new Uint32Array(16 * 1024);
  n = 0;
  readonly freq = new Uint32Array(LIT_SYMBOLS);
  /** Adler-32 sums, reduced only every ADLER_REDUCE_BYTES (they stay exact doubles meanwhile). */
  a = 1;
  b = 0;
  unreduced = 0;
  /** The byte a match repeats; -1 at the start of a band (nothing to repeat). */
  last = -1;

  /** Starts a band of `bytes` filtered bytes (at most one symbol each). */
  reset(bytes: number): void {
    if (this.list.length < bytes + 1) this.list = new Uint32Array(bytes + 1);
    this.n = 0;
    this.freq.fill(0);
    this.a = 1;
    this.b = 0;
    this.unreduced = 0;
    this.last = -1;
  }

  adler(): number {
    return (((this.b % ADLER_BASE) << 16) | (this.a % ADLER_BASE)) >>> 0;
  }

  /** `count` bytes of value `v`. */
  run(v: number, count: number): void {
    this.b += count * this.a + (v * count * (count + 1)) / 2;
    this.a += count * v;
    this.unreduced += count;
    if (this.unreduced > ADLER_REDUCE_BYTES) {
      this.a %= ADLER_BASE;
      this.b %= ADLER_BASE;
      this.unreduced = 0;
    }
    const list = this.list;
    const freq = this.freq;
    if (v !== this.last) {
      list[this.n++] = v;
      freq[v]!++;
      this.last = v;
      count--;
    }
    while (count >= MIN_MATCH) {
      // Never leave 1–2 bytes that a match cannot carry when more are coming.
      const m = count > MAX_MATCH && count - MAX_MATCH < MIN_MATCH ? count - MIN_MATCH : count < MAX_MATCH ? count : MAX_MATCH;
      const symbol = MATCH[m]!;
      list[this.n++] = symbol;
      freq[symbol & 0x1ff]!++;
      count -= m;
    }
    for (; count > 0; count--) {
      list[this.n++] = v;
      freq[v]!++;
    }
  }

  /** Bytes `from`–`to` as they are (filter None). */
  plain(raw: Buffer, from: number, to: number): void {
    for (let i = from; i < to; ) {
      const v = raw[i]!;
      let j = i + 1;
      while (j < to && raw[j] === v) j++;
      this.run(v, j - i);
      i = j;
    }
  }

  /**
   * The row `start`–`end` (its filter byte first) filtered Up, when its differences from the row above
   * (`stride` bytes back) are few runs. The quarters flagged in `same` (equal to the row above) are zeros
   * without looking; the others are scanned first and emitted only if the runs stay few. False: nothing
   * was emitted.
   */
  upIfFew(raw: Buffer, start: number, end: number, stride: number, same: number): boolean {
    const most = Math.max(4, ((end - start) / UP_BYTES_PER_RUN) | 0);
    const quarter = ((end - start - 1) >> 2) || 1;
    let runs = 0;
    for (let q = 0, from = start + 1; from < end; q++, from += quarter) {
      const to = Math.min(end, from + quarter);
      if (same & (1 << q)) {
        RUN_VALUE[runs] = 0;
        RUN_LENGTH[runs++] = to - from;
        continue;
      }
      for (let i = from; i < to; ) {
        const v = (raw[i]! - raw[i - stride]!) & 0xff;
        let j = i + 1;
        while (j < to && ((raw[j]! - raw[j - stride]!) & 0xff) === v) j++;
        if (runs >= most) return false;
        RUN_VALUE[runs] = v;
        RUN_LENGTH[runs++] = j - i;
        i = j;
      }
    }
    this.run(2, 1);
    for (let k = 0; k < runs; k++) this.run(RUN_VALUE[k]!, RUN_LENGTH[k]!);
    return true;
  }
}
