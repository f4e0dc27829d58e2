import { describe, expect, it } from 'vitest';
import { LineSplitter, MAX_LINE_BYTES, splitAll, type SplitLine } from '../../src/deadside/lineSplitter.js';
import { rng } from './generate.js';

const SAMPLES = ['plain', "O'Neil", 'Żółw 🎮 李小龙', 'a;b;c;', '', 'tail with CR\r', 'é', '𝄞𝄞𝄞', 'Дмитрий'];

/** Reference: split the text by hand, computing byte offsets with Buffer.byteLength. */
function reference(lines: string[], bom: boolean): SplitLine[] {
  const out: SplitLine[] = [];
  let off = 0;
  lines.forEach((raw, i) => {
    const bytes = Buffer.byteLength(raw, 'utf8') + 1 + (bom && i === 0 ? 3 : 0);
    out.push({ text: raw.endsWith('\r') ? raw.slice(0, -1) : raw, start: off, end: off + bytes, lineNumber: i + 1 });
    off += bytes;
  });
  return out;
}

function chunked(buf: Buffer, r: () => number, maxChunk: number): Buffer[] {
  const chunks: Buffer[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const n = 1 + Math.floor(r() * maxChunk);
    chunks.push(buf.subarray(pos, pos + n));
    pos += n;
  }
  return chunks;
}

describe('LineSplitter', () => {
  it('gives the same lines and offsets whatever the chunk boundaries (property, incl. split multibyte chars)', () => {
    const r = rng(7);
    for (let trial = 0; trial < 300; trial++) {
      const n = Math.floor(r() * 30);
      const lines = Array.from({ length: n }, () => SAMPLES[Math.floor(r() * SAMPLES.length)]! + (r() < 0.2 ? '\r' : ''));
      const bom = n > 0 && r() < 0.2; // a lone BOM with no newline would be an incomplete line
      const text = (bom ? '\uFEFF' : '') + lines.map((l) => `${l}\n`).join('');
      const buf = Buffer.from(text, 'utf8');
      const expected = reference(lines, bom);
      const splitter = new LineSplitter();
      const got: SplitLine[] = [];
      // Chunk sizes from 1 byte (every multibyte char split) up to the whole buffer.
      for (const c of chunked(buf, r, trial % 3 === 0 ? 3 : 64)) got.push(...splitter.push(c));
      expect(got).toEqual(expected);
      expect(splitter.pendingBytes).toBe(0);
      expect(splitter.committedOffset).toBe(buf.length);
      expect(splitter.committedLine).toBe(n);
    }
  });

  it('keeps an incomplete last line as carry-over until its newline arrives', () => {
    const s = new LineSplitter();
    expect(s.push(Buffer.from('one\ntw'))).toEqual([{ text: 'one', start: 0, end: 4, lineNumber: 1 }]);
    expect(s.pendingBytes).toBe(2);
    expect(s.committedOffset).toBe(4);
    expect(s.push(Buffer.from('o'))).toEqual([]);
    expect(s.push(Buffer.from('\r\nthree'))).toEqual([{ text: 'two', start: 4, end: 9, lineNumber: 2 }]);
    expect(s.committedOffset).toBe(9);
    expect(s.flush()).toEqual({ text: 'three', start: 9, end: 14, lineNumber: 3 });
    expect(s.flush()).toBeNull();
  });

  it('does not keep references to the caller buffer', () => {
    const s = new LineSplitter();
    const buf = Buffer.from('abc\ndef');
    s.push(buf);
    buf.fill(0x78);
    expect(s.push(Buffer.from('\n'))).toEqual([{ text: 'def', start: 4, end: 8, lineNumber: 2 }]);
  });

  it('resumes from a committed offset and line number (re-reading the carry-over)', () => {
    const buf = Buffer.from('a\nbé\ncc\ndd', 'utf8');
    const first = new LineSplitter();
    const got = first.push(buf.subarray(0, 7)); // 'a\nbé\nc': é is 2 bytes, 'c' is carried over
    const commit = { offset: first.committedOffset, line: first.committedLine };
    const resumed = new LineSplitter({ startOffset: commit.offset, startLine: commit.line });
    got.push(...resumed.push(buf.subarray(commit.offset)));
    expect(got).toEqual(splitAll(buf).slice(0, 3));
    expect(resumed.pendingBytes).toBe(2);
  });

  it('splits a large buffer identically in 64 KiB chunks and at once', () => {
    const line = "2025.05.01-00.07.23;Żółw Ninja;00024d4be1e44ba0aa342b39b0fb9937;KT93141;00022ba2df89427c8a252ab6be1df3f3;M99;152;PS5;XSX;\n";
    const buf = Buffer.from(line.repeat(5000), 'utf8');
    const s = new LineSplitter();
    const out: SplitLine[] = [];
    for (let i = 0; i < buf.length; i += 65536) s.pushTo(buf.subarray(i, i + 65536), out);
    expect(out).toEqual(splitAll(buf));
    expect(out).toHaveLength(5000);
    expect(out.every((l) => l.text === line.slice(0, -1))).toBe(true);
  });
});

