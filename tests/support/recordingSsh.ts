/**
 * An SSH server that records every password offered to it and accepts none: the "host nobody trusted"
 * of the credential tests. Built with ssh2's own Server (the library the bot's client side uses).
 */
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import ssh2 from 'ssh2';

export interface RecordingSsh {
  port: number;
  /** `SHA256:<base64>` of its host key, as the bot shows and pins it. */
  fingerprint: string;
  /** Passwords offered to it, in order. */
  passwords: Array<{ username: string; password: string }>;
  /** Authentication attempts of any method (none = the client stopped after the key exchange). */
  authAttempts: number;
  stop(): Promise<void>;
}

export async function startRecordingSsh(): Promise<RecordingSsh> {
  const keys = ssh2.utils.generateKeyPairSync('ed25519');
  const parsed = ssh2.utils.parseKey(keys.public);
  if (parsed instanceof Error) throw parsed;
  const key = Array.isArray(parsed) ? parsed[0]! : parsed;
  const fingerprint = `SHA256:${createHash('sha256').update(key.getPublicSSH()).digest('base64').replace(/=+$/, '')}`;
  const record: Omit<RecordingSsh, 'port' | 'stop'> = { fingerprint, passwords: [], authAttempts: 0 };
  const server = new ssh2.Server({ hostKeys: [keys.private] }, (client) => {
    client.on('authentication', (ctx) => {
      record.authAttempts++;
      if (ctx.method === 'password') record.passwords.push({ username: ctx.username, password: ctx.password });
      ctx.reject(['password']);
    });
    client.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(record, {
    port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
