/**
 * The Huffman side of deflate (RFC 1951 3.2.2 and 3.2.7) for ./deflate.ts: length-limited code lengths
 * from symbol counts, canonical codes, the dynamic block header, and an LSB-first bit writer.
 */

/** Code lengths per symbol, and each code bit-reversed as it goes in the stream (0 length: unused). */
export interface HuffmanCode {
  lengths: Uint8Array;
  codes: Uint16Array;
}

/** An LSB-first bit writer over a buffer it keeps between uses (`reset`); `finish` copies the bytes out. */
export class BitWriter {
  buf = new Uint8Array(64 * 1024);
  pos = 0;
  bits = 0;
  count = 0;

  /** Starts over with room for at least `capacity` bytes. */
  reset(capacity: number): void {
    if (this.buf.length < capacity) this.buf = new Uint8Array(capacity);
    this.pos = 0;
    this.bits = 0;
    this.count = 0;
  }

  /** The low `n` bits of `value` (n ≤ 16), least significant first, within the room reset() made. */
  put(value: number, n: number): void {
    this.bits |= value << this.count;
    this.count += n;
    while (this.count >= 8) {
      this.buf[this.pos++] = this.bits & 0xff;
      this.bits >>>= 8;
      this.count -= 8;
    }
  }

  /** Pads with zero bits to the next byte boundary. */
  align(): void {
    if (this.count > 0) this.put(0, 8 - this.count);
  }

  finish(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }
}

function reverse(code: number, n: number): number {
  let r = 0;
  for (let i = 0; i < n; i++) r |= ((code >> i) & 1) << (n - 1 - i);
  return r;
}

// Scratch space for the tree (at most 286 symbols: 571 nodes), reused by every call.
const WEIGHT = new Float64Array(2 * 286);
const PARENT = new Int32Array(2 * 286);
const DEPTH = new Int32Array(2 * 286);
const COUNT = new Int32Array(2 * 286);
const ORDER = new Float64Array(286);

/**
 * Huffman code lengths (at most `maxLength` bits) for symbols used `freq[s]` times, and their canonical
 * codes. At least two symbols get a code, so every code is complete (a lone symbol gets a partner).
 */
export function codeLengths(freq: ArrayLike<number>, maxLength: number): HuffmanCode {
  const size = freq.length;
  // Least used first, ties by symbol (so the result depends on the counts alone): sorted as count·512 + symbol.
  let m = 0;
  for (let s = 0; s < size; s++) if (freq[s]! > 0) ORDER[m++] = freq[s]! * 512 + s;
  for (let s = 0; m < 2; s++) if (m === 0 || ORDER[0]! % 512 !== s) ORDER[m++] = s; // a lone symbol's partner
  const used = ORDER.subarray(0, m).sort();
  for (let i = 0; i < m; i++) used[i] = used[i]! % 512;
  // Two-queue Huffman over leaves (0 … m-1) and internal nodes (m … 2m-2): the depth of every leaf.
  for (let i = 0; i < m; i++) WEIGHT[i] = Math.max(1, freq[used[i]!]!);
  let leaf = 0;
  let inner = m;
  for (let next = m; next < 2 * m - 1; next++) {
    const x = leaf < m && (inner >= next || WEIGHT[leaf]! <= WEIGHT[inner]!) ? leaf++ : inner++;
    const y = leaf < m && (inner >= next || WEIGHT[leaf]! <= WEIGHT[inner]!) ? leaf++ : inner++;
    WEIGHT[next] = WEIGHT[x]! + WEIGHT[y]!;
    PARENT[x] = next;
    PARENT[y] = next;
  }
  const root = 2 * m - 2;
  DEPTH[root] = 0;
  let deepest = 0;
  for (let i = root - 1; i >= 0; i--) {
    DEPTH[i] = DEPTH[PARENT[i]!]! + 1;
    if (i < m && DEPTH[i]! > deepest) deepest = DEPTH[i]!;
  }
  // Counts per length, then limited to maxLength (JPEG's Annex K.3 adjustment keeps the code complete).
  const top = Math.max(maxLength, deepest);
  COUNT.fill(0, 0, top + 1);
  for (let i = 0; i < m; i++) COUNT[DEPTH[i]!]!++;
  for (let len = top; len > maxLength; len--) {
    while (COUNT[len]! > 0) {
      let j = len - 2;
      while (COUNT[j] === 0) j--;
      COUNT[len]! -= 2;
      COUNT[len - 1]!++;
      COUNT[j + 1]! += 2;
      COUNT[j]!--;
    }
  }
  // The longest codes go to the least used symbols.
  const lengths = new Uint8Array(size);
  let at = 0;
  for (let len = maxLength; len >= 1; len--) for (let k = 0; k < COUNT[len]!; k++) lengths[used[at++]!] = len;
  // Canonical codes: by length, then by symbol.
  const nextCode = new Uint16Array(maxLength + 2);
  let code = 0;
  for (let len = 1; len <= maxLength; len++) {
    code = (code + COUNT[len - 1]!) << 1;
    nextCode[len] = code;
  }
  const codes = new Uint16Array(size);
  for (let s = 0; s < size; s++) {
    const len = lengths[s]!;
    if (len) codes[s] = reverse(nextCode[len]!++, len);
  }
  return { lengths, codes };
}