/** A stream of good lines, over-long lines and NUL runs, with the lines a splitter must return (built, not split). */
function hostileStream(r: () => number, max: number): { buf: Buffer; expected: SplitLine[] } {
  const pieces: Buffer[] = [];
  const expected: SplitLine[] = [];
  let off = 0;
  const add = (bytes: Buffer, line: Omit<SplitLine, 'start' | 'end' | 'lineNumber'>, terminatorBytes = 0) => {
    pieces.push(bytes);
    const start = off;
    off += bytes.length;
    expected.push({ ...line, start, end: off + terminatorBytes, lineNumber: expected.length + 1 });
  };
  const good = (text: string) => add(Buffer.from(`${text}\n`), { text });
  const n = 5 + Math.floor(r() * 25);
  for (let i = 0; i < n; i++) {
    const kind = r();
    if (kind < 0.5) good(SAMPLES[Math.floor(r() * SAMPLES.length)]!.replace('\r', ''));
    else if (kind < 0.65) add(Buffer.from(`${'j'.repeat(max + 1 + Math.floor(r() * 3 * max))}\n`), { text: '', junk: 'long' });
    else if (kind < 0.8) {
      // A NUL run ended by `\n`.
      const k = 1 + Math.floor(r() * 2 * max);
      add(Buffer.concat([Buffer.alloc(k), Buffer.from('\n')]), { text: '', junk: k > max ? 'long' : 'nul' });
    } else {
      // Text cut by a crash, NULs, then the next line written right after them.
      const head = r() < 0.5 ? '' : 'cut;half';
      const k = 1 + Math.floor(r() * 2 * max);
      add(Buffer.concat([Buffer.from(head), Buffer.alloc(k)]), { text: '', junk: head.length + k > max ? 'long' : 'nul' });
      good(`after nul ${i}`);
    }
  }
  good('last');
  return { buf: Buffer.concat(pieces), expected };
}

describe('LineSplitter on hostile input', () => {
  const MAX = 40;

  it('returns over-long lines and NUL runs as junk, losing nothing around them, whatever the chunks', () => {
    const r = rng(11);
    for (let trial = 0; trial < 300; trial++) {
      const { buf, expected } = hostileStream(r, MAX);
      const s = new LineSplitter({ maxLineBytes: MAX });
      const got: SplitLine[] = [];
      for (const c of chunked(buf, r, trial % 2 ? 7 : 3 * MAX)) s.pushTo(c, got);
      expect(got).toEqual(expected);
      expect(s.pendingBytes).toBe(0);
    }
  });

  it('resumes from a persisted position mid-stream (mid-skip included) with the same lines', () => {
    const r = rng(12);
    let resumedSkipping = 0;
    for (let trial = 0; trial < 300; trial++) {
      const { buf, expected } = hostileStream(r, MAX);
      const cut = Math.floor(r() * buf.length);
      const first = new LineSplitter({ maxLineBytes: MAX });
      const got: SplitLine[] = [];
      for (const c of chunked(buf.subarray(0, cut), r, 2 * MAX)) first.pushTo(c, got);
      // What a poll commits: past the discarded bytes while skipping, else the last complete line.
      const skip = first.skipState;
      const at = skip ? first.position : first.committedOffset;
      if (skip) resumedSkipping++;
      const second = new LineSplitter({ maxLineBytes: MAX, startOffset: at, startLine: first.committedLine, skip });
      for (const c of chunked(buf.subarray(at), r, 2 * MAX)) second.pushTo(c, got);
      expect(got).toEqual(expected);
    }
    expect(resumedSkipping).toBeGreaterThan(20);
  });

  it('holds no bytes of a line past the limit, and flushes it as junk at the end of a complete file', () => {
    const s = new LineSplitter();
    const chunk = Buffer.alloc(1024 * 1024, 0x41);
    const out: SplitLine[] = [];
    for (let i = 0; i < 24; i++) s.pushTo(chunk, out);
    expect(out).toEqual([]);
    expect(s.skipState).toEqual({ from: 0, nul: false });
    expect(s.position).toBe(24 * 1024 * 1024);
    expect(s.committedOffset).toBe(0);
    s.pushTo(Buffer.from('\ngood\n'), out);
    expect(out).toEqual([
      { text: '', start: 0, end: 24 * 1024 * 1024 + 1, lineNumber: 1, junk: 'long' },
      { text: 'good', start: 24 * 1024 * 1024 + 1, end: 24 * 1024 * 1024 + 6, lineNumber: 2 },
    ]);
    s.pushTo(Buffer.alloc(MAX_LINE_BYTES + 5), out);
    expect(s.skipState).toEqual({ from: 24 * 1024 * 1024 + 6, nul: true });
    expect(s.flush()).toEqual({ text: '', start: 24 * 1024 * 1024 + 6, end: 24 * 1024 * 1024 + 6 + MAX_LINE_BYTES + 5, lineNumber: 3, junk: 'long' });
    expect(s.skipState).toBeNull();
  });

  it('keeps a line of exactly the limit, and splits a NUL run from the line written after it', () => {
    const ok = 'a'.repeat(MAX_LINE_BYTES);
    expect(splitAll(Buffer.from(`${ok}\n${ok}b\n`))).toEqual([
      { text: ok, start: 0, end: MAX_LINE_BYTES + 1, lineNumber: 1 },
      { text: '', start: MAX_LINE_BYTES + 1, end: 2 * MAX_LINE_BYTES + 3, lineNumber: 2, junk: 'long' },
    ]);
    expect(splitAll(Buffer.from('x;y;\n\0\0\0a;b;\n'))).toEqual([
      { text: 'x;y;', start: 0, end: 5, lineNumber: 1 },
      { text: '', start: 5, end: 8, lineNumber: 2, junk: 'nul' },
      { text: 'a;b;', start: 8, end: 13, lineNumber: 3 },
    ]);
  });
});

