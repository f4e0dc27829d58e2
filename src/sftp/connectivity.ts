import path from 'node:path';
import type { Logger } from '../logger.js';
import { UserError } from '../errors.js';
import { msg } from '../i18n/message.js';
import { SftpConnection, normalizeFingerprint, readHostKey, type RemoteListing, type SftpServerConfig } from './connection.js';
import { HostKeyMismatchError, classifySshError, toUserError } from './errors.js';
import { resolveHost, validatePort, type HostGuardOptions } from './hostGuard.js';
import { detectLayout, type DeadsideLayout, type DetectOptions, type DirLister } from './layout.js';
import { isInside, normalizeRoot } from './paths.js';
import type { ConnectionSlots } from './limiter.js';

const posix = path.posix;

export interface TestConnectionOptions {
  allowPrivate?: boolean;
  lookup?: HostGuardOptions['lookup'];
  /** Handshake + authentication budget (default 10 s). */
  timeoutMs?: number;
  logger?: Logger;
  detect?: DetectOptions | false;
  /**
   * The bot-wide connection cap (pass the app's SftpPool): the test's connection holds one of its
   * slots from connect to close. Without it the connection is not counted (tests, tools).
   */
  slots?: ConnectionSlots;
}

export interface ConnectionReport {
  /** Address actually connected to. */
  address: string;
  /** Connect + handshake + auth + SFTP channel. */
  connectMs: number;
  /** One SFTP round trip (realpath). */
  latencyMs: number;
  fingerprint: string;
  /** Set when the config had a pinned fingerprint (a mismatch throws HostKeyMismatchError instead). */
  fingerprintMatches?: boolean;
  /** Canonical root as the server reports it. */
  root: string;
  layout?: DeadsideLayout;
}

const withSlot = <T>(slots: ConnectionSlots | undefined, fn: () => Promise<T>): Promise<T> =>
  slots ? slots.withConnectionSlot(fn) : fn();

/**
 * One-shot check used by `/server add` and `/server test`: guards the host, connects (to the
 * resolved address), verifies/pins the host key, measures latency and detects the Deadside layout.
 * Every failure is a UserError with a message for the admin; credentials never appear in messages
 * or logs. Closed, filtered, silent and non-SSH ports all give the same message (no port scanning).
 */
export async function testConnection(config: SftpServerConfig, opts: TestConnectionOptions = {}): Promise<ConnectionReport> {
  const port = validatePort(config.port);
  const username = (config.username ?? '').trim();
  if (!username) throw new UserError(msg('sftp.test.noUsername'), 'validation');
  if (!config.password && !config.privateKey) throw new UserError(msg('sftp.test.noPassword'), 'validation');
  const resolved = await resolveHost(config.host, guardOptions(opts));
  const pinned = config.hostKeyFingerprint ? normalizeFingerprint(config.hostKeyFingerprint) : undefined;
  const log = opts.logger?.child({ serverId: config.serverId, host: resolved.host, port });
  return withSlot(opts.slots, async () => {
    const started = Date.now();
    let conn: SftpConnection;
    try {
      conn = await SftpConnection.open(
        { ...config, port, username, ...(pinned ? { hostKeyFingerprint: pinned } : {}) },
        {
          address: resolved.address,
          connectTimeoutMs: opts.timeoutMs ?? 10_000,
          opTimeoutMs: opts.timeoutMs ?? 10_000,
          ...(opts.logger ? { logger: opts.logger } : {}),
        },
      );
    } catch (err) {
      const userErr = err instanceof HostKeyMismatchError ? err : toUserError(err, { host: resolved.host, port });
      log?.warn({ kind: classifySshError(err), error: userErr.message }, 'sftp connection test failed');
      throw userErr;
    }
    const connectMs = Date.now() - started;
    try {
      const t0 = Date.now();
      const rootWanted = normalizeRoot(config.root);
      const root = await conn.realPath(rootWanted);
      const latencyMs = Date.now() - t0;
      if (!root) throw new UserError(msg('sftp.test.noRoot', { root: rootWanted }), 'not_found');
      const layout = opts.detect === false ? undefined : await detectLayout(rootBoundLister(conn, root), root, opts.detect || {});
      const report: ConnectionReport = {
        address: resolved.address,
        connectMs,
        latencyMs,
        fingerprint: conn.fingerprint ?? '',
        ...(pinned ? { fingerprintMatches: conn.fingerprint === pinned } : {}),
        root,
        ...(layout ? { layout } : {}),
      };
      log?.info({ connectMs, latencyMs, fingerprint: report.fingerprint, layout: layout?.summary }, 'sftp connection test ok');
      return report;
    } catch (err) {
      throw err instanceof UserError ? err : toUserError(err, { host: resolved.host, port });
    } finally {
      await conn.close();
    }
  });
}

