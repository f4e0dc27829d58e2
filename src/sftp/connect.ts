import SftpClient from 'ssh2-sftp-client';
import type { Logger } from '../logger.js';
import { destroyClient, rawClient, rawSftp, type SftpCounters } from './channel.js';
import { preHandshakeError, timeoutError } from './errors.js';
import { HostKeyCheck, algorithmsFor } from './hostKey.js';

/** What the bot knows about one game server's SFTP access (credentials already decrypted). */
export interface SftpServerConfig {
  serverId: string;
  host: string;
  port: number;
  username: string;
  password?: string;
  privateKey?: string;
  /** Root folder of the server's files on the host ("/" when unset). */
  root?: string;
  /**
   * Pinned host key fingerprint (`SHA256:...`): any other key ends the connection before login. The pool
   * refuses a server without one; unset, a connection accepts any key (testConnection reports it).
   */
  hostKeyFingerprint?: string;
  /** Offer legacy algorithms (dh-group14-sha1, ssh-rsa, aes-cbc, hmac-sha1) in addition to ssh2's defaults. */
  legacyAlgorithms?: boolean;
}

export interface ConnectOptions {
  /** Address to connect to (already resolved and guarded); defaults to config.host. */
  address?: string;
  connectTimeoutMs?: number;
  opTimeoutMs?: number;
  logger?: Logger;
  /** Counts the SFTP requests this connection sends. */
  counters?: SftpCounters;
}

/**
 * Connects, checks the host key during the key exchange, logs in and opens the SFTP channel.
 * `onBroken` hears every event after which the connection must not be reused. Failures: a
 * HostKeyMismatchError for a key other than the pinned one; before the key exchange completed, an
 * SshUnreachableError whatever the cause (so ports cannot be told apart); otherwise ssh2's error.
 */
export async function connectClient(
  config: SftpServerConfig,
  opts: ConnectOptions,
  onBroken: (reason: string) => void,
): Promise<{ client: SftpClient; fingerprint: string | undefined }> {
  const logger = opts.logger;
  // Global listeners: ssh2-sftp-client's defaults use console and some paths throw when no
  // listener is attached; ours only record and log (never the config: it holds credentials).
  const client = new SftpClient(`sftp-${config.serverId}`, {
    error: (err: unknown) => {
      onBroken('error');
      logger?.debug({ serverId: config.serverId, err: (err as Error)?.message }, 'sftp connection error');
    },
    end: () => onBroken('end'),
    close: () => onBroken('close'),
  });
  const hostKey = new HostKeyCheck(config.hostKeyFingerprint);
  const connectTimeoutMs = opts.connectTimeoutMs ?? 15_000;
  let timer: NodeJS.Timeout | undefined;
  let keyExchanged = false;
  rawClient(client)?.once('handshake', () => {
    keyExchanged = true;
  });
  try {
    await Promise.race([
      client.connect({
        host: opts.address ?? config.host,
        port: config.port,
        username: config.username,
        ...(config.password !== undefined ? { password: config.password } : {}),
        ...(config.privateKey !== undefined ? { privateKey: config.privateKey } : {}),
        readyTimeout: connectTimeoutMs,
        keepaliveInterval: 15_000,
        keepaliveCountMax: 3,
        tryKeyboard: false,
        ...algorithmsFor(config.legacyAlgorithms),
        hostVerifier: hostKey.verify,
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(timeoutError('connect', connectTimeoutMs + 2000)), connectTimeoutMs + 2000);
      }),
    ]);
  } catch (err) {
    destroyClient(client);
    throw hostKey.mismatch({ host: config.host, port: config.port }) ?? (keyExchanged ? err : preHandshakeError(err));
  } finally {
    if (timer) clearTimeout(timer);
  }
  const sftp = rawSftp(client);
  // The SFTP channel is an EventEmitter: an 'error' without a listener would crash the process.
  sftp?.on('error', (err: Error) => {
    onBroken('sftp error');
    logger?.debug({ serverId: config.serverId, err: err.message }, 'sftp channel error');
  });
  sftp?.on('close', () => onBroken('sftp channel closed'));
  return { client, fingerprint: hostKey.presented };
}
