import { randomBytes } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { ENGLISH } from '../../src/i18n/translate.js';
import { bytes } from '../../src/i18n/units.js';
import { HostKeyMismatchError } from '../../src/sftp/errors.js';
import { SftpPool } from '../../src/sftp/pool.js';
import { KILLFEED_FIXTURES, LOG_FIXTURE, startSshd, type Sshd } from '../support/sshd.js';
import { DEADSIDE_SERVER as SERVER, pinnedConfig, serverConfig, sleep, startDeadsideSshd, watchProcessErrors } from './helpers.js';

let sshd: Sshd;
const BIG = 96 * 1024 * 1024;
let pool: SftpPool | undefined;
let peakProcesses = 0;

beforeAll(async () => {
  sshd = await startSshd({
    tree: async (root) => {
      await writeFile(path.join(root, 'small.txt'), 'hello tower\n');
      await writeFile(path.join(root, 'big.bin'), randomBytes(BIG));
    },
  });
});
afterAll(async () => {
  await sshd?.stop();
});
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

/**
 * Samples the server side while `work` runs; returns the peak of ESTABLISHED TCP connections to
 * sshd (exact) and of sshd per-connection processes (these outlive a client's close by a few ms).
 */
async function peakConnections(work: Promise<unknown>): Promise<number> {
  let peak = 0;
  let done = false;
  const sampler = (async () => {
    while (!done) {
      peak = Math.max(peak, sshd.tcpConnectionCount());
      peakProcesses = Math.max(peakProcesses, sshd.connectionCount());
      await sleep(5);
    }
  })();
  try {
    await work;
  } finally {
    done = true;
    await sampler;
  }
  return peak;
}

