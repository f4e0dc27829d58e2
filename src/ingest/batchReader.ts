/**
 * Reading one file from its committed position in journaled batches (bounded by lines and bytes), as
 * one poll of its server does. Apart from ServerIngestor (which decides which files to read and when)
 * because this is the loop that turns bytes into batches: junk lines are counted here, noise is dropped
 * here, and every batch is journaled and applied before the next one is read.
 */
import { parseServerLogLine } from '../deadside/index.js';
import type { Logger } from '../logger.js';
import { isBlank } from './batchLines.js';
import type { BatchApplier } from './batchApplier.js';
import type { PollBudget } from './budget.js';
import type { RemoteFile } from './discovery.js';
import { readLines, DEFAULT_CHUNK_BYTES, type ReadPosition } from './remoteReader.js';
import type { FeedSettings, FileCursor, IngestCursor, PendingBatch } from './schemas.js';
import type { IngestProgress, RemoteFiles, ResolvedTarget } from './types.js';

type JournalLine = PendingBatch['lines'][number];

/** What reading a file needs from its server's ingestor (a ServerIngestor builds one for its files). */
export interface ReadContext {
  readonly deps: {
    readonly remote: RemoteFiles;
    readonly logger: Logger;
    readonly applier: BatchApplier;
    readonly chunkBytes?: number;
    readonly onProgress?: (p: IngestProgress) => void;
  };
  /** Most lines / journaled bytes per batch. */
  readonly batchLines: number;
  readonly batchBytes: number;
  /** The server as configured now: new settings or channels take effect at the next batch. */
  target(): ResolvedTarget;
  now(): Date;
  /** Keeps the ingestor's in-memory cursor in step with what was committed or noted. */
  keep(cursor: IngestCursor): void;
  /** Applies the cursor's journaled batch (and reports its player count and outbox messages). */
  finish(cursor: IngestCursor): Promise<IngestCursor>;
  /** Lists the server's files afresh at the next poll (a restart may bring new folders). */
  relist(): void;
}

/**
 * What reading (part of) a file did; `more`: it stopped on the poll's budget; `replaced`: its first line
 * is not the one read before (checked with the first read, before anything was applied).
 */
export interface FileResult {
  cursor: IngestCursor;
  lines: number;
  more: boolean;
  replaced?: boolean;
}

/**
 * Read `f` from the committed position `fc` to its end (or until the budget is spent), in journaled
 * batches bounded by lines and bytes.
 */
