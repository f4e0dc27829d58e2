/**
 * One poll of one game server: replay a batch left pending by a crash, find what changed (one round of
 * stats, a fuller listing when a folder changed: see RemoteTree), read only new bytes of files that grew,
 * and apply them in journaled batches, in order. A poll where nothing grew reads and writes nothing. A poll
 * stops on its byte or time budget (the next one continues); junk lines (over-long, NUL runs) are
 * skipped without being held, counted as malformed with the batch that passes them.
 */
import path from 'node:path';
import type { Logger } from '../logger.js';
import { parseBackupLogName, parseServerLogLine } from '../deadside/index.js';
import { isBlank, type BatchApplier, type BatchOutcome } from './batchApplier.js';
import { BATCH_MAX_BYTES, BATCH_MAX_LINES, POLL_TIME_BUDGET_MS, PollBudget } from './budget.js';
import { coveredByMark, pruneCursor } from './cursorPrune.js';
import { RemoteTree, resolveServerPaths, type RemoteFile } from './discovery.js';
import { LISTING_MIN_MS, LISTING_TIME_SHARE } from './listingLimits.js';
import { emptyLogState } from './logModel.js';
import { HEAD_BYTES, headOf, newFileCursor, newGeneration, planFile, readLines, DEFAULT_CHUNK_BYTES, type ReadPosition } from './remoteReader.js';
import type { FeedSettings, FileCursor, FileKind, IngestCursor, PendingBatch } from './schemas.js';
import type { IngestCollections } from './store.js';
import { ingestTargetSchema, type IngestProgress, type IngestTarget, type PollReport, type RemoteFiles, type ResolvedTarget, type TextsOf } from './types.js';

const posix = path.posix;

export interface ServerIngestorDeps {
  cols: IngestCollections;
  remote: RemoteFiles;
  logger: Logger;
  applier: BatchApplier;
  /** Most lines per batch (default BATCH_MAX_LINES). */
  batchLines?: number;
  /** Most journaled bytes per batch (default BATCH_MAX_BYTES). */
  batchBytes?: number;
  chunkBytes?: number;
  /** Per-poll budgets (defaults POLL_BYTE_BUDGET, POLL_TIME_BUDGET_MS). */
  pollBytes?: number;
  pollTimeMs?: number;
  /** Called after a committed batch changed the player count. */
  onPlayerCount?: (target: ResolvedTarget, count: NonNullable<BatchOutcome['playerCount']>) => void;
  /** Called after a batch wrote outbox messages (wakes the sender). */
  onOutbox?: () => void;
  onProgress?: (p: IngestProgress) => void;
  /** The guild's words for the listing notice reported to admins (English when not given). */
  textsOf?: TextsOf;
  now?: () => Date;
}

export interface BacklogFile {
  path: string;
  kind: FileKind;
  size: number;
  /** Committed offset: bytes before it are read and applied. */
  offset: number;
}

type JournalLine = PendingBatch['lines'][number];

/**
 * What reading (part of) a file did; `more`: it stopped on the poll's budget; `replaced`: its first line
 * is not the one read before (checked with the first read, before anything was applied).
 */
interface FileResult {
  cursor: IngestCursor;
  lines: number;
  more: boolean;
  replaced?: boolean;
}


export class ServerIngestor {
  private target: ResolvedTarget;
  private cursor: IngestCursor | null = null;
  /** The server's files as last seen (paths detected once per process when not given). */
  private tree: RemoteTree | null = null;
  private readonly batchLines: number;
  private readonly batchBytes: number;
  /** The player count was pushed once since start (the channel then follows changes). */
  private countAnnounced = false;
  /** The listing notice last logged (logged once per change, not per poll). */
  private noticeLogged: string | null = null;

  constructor(
    target: IngestTarget,
    private readonly deps: ServerIngestorDeps,
  ) {
    this.target = ingestTargetSchema.parse(target);
    this.batchLines = deps.batchLines ?? BATCH_MAX_LINES;
    this.batchBytes = deps.batchBytes ?? BATCH_MAX_BYTES;
  }

