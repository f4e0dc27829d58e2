import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { testConnection } from '../../src/sftp/connectivity.js';
import { HostKeyMismatchError } from '../../src/sftp/errors.js';
import { freePort, startSshd, writeDeadsideTree, type Sshd } from '../support/sshd.js';
import { captureLogger, serverConfig } from './helpers.js';

let sshd: Sshd;
const cap = captureLogger();

beforeAll(async () => {
  sshd = await startSshd({ tree: async (root) => void (await writeDeadsideTree(root)) });
});
afterAll(async () => {
  await sshd?.stop();
});

async function failure(p: Promise<unknown>): Promise<UserError> {
  const err = await p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  expect((err as Error).message).not.toContain(sshd.password);
  return err as UserError;
}

describe('testConnection against a real sshd', () => {
  it('connects, reports latency, the SHA256 fingerprint and the layout', async () => {
    const r = await testConnection(serverConfig(sshd), { allowPrivate: true, logger: cap.logger });
    expect(r.fingerprint).toBe(sshd.hostKeyFingerprintSha256);
    expect(r.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(r.fingerprintMatches).toBeUndefined();
    expect(r.latencyMs).toBeGreaterThanOrEqual(0);
    expect(r.root).toBe(sshd.root);
    expect(r.layout?.killfeedDirs.map((k) => k.path)).toEqual([`${sshd.root}/79.127.236.1_7020/actual1/deathlogs/world_0`]);
    expect(r.layout?.logFile).toBe(`${sshd.root}/79.127.236.1_7020/Logs/Deadside.log`);
    const pinned = await testConnection(serverConfig(sshd, { hostKeyFingerprint: r.fingerprint }), { allowPrivate: true, detect: false });
    expect(pinned.fingerprintMatches).toBe(true);
  });

  it('also authenticates with a private key', async () => {
    const r = await testConnection(serverConfig(sshd, { password: undefined, privateKey: sshd.clientPrivateKey }), {
      allowPrivate: true,
      detect: false,
    });
    expect(r.fingerprint).toBe(sshd.hostKeyFingerprintSha256);
  });

  it('wrong password', async () => {
    const err = await failure(testConnection(serverConfig(sshd, { password: 'wrong-password-123' }), { allowPrivate: true, logger: cap.logger }));
    expect(err.message).toBe('authentication failed: check the username and password');
    expect(err.category).toBe('external');
  });

  it('closed port', async () => {
    const port = await freePort();
    const err = await failure(testConnection(serverConfig(sshd, { port }), { allowPrivate: true, logger: cap.logger }));
    expect(err.message).toContain(`connection refused by 127.0.0.1:${port}: the port is closed`);
  });

  it('unknown host', async () => {
    const err = await failure(testConnection(serverConfig(sshd, { host: 'nonexistent.invalid' }), { logger: cap.logger }));
    expect(err.message).toMatch(/^could not resolve host "nonexistent.invalid"/);
  });

  it('bad port', async () => {
    for (const port of [0, 65536, 22.5, Number.NaN]) {
      const err = await failure(testConnection(serverConfig(sshd, { port }), { allowPrivate: true }));
      expect(err.message).toMatch(/^the port must be a whole number from 1 to 65535/);
    }
  });

  it('private address refused unless allowed', async () => {
    const err = await failure(testConnection(serverConfig(sshd), { logger: cap.logger }));
    expect(err.message).toBe('host "127.0.0.1" resolves to 127.0.0.1, a loopback address: only public addresses are allowed');
  });

  it('a host that accepts TCP but never speaks SSH times out', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    try {
      const err = await failure(testConnection(serverConfig(sshd, { port }), { allowPrivate: true, timeoutMs: 1500 }));
      expect(err.message).toContain(`connection to 127.0.0.1:${port} timed out`);
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });

  it('missing root folder', async () => {
    const err = await failure(testConnection(serverConfig(sshd, { root: '/no/such/root' }), { allowPrivate: true }));
    expect(err.message).toBe('the root folder "/no/such/root" does not exist on the server');
  });

  it('host key changed → HostKeyMismatchError (no password sent)', async () => {
    const first = await testConnection(serverConfig(sshd), { allowPrivate: true, detect: false });
    const failedBefore = (sshd.logs().match(/Failed password/g) ?? []).length;
    const acceptedBefore = sshd.acceptedCount();
    await sshd.rotateHostKey();
    expect(sshd.hostKeyFingerprintSha256).not.toBe(first.fingerprint);
    const err = await failure(
      testConnection(serverConfig(sshd, { hostKeyFingerprint: first.fingerprint }), { allowPrivate: true, logger: cap.logger }),
    );
    expect(err).toBeInstanceOf(HostKeyMismatchError);
    const mismatch = err as HostKeyMismatchError;
    expect(mismatch.expected).toBe(first.fingerprint);
    expect(mismatch.actual).toBe(sshd.hostKeyFingerprintSha256);
    expect(mismatch.message).toContain(`host key changed for 127.0.0.1:${sshd.port}: expected ${first.fingerprint}`);
    expect((sshd.logs().match(/Failed password/g) ?? []).length).toBe(failedBefore);
    expect(sshd.acceptedCount()).toBe(acceptedBefore);
  });

  it('never logs or reports the password', () => {
    const logs = cap.text();
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).toContain('sftp connection test failed');
    expect(logs).not.toContain(sshd.password);
    expect(logs).not.toContain('wrong-password-123');
  });
});

describe('legacy-only sshd (dh-group14-sha1, ssh-rsa, aes-cbc, hmac-sha1)', () => {
  let legacy: Sshd;
  beforeAll(async () => {
    legacy = await startSshd({ legacyOnly: true });
  });
  afterAll(async () => {
    await legacy?.stop();
  });

  it('fails without the flag, with a hint', async () => {
    const err = await testConnection(serverConfig(legacy), { allowPrivate: true, detect: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toContain('legacy algorithms');
  });

  it('works with legacyAlgorithms: true', async () => {
    const r = await testConnection(serverConfig(legacy, { legacyAlgorithms: true }), { allowPrivate: true, detect: false });
    expect(r.fingerprint).toBe(legacy.rsaHostKeyFingerprintSha256);
    expect(legacy.logs()).toMatch(/Accepted password for towertest/);
  });
});
