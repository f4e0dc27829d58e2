import type { Logger } from '../logger.js';
import { UserError } from '../errors.js';
import { msg } from '../i18n/message.js';
import type { SftpCounters } from './channel.js';
import type { SftpServerConfig } from './connect.js';
import type { SftpConnection } from './connection.js';
import type { RemoteStat } from './entries.js';
import { HostKeyMismatchError, classifySshError, isTransient, toUserError } from './errors.js';
import type { ReadFromOptions, ReadFromResult } from './fileRead.js';
import type { HostGuardOptions } from './hostGuard.js';
import { GlobalLimiter, type ConnectionSlots } from './limiter.js';
import type { ListOptions, RemoteListing } from './listing.js';
import { normalizeRoot } from './paths.js';
import { downloadIn, listIn, readFromIn, statIn, statManyIn } from './rootedFiles.js';
import { createServerEntry, drainPool, isPinned, sameConnection, withConnection, type EntryContext, type ServerEntry } from './serverEntry.js';

export interface RetryOptions {
  /** Total attempts including the first (default 3). */
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export interface SftpPoolOptions {
  /** Connections per server (default 2: one polls, one serves a command meanwhile). */
  perServerMax?: number;
  /** Connections across all servers (default DEFAULT_GLOBAL_MAX). */
  globalMax?: number;
  /** Longest wait for a connection (default 20 s). */
  acquireTimeoutMs?: number;
  /** Idle connections are closed after this (default DEFAULT_IDLE_TIMEOUT_MS). */
  idleTimeoutMs?: number;
  evictionIntervalMs?: number;
  connectTimeoutMs?: number;
  /** Timeout of one remote operation (default 20 s; reads get extra time per MiB). */
  opTimeoutMs?: number;
  retry?: RetryOptions;
  /** Allow loopback/private hosts (ALLOW_PRIVATE_SFTP_HOSTS; tests). */
  allowPrivate?: boolean;
  lookup?: HostGuardOptions['lookup'];
  logger?: Logger;
}

/**
 * A polled server keeps its connection open between polls. Measured (`npm run bench -- scale`): a
 * handshake (key exchange, login, SFTP channel) costs the bot ~6 ms of CPU and the game host ~30 ms and a
 * new sshd session, while an idle connection costs the bot ~48 KiB and its keepalives ~0.002 % of a core.
 * So the cap fits one connection per polled server of a full process (1,000) plus commands, and a
 * connection outlives every tier's poll interval by far (a server an admin slowed past 5 min reconnects).
 */
export const DEFAULT_GLOBAL_MAX = 1500;
export const DEFAULT_IDLE_TIMEOUT_MS = 5 * 60_000;

export interface GlobalPoolStats {
  servers: number;
  /** Open SSH connections across all servers. */
  open: number;
  /** SSH connections opened since start (handshakes), and SFTP requests sent. */
  opened: number;
  requests: number;
  max: number;
  /** Connection creations waiting for a global slot. */
  waiting: number;
  borrowed: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Pools SFTP connections per server (generic-pool), capped per server and globally. Every call
 * borrows a validated connection, runs with a timeout, destroys the connection on connection-level
 * errors, and retries transient failures with exponential backoff and jitter. Only servers with a
 * pinned host key are accepted: a password never goes to a key nobody trusted.
 */
export class SftpPool implements ConnectionSlots {
  private readonly servers = new Map<string, ServerEntry>();
  private readonly limiter: GlobalLimiter;
  private readonly entryContext: EntryContext;
  private readonly retry: Required<RetryOptions>;
  private readonly acquireTimeoutMs: number;
  private closed = false;
  private readonly counters: SftpCounters = { requests: 0 };
  private opened = 0;

