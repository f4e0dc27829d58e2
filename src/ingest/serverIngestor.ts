/**
 * One poll of one game server: replay a batch left pending by a crash, find what changed (one round of
 * stats, mostly of the live CSV alone, a fuller listing when a folder changed: see RemoteTree), read only new bytes of files that grew,
 * and apply them in journaled batches, in order. A poll where nothing grew reads and writes nothing. A poll
 * stops on its byte or time budget (the next one continues); junk lines (over-long, NUL runs) are
 * skipped without being held, counted as malformed with the batch that passes them. This class keeps
 * the server's state between polls (cursor, file tree); reading one file is fileIngest.ts and batchReader.ts.
 */
import { isUserError } from '../errors.js';
import { isDuplicateKey } from '../db/duplicateKey.js';
import type { Logger } from '../logger.js';
import type { BatchApplier, BatchOutcome } from './batchApplier.js';
import type { ReadContext } from './batchReader.js';
import { BATCH_MAX_BYTES, BATCH_MAX_LINES, POLL_TIME_BUDGET_MS, PollBudget } from './budget.js';
import { coveredByMark, pruneCursor } from './cursorPrune.js';
import { RemoteTree } from './discovery.js';
import { ingestFile } from './fileIngest.js';
import { LISTING_MIN_MS, LISTING_TIME_SHARE } from './listingLimits.js';
import { emptyLogState } from './logModel.js';
import type { FileKind, IngestCursor } from './schemas.js';
import { resolveServerPaths } from './serverPaths.js';
import type { IngestCollections } from './store.js';
import { ingestTargetSchema, type IngestProgress, type IngestTarget, type PollReport, type RemoteFiles, type ResolvedTarget, type TextsOf } from './types.js';

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

export class ServerIngestor {
  private target: ResolvedTarget;
  private cursor: IngestCursor | null = null;
  /** The server's files as last seen (paths detected once per process when not given). */
  private tree: RemoteTree | null = null;
  /** What reading a file needs from here (fileIngest.ts, batchReader.ts). */
  private readonly reads: ReadContext;
  /** The player count was pushed once since start (the channel then follows changes). */
  private countAnnounced = false;
  /** The listing notice last logged (logged once per change, not per poll). */
  private noticeLogged: string | null = null;

  constructor(
    target: IngestTarget,
    private readonly deps: ServerIngestorDeps,
  ) {
    this.target = ingestTargetSchema.parse(target);
    this.reads = {
      deps,
      batchLines: deps.batchLines ?? BATCH_MAX_LINES,
      batchBytes: deps.batchBytes ?? BATCH_MAX_BYTES,
      target: () => this.target,
      now: () => this.now(),
      keep: (cursor) => void (this.cursor = cursor),
      finish: (cursor) => this.finish(cursor),
      relist: () => this.tree?.invalidate(),
    };
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
      // A stale file (not stat'ed this round: its size is not known) waits for its next stat.
      const files = found.files.filter((f) => !f.stale && !coveredByMark(cursor, f));
      for (const [i, f] of files.entries()) {
        const r = await ingestFile(this.reads, cursor, f, budget);
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
      errorText: isUserError(err) ? err.text : null,
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
      if (!isDuplicateKey(err)) throw err;
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
    // The slower checks' clocks follow the interval as it is now (checkSchedule.ts).
    return (this.tree = new RemoteTree(this.deps.remote, this.target.poolKey, paths, () => this.now().getTime(), () => this.target.pollSeconds * 1000));
  }
}