  get serverId(): string {
    return this.target.serverId;
  }

  get current(): ResolvedTarget {
    return this.target;
  }

  /** New settings or channels take effect at the next batch; new paths at the next poll. */
  update(target: IngestTarget): void {
    const next = ingestTargetSchema.parse(target);
    if (JSON.stringify(next.paths) !== JSON.stringify(this.target.paths) || next.poolKey !== this.target.poolKey) this.tree = null;
    this.target = next;
  }

  /** Forget the cached cursor (it is re-read from the database on the next poll). */
  invalidate(): void {
    this.cursor = null;
  }

  async poll(): Promise<PollReport> {
    const started = Date.now();
    const at = this.now();
    let linesRead = 0;
    let more = false;
    let listed = false;
    let notice: string | null | undefined;
    // Idle: no pending batch, no file to read (the cheap check only).
    let idle = true;
    try {
      let cursor = await this.loadCursor();
      if (cursor.pending) {
        idle = false;
        cursor = await this.finish(cursor);
      }
      if (!this.countAnnounced && cursor.log.counter.max !== null) {
        const c = cursor.log.counter;
        this.deps.onPlayerCount?.(this.target, { online: c.online.length, queued: c.queued.length, max: c.max });
      }
      this.countAnnounced = true;
      // The budget's clock starts before the listing: a host's folders cannot stretch a poll past it.
      const budget = new PollBudget(this.deps.pollBytes, this.deps.pollTimeMs);
      const listFor = Math.max(LISTING_MIN_MS, (this.deps.pollTimeMs ?? POLL_TIME_BUDGET_MS) * LISTING_TIME_SHARE);
      const found = await (await this.files()).files({ deadline: Date.now() + listFor });
      listed = found.listed;
      this.logNotice(found.notice);
      // Logged in English; reported (for `/server list`) in the guild's words.
      notice = found.noticeMsg && (this.deps.textsOf ? (await this.deps.textsOf(this.target.guildId)).text(found.noticeMsg) : found.notice);
      cursor = this.cursor = pruneCursor(cursor, found);
      const files = found.files.filter((f) => !coveredByMark(cursor, f));
      for (const [i, f] of files.entries()) {
        const r = await this.ingestFile(cursor, f, budget);
        if (r === null) continue;
        idle = false;
        cursor = r.cursor;
        linesRead += r.lines;
        // The files after it wait for the next poll (in order: their batches follow this one's).
        if ((more = r.more)) break;
        // Between files too: thousands of small new files must not hold the poll slot past its time.
        // This file is committed (or its size noted in the cursor kept below), so the next poll, queued
        // again at once, goes on with the next file: nothing is read twice or skipped.
        if (budget.timeUp && i < files.length - 1) {
          more = true;
          break;
        }
      }
      this.cursor = cursor;
      return { ...this.report(at, started, null, linesRead, more), idle, listed, notice };
    } catch (err) {
      // Re-read the cursor next time: the in-memory copy may be ahead of what was committed. The files
      // are listed afresh too (a folder may have gone).
      this.cursor = null;
      this.tree?.invalidate();
      return { ...this.report(at, started, err, linesRead, false), listed };
    }
  }

  /** Every file a poll would look at, with how far it has been read (a backfill's to-do list). */
  async backlog(): Promise<BacklogFile[]> {
    const cursor = await this.loadCursor();
    return (await (await this.files()).files({ full: true })).files.map((f) => {
      if (coveredByMark(cursor, f)) return { path: f.path, kind: f.kind, size: f.size, offset: f.size };
      const known = cursor.files.find((c) => c.path === f.path);
      // A file that shrank starts again from 0 (a new generation) at the next poll.
      const offset = known && known.offset <= f.size ? known.offset : 0;
      return { path: f.path, kind: f.kind, size: f.size, offset };
    });
  }

