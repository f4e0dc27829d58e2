import { describe, expect, it } from 'vitest';
import { LineSplitter, splitAll, type SplitLine } from '../../src/deadside/lineSplitter.js';
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
