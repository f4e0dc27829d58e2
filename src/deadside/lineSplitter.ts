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
 *
 * Hostile input (a crashed game server leaves megabytes of junk or NUL bytes) costs bounded memory:
 * - a line longer than `maxLineBytes` is never held: its bytes are discarded as they arrive and it is
 *   returned as a `junk: 'long'` line (empty text) once its end is seen. A caller can persist the
 *   "skipping" state (`skipState`, `position`) and resume discarding in a later poll without re-reading.
 * - a run of NUL bytes ends a line even without `\n` (a server restarted after a crash appends its next
 *   line right after the NULs); a line holding NULs is returned as `junk: 'nul'` (empty text).
 */

/** Longest line kept, in bytes without its `\n`: a real killfeed or Deadside.log line is far shorter. */
export const MAX_LINE_BYTES = 64 * 1024;

export interface SplitLine {
  /** Decoded text, without the line terminator (`\n` or `\r\n`); empty for a junk line. */
  text: string;
  /** Byte offset of the first byte of the line. */
  start: number;
  /** Byte offset just after the line's `\n` (or after the last byte, for a flushed final line). */
  end: number;
  /** 1-based line number in the file (counting from `startLine + 1`). */
  lineNumber: number;
  /** Not decoded: longer than the limit, or holding NUL bytes. */
  junk?: 'long' | 'nul';
}

/** A line being discarded at the end of what was read: it began at `from`; `nul`: its last byte was NUL. */
export interface SkipState {
  from: number;
  nul: boolean;
}

export interface LineSplitterOptions {
  /** Byte offset of the first byte that will be pushed (a committed offset). Default 0. */
  startOffset?: number;
  /** Number of lines before `startOffset`. Default 0. */
  startLine?: number;
  /** Default MAX_LINE_BYTES. */
  maxLineBytes?: number;
  /** Resume discarding a line that began at `skip.from`; `startOffset` is where its discarded bytes stop. */
  skip?: SkipState | null;
}

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;

export class LineSplitter {
  /** Start of the pending (incomplete) line: everything before it was returned. */
  private offset: number;
  private line: number;
  readonly maxLineBytes: number;
  /** Bytes of the pending line (held in `parts`, or discarded when skipping). */
  private pending = 0;
  private parts: Buffer[] = [];
  private skipping = false;
  private hasNul = false;
  /** The pending line's last byte is NUL: the run may go on in the next chunk. */
  private nulTail = false;

  constructor(options: LineSplitterOptions = {}) {
    this.offset = options.startOffset ?? 0;
    this.line = options.startLine ?? 0;
    this.maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
    if (options.skip) {
      this.pending = this.offset - options.skip.from;
      this.offset = options.skip.from;
      this.skipping = true;
      this.hasNul = this.nulTail = options.skip.nul;
    }
  }

  /** Offset just after the last complete line returned: safe to persist. */
  get committedOffset(): number {
    return this.offset;
  }

  /** Number of complete lines returned so far (plus `startLine`). */
  get committedLine(): number {
    return this.line;
  }

  /** Bytes received after the last complete line (an incomplete line, held or being discarded). */
  get pendingBytes(): number {
    return this.pending;
  }

  /** Offset after the last byte pushed. */
  get position(): number {
    return this.offset + this.pending;
  }

