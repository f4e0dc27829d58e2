/**
 * Incremental reading of one remote file: ranged SFTP reads from a committed offset, split into complete
 * lines. Memory is bounded by one chunk whatever the file size (a line past MAX_LINE_BYTES is discarded
 * as it arrives); the incomplete last line is not returned (its bytes are read again next time, from the
 * committed offset), except a line being discarded, which a later read resumes where this one stopped.
 */
import { LineSplitter, type SkipState, type SplitLine } from '../deadside/index.js';
import type { PollBudget } from './budget.js';
import type { FileCursor, FileKind } from './schemas.js';
import type { RemoteFiles } from './types.js';

export const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;
/**
 * Bytes split at once: a read chunk is split and yielded slice by slice, so the line objects alive at a
 * time stay bounded (4 MiB of `\n` at once is 4.19M objects, ~294 MB of heap; a slice, at most 256K).
 */
export const SPLIT_SLICE_BYTES = 256 * 1024;
/** Bytes of the first line kept as the file's identity. */
export const HEAD_BYTES = 256;

/** A position to resume reading from: a line start, or (with `skip`) inside a line being discarded. */
export interface ReadPosition {
  offset: number;
  line: number;
  skip: SkipState | null;
}

export interface LineChunk {
  lines: SplitLine[];
  /** File size when this chunk was read. */
  size: number;
  /** The file is now shorter than the offset asked for (rotated/truncated). */
  truncated: boolean;
  /** Where to resume once every line returned so far is applied. */
  resume: ReadPosition;
  /** headOf() the bytes at offset 0, on the chunk read from there. */
  head?: string | null;
  /** headOf() the file's first bytes, on the first chunk when `identity` was asked for (same round of requests). */
  identity?: string | null;
  /** Reading stopped on the poll's budget before the end of the file. */
  more: boolean;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function resumeOf(s: LineSplitter): ReadPosition {
  const skip = s.skipState;
  return { offset: skip ? s.position : s.committedOffset, line: s.committedLine, skip };
}

/**
 * Complete lines from `from` to the end of the file as sized at each read, chunk by chunk, or until the
 * poll's budget is spent. `final`: the file is complete (a newer file exists), so a last line without
 * `\n` is returned too.
 */
export async function* readLines(
  remote: RemoteFiles,
  poolKey: string,
  path: string,
  from: { offset: number; line: number; skip?: SkipState | null },
  opts: { chunkBytes?: number; final?: boolean; budget?: PollBudget; sliceBytes?: number; identity?: boolean } = {},
): AsyncGenerator<LineChunk> {
  const chunkBytes = opts.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const sliceBytes = Math.max(1, opts.sliceBytes ?? SPLIT_SLICE_BYTES);
  const budget = opts.budget;
  const splitter = new LineSplitter({ startOffset: from.offset, startLine: from.line, skip: from.skip ?? null });
  let readAt = from.offset;
  let size = 0;
  for (;;) {
    // The clock stops a file only once it moved past `from` (a chunk smaller than a line may complete
    // none): a poll stopped before that would re-read the same bytes next time, poll after poll.
    if (budget && (budget.bytesSpent || (budget.timeUp && resumeOf(splitter).offset > from.offset))) {
      yield { lines: [], size, truncated: false, resume: resumeOf(splitter), more: true };
      return;
    }
    const first = readAt === from.offset;
    const wantIdentity = first && !!opts.identity;
    const r = await remote.readFrom(poolKey, path, readAt, {
      maxBytes: budget ? budget.readSize(chunkBytes) : chunkBytes,
      ...(wantIdentity ? { headBytes: HEAD_BYTES } : {}),
    });
    // Given with the first chunk yielded only.
    let identity = wantIdentity ? { identity: headOf(r.head ?? Buffer.alloc(0)) } : {};
    budget?.spend(r.data.length);
    size = r.size;
    if (r.truncated) {
      yield { lines: [], size, truncated: true, resume: resumeOf(splitter), more: false, ...identity };
      return;
    }
    let head = readAt === 0 ? headOf(r.data) : undefined;
    readAt = r.nextOffset;
    const atEnd = r.eof || r.data.length === 0;
    const data = r.data;
    let at = 0;
    do {
      if (at > 0) await yieldToLoop(); // timers and I/O get a turn between slices
      const to = Math.min(data.length, at + sliceBytes);
      const lines = splitter.push(data.subarray(at, to));
      at = to;
      if (at === data.length && atEnd && opts.final) {
        const last = splitter.flush();
        if (last) lines.push(last);
      }
      yield { lines, size, truncated: false, resume: resumeOf(splitter), head, more: false, ...identity };
      head = undefined;
      identity = {};
    } while (at < data.length);
    if (atEnd) return;
  }
}

export function newFileCursor(path: string, kind: FileKind): FileCursor {
  return { path, kind, offset: 0, line: 0, size: 0, mtimeMs: 0, head: null, generation: 0, skip: null };
}

export type FilePlan = { action: 'skip' } | { action: 'read'; cursor: FileCursor; rotated: boolean };

/**
 * Decide what to do with a file from its listing: unchanged (size and mtime as last seen and nothing left
 * to read) → skip without any transfer; shorter than the committed offset → a new generation from 0.
 */
export function planFile(fc: FileCursor, remote: { size: number; mtimeMs: number }, final: boolean): FilePlan {
  if (remote.size < fc.offset) return { action: 'read', rotated: true, cursor: newGeneration(fc) };
  const unchanged = remote.size === fc.size && remote.mtimeMs === fc.mtimeMs;
  // A complete older file may still hold a last line without `\n` (or a line being discarded, to count
  // as malformed): read it once more with final = true.
  const lastLine = final && (fc.offset < remote.size || !!fc.skip);
  if (unchanged && !lastLine) return { action: 'skip' };
  if (remote.size === fc.offset && !unchanged && !lastLine) return { action: 'skip' };
  return { action: 'read', rotated: false, cursor: fc };
}

/** The cursor of a file found replaced or truncated: read from the start, under new event ids. */
export function newGeneration(fc: FileCursor): FileCursor {
  return { ...fc, offset: 0, line: 0, head: null, size: 0, mtimeMs: 0, skip: null, generation: fc.generation + 1 };
}

/** First line of a buffer read at offset 0 (the file identity), or null while it is incomplete. */
export function headOf(data: Buffer): string | null {
  const nl = data.subarray(0, HEAD_BYTES).indexOf(0x0a);
  if (nl < 0) return data.length >= HEAD_BYTES ? data.subarray(0, HEAD_BYTES).toString('latin1') : null;
  return data.subarray(0, nl).toString('latin1');
}
