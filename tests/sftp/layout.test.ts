/** Finding the Deadside folders on a game server (src/sftp/layout.ts), through a real sshd. */
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectLayout } from '../../src/sftp/layout.js';
import { SftpPool } from '../../src/sftp/pool.js';
import { KILLFEED_FIXTURES, type Sshd } from '../support/sshd.js';
import { DEADSIDE_SERVER as SERVER, pinnedConfig, startDeadsideSshd } from './helpers.js';

let sshd: Sshd;
let pool: SftpPool;

beforeAll(async () => {
  sshd = await startDeadsideSshd();
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
