import type { Socket } from 'node:net';
import { Client } from 'ssh2';
import { preHandshakeError, timeoutError } from './errors.js';
import { algorithmsFor, fingerprintSha256 } from './hostKey.js';

/**
 * Connects to `address:port`, completes the SSH key exchange (the server proves it holds the host
 * key: ssh2 checks the exchange signature before 'handshake') and hangs up before authentication:
 * no username, password or key is ever sent. Resolves with the host key's SHA256 fingerprint,
 * negotiated with the same algorithm preference as SftpConnection.open, so it equals what a later
 * full connection pins.
 */
export function readHostKey(opts: { address: string; port: number; legacyAlgorithms?: boolean; timeoutMs: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let presented: string | undefined;
    let exchanged = false;
    let settled = false;
    let outcome: { ok: true } | { ok: false; err: unknown } | undefined;
    const sock = () => (client as unknown as { _sock?: Socket })._sock;
    const settle = () => {
      if (settled || !outcome) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(hangup);
      if (outcome.ok && presented) resolve(presented);
      else reject(outcome.ok ? new Error('no host key was presented') : exchanged ? outcome.err : preHandshakeError(outcome.err));
    };
    const fail = (err: unknown) => {
      outcome ??= { ok: false, err };
      sock()?.destroy();
      settle();
    };
    let hangup: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => fail(timeoutError('key exchange', opts.timeoutMs)), opts.timeoutMs);
    // Stays attached after settling: ssh2 may still emit errors while the socket closes.
    client.on('error', (err) => fail(err));
    // Settle on close, so a caller holding a connection slot releases it once the socket is gone.
    client.on('close', () => {
      outcome ??= { ok: false, err: Object.assign(new Error('Connection lost before handshake'), { code: 'ECONNRESET' }) };
      settle();
    });
    client.once('handshake', () => {
      exchanged = true;
      outcome ??= { ok: true };
      // end() sends DISCONNECT and half-closes the socket, so the 'ssh-userauth' service request
      // ssh2 writes right after this event finds it unwritable and is dropped.
      client.end();
      hangup = setTimeout(() => sock()?.destroy(), 2000);
    });
    try {
      client.connect({
        host: opts.address,
        port: opts.port,
        // Required by ssh2's config check; never sent (we hang up before userauth, and the
        // handler below offers no method if ssh2 ever got there).
        username: 'probe',
        authHandler: (_methods, _partial, next) => next(false as never),
        readyTimeout: opts.timeoutMs + 1000,
        ...algorithmsFor(opts.legacyAlgorithms),
        hostVerifier: (key: Buffer) => {
          presented = fingerprintSha256(key);
          return true;
        },
      });
    } catch (err) {
      fail(err);
    }
  });
}
