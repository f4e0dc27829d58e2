import type { GameServer } from '../db/schemas.js';
import { UserError } from '../errors.js';
import type { AppServices } from '../services/container.js';
import { testConnection, type ConnectionReport } from '../sftp/connectivity.js';
import { HostKeyMismatchError } from '../sftp/errors.js';
import type { SftpPool } from '../sftp/pool.js';
import { postHostKeyAlert } from './alerts.js';
import type { ServerInput } from './input.js';
import type { ServerLayout } from './repo.js';

/** Handshake + auth budget of an interactive test: an admin is waiting (Discord allows 15 min after a defer). */
const TEST_TIMEOUT_MS = 10_000;

/**
 * One-shot connection for /server add, edit and test. With `pinned`, a different host key throws
 * HostKeyMismatchError (the caller decides what to show); without, the presented key is reported.
 */
export function probe(services: AppServices, input: Omit<ServerInput, 'name'>, pinned?: string): Promise<ConnectionReport> {
  return testConnection(
    {
      serverId: 'probe',
      host: input.host,
      port: input.port,
      username: input.username,
      password: input.password,
      root: input.root,
      legacyAlgorithms: input.legacyAlgorithms,
      ...(pinned ? { hostKeyFingerprint: pinned } : {}),
    },
    { allowPrivate: services.config.ALLOW_PRIVATE_SFTP_HOSTS, timeoutMs: TEST_TIMEOUT_MS, logger: services.logger },
  );
}

/** What gets stored of a detected layout: paths only, for the poller. */
export function layoutOf(report: ConnectionReport): ServerLayout | null {
  const l = report.layout;
  if (!l) return null;
  return {
    serverDirs: l.serverDirs,
    killfeedDirs: l.killfeedDirs.map((d) => d.path),
    logFile: l.logFile ?? null,
    csvCount: l.csvCount,
    detectedAt: new Date(),
  };
}

export function hostKeyBlockedError(server: GameServer): UserError {
  return new UserError(
    `the host key of **${server.name}** changed (now ${server.status.hostKeyMismatch?.presented ?? 'unknown'}); ` +
      'the bot will not connect until an admin checks it with `/server test` and trusts the new key',
    'external',
  );
}

/**
 * Runs `fn` on the shared SFTP pool for a stored server. The one gate every pool use of a server
 * goes through (commands here, the poller later): a server blocked by a host key change is refused
 * without connecting, and a mismatch seen now blocks the server and alerts its admins once.
 */
export async function withServerPool<T>(services: AppServices, server: GameServer, fn: (pool: SftpPool, serverId: string) => Promise<T>): Promise<T> {
  if (server.status.hostKeyMismatch) throw hostKeyBlockedError(server);
  // setServer is a no-op when nothing changed; a changed config (edit, re-trust) drains old connections.
  services.sftp.setServer(services.servers.poolConfig(server));
  try {
    return await fn(services.sftp, server._id);
  } catch (err) {
    if (err instanceof HostKeyMismatchError) {
      await reportHostKeyMismatch(services, server, err.actual);
      throw hostKeyBlockedError({ ...server, status: { ...server.status, hostKeyMismatch: { presented: err.actual, at: new Date() } } });
    }
    throw err;
  }
}

/** Blocks the server, closes its pool and alerts admins (once per mismatch). */
export async function reportHostKeyMismatch(services: AppServices, server: GameServer, presented: string): Promise<void> {
  const first = await services.servers.markHostKeyMismatch(server.guildId, server._id, presented);
  await services.sftp.removeServer(server._id);
  services.logger.warn({ guildId: server.guildId, serverId: server._id, expected: server.hostKeyFingerprint, presented }, 'sftp host key mismatch');
  if (first) await postHostKeyAlert(services, server, presented);
}
