import { createPool, type Pool } from 'generic-pool';
import type { Logger } from '../logger.js';
import { UserError } from '../errors.js';
import { msg } from '../i18n/message.js';
import {
  SftpConnection,
  normalizeFingerprint,
  type ListOptions,
  type ReadFromOptions,
  type ReadFromResult,
  type RemoteListing,
  type RemoteStat,
  type SftpCounters,
  type SftpServerConfig,
} from './connection.js';
import { HostKeyMismatchError, classifySshError, isConnectionFatal, isTransient, toUserError } from './errors.js';
import { resolveHost, type HostGuardOptions } from './hostGuard.js';
import { assertRealPathInside, codeSpanText, displayPath, normalizeRoot, resolveInside } from './paths.js';

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
  /** Trust on first use: called once when an unpinned server's key is seen (persist it). */
  onHostKeyTrusted?: (serverId: string, fingerprint: string) => void;
  /**
   * Refuse servers without a pinned key (the bot sets it: a password must never go to a key nobody
   * trusted; trust on first use remains for tools and tests that ask for it by leaving this off).
   */
  requirePinnedKeys?: boolean;
}

export interface PoolStats {
  serverId: string;
  size: number;
  available: number;
  borrowed: number;
  pending: number;
  max: number;
  /** SSH connections opened since the server was registered. */
  opened: number;
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

/**
 * A share of the bot-wide cap on open SSH connections. SftpPool implements it with the same
 * limiter its pooled connections use, so one-shot connections (testConnection, probeHostKey) count
 * against `globalMax` too and can neither exceed it nor be used to open connections without bound.
 */
export interface ConnectionSlots {
  /**
   * Runs `fn` holding one connection slot (waits for one, closing an idle pooled connection if
   * needed; a UserError 'rate_limit' after the pool's acquire timeout). `fn` must have closed its
   * connection when it settles.
   */
  withConnectionSlot<T>(fn: () => Promise<T>): Promise<T>;
}

/** generic-pool retries a failing create forever while clients wait: creation errors travel as this. */
interface FailedConnection {
  failed: true;
  error: unknown;
}
type Slot = SftpConnection | FailedConnection;

function isFailed(s: Slot): s is FailedConnection {
  return (s as FailedConnection).failed === true;
}

interface ServerEntry {
  config: SftpServerConfig;
  root: string;
  pool: Pool<Slot>;
  opened: number;
  /** Fingerprint trusted on first use when the config had none. */
  trusted?: string;
}

/** Counting semaphore for connections across all servers. */
class GlobalLimiter {
  inUse = 0;
  private waiters: Array<{ resolve: () => void; reject: (e: Error) => void; timer: NodeJS.Timeout }> = [];
  constructor(
    readonly max: number,
    private readonly reclaim: () => void,
  ) {}

  get waiting(): number {
    return this.waiters.length;
  }

  acquire(timeoutMs: number): Promise<void> {
    if (this.inUse < this.max) {
      this.inUse++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          reject(new UserError(msg('sftp.pool.full'), 'rate_limit'));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
      this.reclaim();
    });
  }