/**
 * The splitter's work stays linear on hostile input: counted (searches made), never timed. A `\0a` chunk
 * (a NUL run every other byte, no `\n`) once made one full `\n` search per NUL run: 4 MiB took 103 s.
 */
const MiB = 1024 * 1024;

/** `\0a` repeated: `bytes` long. */
function nulSeparated(bytes: number): Buffer {
  const b = Buffer.alloc(bytes, 0x61);
  for (let i = 0; i < bytes; i += 2) b[i] = 0;
  return b;
}

/** Counts the buffer's own indexOf calls, by byte searched for. */
function countSearches(buf: Buffer): Map<number, number> {
  const calls = new Map<number, number>();
  const own = Buffer.prototype.indexOf;
  Object.defineProperty(buf, 'indexOf', {
    value(this: Buffer, value: number, from?: number) {
      calls.set(value, (calls.get(value) ?? 0) + 1);
      return own.call(this, value, from);
    },
  });
  return calls;
}

describe('LineSplitter on NUL-separated input', () => {
  it('searches for `\\n` once per chunk, not once per NUL run (64 KiB, counted)', () => {
    const buf = nulSeparated(64 * 1024);
    const calls = countSearches(buf);
    const lines = new LineSplitter().push(buf);
    expect(lines).toHaveLength(32 * 1024); // every NUL ends a line; the last `a` waits for its end
    expect(calls.get(0x0a)).toBe(1);
    // One NUL search per run, plus the one that finds none left.
    expect(calls.get(0x00)).toBeLessThanOrEqual(32 * 1024 + 1);
  });

  it('splits a 4 MiB `\\0a` chunk into the right junk lines', () => {
    const buf = nulSeparated(4 * MiB);
    const calls = countSearches(buf);
    const s = new LineSplitter({ startOffset: 1000, startLine: 7 });
    const lines = s.push(buf);
    // Line 1 is the first NUL alone, then each `a\0` is one line; the last `a` waits for its end.
    expect(lines).toHaveLength(2 * MiB);
    expect(calls.get(0x0a)).toBe(1);
    let expectStart = 1000;
    let bad = 0;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.junk !== 'nul' || l.text !== '' || l.start !== expectStart || l.lineNumber !== 8 + i || l.end !== expectStart + (i === 0 ? 1 : 2)) bad++;
      expectStart = l.end;
    }
    expect(bad).toBe(0);
    expect(s.committedOffset).toBe(1000 + 4 * MiB - 1);
    expect(s.pendingBytes).toBe(1);
    // The server wrote a real line after the junk: it is read whole.
    expect(s.push(Buffer.from('x\n'))).toEqual([{ text: 'ax', start: 1000 + 4 * MiB - 1, end: 1000 + 4 * MiB + 2, lineNumber: 8 + lines.length }]);
  });

  it('still finds every `\\n` between NUL runs (cached positions refreshed once passed)', () => {
    const lines = new LineSplitter().push(Buffer.from('a\0b\nc\0\0\nd\ne\0f\ng\n'));
    expect(lines.map((l) => [l.text, l.junk ?? null, l.start, l.end])).toEqual([
      ['', 'nul', 0, 2],
      ['b', null, 2, 4],
      ['', 'nul', 4, 8],
      ['d', null, 8, 10],
      ['', 'nul', 10, 12],
      ['f', null, 12, 14],
      ['g', null, 14, 16],
    ]);
  });

  it('gives the same lines whole as byte by byte (fresh searches every push) on random NUL/LF mixes', () => {
    const r = rng(11);
    const alphabet = [0x61, 0x00, 0x0a, 0x62, 0x0d];
    for (let trial = 0; trial < 200; trial++) {
      const buf = Buffer.from(Array.from({ length: Math.floor(r() * 200) }, () => alphabet[Math.floor(r() * alphabet.length)]!));
      const whole = new LineSplitter({ maxLineBytes: 8 });
      const a = whole.push(buf);
      const bytewise = new LineSplitter({ maxLineBytes: 8 });
      const b = [...buf].flatMap((byte) => bytewise.push(Buffer.from([byte])));
      expect(a).toEqual(b);
      expect(whole.position).toBe(bytewise.position);
    }
  });
});
