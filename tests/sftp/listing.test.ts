import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LIST_ENTRIES } from '../../src/sftp/connection.js';
import { testConnection } from '../../src/sftp/connectivity.js';
import { detectLayout } from '../../src/sftp/layout.js';
import { SftpPool } from '../../src/sftp/pool.js';
import { startSshd, type Sshd } from '../support/sshd.js';
import { pinnedConfig, serverConfig } from './helpers.js';

/** A server folder with more entries than one listing keeps, as a hostile or broken host might have. */
let sshd: Sshd;
let pool: SftpPool;
const LONG_NAME = `${'n'.repeat(150)}é${'x'.repeat(49)}.csv`; // 204 code points, within NAME_MAX bytes

beforeAll(async () => {
  sshd = await startSshd({
    tree: async (root) => {
      const many = path.join(root, 'many');
      await mkdir(many);
      for (let i = 0; i < MAX_LIST_ENTRIES + 5; i++) await writeFile(path.join(many, `f${String(i).padStart(5, '0')}`), '');
      const exact = path.join(root, 'exact');
      await mkdir(exact);
      for (let i = 0; i < 50; i++) await writeFile(path.join(exact, `e${i}`), 'x');
      await writeFile(path.join(exact, LONG_NAME), 'y');
    },
  });
  pool = new SftpPool({ allowPrivate: true });
  pool.setServer(pinnedConfig(sshd));
}, 120_000);
afterAll(async () => {
  await pool?.close();
  await sshd?.stop();
});

describe('bounded listings', () => {
  it(`keeps at most MAX_LIST_ENTRIES (${MAX_LIST_ENTRIES}) entries and says the folder was cut`, async () => {
    const many = await pool.list('srv1', 'many');
    expect(many).toHaveLength(MAX_LIST_ENTRIES);
    expect(many.truncated).toBe(true);
    // Sorted, and every kept entry is a real one.
    expect([...many.map((e) => e.name)]).toEqual([...many.map((e) => e.name)].sort((a, b) => a.localeCompare(b)));
    expect(many.every((e) => /^f\d{5}$/.test(e.name) && e.type === 'file')).toBe(true);

    const small = await pool.list('srv1', 'exact');
    expect(small).toHaveLength(51);
    expect(small.truncated).toBe(false);
    expect((await pool.list('srv1', '/')).truncated).toBe(false);
  });

  it('the limit is exact: a folder of exactly N entries is not marked truncated', async () => {
    const r = await pool.use('srv1', (c, root) => c.list(`${root}/exact`, { maxEntries: 51 }));
    expect(r).toHaveLength(51);
    expect(r.truncated).toBe(false);
    const cut = await pool.use('srv1', (c, root) => c.list(`${root}/exact`, { maxEntries: 50 }));
    expect(cut).toHaveLength(50);
    expect(cut.truncated).toBe(true);
  });

  it('a ranked listing keeps the best entries of the whole folder, whatever the host order, without stalling the loop', async () => {
    const rank = (name: string) => (/^f\d{5}$/.test(name) ? Number(name.slice(1)) : null);
    const stall = monitorEventLoopDelay({ resolution: 10 });
    stall.enable();
    const heap = process.memoryUsage().heapUsed;
    const started = performance.now();
    const r = await pool.list('srv1', 'many', { rank, maxEntries: 5 });
    const ms = performance.now() - started;
    stall.disable();
    expect(r.map((e) => e.name)).toEqual(['f10004', 'f10003', 'f10002', 'f10001', 'f10000']);
    expect(r).toMatchObject({ truncated: true, matched: MAX_LIST_ENTRIES + 5, incomplete: false });
    // Figures for the README (10,005 entries over loopback): time, the longest event-loop stall, heap.
    console.info(`ranked listing of ${MAX_LIST_ENTRIES + 5} entries: ${ms.toFixed(0)} ms, max stall ${(stall.max / 1e6).toFixed(1)} ms, heap +${((process.memoryUsage().heapUsed - heap) / 1e6).toFixed(1)} MB`);
    expect(stall.max / 1e6).toBeLessThan(100);
    // The scan bound: reading stops, says so, and keeps the best of what it read.
    const cut = await pool.list('srv1', 'many', { rank, maxEntries: 3, maxScan: 500 });
    expect(cut.incomplete).toBe(true);
    expect(cut.matched).toBeLessThanOrEqual(500 + 200);
    expect(cut).toHaveLength(3);
    const late = await pool.list('srv1', 'many', { rank, maxEntries: 3, deadline: Date.now() - 1 });
    expect(late).toMatchObject({ incomplete: true, matched: 0 });
  });

  it('cuts names longer than the bound (by code point) and flags them', async () => {
    const r = await pool.use('srv1', (c, root) => c.list(`${root}/exact`, { maxNameLength: 151 }));
    const long = r.find((e) => e.nameTruncated);
    expect(long?.name).toBe(`${'n'.repeat(150)}é`);
    expect(r.filter((e) => e.nameTruncated)).toHaveLength(1);
    expect(r.find((e) => e.name === 'e1')).toMatchObject({ type: 'file', size: 1 });
    expect(r.find((e) => e.name === 'e1')?.nameTruncated).toBeUndefined();
    // The default bound keeps every name a real filesystem can hold.
    const full = await pool.list('srv1', 'exact');
    expect(full.find((e) => e.name === LONG_NAME)?.nameTruncated).toBeUndefined();
  });

  it('layout detection stays bounded and reports a cut folder as an incomplete search', async () => {
    const layout = await pool.use('srv1', (c, root) => detectLayout(c, root));
    expect(layout.incomplete).toBe(true);
    expect(layout.summary).toContain('search stopped early');
    const report = await testConnection(serverConfig(sshd), { allowPrivate: true });
    expect(report.layout?.incomplete).toBe(true);
  });
});
