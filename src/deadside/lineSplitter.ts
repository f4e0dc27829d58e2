/**
 * Incremental line splitting over byte chunks, for tailing growing files.
 *
 * Splitting happens on bytes (0x0A), and each complete line is decoded on its own: a UTF-8 multibyte
 * sequence never contains 0x0A, so a character split across two chunks is always reassembled before
 * decoding. A trailing `\r` (CRLF) is removed from the text, and a UTF-8 BOM at file offset 0 is dropped.
 *
 * Offsets are absolute byte offsets in the file (starting from `startOffset`). `end` of a line is the
 * offset just after its `\n`: the value a caller commits once the line is processed. Bytes after the last
 * `\n` are carried over; a caller that persists only committed offsets re-reads them on the next poll.
 */

export interface SplitLine {
  /** Decoded text, without the line terminator (`\n` or `\r\n`). */
  text: string;
  /** Byte offset of the first byte of the line. */
  start: number;
  /** Byte offset just after the line's `\n` (or after the last byte, for a flushed final line). */
  end: number;
  /** 1-based line number in the file (counting from `startLine + 1`). */
  lineNumber: number;
}

export interface LineSplitterOptions {
  /** Byte offset of the first byte that will be pushed (a committed offset). Default 0. */
  startOffset?: number;
  /** Number of lines before `startOffset`. Default 0. */
  startLine?: number;
}

const LF = 0x0a;
const CR = 0x0d;
const EMPTY = Buffer.alloc(0);

export class LineSplitter {
  private carry: Buffer = EMPTY;
  private offset: number;
  private line: number;

  constructor(options: LineSplitterOptions = {}) {
    this.offset = options.startOffset ?? 0;
    this.line = options.startLine ?? 0;
  }

  /** Offset just after the last complete line returned: safe to persist. */
  get committedOffset(): number {
    return this.offset;
  }

  /** Number of complete lines returned so far (plus `startLine`). */
  get committedLine(): number {
    return this.line;
  }

  /** Bytes received after the last `\n` (an incomplete line). */
  get pendingBytes(): number {
    return this.carry.length;
  }

  /** Feed one chunk; returns the lines it completed (possibly none). The chunk may be reused by the caller. */
  push(chunk: Uint8Array): SplitLine[] {
    const out: SplitLine[] = [];
    this.pushTo(chunk, out);
    return out;
  }

  /** Like push(), appending to `out` (avoids an array per chunk in tight loops). */
  pushTo(chunk: Uint8Array, out: SplitLine[]): void {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let pos = 0;
    if (this.carry.length > 0) {
      const nl = buf.indexOf(LF);
      if (nl < 0) {
        this.carry = Buffer.concat([this.carry, buf]);
        return;
      }
      // Only the first line needs joining; the rest of the chunk is scanned in place.
      const joined = Buffer.concat([this.carry, buf.subarray(0, nl + 1)]);
      this.carry = EMPTY;
      this.emit(joined, 0, joined.length - 1, out);
      pos = nl + 1;
    }
    const len = buf.length;
    while (pos < len) {
      const nl = buf.indexOf(LF, pos);
      if (nl < 0) {
        // Copy: the caller may reuse its buffer.
        this.carry = Buffer.from(buf.subarray(pos));
        return;
      }
      this.emit(buf, pos, nl, out);
      pos = nl + 1;
    }
  }

  /**
   * Return the incomplete last line, if any, as a final line (for files known to be complete, e.g. a
   * rotated backup). Its `end` is the offset after its last byte. Clears the carry-over.
   */
  flush(): SplitLine | null {
    if (this.carry.length === 0) return null;
    const buf = this.carry;
    this.carry = EMPTY;
    const start = this.offset;
    let textStart = 0;
    if (start === 0 && buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) textStart = 3;
    let textEnd = buf.length;
    if (textEnd > textStart && buf[textEnd - 1] === CR) textEnd--;
    this.offset += buf.length;
    this.line++;
    return { text: buf.toString('utf8', textStart, textEnd), start, end: this.offset, lineNumber: this.line };
  }

  /** Forget the carry-over and restart at a committed position (e.g. after truncation/rotation). */
  reset(startOffset = 0, startLine = 0): void {
    this.carry = EMPTY;
    this.offset = startOffset;
    this.line = startLine;
  }

  /** buf[from, nl) is a line and buf[nl] is its `\n`. */
  private emit(buf: Buffer, from: number, nl: number, out: SplitLine[]): void {
    const start = this.offset;
    let textStart = from;
    if (start === 0 && nl - from >= 3 && buf[from] === 0xef && buf[from + 1] === 0xbb && buf[from + 2] === 0xbf) {
      textStart += 3;
    }
    let textEnd = nl;
    if (textEnd > textStart && buf[textEnd - 1] === CR) textEnd--;
    this.offset = start + (nl + 1 - from);
    this.line++;
    out.push({ text: buf.toString('utf8', textStart, textEnd), start, end: this.offset, lineNumber: this.line });
  }
}

/** Split a whole buffer at once (convenience for tests and complete files). Includes a final unterminated line. */
export function splitAll(buf: Uint8Array, options: LineSplitterOptions = {}): SplitLine[] {
  const s = new LineSplitter(options);
  const out = s.push(buf);
  const last = s.flush();
  if (last) out.push(last);
  return out;
}
