import type { Logger } from '../logger.js';
import { probeHostKey, testConnection, type ConnectionReport } from '../sftp/connectivity.js';
import type { ConnectionSlots } from '../sftp/pool.js';
import type { ServerInput } from './input.js';
import type { ServerLayout } from './repo.js';

/** Handshake + auth budget of an interactive test: an admin is waiting (Discord allows 15 min after a defer). */
const TEST_TIMEOUT_MS = 10_000;

export interface ProbeOptions {
  /** ALLOW_PRIVATE_SFTP_HOSTS: whether loopback/private/link-local hosts may be connected to. */
  allowPrivate: boolean;
  /** The SFTP pool's connection limit: a test's connection counts against the same global cap. */
  slots?: ConnectionSlots;
  logger: Logger;
  timeoutMs?: number;
}

/** What a key-only check saw: the host's key, before any credential was sent. */
export interface KeyCheck {
  fingerprint: string;
  address: string;
  connectMs: number;
}

/**
 * The first contact with a host whose key nobody trusted yet: SSH key exchange only, no authentication,
 * so no username or password leaves the bot before an admin has seen (and trusted) the key.
 */
export function checkHostKey(input: Pick<ServerInput, 'host' | 'port' | 'legacyAlgorithms'>, options: ProbeOptions): Promise<KeyCheck> {
  return probeHostKey(
    { host: input.host, port: input.port, legacyAlgorithms: input.legacyAlgorithms },
    { allowPrivate: options.allowPrivate, timeoutMs: options.timeoutMs ?? TEST_TIMEOUT_MS, logger: options.logger, ...(options.slots ? { slots: options.slots } : {}) },
  );
}

/**
 * The full connection test (log in, list, detect the layout), only ever against a trusted key: the key
 * check runs in the handshake, before authentication, so a different key throws HostKeyMismatchError
 * without the password having been sent.
 */
export function probe(input: Omit<ServerInput, 'name'>, options: ProbeOptions, pinned: string): Promise<ConnectionReport> {
  return testConnection(
    {
      serverId: 'probe',
      host: input.host,
      port: input.port,
      username: input.username,
      password: input.password,
      root: input.root,
      legacyAlgorithms: input.legacyAlgorithms,
      hostKeyFingerprint: pinned,
    },
    { allowPrivate: options.allowPrivate, timeoutMs: options.timeoutMs ?? TEST_TIMEOUT_MS, logger: options.logger, ...(options.slots ? { slots: options.slots } : {}) },
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
