import { readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { detectLayout } from '../../src/sftp/layout.js';
import { SftpPool } from '../../src/sftp/pool.js';
import { ENGLISH } from '../../src/i18n/translate.js';
import { bytes } from '../../src/i18n/units.js';
import { KILLFEED_FIXTURES, LOG_FIXTURE, startSshd, writeDeadsideTree, type Sshd } from '../support/sshd.js';
import { pinnedConfig } from './helpers.js';

let sshd: Sshd;
let pool: SftpPool;
const SERVER = '79.127.236.1_7020';

beforeAll(async () => {
  sshd = await startSshd({
    tree: async (root) => {
      await writeDeadsideTree(root, { worlds: [0, 1] });
      await writeDeadsideTree(path.join(root, 'saved-host'), { savedVariant: true });
      await symlink('/etc', path.join(root, 'etc-link'));
      await symlink('/etc/passwd', path.join(root, SERVER, 'passwd-link'));
      await writeFile(path.join(root, 'notes.txt'), 'x'.repeat(5000));
    },
  });
  pool = new SftpPool({ allowPrivate: true });
  pool.setServer(pinnedConfig(sshd));
  pool.setServer(pinnedConfig(sshd, { serverId: 'saved', root: `${sshd.root}/saved-host` }));
});
afterAll(async () => {
  await pool?.close();
  await sshd?.stop();
});

describe('layout detection', () => {
  it('finds {host}_{id}/actual1/deathlogs/world_N and Logs/Deadside.log', async () => {
    const csvs = (await readdir(KILLFEED_FIXTURES)).filter((f) => f.endsWith('.csv')).sort();
    const layout = await pool.use('srv1', (c, root) => detectLayout(c, root));
    const base = `${sshd.root}/${SERVER}`;
    expect(layout.killfeedDirs).toEqual([
      { path: `${base}/actual1/deathlogs/world_0`, world: 0, csvCount: csvs.length },
      { path: `${base}/actual1/deathlogs/world_1`, world: 1, csvCount: csvs.length },
      // the Deadside/Saved tree that also lies below this root (depth 3)
      { path: `${sshd.root}/saved-host/Deadside/Saved/actual1/deathlogs/world_0`, world: 0, csvCount: csvs.length },
    ]);
    expect(layout.serverDirs).toContain(base);
    expect(layout.csvCount).toBe(csvs.length * 2 + csvs.length); // + the Saved variant below the root
    expect(layout.logFile).toMatch(/\/Logs\/Deadside\.log$/);
    expect(layout.newestCsv?.path).toMatch(new RegExp(`${csvs.at(-1)!.replace(/\./g, '\\.')}$`));
    expect(layout.summary).toContain(`/${SERVER}/actual1/deathlogs/world_0`);
    expect(layout.incomplete).toBe(false);
  });

  it('finds the Deadside/Saved variant', async () => {
    const layout = await pool.use('saved', (c, root) => detectLayout(c, root));
    const base = `${sshd.root}/saved-host/Deadside/Saved`;
    expect(layout.killfeedDirs.map((k) => k.path)).toEqual([`${base}/actual1/deathlogs/world_0`]);
    expect(layout.logFile).toBe(`${base}/Logs/Deadside.log`);
    expect(layout.summary).toMatch(/^1 killfeed folder \(\/Deadside\/Saved\/actual1\/deathlogs\/world_0\) with 2 CSV files; newest .*; server log \/Deadside\/Saved\/Logs\/Deadside.log$/);
  });

  it('is bounded by depth and listings', async () => {
    const shallow = await pool.use('srv1', (c, root) => detectLayout(c, root, { maxListings: 2 }));
    expect(shallow.incomplete).toBe(true);
    expect(shallow.listings).toBe(2);
    expect(shallow.summary).toContain('search stopped early');
    const empty = await pool.use('srv1', (c, root) => detectLayout(c, `${root}/notes-dir-missing`));
    expect(empty.killfeedDirs).toEqual([]);
    expect(empty.summary).toBe('no killfeed folder (actual1/deathlogs/world_N) found; no Logs/Deadside.log found');
  });
});

describe('download and reads', () => {
  it('downloads the real CSVs byte for byte', async () => {
    for (const f of (await readdir(KILLFEED_FIXTURES)).filter((x) => x.endsWith('.csv'))) {
      const local = await readFile(path.join(KILLFEED_FIXTURES, f));
      const r = await pool.download('srv1', `${SERVER}/actual1/deathlogs/world_0/${f}`, 1024 * 1024);
      expect(r.size).toBe(local.length);
      expect(Buffer.compare(r.data, local)).toBe(0);
      // absolute path inside the root works too
      const abs = await pool.download('srv1', `${sshd.root}/${SERVER}/actual1/deathlogs/world_1/${f}`, 1024 * 1024);
      expect(Buffer.compare(abs.data, local)).toBe(0);
    }
  });

  it('refuses an oversize file before transferring, giving the size and the cap', async () => {
    const err = await pool.download('srv1', `${SERVER}/actual1/deathlogs/world_0/2025.03.27-00.00.00.csv`, 100 * 1024).catch((e: unknown) => e);
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
      const r = await pool.readFrom('srv1', f, offset, { maxBytes: 50_000, chunkSize: 4096, concurrency: 8 });
      parts.push(r.data);
      offset = r.nextOffset;
      if (r.eof) break;
    }
    expect(Buffer.compare(Buffer.concat(parts), local)).toBe(0);
    const past = await pool.readFrom('srv1', f, local.length + 10);
    expect(past).toMatchObject({ truncated: true, eof: true, size: local.length });
    expect(past.data.length).toBe(0);
    const mid = await pool.readFrom('srv1', f, 1000, { maxBytes: 100 });
    expect(Buffer.compare(mid.data, local.subarray(1000, 1100))).toBe(0);
    expect(mid).toMatchObject({ nextOffset: 1100, eof: false, truncated: false });
  });

  it('list, stat, statMany and paths with .. inside the root', async () => {
    const entries = await pool.list('srv1', '/');
    expect(entries.map((e) => e.name)).toEqual(expect.arrayContaining([SERVER, 'notes.txt', 'etc-link', 'saved-host']));
    expect(entries.find((e) => e.name === SERVER)?.type).toBe('dir');
    expect(await pool.stat('srv1', 'notes.txt')).toMatchObject({ type: 'file', size: 5000 });
    // The poller's check: a missing path is null, not an error.
    const [notes, nope, logs] = await pool.statMany('srv1', ['notes.txt', 'nope.txt', `${SERVER}/actual1/../Logs`]);
    expect(notes).toMatchObject({ type: 'file', size: 5000 });
    expect(nope).toBeNull();
    expect(logs?.type).toBe('dir');
    const log = await pool.download('srv1', `${SERVER}/actual1/../Logs/Deadside.log`, 1024 * 1024);
    expect(log.path).toBe(`${sshd.root}/${SERVER}/Logs/Deadside.log`);
    expect(Buffer.compare(log.data, await readFile(LOG_FIXTURE))).toBe(0);
    await expect(pool.stat('srv1', 'nope.txt')).rejects.toThrow('`/nope.txt` does not exist');
  });
});