  private logNotice(notice: string | null): void {
    if (notice === this.noticeLogged) return;
    this.noticeLogged = notice;
    if (notice) this.deps.logger.warn({ guildId: this.target.guildId, serverId: this.target.serverId, notice }, 'listing bounds leave files out');
  }

  private report(at: Date, started: number, err: unknown, linesRead: number, more: boolean): PollReport {
    return {
      guildId: this.target.guildId,
      serverId: this.target.serverId,
      at,
      ok: err === null,
      error: err === null ? null : err instanceof Error ? err.message : String(err),
      linesRead,
      totalLines: this.cursor?.linesRead ?? 0,
      malformed: this.cursor?.malformed ?? 0,
      durationMs: Date.now() - started,
      more,
    };
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  private async loadCursor(): Promise<IngestCursor> {
    if (this.cursor) return this.cursor;
    const { cursors } = this.deps.cols;
    const found = await cursors.findOne({ _id: this.target.serverId });
    if (found) return (this.cursor = found);
    const fresh: IngestCursor = {
      _id: this.target.serverId,
      guildId: this.target.guildId,
      seq: 0,
      files: [],
      log: emptyLogState(),
      pending: null,
      malformed: 0,
      linesRead: 0,
      updatedAt: this.now(),
    };
    try {
      await cursors.insertOne(fresh);
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      return (this.cursor = (await cursors.findOne({ _id: this.target.serverId }))!);
    }
    return (this.cursor = fresh);
  }

  /** Apply the cursor's pending batch (a fresh one, or one left by a crash). */
  private async finish(cursor: IngestCursor): Promise<IngestCursor> {
    const out = await this.deps.applier.apply(cursor);
    this.cursor = out.cursor;
    if (out.playerCount) this.deps.onPlayerCount?.(this.target, out.playerCount);
    if (out.outboxWritten) this.deps.onOutbox?.();
    return out.cursor;
  }

  /** The server's files, with the paths given or detected once per process from its root folder. */
  private async files(): Promise<RemoteTree> {
    if (this.tree) return this.tree;
    const paths = await resolveServerPaths(this.deps.remote, this.target.poolKey, this.target.paths);
    return (this.tree = new RemoteTree(this.deps.remote, this.target.poolKey, paths, () => this.now().getTime()));
  }

  private settings(): FeedSettings {
    const t = this.target;
    return {
      showSuicides: t.settings.showSuicides,
      killfeedDelaySeconds: t.settings.killfeedDelaySeconds,
      maxFeedAgeSeconds: t.settings.maxFeedAgeSeconds,
      channels: { ...t.channels },
    };
  }

  /** Reads what is new in one file; null when its listing shows nothing new (no request made). */
  private async ingestFile(cursor: IngestCursor, f: RemoteFile, budget: PollBudget): Promise<FileResult | null> {
    const known = cursor.files.find((x) => x.path === f.path) ?? newFileCursor(f.path, f.kind);
    const plan = planFile(known, f, f.final);
    if (plan.action === 'skip') return null;
    let fc = plan.cursor;
    let rotated = plan.rotated;
    if (!rotated && f.kind === 'serverLog' && fc.offset > 0 && fc.head !== null) {
      // Deadside.log is replaced in place at restart: a changed first line means a new file (a new
      // generation). The first line is read with the new bytes, in the same round of requests.
      const r = await this.readInto(cursor, f, fc, budget, true);
      if (!r.replaced) return r;
      rotated = true;
      fc = newGeneration(fc);
    }
    let drained = 0;
    if (rotated) {
      this.deps.logger.info({ serverId: this.target.serverId, file: f.path }, 'file rotated: reading the new one from the start');
      // A restart: new folders or session files may have come with it.
      this.tree?.invalidate();
      if (f.kind === 'serverLog') {
        const d = await this.drainBackup(cursor, f, known, budget);
        // The old generation is finished first: the new file waits while the backup has more.
        if (d.more) return d;
        ({ cursor, lines: drained } = d);
      }
    }
    const r = await this.readInto(cursor, f, fc, budget);
    return { ...r, lines: r.lines + drained };
  }

  /**
   * The old Deadside.log may have grown between our last read and its rotation: finish it from the
   * `Deadside-backup-*.log` copy whose first line matches, as the old generation.
   */
  private async drainBackup(cursor: IngestCursor, f: RemoteFile, old: FileCursor, budget: PollBudget): Promise<FileResult> {
    if (old.offset === 0 || old.head === null) return { cursor, lines: 0, more: false };
    const { remote } = this.deps;
    const key = this.target.poolKey;
    const dir = posix.dirname(f.path);
    const backups = (await remote.list(key, dir))
      .filter((e) => e.type === 'file' && parseBackupLogName(e.name) !== null && e.size >= old.offset)
      .sort((a, b) => (a.name < b.name ? 1 : -1))
      .slice(0, 3);
    for (const b of backups) {
      const p = posix.join(dir, b.name);
      const head = await remote.readFrom(key, p, 0, { maxBytes: HEAD_BYTES });
      if (headOf(head.data) !== old.head) continue;
      if (b.size === old.offset && !old.skip) break;
      return this.readInto(cursor, { ...f, readPath: p, size: b.size, mtimeMs: b.modifiedAt.getTime(), final: true }, old, budget);
    }
    return { cursor, lines: 0, more: false };
  }

  /**
   * Read `f` from the committed position `fc` to its end (or until the budget is spent), in journaled
   * batches bounded by lines and bytes.
   */
  private async readInto(cursor: IngestCursor, f: RemoteFile, fc: FileCursor, budget: PollBudget, checkIdentity = false): Promise<FileResult> {
    const { logger } = this.deps;
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
      cursor = await this.applyBatch(cursor, f, file, batchStart, journal, junk);
      if (junk > 0) {
        logger.warn(
          { serverId: this.target.serverId, file: f.path, count: junk, bytes: junkBytes, firstOffset: junkFirst?.offset, firstLine: junkFirst?.line, longerThanLimit: junkReasons.long, withNul: junkReasons.nul },
          'junk lines skipped',
        );
      }
      fc = file;
      this.deps.onProgress?.({ serverId: this.target.serverId, path: f.path, offset: end.offset, size: f.size, lines });
      journal = [];
      journalBytes = 0;
      junk = junkBytes = junkReasons.long = junkReasons.nul = 0;
      junkFirst = null;
      batchStart = end.offset;
    };
    const from = { offset: fc.offset, line: fc.line, skip: fc.skip ?? null };
    const opts = { chunkBytes: this.deps.chunkBytes ?? DEFAULT_CHUNK_BYTES, final: f.final, budget, identity: checkIdentity };
    read: for await (const chunk of readLines(this.deps.remote, this.target.poolKey, f.readPath ?? f.path, from, opts)) {
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
        if (journal.length >= this.batchLines || journalBytes >= this.batchBytes) {
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
      this.cursor = cursor;
    }
    return { cursor, lines, more };
  }

  private async applyBatch(
    cursor: IngestCursor,
    f: RemoteFile,
    file: FileCursor,
    fromOffset: number,
    lines: JournalLine[],
    junk: number,
  ): Promise<IngestCursor> {
    const { applier } = this.deps;
    if (lines.length === 0) {
      // Nothing to apply (noise and junk only): committing the offset is one atomic write.
      const next: IngestCursor = {
        ...cursor,
        files: [...cursor.files.filter((x) => x.path !== f.path), file],
        linesRead: cursor.linesRead,
        malformed: cursor.malformed + junk,
        updatedAt: this.now(),
      };
      next.linesRead += Math.max(0, file.line - (cursor.files.find((x) => x.path === f.path && x.generation === file.generation)?.line ?? 0));
      await applier.commit(cursor, next);
      this.cursor = next;
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
      settings: this.settings(),
      createdAt: this.now(),
      file,
    };
    const journaled = await applier.journal(cursor, pending);
    return this.finish(journaled);
  }
}
