/**
 * One poll of one game server: replay a batch left pending by a crash, discover files (world_N folders,
 * new CSVs, Deadside.log), read only new bytes, and apply them in journaled batches, in order.
 */
import path from 'node:path';
import type { Logger } from '../logger.js';
import { compareKillfeedFiles, isKillfeedFile, parseBackupLogName, parseServerLogLine, parseWorldFolder } from '../deadside/index.js';
import { detectLayout } from '../sftp/index.js';
import type { BatchApplier, BatchOutcome } from './batchApplier.js';
import { emptyLogState } from './logModel.js';
import { HEAD_BYTES, headOf, newFileCursor, planFile, readLines, DEFAULT_CHUNK_BYTES } from './remoteReader.js';
import type { FeedSettings, FileCursor, FileKind, IngestCursor, PendingBatch } from './schemas.js';
import type { IngestCollections } from './store.js';
import { ingestTargetSchema, type IngestProgress, type IngestTarget, type PollReport, type RemoteFiles, type ResolvedTarget } from './types.js';

const posix = path.posix;

export interface ServerIngestorDeps {
  cols: IngestCollections;
  remote: RemoteFiles;
  logger: Logger;
  applier: BatchApplier;
  /** Most lines per batch (default 1000). */
  batchLines?: number;
  chunkBytes?: number;
  /** Called after a committed batch changed the player count. */
  onPlayerCount?: (target: ResolvedTarget, count: NonNullable<BatchOutcome['playerCount']>) => void;
  /** Called after a batch wrote outbox messages (wakes the sender). */
  onOutbox?: () => void;
  onProgress?: (p: IngestProgress) => void;
  now?: () => Date;
}

export interface BacklogFile {
  path: string;
  kind: FileKind;
  size: number;
  /** Committed offset: bytes before it are read and applied. */
  offset: number;
}

interface RemoteFile {
  path: string;
  kind: FileKind;
  size: number;
  mtimeMs: number;
  /** A newer file exists next to it: it will not grow any more. */
  final: boolean;
  /** Where to read the bytes when not at `path` (a rotated log's backup copy). */
  readPath?: string;
}

export class ServerIngestor {
  private target: ResolvedTarget;
  private cursor: IngestCursor | null = null;
  private paths: { deathlogs?: string; serverLog?: string } | null = null;
  private readonly batchLines: number;
  /** The player count was pushed once since start (the channel then follows changes). */
  private countAnnounced = false;

  constructor(
    target: IngestTarget,
    private readonly deps: ServerIngestorDeps,
  ) {
    this.target = ingestTargetSchema.parse(target);
    this.batchLines = deps.batchLines ?? 1000;
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
    if (JSON.stringify(next.paths) !== JSON.stringify(this.target.paths) || next.poolKey !== this.target.poolKey) this.paths = null;
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
    try {
      let cursor = await this.loadCursor();
      if (cursor.pending) cursor = await this.finish(cursor);
      if (!this.countAnnounced && cursor.log.counter.max !== null) {
        const c = cursor.log.counter;
        this.deps.onPlayerCount?.(this.target, { online: c.online.length, queued: c.queued.length, max: c.max });
      }
      this.countAnnounced = true;
      const files = await this.discover();
      for (const f of files) {
        const r = await this.ingestFile(cursor, f);
        cursor = r.cursor;
        linesRead += r.lines;
      }
      this.cursor = cursor;
      return this.report(at, started, null, linesRead);
    } catch (err) {
      // Re-read the cursor next time: the in-memory copy may be ahead of what was committed.
      this.cursor = null;
      return this.report(at, started, err, linesRead);
    }
  }

  /** Every file a poll would look at, with how far it has been read (a backfill's to-do list). */
  async backlog(): Promise<BacklogFile[]> {
    const cursor = await this.loadCursor();
    return (await this.discover()).map((f) => {
      const known = cursor.files.find((c) => c.path === f.path);
      // A file that shrank starts again from 0 (a new generation) at the next poll.
      const offset = known && known.offset <= f.size ? known.offset : 0;
      return { path: f.path, kind: f.kind, size: f.size, offset };
    });
  }

