import { createPool, type Pool } from 'generic-pool';
import type { Logger } from '../logger.js';
import type { SftpCounters } from './channel.js';
import type { SftpServerConfig } from './connect.js';
import { SftpConnection } from './connection.js';
import { isConnectionFatal } from './errors.js';
import { normalizeFingerprint } from './hostKey.js';
import { resolveHost, type HostGuardOptions } from './hostGuard.js';
import type { GlobalLimiter } from './limiter.js';
import { normalizeRoot } from './paths.js';

/** generic-pool retries a failing create forever while clients wait: creation errors travel as this. */
interface FailedConnection {
  failed: true;
  error: unknown;
}
type Slot = SftpConnection | FailedConnection;

function isFailed(s: Slot): s is FailedConnection {
  return (s as FailedConnection).failed === true;
}

/** The only configs the pool takes: a password never goes to a key nobody trusted. */
export type PinnedConfig = SftpServerConfig & { hostKeyFingerprint: string };

export function isPinned(config: SftpServerConfig): config is PinnedConfig {
  return !!config.hostKeyFingerprint;
}

/** One registered server: its settings and its own generic-pool of connections. */
export interface ServerEntry {
  config: PinnedConfig;
  root: string;
  pool: Pool<Slot>;
}

/** What every server's entry shares with the SftpPool that made it. */
export interface EntryContext {
  limiter: GlobalLimiter;
  counters: SftpCounters;
  /** Called for every SSH connection opened (the pool's total). */
  onOpened(): void;
  perServerMax: number;
  acquireTimeoutMs: number;
  idleTimeoutMs: number;
  evictionIntervalMs: number;
  connectTimeoutMs: number;
  opTimeoutMs: number;
  allowPrivate: boolean;
  lookup?: HostGuardOptions['lookup'];
  logger?: Logger;
}

/** A server's entry: a generic-pool whose connections each hold a slot of the global limiter while open. */
export function createServerEntry(config: PinnedConfig, ctx: EntryContext): ServerEntry {
  const entry: ServerEntry = { config, root: normalizeRoot(config.root), pool: undefined as unknown as Pool<Slot> };
  entry.pool = createPool<Slot>(
    {
      create: () => openConnection(entry, ctx),
      destroy: async (slot) => {
        if (isFailed(slot)) return;
        // Close first, then hand the global slot on: the cap counts sockets, not promises.
        try {
          await slot.close();
        } finally {
          ctx.limiter.release();
        }
      },
      // No ping before use: SSH keepalives (15 s) mark a dead connection, and a request failing on
      // one is retried on a new connection; a ping would add a round trip to every poll.
      validate: (slot) => Promise.resolve(isFailed(slot) || slot.alive),
    },
    {
      max: ctx.perServerMax,
      min: 0,
      testOnBorrow: true,
      acquireTimeoutMillis: ctx.acquireTimeoutMs,
      idleTimeoutMillis: ctx.idleTimeoutMs,
      evictionRunIntervalMillis: ctx.evictionIntervalMs,
      numTestsPerEvictionRun: ctx.perServerMax,
      fifo: false, // reuse the most recently used connection; others idle out
      autostart: true,
    },
  );
  // generic-pool emits these; without listeners they are silent, but log them.
  entry.pool.on('factoryCreateError', (err) => ctx.logger?.debug({ serverId: config.serverId, err: String(err) }, 'sftp create error'));
  entry.pool.on('factoryDestroyError', (err) => ctx.logger?.debug({ serverId: config.serverId, err: String(err) }, 'sftp destroy error'));
  return entry;
}

/**
 * Borrows one of the entry's connections for `fn` (no retry: SftpPool.use retries). A connection that
 * saw a connection-level error is destroyed, never returned; so is one whose global slot a waiting
 * server needs more.
 */
export async function withConnection<T>(entry: ServerEntry, ctx: EntryContext, fn: (conn: SftpConnection, root: string) => Promise<T>): Promise<T> {
  let slot: Slot;
  try {
    slot = await entry.pool.acquire();
  } catch (err) {
    // generic-pool's TimeoutError: no connection could be had in time.
    if ((err as Error)?.name === 'TimeoutError') {
      throw Object.assign(new Error(`no SFTP connection available within ${ctx.acquireTimeoutMs} ms`), { code: 'ETIMEDOUT' });
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
    if (isConnectionFatal(err)) conn.broken = true;
    throw err;
  } finally {
    // Another server waits for a global slot: give it this connection's slot unless this is our
    // last connection and we have work queued.
    const yieldSlot = ctx.limiter.waiting > 0 && (entry.pool.pending === 0 || entry.pool.size > 1);
    if (conn.alive && !yieldSlot) await entry.pool.release(conn).then(undefined, () => undefined);
    else await entry.pool.destroy(conn).then(undefined, () => undefined);
  }
}

/** Guards the host (to the address connected to: no DNS rebinding), takes a global slot, connects to the pinned key. */
async function openConnection(entry: ServerEntry, ctx: EntryContext): Promise<Slot> {
  const { config } = entry;
  try {
    const resolved = await resolveHost(config.host, { allowPrivate: ctx.allowPrivate, ...(ctx.lookup ? { lookup: ctx.lookup } : {}) });
    await ctx.limiter.acquire(ctx.acquireTimeoutMs);
    let conn: SftpConnection;
    try {
      conn = await SftpConnection.open(
        { ...config, hostKeyFingerprint: normalizeFingerprint(config.hostKeyFingerprint) },
        {
          address: resolved.address,
          connectTimeoutMs: ctx.connectTimeoutMs,
          opTimeoutMs: ctx.opTimeoutMs,
          counters: ctx.counters,
          ...(ctx.logger ? { logger: ctx.logger } : {}),
        },
      );
    } catch (err) {
      ctx.limiter.release();
      throw err;
    }
    ctx.onOpened();
    return conn;
  } catch (error) {
    return { failed: true, error };
  }
}

export async function drainPool(pool: Pool<Slot>): Promise<void> {
  try {
    await pool.drain();
    await pool.clear();
  } catch {
    /* already drained */
  }
}

/** Whether two configs connect alike (then a config update keeps the open connections). */
export function sameConnection(a: SftpServerConfig, b: SftpServerConfig): boolean {
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
