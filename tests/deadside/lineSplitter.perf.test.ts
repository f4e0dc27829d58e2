/**
 * The splitter's work stays linear on hostile input: counted (searches made), never timed. A `\0a` chunk
 * (a NUL run every other byte, no `\n`) once made one full `\n` search per NUL run: 4 MiB took 103 s.
 */
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../src/deadside/lineSplitter.js';
import { rng } from './generate.js';

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