  constructor(private readonly options: SftpPoolOptions = {}) {
    this.acquireTimeoutMs = options.acquireTimeoutMs ?? 20_000;
    this.retry = {
      attempts: options.retry?.attempts ?? 3,
      baseDelayMs: options.retry?.baseDelayMs ?? 250,
      maxDelayMs: options.retry?.maxDelayMs ?? 4000,
    };
    this.limiter = new GlobalLimiter(options.globalMax ?? DEFAULT_GLOBAL_MAX, () => this.reclaimIdle());
    this.entryContext = {
      limiter: this.limiter,
      counters: this.counters,
      onOpened: () => void this.opened++,
      perServerMax: options.perServerMax ?? 2,
      acquireTimeoutMs: this.acquireTimeoutMs,
      idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
      evictionIntervalMs: options.evictionIntervalMs ?? 30_000,
      connectTimeoutMs: options.connectTimeoutMs ?? 15_000,
      opTimeoutMs: options.opTimeoutMs ?? 20_000,
      allowPrivate: options.allowPrivate ?? false,
      ...(options.lookup ? { lookup: options.lookup } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    };
  }

  /**
   * Registers or updates a server; one without a pinned host key is refused. A change of connection
   * settings drains the old connections; a change of root alone keeps them.
   */
  setServer(config: SftpServerConfig): void {
    if (this.closed) throw new Error('SftpPool is closed');
    if (!isPinned(config)) throw new Error(`server ${config.serverId} has no pinned host key`);
    const existing = this.servers.get(config.serverId);
    if (existing) {
      if (sameConnection(existing.config, config)) {
        existing.config = config;
        existing.root = normalizeRoot(config.root);
        return;
      }
      this.servers.delete(config.serverId);
      void drainPool(existing.pool);
    }
    this.servers.set(config.serverId, createServerEntry(config, this.entryContext));
  }

  /** Forgets a server and closes its connections. */
  async removeServer(serverId: string): Promise<void> {
    const entry = this.servers.get(serverId);
    if (!entry) return;
    this.servers.delete(serverId);
    await drainPool(entry.pool);
  }

  globalStats(): GlobalPoolStats {
    let borrowed = 0;
    for (const e of this.servers.values()) borrowed += e.pool.borrowed;
    return {
      servers: this.servers.size,
      open: this.limiter.inUse,
      opened: this.opened,
      requests: this.counters.requests,
      max: this.limiter.max,
      waiting: this.limiter.waiting,
      borrowed,
    };
  }

  /** See ConnectionSlots: one slot of the global cap for a connection opened outside the pool. */
  async withConnectionSlot<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('SftpPool is closed');
    await this.limiter.acquire(this.acquireTimeoutMs);
    try {
      return await fn();
    } finally {
      this.limiter.release();
    }
  }

  /**
   * Borrows a connection for `fn`. Connection-level failures destroy the connection and are retried
   * (transient kinds only); the final error is a UserError with a message for the admin.
   */
  async use<T>(serverId: string, fn: (conn: SftpConnection, root: string) => Promise<T>, opts: { retry?: boolean } = {}): Promise<T> {
    const attempts = opts.retry === false ? 1 : Math.max(1, this.retry.attempts);
    let lastErr: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const entry = this.servers.get(serverId);
      if (!entry) throw new UserError(msg('sftp.pool.unknownServer', { id: serverId }), 'not_found');
      try {
        return await withConnection(entry, this.entryContext, fn);
      } catch (err) {
        lastErr = err;
        if (!isTransient(err) || attempt === attempts || this.closed) break;
        const cap = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
        const delay = Math.round(cap / 2 + Math.random() * (cap / 2)); // equal jitter
        this.options.logger?.debug({ serverId, attempt, delay, kind: classifySshError(err) }, 'sftp retry');
        await sleep(delay);
      }
    }
    const entry = this.servers.get(serverId);
    throw toUserError(lastErr, { host: entry?.config.host ?? '?', port: entry?.config.port ?? 0 });
  }

  /** Frees a global slot by closing an idle connection of some server. */
  private reclaimIdle(): void {
    for (const e of this.servers.values()) {
      if (e.pool.available > 0 && e.pool.pending === 0) {
        e.pool.acquire().then(
          (slot) => e.pool.destroy(slot),
          () => undefined,
        );
        return;
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const entries = [...this.servers.values()];
    this.servers.clear();
    await Promise.all(entries.map((e) => drainPool(e.pool)));
  }

  // File operations inside a server's root (rootedFiles.ts): each refuses a path whose server-side
  // realpath leaves the root (symlink escape), checked once per path per connection so polling stays cheap.

  /** A folder's entries (at most MAX_LIST_ENTRIES; `truncated` says more were cut). */
  list(serverId: string, userPath = '/', opts?: ListOptions): Promise<RemoteListing> {
    return this.use(serverId, (c, root) => listIn(c, root, userPath, opts));
  }

  stat(serverId: string, userPath: string): Promise<RemoteStat> {
    return this.use(serverId, (c, root) => statIn(c, root, userPath));
  }

  /** Several paths' stats in one round of requests on one connection (the poller's cheap check); missing: null. */
  statMany(serverId: string, userPaths: readonly string[]): Promise<(RemoteStat | null)[]> {
    return this.use(serverId, (c, root) => statManyIn(c, root, userPaths));
  }

  /** Parallel ranged read from `offset` (the tailer's hot path). */
  readFrom(serverId: string, userPath: string, offset: number, options?: ReadFromOptions): Promise<ReadFromResult> {
    return this.use(serverId, (c, root) => readFromIn(c, root, userPath, offset, options));
  }

  /** Whole file for an attachment, refused above `maxBytes` before any byte is transferred. */
  download(serverId: string, userPath: string, maxBytes: number): Promise<{ path: string; data: Buffer; size: number }> {
    return this.use(serverId, (c, root) => downloadIn(c, root, userPath, maxBytes));
  }
}

// Names the rest of src/ imports from here.
export type { ConnectionSlots } from './limiter.js';
export { HostKeyMismatchError };