  private report(at: Date, started: number, err: unknown, linesRead: number): PollReport {
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

  private async resolvePaths(): Promise<{ deathlogs?: string; serverLog?: string }> {
    if (this.paths) return this.paths;
    const given = this.target.paths ?? {};
    if (given.deathlogs || given.serverLog) return (this.paths = given);
    const { remote } = this.deps;
    const key = this.target.poolKey;
    // Detection walks from "/"; the pool takes paths relative to the server's root folder.
    const rel = (p: string) => p.replace(/^\/+/, '') || '/';
    const layout = await detectLayout({ list: (dir) => remote.list(key, rel(dir)) }, '/');
    const first = layout.killfeedDirs[0]?.path;
    this.paths = { deathlogs: first ? rel(posix.dirname(first)) : undefined, serverLog: layout.logFile ? rel(layout.logFile) : undefined };
    return this.paths;
  }

  /** Every file to look at, in application order: killfeed CSVs by world then name, then Deadside.log. */
  private async discover(): Promise<RemoteFile[]> {
    const { remote } = this.deps;
    const key = this.target.poolKey;
    const { deathlogs, serverLog } = await this.resolvePaths();
    const out: RemoteFile[] = [];
    if (deathlogs) {
      // Listed every poll: new world_N folders and new session CSVs are noticed without a restart.
      const worlds = (await remote.list(key, deathlogs))
        .filter((e) => e.type !== 'file' && parseWorldFolder(e.name) !== null)
        .sort((a, b) => parseWorldFolder(a.name)! - parseWorldFolder(b.name)!);
      for (const w of worlds) {
        const dir = posix.join(deathlogs, w.name);
        const csvs = (await remote.list(key, dir)).filter((e) => e.type === 'file' && isKillfeedFile(e.name));
        csvs.sort((a, b) => compareKillfeedFiles(a.name, b.name));
        csvs.forEach((c, i) =>
          out.push({ path: posix.join(dir, c.name), kind: 'killfeed', size: c.size, mtimeMs: c.modifiedAt.getTime(), final: i < csvs.length - 1 }),
        );
      }
    }
    if (serverLog) {
      try {
        const st = await remote.stat(key, serverLog);
        out.push({ path: serverLog, kind: 'serverLog', size: st.size, mtimeMs: st.modifiedAt.getTime(), final: false });
      } catch (err) {
        if ((err as { category?: string }).category !== 'not_found') throw err;
      }
    }
    return out;
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

  private async ingestFile(cursor: IngestCursor, f: RemoteFile): Promise<{ cursor: IngestCursor; lines: number }> {
    const known = cursor.files.find((x) => x.path === f.path) ?? newFileCursor(f.path, f.kind);
    const plan = planFile(known, f, f.final);
    if (plan.action === 'skip') return { cursor, lines: 0 };
    let fc = plan.cursor;
    let rotated = plan.rotated;
    // Deadside.log is replaced in place at restart: a changed first line means a new file (new generation).
    if (!rotated && f.kind === 'serverLog' && fc.offset > 0 && fc.head !== null) {
      const r = await this.deps.remote.readFrom(this.target.poolKey, f.path, 0, { maxBytes: HEAD_BYTES });
      if (headOf(r.data) !== fc.head) {
        rotated = true;
        fc = { ...fc, offset: 0, line: 0, head: null, size: 0, mtimeMs: 0, generation: fc.generation + 1 };
      }
    }
    let drained = 0;
    if (rotated) {
      this.deps.logger.info({ serverId: this.target.serverId, file: f.path }, 'file rotated: reading the new one from the start');
      if (f.kind === 'serverLog') ({ cursor, lines: drained } = await this.drainBackup(cursor, f, known));
    }
    const r = await this.readInto(cursor, f, fc);
    return { cursor: r.cursor, lines: r.lines + drained };
  }

  /**
   * The old Deadside.log may have grown between our last read and its rotation: finish it from the
   * `Deadside-backup-*.log` copy whose first line matches, as the old generation.
   */
  private async drainBackup(cursor: IngestCursor, f: RemoteFile, old: FileCursor): Promise<{ cursor: IngestCursor; lines: number }> {
    if (old.offset === 0 || old.head === null) return { cursor, lines: 0 };
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
      if (b.size === old.offset) break;
      return this.readInto(cursor, { ...f, readPath: p, size: b.size, mtimeMs: b.modifiedAt.getTime(), final: true }, old);
    }
    return { cursor, lines: 0 };
  }

  /** Read `f` from the committed position `fc` to its end, in journaled batches. */
  private async readInto(cursor: IngestCursor, f: RemoteFile, fc: FileCursor): Promise<{ cursor: IngestCursor; lines: number }> {
    let lines = 0;
    let head = fc.head;
    let headKnown = head !== null;
    let pendingLines: { s: number; n: number; t: string }[] = [];
    let batchStart = fc.offset;
    let batchEnd = fc.offset;
    let batchLine = fc.line;
    let truncated = false;
    const flush = async () => {
      if (batchEnd === batchStart && pendingLines.length === 0) return;
      // size/mtime stay as before until the whole file is read (below): a crash then re-reads, never skips.
      const file: FileCursor = { ...fc, offset: batchEnd, line: batchLine, head };
      cursor = await this.applyBatch(cursor, f, file, batchStart, batchEnd, pendingLines);
      fc = file;
      this.deps.onProgress?.({ serverId: this.target.serverId, path: f.path, offset: batchEnd, size: f.size, lines });
      pendingLines = [];
      batchStart = batchEnd;
    };
    let count = 0;
    for await (const chunk of readLines(this.deps.remote, this.target.poolKey, f.readPath ?? f.path, fc, {
      chunkBytes: this.deps.chunkBytes ?? DEFAULT_CHUNK_BYTES,
      final: f.final,
    })) {
      if (chunk.truncated) {
        truncated = true; // shrank since the listing: the next poll starts a new generation
        break;
      }
      for (const l of chunk.lines) {
        if (!headKnown && l.start === 0) {
          head = l.text.length > HEAD_BYTES ? l.text.slice(0, HEAD_BYTES) : l.text;
          headKnown = true;
        }
        // Noise lines of Deadside.log are not journaled: only lines that mean something.
        if (f.kind === 'killfeed' || parseServerLogLine(l.text) !== null) {
          pendingLines.push({ s: l.start, n: l.lineNumber, t: l.text });
          count++;
        }
        lines++;
        batchEnd = l.end;
        batchLine = l.lineNumber;
        if (count >= this.batchLines) {
          await flush();
          count = 0;
        }
      }
    }
    await flush();
    if (!truncated && !f.readPath) {
      // Remember the size and mtime seen (persisted with the next commit): unchanged → no read next poll.
      const seen: FileCursor = { ...fc, size: f.size, mtimeMs: f.mtimeMs };
      cursor = { ...cursor, files: [...cursor.files.filter((x) => x.path !== f.path), seen] };
      this.cursor = cursor;
    }
    return { cursor, lines };
  }

  private async applyBatch(
    cursor: IngestCursor,
    f: RemoteFile,
    file: FileCursor,
    fromOffset: number,
    toOffset: number,
    lines: { s: number; n: number; t: string }[],
  ): Promise<IngestCursor> {
    const { applier } = this.deps;
    if (lines.length === 0) {
      // Nothing to apply (noise only): committing the offset is one atomic write.
      const next: IngestCursor = { ...cursor, files: [...cursor.files.filter((x) => x.path !== f.path), file], linesRead: cursor.linesRead, updatedAt: this.now() };
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
      toOffset,
      lines,
      settings: this.settings(),
      createdAt: this.now(),
      file,
    };
    const journaled = await applier.journal(cursor, pending);
    return this.finish(journaled);
  }
}
