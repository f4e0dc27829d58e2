import { symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { SftpServerConfig } from '../../src/sftp/connection.js';
import { startSshd, writeDeadsideTree, type Sshd } from '../support/sshd.js';

export function serverConfig(sshd: Sshd, overrides: Partial<SftpServerConfig> = {}): SftpServerConfig {
  return {
    serverId: 'srv1',
    host: sshd.host,
    port: sshd.port,
    username: sshd.username,
    password: sshd.password,
    root: sshd.root,
    ...overrides,
  };
}

/** serverConfig with the sshd's current host key pinned, as SftpPool requires (read at call time: rotateHostKey changes it). */
export function pinnedConfig(sshd: Sshd, overrides: Partial<SftpServerConfig> = {}): SftpServerConfig {
  return serverConfig(sshd, { hostKeyFingerprint: sshd.hostKeyFingerprintSha256, ...overrides });
}

/** A pino logger at trace level whose output is kept in memory (to assert secrets never appear). */
export function captureLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  const logger = pino({ level: 'trace' }, stream);
  return { logger, text: () => lines.join('') };
}

/** Records unhandled rejections / uncaught exceptions while a test runs. */
export function watchProcessErrors() {
  const seen: unknown[] = [];
  const onRejection = (reason: unknown) => seen.push(reason);
  const onException = (err: unknown) => seen.push(err);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    seen,
    stop() {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The game server folder of the Deadside tree below. */
export const DEADSIDE_SERVER = '79.127.236.1_7020';

/**
 * An sshd serving a Deadside tree (two worlds of the real CSVs, Logs/Deadside.log), the Deadside/Saved
 * variant under `saved-host`, symlinks out of the root, and a 5,000-byte notes.txt.
 */
export function startDeadsideSshd(): Promise<Sshd> {
  return startSshd({
    tree: async (root) => {
      await writeDeadsideTree(root, { worlds: [0, 1] });
      await writeDeadsideTree(path.join(root, 'saved-host'), { savedVariant: true });
      await symlink('/etc', path.join(root, 'etc-link'));
      await symlink('/etc/passwd', path.join(root, DEADSIDE_SERVER, 'passwd-link'));
      await writeFile(path.join(root, 'notes.txt'), 'x'.repeat(5000));
    },
  });
}
