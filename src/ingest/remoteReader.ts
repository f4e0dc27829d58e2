/**
 * Incremental reading of one remote file: ranged SFTP reads from a committed offset, split into complete
 * lines. Memory is bounded by one chunk whatever the file size; the incomplete last line is not returned
 * (its bytes are read again next time, from the committed offset).
 */
import { LineSplitter, type SplitLine } from '../deadside/index.js';
import type { FileCursor, FileKind } from './schemas.js';
import type { RemoteFiles } from './types.js';

export const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;
/** Bytes of the first line kept as the file's identity. */
export const HEAD_BYTES = 256;

export interface LineChunk {
  lines: SplitLine[];
  /** File size when this chunk was read. */
  size: number;
  /** The file is now shorter than the offset asked for (rotated/truncated). */
  truncated: boolean;
}

/**
 * Complete lines from `offset` to the end of the file as sized at each read, chunk by chunk.
 * `final`: the file is complete (a newer file exists), so a last line without `\n` is returned too.
 */
export async function* readLines(
  remote: RemoteFiles,
  poolKey: string,
  path: string,
  from: { offset: number; line: number },
  opts: { chunkBytes?: number; final?: boolean } = {},
): AsyncGenerator<LineChunk> {
  const chunkBytes = opts.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const splitter = new LineSplitter({ startOffset: from.offset, startLine: from.line });
  let readAt = from.offset;
  for (;;) {
    const r = await remote.readFrom(poolKey, path, readAt, { maxBytes: chunkBytes });
    if (r.truncated) {
      yield { lines: [], size: r.size, truncated: true };
      return;
    }
    const lines = splitter.push(r.data);
    readAt = r.nextOffset;
    const atEnd = r.eof || r.data.length === 0;
    if (atEnd && opts.final) {
      const last = splitter.flush();
      if (last) lines.push(last);
    }
    if (lines.length || atEnd) yield { lines, size: r.size, truncated: false };
    if (atEnd) return;
  }
}

export function newFileCursor(path: string, kind: FileKind): FileCursor {
  return { path, kind, offset: 0, line: 0, size: 0, mtimeMs: 0, head: null, generation: 0 };
}

export type FilePlan = { action: 'skip' } | { action: 'read'; cursor: FileCursor; rotated: boolean };

/**
 * Decide what to do with a file from its listing: unchanged (size and mtime as last seen and nothing left
 * to read) → skip without any transfer; shorter than the committed offset → a new generation from 0.
 */
export function planFile(fc: FileCursor, remote: { size: number; mtimeMs: number }, final: boolean): FilePlan {
  if (remote.size < fc.offset) {
    return { action: 'read', rotated: true, cursor: { ...fc, offset: 0, line: 0, head: null, size: 0, mtimeMs: 0, generation: fc.generation + 1 } };
  }
  const unchanged = remote.size === fc.size && remote.mtimeMs === fc.mtimeMs;
  // A complete older file may still hold a last line without `\n`: read it once more with final = true.
  if (unchanged && !(final && fc.offset < remote.size)) return { action: 'skip' };
  if (remote.size === fc.offset && !unchanged) return { action: 'skip' };
  return { action: 'read', rotated: false, cursor: fc };
}

/** First line of a buffer read at offset 0 (the file identity), or null while it is incomplete. */
export function headOf(data: Buffer): string | null {
  const nl = data.subarray(0, HEAD_BYTES).indexOf(0x0a);
  if (nl < 0) return data.length >= HEAD_BYTES ? data.subarray(0, HEAD_BYTES).toString('latin1') : null;
  return data.subarray(0, nl).toString('latin1');
}