describe('SftpPool against a real sshd', () => {
  it('20 concurrent operations never open more than the per-server max', async () => {
    // A connection closed before this test (sshd's readiness check) can linger as a process or a TCP
    // connection for a moment on a loaded machine: start from none, so the process count below measures this test alone.
    for (let i = 0; i < 100 && (sshd.connectionCount() > 0 || sshd.tcpConnectionCount() > 0); i++) await sleep(20);
    pool = new SftpPool({ allowPrivate: true, perServerMax: 2 });
    pool.setServer(pinnedConfig(sshd));
    const p = pool;
    const acceptedBefore = sshd.acceptedCount();
    let maxBorrowed = 0;
    let maxOpen = 0;
    const work = Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        // The only server: the pool-wide figures are this server's.
        const r = await p.use('srv1', async (c) => {
          const s = p.globalStats();
          maxBorrowed = Math.max(maxBorrowed, s.borrowed);
          maxOpen = Math.max(maxOpen, s.open);
          await sleep(20);
          return (await c.readFrom(`${sshd.root}/small.txt`, 0, { maxBytes: 5 })).data;
        });
        expect(r.toString()).toBe('hello');
        return i;
      }),
    );
    peakProcesses = 0;
    const peak = await peakConnections(work);
    expect(peak).toBeGreaterThanOrEqual(1);
    expect(peak).toBeLessThanOrEqual(2);
    expect(peakProcesses).toBeLessThanOrEqual(2); // no connection was closed here, so no lag
    expect(maxBorrowed).toBe(2);
    expect(maxOpen).toBeLessThanOrEqual(2);
    expect(p.globalStats()).toMatchObject({ servers: 1, opened: 2, borrowed: 0, waiting: 0 });
    await sleep(100);
    expect(sshd.acceptedCount() - acceptedBefore).toBeLessThanOrEqual(2);
  });

  it('100 sequential small reads open at most 2 SSH connections', async () => {
    pool = new SftpPool({ allowPrivate: true });
    pool.setServer(pinnedConfig(sshd));
    const acceptedBefore = sshd.acceptedCount();
    for (let i = 0; i < 100; i++) {
      const r = await pool.readFrom('srv1', 'small.txt', i % 8, { maxBytes: 4 });
      expect(r.data.length).toBe(4);
    }
    expect(pool.globalStats().opened).toBeLessThanOrEqual(2);
    await sleep(100);
    expect(sshd.acceptedCount() - acceptedBefore).toBeLessThanOrEqual(2);
  });

  // retry: 1 — once in ~10 full-suite runs under heavy load the server-side sample saw one extra
  // ESTABLISHED socket (not reproduced in isolation; the pool-side counter never exceeded the cap).
  it('the global cap holds across servers', { retry: 1 }, async () => {
    pool = new SftpPool({ allowPrivate: true, perServerMax: 2, globalMax: 3 });
    const p = pool;
    for (const id of ['a', 'b', 'c']) p.setServer(pinnedConfig(sshd, { serverId: id }));
    let maxOpen = 0;
    const work = Promise.all(
      ['a', 'b', 'c'].flatMap((id) =>
        Array.from({ length: 6 }, () =>
          p.use(id, async (c) => {
            maxOpen = Math.max(maxOpen, p.globalStats().open);
            await sleep(30);
            return c.stat(`${sshd.root}/small.txt`);
          }),
        ),
      ),
    );
    const peak = await peakConnections(work);
    expect(maxOpen, 'pool-side open connections').toBeLessThanOrEqual(3);
    expect(peak, 'server-side ESTABLISHED connections').toBeLessThanOrEqual(3);
    expect(p.globalStats()).toMatchObject({ servers: 3, max: 3, borrowed: 0 });
  });

  it('authentication failures are not retried', async () => {
    pool = new SftpPool({ allowPrivate: true, retry: { attempts: 4, baseDelayMs: 10 } });
    pool.setServer(pinnedConfig(sshd, { password: 'nope-nope' }));
    const failedBefore = (sshd.logs().match(/Failed password/g) ?? []).length;
    await expect(pool.stat('srv1', 'small.txt')).rejects.toThrow('authentication failed: check the username and password');
    await sleep(100);
    expect((sshd.logs().match(/Failed password/g) ?? []).length - failedBefore).toBe(1);
  });

  it('refuses a server without a pinned key (a password never goes to an untrusted key)', async () => {
    pool = new SftpPool({ allowPrivate: true });
    const p = pool;
    const acceptedBefore = sshd.acceptedCount();
    expect(() => p.setServer(serverConfig(sshd))).toThrow(/no pinned host key/);
    expect(() => p.setServer(serverConfig(sshd, { hostKeyFingerprint: '' }))).toThrow(/no pinned host key/);
    // Not registered: what the poller and commands call answers "unknown server", without connecting.
    await expect(p.stat('srv1', 'small.txt')).rejects.toMatchObject({ message: 'unknown SFTP server srv1', category: 'not_found' });
    expect(p.globalStats()).toMatchObject({ servers: 0, opened: 0 });
    expect(sshd.acceptedCount()).toBe(acceptedBefore);
    p.setServer(pinnedConfig(sshd));
    await expect(p.stat('srv1', 'small.txt')).resolves.toMatchObject({ type: 'file' });
  });

  it('a pinned key that changes is refused: HostKeyMismatchError, no login', async () => {
    pool = new SftpPool({ allowPrivate: true, idleTimeoutMs: 100_000 });
    const pinned = sshd.hostKeyFingerprintSha256;
    pool.setServer(pinnedConfig(sshd));
    await pool.stat('srv1', 'small.txt');
    await sshd.rotateHostKey();
    const acceptedBefore = sshd.acceptedCount();
    const err = await pool.stat('srv1', 'small.txt').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostKeyMismatchError);
    expect(err).toMatchObject({ expected: pinned, actual: sshd.hostKeyFingerprintSha256 });
    expect(sshd.acceptedCount()).toBe(acceptedBefore);
  });

  it('sshd killed mid-read: the operation rejects cleanly and the pool recovers after restart', async () => {
    const watch = watchProcessErrors();
    try {
      pool = new SftpPool({ allowPrivate: true, retry: { attempts: 2, baseDelayMs: 50 }, connectTimeoutMs: 3000 });
      pool.setServer(pinnedConfig(sshd));
      // Warm up so the read starts immediately.
      await pool.stat('srv1', 'big.bin');
      const read = pool.readFrom('srv1', 'big.bin', 0, { maxBytes: BIG, concurrency: 2, chunkSize: 16 * 1024 });
      const outcome = read.then(
        () => 'resolved',
        (e: unknown) => e,
      );
      await sleep(150);
      await sshd.kill();
      const err = await outcome;
      expect(err).toBeInstanceOf(UserError);
      expect((err as Error).message).toMatch(/could not reach an SSH server at 127\.0\.0\.1|connection .* was lost/);
      expect(sshd.connectionCount()).toBe(0);
      await sshd.restart();
      const r = await pool.readFrom('srv1', 'small.txt', 0);
      expect(r.data.toString()).toBe('hello tower\n');
      const full = await pool.readFrom('srv1', 'big.bin', BIG - 1000, { maxBytes: 4096 });
      expect(full.data.length).toBe(1000);
      expect(full.eof).toBe(true);
      await sleep(200);
      expect(watch.seen).toEqual([]);
    } finally {
      watch.stop();
    }
  });

  it('a connection dropped while idle is replaced on the next borrow', async () => {
    const watch = watchProcessErrors();
    try {
      pool = new SftpPool({ allowPrivate: true, retry: { attempts: 3, baseDelayMs: 50 } });
      pool.setServer(pinnedConfig(sshd));
      await pool.stat('srv1', 'small.txt');
      const opened = pool.globalStats().opened;
      await sshd.restart(); // kills the idle connection's sshd child too
      await sleep(100);
      await expect(pool.stat('srv1', 'small.txt')).resolves.toMatchObject({ type: 'file', size: 12 });
      expect(pool.globalStats().opened).toBe(opened + 1);
      expect(watch.seen).toEqual([]);
    } finally {
      watch.stop();
    }
  });
});

