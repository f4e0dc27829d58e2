import type { Logger } from '../logger.js';
import { UserError } from '../errors.js';
import { SftpConnection, normalizeFingerprint, type SftpServerConfig } from './connection.js';
import { HostKeyMismatchError, classifySshError, toUserError } from './errors.js';
import { resolveHost, validatePort, type HostGuardOptions } from './hostGuard.js';
import { detectLayout, type DeadsideLayout, type DetectOptions } from './layout.js';
import { normalizeRoot } from './paths.js';

export interface TestConnectionOptions {
  allowPrivate?: boolean;
  lookup?: HostGuardOptions['lookup'];
  /** Handshake + authentication budget (default 10 s). */
  timeoutMs?: number;
  logger?: Logger;
  detect?: DetectOptions | false;
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

/**
 * One-shot check used by `/server add` and `/server test`: guards the host, connects (to the
 * resolved address), verifies/pins the host key, measures latency and detects the Deadside layout.
 * Every failure is a UserError with a message for the admin; credentials never appear in messages
 * or logs.
 */
export async function testConnection(config: SftpServerConfig, opts: TestConnectionOptions = {}): Promise<ConnectionReport> {
  const port = validatePort(config.port);
  const username = (config.username ?? '').trim();
  if (!username) throw new UserError('the username is empty', 'validation');
  if (!config.password && !config.privateKey) throw new UserError('a password is required', 'validation');
  const resolved = await resolveHost(config.host, {
    ...(opts.allowPrivate !== undefined ? { allowPrivate: opts.allowPrivate } : {}),
    ...(opts.lookup ? { lookup: opts.lookup } : {}),
  });
  const pinned = config.hostKeyFingerprint ? normalizeFingerprint(config.hostKeyFingerprint) : undefined;
  const log = opts.logger?.child({ serverId: config.serverId, host: resolved.host, port });
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
    if (!root) throw new UserError(`the root folder "${rootWanted}" does not exist on the server`, 'not_found');
    const layout = opts.detect === false ? undefined : await detectLayout(conn, root, opts.detect || {});
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
}