/** Order in which the code-length code's lengths are sent. */
const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** Extra bits of the code-length symbols 16, 17, 18. */
const CL_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 7];
/** The run-length coded lengths: symbol, extra bits' value (scratch, reused). */
const SEQ = new Uint16Array(2 * (286 + 32));
const LENGTHS = new Uint8Array(286 + 32);

/** HLIT, HDIST, HCLEN and the two codes' lengths, run-length coded (symbols 16, 17, 18). */
export function writeDynamicHeader(w: BitWriter, lit: HuffmanCode, dist: HuffmanCode): void {
  let hlit = 286;
  while (hlit > 257 && lit.lengths[hlit - 1] === 0) hlit--;
  let hdist = dist.lengths.length;
  while (hdist > 1 && dist.lengths[hdist - 1] === 0) hdist--;
  const total = hlit + hdist;
  const all = LENGTHS;
  all.set(lit.lengths.subarray(0, hlit), 0);
  all.set(dist.lengths.subarray(0, hdist), hlit);
  let n = 0;
  for (let i = 0; i < total; ) {
    const len = all[i]!;
    let j = i + 1;
    while (j < total && all[j] === len) j++;
    let rest = j - i;
    if (len === 0) {
      for (; rest >= 11; n += 2) {
        const k = Math.min(rest, 138);
        SEQ[n] = 18;
        SEQ[n + 1] = k - 11;
        rest -= k;
      }
      if (rest >= 3) {
        SEQ[n++] = 17;
        SEQ[n++] = rest - 3;
        rest = 0;
      }
    } else {
      SEQ[n++] = len;
      SEQ[n++] = 0;
      for (rest--; rest >= 3; n += 2) {
        const k = Math.min(rest, 6);
        SEQ[n] = 16;
        SEQ[n + 1] = k - 3;
        rest -= k;
      }
    }
    for (; rest > 0; rest--, n += 2) {
      SEQ[n] = len;
      SEQ[n + 1] = 0;
    }
    i = j;
  }
  const clFreq = new Uint32Array(19);
  for (let k = 0; k < n; k += 2) clFreq[SEQ[k]!]!++;
  const cl = codeLengths(clFreq, 7);
  let hclen = 19;
  while (hclen > 4 && cl.lengths[CL_ORDER[hclen - 1]!] === 0) hclen--;
  w.put(hlit - 257, 5);
  w.put(hdist - 1, 5);
  w.put(hclen - 4, 4);
  for (let k = 0; k < hclen; k++) w.put(cl.lengths[CL_ORDER[k]!]!, 3);
  for (let k = 0; k < n; k += 2) {
    const s = SEQ[k]!;
    w.put(cl.codes[s]!, cl.lengths[s]!);
    if (s >= 16) w.put(SEQ[k + 1]!, CL_EXTRA[s]!);
  }
}