  /** Set while an over-long line is being discarded: with `position`, what a later poll resumes from. */
  get skipState(): SkipState | null {
    return this.skipping ? { from: this.offset, nul: this.nulTail } : null;
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
    const len = buf.length;
    let pos = 0;
    // Next NUL / `\n` at or after pos (-1: none left). Both are searched again only once pos passes
    // them: a NUL run ends a line without `\n`, so searching for `\n` on every pass would rescan the
    // rest of the chunk once per run (quadratic: `\0a` repeated over 4 MiB took 103 s).
    let nul = -2;
    let nl = -2;
    while (pos < len) {
      if (this.nulTail) {
        let i = pos;
        while (i < len && buf[i] === NUL) i++;
        this.take(buf, pos, i);
        pos = i;
        if (pos === len) return;
        this.nulTail = false;
        // The run ends the line, unless a `\n` follows at once (then that `\n` ends it, below).
        if (buf[pos] !== LF) {
          this.emitPending(0, out);
          continue;
        }
      }
      if (nl !== -1 && nl < pos) nl = buf.indexOf(LF, pos);
      if (nul !== -1 && nul < pos) nul = buf.indexOf(NUL, pos);
      const stop = nl < 0 ? len : nl;
      if (nul !== -1 && nul < stop) {
        this.take(buf, pos, nul + 1);
        this.hasNul = this.nulTail = true;
        pos = nul + 1;
        continue;
      }
      if (nl < 0) {
        this.take(buf, pos, len);
        return;
      }
      if (this.pending === 0) this.emit(buf, pos, nl, out);
      else {
        this.take(buf, pos, nl);
        this.emitPending(1, out);
      }
      pos = nl + 1;
    }
  }

  /**
   * Return the incomplete last line, if any, as a final line (for files known to be complete, e.g. a
   * rotated backup). Its `end` is the offset after its last byte. Clears the carry-over.
   */
  flush(): SplitLine | null {
    if (this.pending === 0) return null;
    const out: SplitLine[] = [];
    this.emitPending(0, out);
    return out[0]!;
  }

  /** Forget the carry-over and restart at a committed position (e.g. after truncation/rotation). */
  reset(startOffset = 0, startLine = 0): void {
    this.clearPending();
    this.offset = startOffset;
    this.line = startLine;
  }

  /** Adds buf[from, to) to the pending line; past the limit the line is dropped from memory for good. */
  private take(buf: Buffer, from: number, to: number): void {
    const n = to - from;
    if (n === 0) return;
    if (!this.skipping && this.pending + n > this.maxLineBytes) {
      this.skipping = true;
      this.parts = [];
    }
    // Copy: the caller may reuse its buffer.
    if (!this.skipping) this.parts.push(Buffer.from(buf.subarray(from, to)));
    this.pending += n;
  }

  /** Ends the pending line; `terminator` is 1 when a `\n` (not in `parts`) ends it, 0 for a NUL run or EOF. */
  private emitPending(terminator: 0 | 1, out: SplitLine[]): void {
    const start = this.offset;
    const end = start + this.pending + terminator;
    if (this.skipping || this.hasNul) {
      this.line++;
      out.push({ text: '', start, end, lineNumber: this.line, junk: this.skipping ? 'long' : 'nul' });
      this.offset = end;
    } else {
      const joined = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
      this.decode(joined, 0, joined.length, end - start, out);
    }
    this.clearPending();
  }

  private clearPending(): void {
    this.pending = 0;
    this.parts = [];
    this.skipping = this.hasNul = this.nulTail = false;
  }

  /** buf[from, nl) is a line and buf[nl] is its `\n`. */
  private emit(buf: Buffer, from: number, nl: number, out: SplitLine[]): void {
    if (nl - from > this.maxLineBytes) {
      const start = this.offset;
      this.offset = start + (nl + 1 - from);
      this.line++;
      out.push({ text: '', start, end: this.offset, lineNumber: this.line, junk: 'long' });
      return;
    }
    this.decode(buf, from, nl, nl + 1 - from, out);
  }

  /** buf[from, to) is the line's content; the line takes `bytes` bytes of the file (terminator included). */
  private decode(buf: Buffer, from: number, to: number, bytes: number, out: SplitLine[]): void {
    const start = this.offset;
    let textStart = from;
    if (start === 0 && to - from >= 3 && buf[from] === 0xef && buf[from + 1] === 0xbb && buf[from + 2] === 0xbf) textStart += 3;
    let textEnd = to;
    if (textEnd > textStart && buf[textEnd - 1] === CR) textEnd--;
    this.offset = start + bytes;
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
