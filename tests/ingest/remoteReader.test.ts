/** Reading a remote file (src/ingest/remoteReader.ts): file plans, the identity of a file, reads split in slices. */
import { describe, expect, it } from 'vitest';
import { headOf, newFileCursor, planFile, readLines, SPLIT_SLICE_BYTES } from '../../src/ingest/remoteReader.js';
import { MemRemote } from './memRemote.js';

const MiB = 1024 * 1024;

describe('file plans', () => {
  const fc = { ...newFileCursor('a.csv', 'killfeed'), offset: 100, line: 3, size: 100, mtimeMs: 5 };
  it('skips an unchanged file, reads a grown one, restarts a shrunk one with a new generation', () => {
    expect(planFile(fc, { size: 100, mtimeMs: 5 }, false)).toEqual({ action: 'skip' });
    expect(planFile(fc, { size: 150, mtimeMs: 6 }, false)).toMatchObject({ action: 'read', rotated: false });
    const p = planFile(fc, { size: 40, mtimeMs: 7 }, false);
    expect(p).toMatchObject({ action: 'read', rotated: true, cursor: { offset: 0, line: 0, generation: 1 } });
  });
  it('reads a complete older file once more when bytes are left after the last newline', () => {
    expect(planFile({ ...fc, size: 120 }, { size: 120, mtimeMs: 5 }, true)).toMatchObject({ action: 'read' });
  });
  it('takes the first line as the identity of a file', () => {
    expect(headOf(Buffer.from('Log file open, 05/15/25 00:00:00\nmore'))).toBe('Log file open, 05/15/25 00:00:00');
    expect(headOf(Buffer.from('partial'))).toBeNull();
  });
});

describe('chunks are split in slices', () => {
  it('yields a 4 MiB read of `\\n` in slices of at most 256 KiB', async () => {
    const remote = new MemRemote();
    remote.put('f.csv', Buffer.alloc(4 * MiB, 0x0a));
    let total = 0;
    let largest = 0;
    let chunks = 0;
    let last = 0;
    for await (const c of readLines(remote, 'k', 'f.csv', { offset: 0, line: 0 }, { chunkBytes: 4 * MiB })) {
      chunks++;
      total += c.lines.length;
      largest = Math.max(largest, c.lines.length);
      last = c.resume.offset;
    }
    expect(remote.reads.get('f.csv')).toBe(1); // one SFTP read, split in slices
    expect(total).toBe(4 * MiB);
    expect(largest).toBeLessThanOrEqual(SPLIT_SLICE_BYTES);
    expect(chunks).toBe((4 * MiB) / SPLIT_SLICE_BYTES);
    expect(last).toBe(4 * MiB);
  });
});
