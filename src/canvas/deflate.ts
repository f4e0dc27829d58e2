/**
 * A deflate encoder (RFC 1951) for one band of a view's scanlines, written for what those are: runs of
 * one palette index, and rows that repeat the row above or differ from it in a few places (axis labels,
 * the cursor's rings). A stretch of repeated rows is found with a few compares and goes out as Up rows;
 * any other row gets PNG filter Up when it differs from the row above in few runs (Up bytes are the
 * differences: mostly zeros, emitted without writing them first), else None. The bytes become symbols
 * (./bandSymbols.ts), then one block with Huffman codes built for the band (./huffman.ts) and a sync
 * marker (an empty stored block), so bands join byte-aligned (./bands.ts).
 *
 * Why not zlib: a band is a few KB, and zlib's per-call state (≈ 256 KB, allocated, zeroed, cache-cold
 * in a busy process) cost 0.1–0.3 ms per band, against a few hundredths of a millisecond here.
 */
import { END_OF_BLOCK, Symbols } from './bandSymbols.js';
import { BitWriter, codeLengths, writeDynamicHeader } from './huffman.js';

/** Every match is at distance 1 (distance code 0); a second, unused code keeps the code complete. */
const DIST = codeLengths([1, 0], 15);

export interface EncodedBand {
  data: Buffer;
  adler: number;
  /** Bytes of filtered scanlines it stands for. */
  length: number;
}

const found = new Symbols();
const writer = new BitWriter();

/** Which quarters of the row `start`–`end` equal the row above, as bits (none: Up is not worth trying). */
function alike(raw: Buffer, start: number, end: number, stride: number): number {
  const quarter = ((end - start - 1) >> 2) || 1;
  let same = 0;
  for (let q = 0, from = start + 1; from < end; q++, from += quarter) {
    const to = Math.min(end, from + quarter);
    if (raw.compare(raw, from - stride, to - stride, from, to) === 0) same |= 1 << q;
  }
  return same;
}

/** Whether rows `from` … `from + count - 1` each equal the row above (the block equals the block one row up). */
function repeats(raw: Buffer, stride: number, from: number, count: number): boolean {
  return raw.compare(raw, (from - 1) * stride, (from - 1 + count) * stride, from * stride, (from + count) * stride) === 0;
}

/** How many rows from `r` on repeat the row above (row `r` does): a few compares, not one per row. */
function repeatedRows(raw: Buffer, stride: number, rows: number, r: number): number {
  let ok = 1;
  let fail = 0;
  while (!fail && r + ok < rows) {
    const want = Math.min(rows - r, ok * 2);
    if (repeats(raw, stride, r, want)) ok = want;
    else fail = want;
  }
  while (fail - ok > 1) {
    const mid = (ok + fail) >> 1;
    if (repeats(raw, stride, r, mid)) ok = mid;
    else fail = mid;
  }
  return ok;
}

/**
 * `raw`: `rows` scanlines of `stride` bytes, each a filter byte 0 then its pixels. The first row is
 * always filtered None (a band never refers to the band above it).
 */
export function deflateBand(raw: Buffer, stride: number, rows: number): EncodedBand {
  const s = found;
  s.reset(rows * stride);
  s.plain(raw, 0, stride);
  for (let r = 1; r < rows; ) {
    const start = r * stride;
    const end = start + stride;
    if (raw.compare(raw, start - stride + 1, start, start + 1, end) === 0) {
      const k = repeatedRows(raw, stride, rows, r);
      for (let i = 0; i < k; i++) {
        s.run(2, 1);
        s.run(0, stride - 1);
      }
      r += k;
      continue;
    }
    // Up when the row differs from the one above in few runs (a label, the cursor's rings), else None. A
    // row equal to the one above in none of its quarters (a new cell row) is None without trying.
    const same = alike(raw, start, end, stride);
    if (!(same && s.upIfFew(raw, start, end, stride, same))) s.plain(raw, start, end);
    r++;
  }
  s.freq[END_OF_BLOCK] = 1;
  const lit = codeLengths(s.freq, 15);

  const w = writer;
  // Each symbol takes at most 15 + 5 + 1 bits; the header at most ~400 bytes.
  w.reset(s.n * 3 + 1024);
  w.put(0b100, 3); // BFINAL 0, BTYPE 10 (codes of its own)
  writeDynamicHeader(w, lit, DIST);
  const distZero = DIST.codes[0]!;
  const distZeroLen = DIST.lengths[0]!;
  const { list, n } = s;
  const { codes, lengths } = lit;
  const buf = w.buf;
  // The hot loop on locals rather than put() calls.
  let { pos, bits, count } = w;
  for (let k = 0; k < n; k++) {
    const sym = list[k]!;
    const symbol = sym & 0x1ff;
    bits |= codes[symbol]! << count;
    count += lengths[symbol]!;
    if (symbol > END_OF_BLOCK) {
      while (count >= 8) {
        buf[pos++] = bits & 0xff;
        bits >>>= 8;
        count -= 8;
      }
      const extraBits = sym >>> 14;
      bits |= (((sym >>> 9) & 0x1f) | (distZero << extraBits)) << count;
      count += extraBits + distZeroLen;
    }
    while (count >= 8) {
      buf[pos++] = bits & 0xff;
      bits >>>= 8;
      count -= 8;
    }
  }
  w.pos = pos;
  w.bits = bits;
  w.count = count;
  w.put(codes[END_OF_BLOCK]!, lengths[END_OF_BLOCK]!);
  // Sync marker: an empty stored block (BFINAL 0, BTYPE 00), aligned, LEN 0, NLEN 0xFFFF.
  w.put(0, 3);
  w.align();
  w.put(0x00, 8);
  w.put(0x00, 8);
  w.put(0xff, 8);
  w.put(0xff, 8);
  return { data: w.finish(), adler: s.adler(), length: rows * stride };
}
