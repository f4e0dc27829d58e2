import { createServer, type Server, type Socket } from 'node:net';
import { Client } from 'ssh2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { probeHostKey, testConnection } from '../../src/sftp/connectivity.js';
import { HostKeyMismatchError } from '../../src/sftp/errors.js';
import { SftpPool } from '../../src/sftp/pool.js';
import { freePort, startSshd, writeDeadsideTree, type Sshd } from '../support/sshd.js';
import { captureLogger, pinnedConfig, serverConfig, sleep } from './helpers.js';

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
    expect(err.message).toBe(unreachable(port));
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

  it('closed, non-SSH and silent ports all read the same (no port scanning), for testConnection and probeHostKey', async () => {
    await withFakePorts(async (ports) => {
      for (const [label, port] of Object.entries(ports)) {
        const tested = await failure(testConnection(serverConfig(sshd, { port }), { allowPrivate: true, timeoutMs: 800, logger: cap.logger }));
        expect(tested.message, `testConnection, ${label}`).toBe(unreachable(port));
        expect(tested.category).toBe('external');
        const probed = await failure(probeHostKey({ host: sshd.host, port }, { allowPrivate: true, timeoutMs: 800 }));
        expect(probed.message, `probeHostKey, ${label}`).toBe(unreachable(port));
      }
    });
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

describe('probeHostKey: the host key without authenticating', () => {
  /** sshd -e lines (LogLevel VERBOSE) that a username or credential reaching sshd produces. */
  const AUTH_LINES = /Invalid user|Failed (none|password|publickey)|Accepted |authenticating user|Postponed|userauth|input_userauth/i;

  /**
   * Runs `fn` and returns what sshd logged from then on, once `until` shows and every connection
   * that began meanwhile has been logged as ended (sshd logs a little after the client returns).
   */
  async function sshdLinesOf(server: Sshd, until: RegExp, fn: () => Promise<unknown>): Promise<string> {
    const from = server.logs().length;
    await fn();
    const open = () => {
      const text = server.logs().slice(from);
      const ports = [...text.matchAll(/Connection from 127\.0\.0\.1 port (\d+)/g)].map((m) => m[1]);
      return !until.test(text) || ports.some((p) => !new RegExp(`(Disconnected from|Connection closed by|Connection reset by) .*port ${p}\\b`).test(text));
    };
    for (let i = 0; i < 300 && open(); i++) await sleep(10);
    return server.logs().slice(from);
  }

  it('returns the fingerprint testConnection pins and never reaches userauth', async () => {
    // Control: a client that does send a username shows up in sshd's log.
    const control = await sshdLinesOf(sshd, /Disconnected from .*port \d+/, () => sendUsernameOnly(sshd, 'probe-control'));
    expect(control).toMatch(AUTH_LINES);
    expect(control).toContain('Invalid user probe-control');

    const acceptedBefore = sshd.acceptedCount();
    let report: Awaited<ReturnType<typeof probeHostKey>> | undefined;
    const disconnected = /Disconnected from 127\.0\.0\.1 port \d+ \[preauth\]/;
    const lines = await sshdLinesOf(sshd, disconnected, async () => {
      report = await probeHostKey({ host: sshd.host, port: sshd.port }, { allowPrivate: true, logger: cap.logger });
    });
    expect(report).toMatchObject({ fingerprint: sshd.hostKeyFingerprintSha256, address: '127.0.0.1' });
    expect(report!.connectMs).toBeGreaterThanOrEqual(0);
    expect(lines).toMatch(disconnected);
    expect(lines).not.toMatch(AUTH_LINES);
    expect(sshd.acceptedCount()).toBe(acceptedBefore);
    const full = await testConnection(serverConfig(sshd), { allowPrivate: true, detect: false });
    expect(full.fingerprint).toBe(report!.fingerprint);
  });

  it('guards the host like testConnection', async () => {
    await expect(probeHostKey({ host: sshd.host, port: sshd.port })).rejects.toThrow(
      'host "127.0.0.1" resolves to 127.0.0.1, a loopback address: only public addresses are allowed',
    );
    await expect(probeHostKey({ host: '::ffff:7f00:1', port: sshd.port })).rejects.toThrow(/loopback \(IPv4-mapped\) address/);
    const lookup = async () => [{ address: '10.0.0.7', family: 4 }];
    await expect(probeHostKey({ host: 'sneaky.example.com', port: 22 }, { lookup })).rejects.toThrow(/10\.0\.0\.7, a private address/);
    await expect(probeHostKey({ host: 'nonexistent.invalid', port: 22 })).rejects.toThrow(/^could not resolve host "nonexistent.invalid"/);
    await expect(probeHostKey({ host: sshd.host, port: 0 }, { allowPrivate: true })).rejects.toThrow(/^the port must be a whole number/);
  });
});

describe('one-shot connections take a slot of the pool\'s global cap', () => {
  let pool: SftpPool | undefined;
  let release: (() => void) | undefined;
  afterEach(async () => {
    release?.();
    await pool?.close();
    pool = undefined;
  });

  it('refused with the pool\'s limit message while the cap is taken', async () => {
    pool = new SftpPool({ allowPrivate: true, globalMax: 1, acquireTimeoutMs: 300 });
    pool.setServer(pinnedConfig(sshd, { serverId: 'busy' }));
    const held = pool.use('busy', () => new Promise<void>((r) => (release = r)));
    while (pool.globalStats().borrowed < 1) await sleep(5);
    const acceptedBefore = sshd.acceptedCount();
    const tested = await failure(testConnection(serverConfig(sshd), { allowPrivate: true, detect: false, slots: pool }));
    expect(tested.message).toBe('the bot is at its limit of SFTP connections; try again shortly');
    expect(tested.category).toBe('rate_limit');
    const probed = await failure(probeHostKey({ host: sshd.host, port: sshd.port }, { allowPrivate: true, slots: pool }));
    expect(probed.message).toBe('the bot is at its limit of SFTP connections; try again shortly');
    expect(sshd.acceptedCount()).toBe(acceptedBefore);
    release?.();
    await held;
  });

  it('waits for a slot, never exceeding the cap, and gives it back', async () => {
    pool = new SftpPool({ allowPrivate: true, globalMax: 1 });
    pool.setServer(pinnedConfig(sshd, { serverId: 'busy' }));
    const p = pool;
    const held = p.use('busy', () => new Promise<void>((r) => (release = r)));
    while (p.globalStats().borrowed < 1) await sleep(5);
    const tested = testConnection(serverConfig(sshd), { allowPrivate: true, detect: false, slots: p });
    while (p.globalStats().waiting < 1) await sleep(5);
    expect(p.globalStats()).toMatchObject({ open: 1, max: 1 });
    expect(sshd.tcpConnectionCount()).toBe(1);
    release?.();
    await held;
    await expect(tested).resolves.toMatchObject({ fingerprint: sshd.hostKeyFingerprintSha256 });
    await expect(p.withConnectionSlot(async () => p.globalStats().open)).resolves.toBe(1);
    await expect(probeHostKey({ host: sshd.host, port: sshd.port }, { allowPrivate: true, slots: p })).resolves.toMatchObject({
      fingerprint: sshd.hostKeyFingerprintSha256,
    });
    expect(p.globalStats()).toMatchObject({ open: 0, waiting: 0 });
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

  it('probeHostKey: the RSA key with legacyAlgorithms, the legacy hint without', async () => {
    const r = await probeHostKey({ host: legacy.host, port: legacy.port, legacyAlgorithms: true }, { allowPrivate: true });
    expect(r.fingerprint).toBe(legacy.rsaHostKeyFingerprintSha256);
    const err = await probeHostKey({ host: legacy.host, port: legacy.port }, { allowPrivate: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toContain('legacy algorithms');
    expect((err as Error).message).not.toContain('could not reach');
  });

  it('works with legacyAlgorithms: true', async () => {
    const r = await testConnection(serverConfig(legacy, { legacyAlgorithms: true }), { allowPrivate: true, detect: false });
    expect(r.fingerprint).toBe(legacy.rsaHostKeyFingerprintSha256);
    expect(legacy.logs()).toMatch(/Accepted password for towertest/);
  });
});

function unreachable(port: number): string {
  return `could not reach an SSH server at 127.0.0.1:${port}: check the host and port (many hosts use 8822) and that the server is online`;
}

/** A closed port, a listener that answers like an HTTP server and hangs up, and one that never answers. */
async function withFakePorts(fn: (ports: Record<string, number>) => Promise<void>): Promise<void> {
  const sockets: Socket[] = [];
  const http: Server = createServer((s) => {
    sockets.push(s);
    s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
  });
  const silent: Server = createServer((s) => void sockets.push(s));
  const listen = (srv: Server) =>
    new Promise<number>((r) => srv.listen(0, '127.0.0.1', () => r((srv.address() as { port: number }).port)));
  try {
    const ports = { closed: await freePort(), 'not SSH': await listen(http), silent: await listen(silent) };
    await fn(ports);
  } finally {
    for (const s of sockets) s.destroy();
    http.close();
    silent.close();
  }
}

/** A real SSH client that sends a username (no credential): what the probe must never do. */
function sendUsernameOnly(server: Sshd, username: string): Promise<void> {
  return new Promise((resolve) => {
    const c = new Client();
    const done = () => {
      c.end();
      resolve();
    };
    c.on('error', done);
    c.on('ready', done);
    c.connect({ host: server.host, port: server.port, username, authHandler: ['none'], readyTimeout: 5000 });
  });
}
