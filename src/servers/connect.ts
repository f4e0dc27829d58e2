import type { GameServer } from '../db/schemas.js';
import { UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import { testConnection, type ConnectionReport } from '../sftp/connectivity.js';
import type { ServerInput } from './input.js';
import type { ServerLayout } from './repo.js';

/** Handshake + auth budget of an interactive test: an admin is waiting (Discord allows 15 min after a defer). */
const TEST_TIMEOUT_MS = 10_000;

export interface ProbeOptions {
  /** ALLOW_PRIVATE_SFTP_HOSTS: whether loopback/private/link-local hosts may be connected to. */
  allowPrivate: boolean;
  logger: Logger;
  timeoutMs?: number;
}

/**
 * One-shot connection for /server add, edit and test. With `pinned`, a different host key throws
 * HostKeyMismatchError (the caller decides what to show); without, the presented key is reported.
 */
export function probe(input: Omit<ServerInput, 'name'>, options: ProbeOptions, pinned?: string): Promise<ConnectionReport> {
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
    { allowPrivate: options.allowPrivate, timeoutMs: options.timeoutMs ?? TEST_TIMEOUT_MS, logger: options.logger },
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

export function hostKeyBlockedError(server: GameServer, presented = server.status.hostKeyMismatch?.presented): UserError {
  return new UserError(
    `the host key of **${server.name}** changed (now ${presented ?? 'unknown'}); ` +
      'the bot will not connect until an admin checks it with `/server test` and trusts the new key',
    'external',
  );
}