  release(): void {
    const w = this.waiters.shift();
    if (w) {
      clearTimeout(w.timer);
      w.resolve(); // slot handed over
    } else {
      this.inUse = Math.max(0, this.inUse - 1);
    }
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Pools SFTP connections per server (generic-pool), capped per server and globally. Every call
 * borrows a validated connection, runs with a timeout, destroys the connection on connection-level
 * errors, and retries transient failures with exponential backoff and jitter.
 */
export class SftpPool implements ConnectionSlots {
  private readonly servers = new Map<string, ServerEntry>();
  private readonly limiter: GlobalLimiter;
  private readonly opts: Required<Omit<SftpPoolOptions, 'lookup' | 'logger' | 'onHostKeyTrusted' | 'retry' | 'requirePinnedKeys'>> & {
    retry: Required<RetryOptions>;
  };
  private closed = false;
  private readonly counters: SftpCounters = { requests: 0 };
  private opened = 0;

  constructor(private readonly options: SftpPoolOptions = {}) {
    this.opts = {
      perServerMax: options.perServerMax ?? 2,
      globalMax: options.globalMax ?? DEFAULT_GLOBAL_MAX,
      acquireTimeoutMs: options.acquireTimeoutMs ?? 20_000,
      idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
      evictionIntervalMs: options.evictionIntervalMs ?? 30_000,
      connectTimeoutMs: options.connectTimeoutMs ?? 15_000,
      opTimeoutMs: options.opTimeoutMs ?? 20_000,
      allowPrivate: options.allowPrivate ?? false,
      retry: {
        attempts: options.retry?.attempts ?? 3,
        baseDelayMs: options.retry?.baseDelayMs ?? 250,
        maxDelayMs: options.retry?.maxDelayMs ?? 4000,
      },
    };
    this.limiter = new GlobalLimiter(this.opts.globalMax, () => this.reclaimIdle());
  }

  /** Registers or updates a server. A change of connection settings drains the old connections. */
  setServer(config: SftpServerConfig): void {
    if (this.closed) throw new Error('SftpPool is closed');
    if (this.options.requirePinnedKeys && !config.hostKeyFingerprint) throw new Error(`server ${config.serverId} has no pinned host key`);
    const existing = this.servers.get(config.serverId);
    if (existing) {
      if (sameConnection(existing.config, config)) {
        existing.config = config;
        existing.root = normalizeRoot(config.root);
        return;
      }
      this.servers.delete(config.serverId);
      void this.drainPool(existing.pool);
    }
    const entry: ServerEntry = {
      config,
      root: normalizeRoot(config.root),
      opened: 0,
      pool: undefined as unknown as Pool<Slot>,
    };
    entry.pool = createPool<Slot>(
      {
        create: () => this.createConnection(entry),
        destroy: async (slot) => {
          if (isFailed(slot)) return;
          // Close first, then hand the global slot on: the cap counts sockets, not promises.
          try {
            await slot.close();
          } finally {
            this.limiter.release();
          }
        },
        // No ping before use: SSH keepalives (15 s) mark a dead connection, and a request failing on
        // one is retried on a new connection; a ping would add a round trip to every poll.
        validate: (slot) => Promise.resolve(isFailed(slot) || slot.alive),
      },
      {
        max: this.opts.perServerMax,
        min: 0,
        testOnBorrow: true,
        acquireTimeoutMillis: this.opts.acquireTimeoutMs,
        idleTimeoutMillis: this.opts.idleTimeoutMs,
        evictionRunIntervalMillis: this.opts.evictionIntervalMs,
        numTestsPerEvictionRun: this.opts.perServerMax,
        fifo: false, // reuse the most recently used connection; others idle out
        autostart: true,
      },
    );
    // generic-pool emits these; without listeners they are silent, but log them.
    entry.pool.on('factoryCreateError', (err) => this.options.logger?.debug({ serverId: config.serverId, err: String(err) }, 'sftp create error'));
    entry.pool.on('factoryDestroyError', (err) => this.options.logger?.debug({ serverId: config.serverId, err: String(err) }, 'sftp destroy error'));
    this.servers.set(config.serverId, entry);
  }

  hasServer(serverId: string): boolean {
    return this.servers.has(serverId);
  }

  /** Forgets a server and closes its connections. */
  async removeServer(serverId: string): Promise<void> {
    const entry = this.servers.get(serverId);
    if (!entry) return;
    this.servers.delete(serverId);
    await this.drainPool(entry.pool);
  }

  /** The fingerprint in force for a server: pinned in config, or trusted on first use. */
  fingerprintOf(serverId: string): string | undefined {
    const e = this.servers.get(serverId);
    return e?.config.hostKeyFingerprint ?? e?.trusted;
  }

  stats(serverId: string): PoolStats {
    const e = this.servers.get(serverId);
    if (!e) return { serverId, size: 0, available: 0, borrowed: 0, pending: 0, max: this.opts.perServerMax, opened: 0 };
    return {
      serverId,
      size: e.pool.size,
      available: e.pool.available,
      borrowed: e.pool.borrowed,
      pending: e.pool.pending,
      max: e.pool.max,
      opened: e.opened,
    };
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
    await this.limiter.acquire(this.opts.acquireTimeoutMs);
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
    const attempts = opts.retry === false ? 1 : Math.max(1, this.opts.retry.attempts);
    let lastErr: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const entry = this.servers.get(serverId);
      if (!entry) throw new UserError(msg('sftp.pool.unknownServer', { id: serverId }), 'not_found');
      try {
        return await this.useOnce(entry, fn);
      } catch (err) {
        lastErr = err;
        if (!isTransient(err) || attempt === attempts || this.closed) break;
        const cap = Math.min(this.opts.retry.maxDelayMs, this.opts.retry.baseDelayMs * 2 ** (attempt - 1));
        const delay = Math.round(cap / 2 + Math.random() * (cap / 2)); // equal jitter
        this.options.logger?.debug({ serverId, attempt, delay, kind: classifySshError(err) }, 'sftp retry');
        await sleep(delay);
      }
    }
    const entry = this.servers.get(serverId);
    throw toUserError(lastErr, { host: entry?.config.host ?? '?', port: entry?.config.port ?? 0 });
  }

  private async useOnce<T>(entry: ServerEntry, fn: (conn: SftpConnection, root: string) => Promise<T>): Promise<T> {
    let slot: Slot;
    try {
      slot = await entry.pool.acquire();
    } catch (err) {
      // generic-pool's TimeoutError: no connection could be had in time.
      if ((err as Error)?.name === 'TimeoutError') {
        throw Object.assign(new Error(`no SFTP connection available within ${this.opts.acquireTimeoutMs} ms`), { code: 'ETIMEDOUT' });
      }
      throw err;
    }
    if (isFailed(slot)) {
      await entry.pool.destroy(slot);
      throw slot.error;
    }
    const conn = slot;
    try {
      return await fn(conn, entry.root);
    } catch (err) {
      // A connection that saw a connection-level error is destroyed, never returned.
      if (isConnectionFatal(err)) conn.broken = true;
      throw err;
    } finally {
      // Another server waits for a global slot: give it this connection's slot unless this is our
      // last connection and we have work queued.
      const yieldSlot = this.limiter.waiting > 0 && (entry.pool.pending === 0 || entry.pool.size > 1);
      if (conn.alive && !yieldSlot) await entry.pool.release(conn).then(undefined, () => undefined);
      else await entry.pool.destroy(conn).then(undefined, () => undefined);
    }
  }

  private async createConnection(entry: ServerEntry): Promise<Slot> {
    const { config } = entry;
    try {
      const resolved = await resolveHost(config.host, {
        allowPrivate: this.opts.allowPrivate,
        ...(this.options.lookup ? { lookup: this.options.lookup } : {}),
      });
      await this.limiter.acquire(this.opts.acquireTimeoutMs);
      let conn: SftpConnection;
      try {
        const pinned = config.hostKeyFingerprint ?? entry.trusted;
        conn = await SftpConnection.open(
          pinned ? { ...config, hostKeyFingerprint: normalizeFingerprint(pinned) } : config,
          {
            address: resolved.address,
            connectTimeoutMs: this.opts.connectTimeoutMs,
            opTimeoutMs: this.opts.opTimeoutMs,
            counters: this.counters,
            ...(this.options.logger ? { logger: this.options.logger } : {}),
          },
        );
      } catch (err) {
        this.limiter.release();
        throw err;
      }
      entry.opened++;
      this.opened++;
      if (!config.hostKeyFingerprint && !entry.trusted && conn.fingerprint) {
        entry.trusted = conn.fingerprint;
        this.options.onHostKeyTrusted?.(config.serverId, conn.fingerprint);
      }
      return conn;
    } catch (error) {
      return { failed: true, error };
    }
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

  private async drainPool(pool: Pool<Slot>): Promise<void> {
    try {
      await pool.drain();
      await pool.clear();
    } catch {
      /* already drained */
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const entries = [...this.servers.values()];
    this.servers.clear();
    await Promise.all(entries.map((e) => this.drainPool(e.pool)));
  }

  // ---- file operations inside a server's root ----

  private rootOf(serverId: string): string {
    const e = this.servers.get(serverId);
    if (!e) throw new UserError(msg('sftp.pool.unknownServer', { id: serverId }), 'not_found');
    return e.root;
  }

  /** Resolves a user path inside the root (lexically) — no remote call. */
  resolve(serverId: string, userPath: string): string {
    return resolveInside(this.rootOf(serverId), userPath);
  }

  /**
   * A folder's entries (at most MAX_LIST_ENTRIES; `truncated` says more were cut). Like stat,
   * exists and readFrom, refuses a path whose server-side realpath leaves the root (symlink escape);
   * the check is cached per path per connection (SftpConnection.assertInside), so polling stays cheap.
   */
  list(serverId: string, userPath = '/', opts?: ListOptions): Promise<RemoteListing> {
    return this.use(serverId, async (c, root) => {
      const p = await checkedPath(c, root, userPath);
      return c.list(p, opts).catch(async (err: unknown) => {
        // Servers answer "no such file" when asked to list a file: say what it really is.
        const st = await c.stat(p).catch(() => null);
        if (st && st.type === 'file') throw new UserError(msg('sftp.path.isFile', { path: shown(root, p) }), 'validation', { cause: err });
        return rethrowPathError(err, root, p);
      });
    });
  }

  stat(serverId: string, userPath: string): Promise<RemoteStat> {
    return this.use(serverId, async (c, root) => {
      const p = await checkedPath(c, root, userPath);
      return c.stat(p).catch((err) => rethrowPathError(err, root, p));
    });
  }

  /**
   * Several paths' stats in one round of requests on one connection (the poller's cheap check): each
   * path's realpath check, when due, goes in the same round. A path that does not exist gives null.
   */
  statMany(serverId: string, userPaths: readonly string[]): Promise<(RemoteStat | null)[]> {
    return this.use(serverId, (c, root) =>
      Promise.all(
        userPaths.map(async (userPath) => {
          const p = resolveInside(root, userPath);
          try {
            const [, st] = await Promise.all([c.assertInside(root, p), c.stat(p)]);
            return st;
          } catch (err) {
            if (classifySshError(err) === 'not_found' || (err instanceof UserError && err.category === 'not_found')) return null;
            return rethrowPathError(err, root, p);
          }
        }),
      ),
    );
  }

  exists(serverId: string, userPath: string): Promise<false | RemoteStat['type']> {
    return this.use(serverId, async (c, root) => {
      let p: string;
      try {
        p = await checkedPath(c, root, userPath);
      } catch (err) {
        if (err instanceof UserError && err.category === 'not_found') return false;
        throw err;
      }
      return c.exists(p);
    });
  }

  /** Server-side realpath, refused when it leaves the root (symlink escape). */
  realPath(serverId: string, userPath: string): Promise<string> {
    return this.use(serverId, (c, root) => assertRealPathInside(root, resolveInside(root, userPath), (x) => c.realPath(x)));
  }

  /** Parallel ranged read from `offset` (the tailer's hot path: the realpath check is cached). */
  readFrom(serverId: string, userPath: string, offset: number, options?: ReadFromOptions): Promise<ReadFromResult> {
    return this.use(serverId, async (c, root) => {
      const p = await checkedPath(c, root, userPath);
      return c.readFrom(p, offset, options).catch((err) => rethrowPathError(err, root, p));
    });
  }

  readRange(serverId: string, userPath: string, start: number, end?: number, maxBytes?: number): Promise<Buffer> {
    return this.use(serverId, async (c, root) => {
      const p = await checkedPath(c, root, userPath);
      return c.readRange(p, start, end, maxBytes).catch((err) => rethrowPathError(err, root, p));
    });
  }

  /**
   * Whole file for an attachment. The size is checked before any byte is transferred; symlinks
   * leaving the root are refused.
   */
  download(serverId: string, userPath: string, maxBytes: number): Promise<{ path: string; data: Buffer; size: number }> {
    return this.use(serverId, async (c, root) => {
      const p = resolveInside(root, userPath);
      const real = await assertRealPathInside(root, p, (x) => c.realPath(x));
      const st = await c.stat(real).catch((err) => rethrowPathError(err, root, p));
      if (st.type !== 'file') throw new UserError(msg('sftp.path.notFile', { path: shown(root, p) }), 'validation');
      if (st.size > maxBytes) {
        throw new UserError(msg('sftp.path.tooBig', { path: shown(root, p), size: formatBytes(st.size), limit: formatBytes(maxBytes) }), 'validation');
      }
      const r = await c.readFrom(real, 0, { maxBytes });
      return { path: p, data: r.data, size: st.size };
    });
  }
}

/** Resolves a user path inside the root, lexically and then by the server's realpath (cached). */
async function checkedPath(c: SftpConnection, root: string, userPath: string): Promise<string> {
  const p = resolveInside(root, userPath);
  await c.assertInside(root, p).catch((err: unknown) => rethrowPathError(err, root, p));
  return p;
}

function rethrowPathError(err: unknown, root: string, p: string): never {
  const kind = classifySshError(err);
  if (kind === 'not_found') throw new UserError(msg('sftp.path.missing', { path: shown(root, p) }), 'not_found', { cause: err });
  if (kind === 'permission') throw new UserError(msg('sftp.path.denied', { path: shown(root, p) }), 'permission', { cause: err });
  throw err;
}

/** A path as a message shows it: relative to the root, ready for the text's code span. */
function shown(root: string, p: string): string {
  return codeSpanText(displayPath(root, p));
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

function sameConnection(a: SftpServerConfig, b: SftpServerConfig): boolean {
  return (
    a.host === b.host &&
    a.port === b.port &&
    a.username === b.username &&
    a.password === b.password &&
    a.privateKey === b.privateKey &&
    (a.hostKeyFingerprint ?? '') === (b.hostKeyFingerprint ?? '') &&
    !!a.legacyAlgorithms === !!b.legacyAlgorithms
  );
}

export { HostKeyMismatchError };