describe('download and reads', () => {
  // A Deadside tree of its own (tests/sftp/layout.test.ts reads the same one).
  let treeSshd: Sshd;
  let treePool: SftpPool;
  beforeAll(async () => {
    treeSshd = await startDeadsideSshd();
    treePool = new SftpPool({ allowPrivate: true });
    treePool.setServer(pinnedConfig(treeSshd));
    treePool.setServer(pinnedConfig(treeSshd, { serverId: 'saved', root: `${treeSshd.root}/saved-host` }));
  });
  afterAll(async () => {
    await treePool?.close();
    await treeSshd?.stop();
  });

  it('downloads the real CSVs byte for byte', async () => {
    for (const f of (await readdir(KILLFEED_FIXTURES)).filter((x) => x.endsWith('.csv'))) {
      const local = await readFile(path.join(KILLFEED_FIXTURES, f));
      const r = await treePool.download('srv1', `${SERVER}/actual1/deathlogs/world_0/${f}`, 1024 * 1024);
      expect(r.size).toBe(local.length);
      expect(Buffer.compare(r.data, local)).toBe(0);
      // absolute path inside the root works too
      const abs = await treePool.download('srv1', `${treeSshd.root}/${SERVER}/actual1/deathlogs/world_1/${f}`, 1024 * 1024);
      expect(Buffer.compare(abs.data, local)).toBe(0);
    }
  });

  it('refuses an oversize file before transferring, giving the size and the cap', async () => {
    const err = await treePool.download('srv1', `${SERVER}/actual1/deathlogs/world_0/2025.03.27-00.00.00.csv`, 100 * 1024).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    const size = (await stat(path.join(KILLFEED_FIXTURES, '2025.03.27-00.00.00.csv'))).size;
    expect(size).toBeGreaterThan(100 * 1024);
    expect((err as Error).message).toBe(`\`/${SERVER}/actual1/deathlogs/world_0/2025.03.27-00.00.00.csv\` is ${ENGLISH.text(bytes(size))}, above the download limit of 100 KB`);
  });

  it('readFrom returns exact ranges, resumes at nextOffset and reports truncation', async () => {
    const f = `${SERVER}/actual1/deathlogs/world_0/2025.03.27-00.00.00.csv`;
    const local = await readFile(path.join(KILLFEED_FIXTURES, '2025.03.27-00.00.00.csv'));
    const parts: Buffer[] = [];
    let offset = 0;
    for (;;) {
      const r = await treePool.readFrom('srv1', f, offset, { maxBytes: 50_000, chunkSize: 4096, concurrency: 8 });
      parts.push(r.data);
      offset = r.nextOffset;
      if (r.eof) break;
    }
    expect(Buffer.compare(Buffer.concat(parts), local)).toBe(0);
    const past = await treePool.readFrom('srv1', f, local.length + 10);
    expect(past).toMatchObject({ truncated: true, eof: true, size: local.length });
    expect(past.data.length).toBe(0);
    const mid = await treePool.readFrom('srv1', f, 1000, { maxBytes: 100 });
    expect(Buffer.compare(mid.data, local.subarray(1000, 1100))).toBe(0);
    expect(mid).toMatchObject({ nextOffset: 1100, eof: false, truncated: false });
  });

  it('list, stat, statMany and paths with .. inside the root', async () => {
    const entries = await treePool.list('srv1', '/');
    expect(entries.map((e) => e.name)).toEqual(expect.arrayContaining([SERVER, 'notes.txt', 'etc-link', 'saved-host']));
    expect(entries.find((e) => e.name === SERVER)?.type).toBe('dir');
    expect(await treePool.stat('srv1', 'notes.txt')).toMatchObject({ type: 'file', size: 5000 });
    // The poller's check: a missing path is null, not an error.
    const [notes, nope, logs] = await treePool.statMany('srv1', ['notes.txt', 'nope.txt', `${SERVER}/actual1/../Logs`]);
    expect(notes).toMatchObject({ type: 'file', size: 5000 });
    expect(nope).toBeNull();
    expect(logs?.type).toBe('dir');
    const log = await treePool.download('srv1', `${SERVER}/actual1/../Logs/Deadside.log`, 1024 * 1024);
    expect(log.path).toBe(`${treeSshd.root}/${SERVER}/Logs/Deadside.log`);
    expect(Buffer.compare(log.data, await readFile(LOG_FIXTURE))).toBe(0);
    await expect(treePool.stat('srv1', 'nope.txt')).rejects.toThrow('`/nope.txt` does not exist');
  });
});
