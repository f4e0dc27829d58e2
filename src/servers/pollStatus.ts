/**
 * The last-poll status `/server list` shows (last poll, last error, lines read), kept in memory and written
 * for all servers in one bulk write per minute: a poll that finds nothing new costs the database nothing.
 * This process's own views see the status at once (overlay); another machine's within a flush period. A
 * crash loses at most one period of it (the status only: what was read is committed by the ingest cursor).
 */
import type { Msg } from '../i18n/types.js';
import type { GameServer } from '../db/schemas.js';
import type { PollReport } from '../ingest/index.js';
import type { Logger } from '../logger.js';

export const STATUS_FLUSH_MS = 60_000;

/** What the polls of one server since the last flush add up to. */
export interface StatusUpdate {
  guildId: string;
  serverId: string;
  /** Last successful poll (unset: none since the last flush). */
  lastPollAt?: Date;
  /** Lines read since the last flush. */
  lines: number;
  /** Outcome of the latest poll: null when it succeeded (clears the stored error). */
  error: { message: string; text?: Msg | null; at: Date } | null;
  /** The latest listing notice (what the listing bounds leave out); null clears it; unset: unchanged. */
  notice?: string | null;
}

export interface StatusStore {
  recordPolls(updates: readonly StatusUpdate[]): Promise<void>;
}

export class PollStatusBuffer {
  private pending = new Map<string, StatusUpdate>();
  /**
   * The latest listing notice per server (what the listing bounds leave out), shown by this process's
   * `/server list` while it holds (and written with the next flush, for other machines' lists).
   */
  private readonly notices = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: StatusStore,
    private readonly logger: Logger,
    private readonly flushMs = STATUS_FLUSH_MS,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.flushMs);
    this.timer.unref();
  }

  /** Stops the timer and writes what is pending. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  record(report: PollReport): void {
    const u = this.pending.get(report.serverId) ?? { guildId: report.guildId, serverId: report.serverId, lines: 0, error: null };
    if (report.ok) {
      u.lastPollAt = report.at;
      u.lines += report.linesRead;
      u.error = null;
    } else {
      u.error = { message: (report.error ?? 'poll failed').slice(0, 500), ...(report.errorText ? { text: report.errorText } : {}), at: report.at };
    }
    this.pending.set(report.serverId, u);
    if (report.notice !== undefined && (report.notice ?? null) !== (this.notices.get(report.serverId) ?? null)) u.notice = report.notice;
    if (report.notice) this.notices.set(report.serverId, report.notice);
    else if (report.notice === null) this.notices.delete(report.serverId);
  }

  /** Drops what is pending for a server (removed, or its status rewritten by another path). */
  forget(serverId: string): void {
    this.pending.delete(serverId);
    this.notices.delete(serverId);
  }

  /** The stored document with what this process has not written yet. */
  overlay<T extends GameServer | null>(server: T): T {
    const u = server && this.pending.get(server._id);
    const notice = server && this.notices.get(server._id);
    if (!server || (!u && !notice)) return server;
    const status = { ...server.status, ...(notice ? { listingNotice: notice } : {}) };
    if (!u) return { ...server, status };
    status.linesRead += u.lines;
    if (u.lastPollAt) status.lastPollAt = u.lastPollAt;
    if (u.error) Object.assign(status, { lastError: u.error.message, lastErrorText: u.error.text ?? null, lastErrorAt: u.error.at });
    else Object.assign(status, { lastError: null, lastErrorText: null });
    return { ...server, status };
  }

  /** One bulk write of everything pending (a failed write is kept and retried with the next). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (!this.pending.size) return;
      const batch = this.pending;
      this.pending = new Map();
      try {
        await this.store.recordPolls([...batch.values()]);
      } catch (err) {
        this.logger.warn({ servers: batch.size, err: (err as Error).message }, 'poll status not written; retried at the next flush');
        for (const [id, u] of batch) if (!this.pending.has(id)) this.pending.set(id, u);
        else this.pending.set(id, merge(u, this.pending.get(id)!));
      }
    });
    return this.flushing;
  }
}

/** `older` then `newer`, as one update. */
function merge(older: StatusUpdate, newer: StatusUpdate): StatusUpdate {
  return { ...newer, lastPollAt: newer.lastPollAt ?? older.lastPollAt, lines: older.lines + newer.lines };
}
