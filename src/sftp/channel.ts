import type SftpClient from 'ssh2-sftp-client';
import type { Client, SFTPWrapper } from 'ssh2';

/**
 * The SFTP channel one operation runs on, and the count of requests it sends (the pool's
 * `tower_sftp_requests_total`). The listing and read modules get this instead of the connection, so
 * they can send requests but not touch its state; SftpConnection.op around them owns timeouts and breakage.
 */
export interface Channel {
  readonly sftp: SFTPWrapper;
  /** Counts `n` SFTP requests about to be sent. */
  sent(n?: number): void;
}

/** SFTP requests sent, across the connections sharing this object (a pool's; shown in /metrics). */
export interface SftpCounters {
  requests: number;
}

/** SSH_FX_EOF and SSH_FX_NO_SUCH_FILE: the status codes the bot answers itself rather than failing on. */
export const FX_EOF = 1;
export const FX_NO_SUCH_FILE = 2;

export function sftpStatus(err: unknown): unknown {
  return (err as { code?: unknown } | null)?.code;
}

/** Sends CLOSE for a handle without waiting for the reply: the result changes nothing, and the channel may be gone. */
export function closeHandle(ch: Channel, handle: Buffer): void {
  try {
    ch.sent();
    ch.sftp.close(handle, () => undefined);
  } catch {
    /* channel already gone */
  }
}

// ssh2-sftp-client keeps the ssh2 Client on `client` and the SFTP channel on `sftp`; neither is in its
// type definitions, and the bot needs both (the handshake event, raw requests, a socket that must die).

export function rawClient(client: SftpClient): Client | undefined {
  return (client as unknown as { client?: Client }).client;
}

export function rawSftp(client: SftpClient): SFTPWrapper | undefined {
  return (client as unknown as { sftp?: SFTPWrapper }).sftp;
}

/** Destroys the socket at once (ssh2-sftp-client's end() can hang after ECONNRESET) and forgets the channel. */
export function destroyClient(client: SftpClient): void {
  try {
    const raw = (client as unknown as { client?: { destroy?: () => void } }).client;
    raw?.destroy?.();
  } catch {
    /* already gone */
  }
  (client as unknown as { sftp?: unknown }).sftp = undefined;
}