export async function readInto(ctx: ReadContext, cursor: IngestCursor, f: RemoteFile, fc: FileCursor, budget: PollBudget, checkIdentity = false): Promise<FileResult> {
  const { logger } = ctx.deps;
  let lines = 0;
  let head = fc.head;
  let journal: JournalLine[] = [];
  let journalBytes = 0;
  // Junk lines of the batch: counted, and logged once per batch (a junk flood is millions of lines).
  let junk = 0;
  let junkBytes = 0;
  let junkFirst: { offset: number; line: number } | null = null;
  const junkReasons = { long: 0, nul: 0 };
  let batchStart = fc.offset;
  /** Where the lines consumed so far end (inside a line being skipped, once a chunk says so). */
  let end: ReadPosition = { offset: fc.offset, line: fc.line, skip: fc.skip ?? null };
  let truncated = false;
  let more = false;
  const flush = async () => {
    if (end.offset === batchStart && journal.length === 0 && junk === 0) return;
    // size/mtime stay as before until the whole file is read (below): a crash then re-reads, never skips.
    const file: FileCursor = { ...fc, offset: end.offset, line: end.line, head, skip: end.skip };
    cursor = await applyBatch(ctx, cursor, f, file, batchStart, journal, junk);
    if (junk > 0) {
      logger.warn(
        { serverId: ctx.target().serverId, file: f.path, count: junk, bytes: junkBytes, firstOffset: junkFirst?.offset, firstLine: junkFirst?.line, longerThanLimit: junkReasons.long, withNul: junkReasons.nul },
        'junk lines skipped',
      );
    }
    fc = file;
    ctx.deps.onProgress?.({ serverId: ctx.target().serverId, path: f.path, offset: end.offset, size: f.size, lines });
    journal = [];
    journalBytes = 0;
    junk = junkBytes = junkReasons.long = junkReasons.nul = 0;
    junkFirst = null;
    batchStart = end.offset;
  };
  const from = { offset: fc.offset, line: fc.line, skip: fc.skip ?? null };
  const opts = { chunkBytes: ctx.deps.chunkBytes ?? DEFAULT_CHUNK_BYTES, final: f.final, budget, identity: checkIdentity };
  read: for await (const chunk of readLines(ctx.deps.remote, ctx.target().poolKey, f.readPath ?? f.path, from, opts)) {
    // Another file now has this name: nothing of it is applied as the continuation of the old one.
    if (chunk.identity !== undefined && chunk.identity !== fc.head) return { cursor, lines: 0, more: false, replaced: true };
    if (chunk.truncated) {
      truncated = true; // shrank since the listing: the next poll starts a new generation
      break;
    }
    // The identity check reads the same bytes the same way (headOf), whatever the first line holds.
    if (head === null && typeof chunk.head === 'string') head = chunk.head;
    for (const l of chunk.lines) {
      if (l.junk) {
        junk++;
        junkBytes += l.end - l.start;
        junkFirst ??= { offset: l.start, line: l.lineNumber };
        junkReasons[l.junk]++;
      } else if (f.kind === 'killfeed' ? !isBlank(l.text) : parseServerLogLine(l.text) !== null) {
        // Blank killfeed lines (a trailing empty line, a `\n` flood) mean nothing: skipped silently,
        // not journaled and not counted as malformed.
        // Noise lines of Deadside.log are not journaled: only lines that mean something.
        journal.push({ s: l.start, n: l.lineNumber, t: l.text });
        journalBytes += l.end - l.start;
      }
      lines++;
      end = { offset: l.end, line: l.lineNumber, skip: null };
      if (journal.length >= ctx.batchLines || journalBytes >= ctx.batchBytes) {
        await flush();
        if (budget.timeUp) {
          more = true;
          break read;
        }
      }
    }
    end = chunk.resume;
    if (chunk.more) more = true;
  }
  await flush();
  if (!truncated && !more && !f.readPath) {
    // Remember the size and mtime seen (persisted with the next commit): unchanged → no read next poll.
    const seen: FileCursor = { ...fc, size: f.size, mtimeMs: f.mtimeMs };
    cursor = { ...cursor, files: [...cursor.files.filter((x) => x.path !== f.path), seen] };
    ctx.keep(cursor);
  }
  return { cursor, lines, more };
}

/** Journals and applies one batch; a batch of noise and junk only just commits its offset. */
async function applyBatch(ctx: ReadContext, cursor: IngestCursor, f: RemoteFile, file: FileCursor, fromOffset: number, lines: JournalLine[], junk: number): Promise<IngestCursor> {
  const { applier } = ctx.deps;
  if (lines.length === 0) {
    // Nothing to apply (noise and junk only): committing the offset is one atomic write.
    const next: IngestCursor = {
      ...cursor,
      files: [...cursor.files.filter((x) => x.path !== f.path), file],
      linesRead: cursor.linesRead,
      malformed: cursor.malformed + junk,
      updatedAt: ctx.now(),
    };
    next.linesRead += Math.max(0, file.line - (cursor.files.find((x) => x.path === f.path && x.generation === file.generation)?.line ?? 0));
    await applier.commit(cursor, next);
    ctx.keep(next);
    return next;
  }
  const pending: PendingBatch = {
    seq: cursor.seq + 1,
    path: f.path,
    kind: f.kind,
    generation: file.generation,
    fromOffset,
    toOffset: file.offset,
    lines,
    ...(junk ? { junk } : {}),
    settings: feedSettings(ctx.target()),
    createdAt: ctx.now(),
    file,
  };
  const journaled = await applier.journal(cursor, pending);
  return ctx.finish(journaled);
}

/** The feed settings a batch is journaled with (a replay posts as the batch was read). */
function feedSettings(t: ResolvedTarget): FeedSettings {
  return {
    showSuicides: t.settings.showSuicides,
    killfeedDelaySeconds: t.settings.killfeedDelaySeconds,
    maxFeedAgeSeconds: t.settings.maxFeedAgeSeconds,
    style: t.settings.style,
    longshotMetres: t.settings.longshotMetres,
    channels: { ...t.channels },
  };
}