export interface HostKeyTarget {
  host: string;
  port: number;
  legacyAlgorithms?: boolean;
}

export interface ProbeHostKeyOptions {
  allowPrivate?: boolean;
  lookup?: HostGuardOptions['lookup'];
  /** Connect + key exchange budget (default 10 s). */
  timeoutMs?: number;
  logger?: Logger;
  /** The bot-wide connection cap, as for testConnection. */
  slots?: ConnectionSlots;
}

export interface HostKeyReport {
  /** `SHA256:...`, the same string testConnection reports and a full connection pins. */
  fingerprint: string;
  /** Address actually connected to. */
  address: string;
  /** Connect + key exchange. */
  connectMs: number;
}

/**
 * Learns a host's key without authenticating: guards the host like testConnection, connects to
 * the resolved address, completes the key exchange (the server proves it holds the key) and hangs
 * up before userauth, so no username or password is sent. For deciding whether a host is trusted
 * before any credential goes to it. Failures are UserErrors worded as testConnection's.
 */
export async function probeHostKey(target: HostKeyTarget, opts: ProbeHostKeyOptions = {}): Promise<HostKeyReport> {
  const port = validatePort(target.port);
  const resolved = await resolveHost(target.host, guardOptions(opts));
  const log = opts.logger?.child({ host: resolved.host, port });
  return withSlot(opts.slots, async () => {
    const started = Date.now();
    try {
      const fingerprint = await readHostKey({
        address: resolved.address,
        port,
        timeoutMs: opts.timeoutMs ?? 10_000,
        ...(target.legacyAlgorithms ? { legacyAlgorithms: true } : {}),
      });
      const connectMs = Date.now() - started;
      log?.info({ connectMs, fingerprint }, 'sftp host key probed');
      return { fingerprint, address: resolved.address, connectMs };
    } catch (err) {
      const userErr = toUserError(err, { host: resolved.host, port });
      log?.warn({ kind: classifySshError(err), error: userErr.message }, 'sftp host key probe failed');
      throw userErr;
    }
  });
}

function guardOptions(opts: { allowPrivate?: boolean; lookup?: HostGuardOptions['lookup'] }): HostGuardOptions {
  return {
    ...(opts.allowPrivate !== undefined ? { allowPrivate: opts.allowPrivate } : {}),
    ...(opts.lookup ? { lookup: opts.lookup } : {}),
  };
}

/**
 * Layout detection's lister, kept inside the (real) root: a folder reached through a symlink the
 * server listed is checked with realpath first and skipped when it leads outside. Plain folders
 * below a real root cannot leave it, so they cost no extra round trip.
 */
function rootBoundLister(conn: SftpConnection, realRoot: string): DirLister {
  const symlinks = new Set<string>();
  // Past this many symlinks every folder is checked, so the set stays small on a hostile tree.
  let checkAll = false;
  const viaSymlink = (dir: string) => {
    if (checkAll) return true;
    for (let d = dir; isInside(realRoot, d) && d !== realRoot; d = posix.dirname(d)) if (symlinks.has(d)) return true;
    return false;
  };
  return {
    async list(dir: string): Promise<RemoteListing> {
      if (!isInside(realRoot, dir)) throw new UserError(msg('sftp.path.outside'), 'permission');
      if (viaSymlink(dir)) {
        const real = await conn.realPath(dir);
        if (!real || !isInside(realRoot, real)) throw new UserError(msg('sftp.path.outside'), 'permission');
      }
      const entries = await conn.list(dir);
      for (const e of entries) if (e.type === 'symlink') symlinks.add(posix.join(dir, e.name));
      if (symlinks.size > 1000) {
        checkAll = true;
        symlinks.clear();
      }
      return entries;
    },
  };
}
