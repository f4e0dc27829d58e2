/**
 * The listing bounds (src/ingest/listingLimits.ts): a tree over the world and file bounds is read newest
 * first and the admin is told once; a host that moves mtimes at every poll gets no full listing per poll;
 * the cursor of a server that rotated 100,000 files stays small; and, through the real engine and jongodb,
 * rotated, vanished and re-appearing files are counted exactly once.
 */
import path from 'node:path';
import { BSON } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coveredByMark, MAX_ENTRIES_PER_WORLD, pruneCursor } from '../../src/ingest/cursorPrune.js';
import { RemoteTree } from '../../src/ingest/discovery.js';
import { IngestEngine, type IngestTarget, type PollReport, type RemoteFiles } from '../../src/ingest/index.js';
import { KEEP_READ_FILES, LISTING_BURST, LISTING_REFILL_MS, MAX_FILES_PER_WORLD, MAX_WORLDS } from '../../src/ingest/listingLimits.js';
import { emptyLogState } from '../../src/ingest/logModel.js';
import type { IngestCursor } from '../../src/ingest/schemas.js';
import type { ListOptions, ReadFromOptions, ReadFromResult, RemoteEntry, RemoteStat } from '../../src/sftp/index.js';
import { generateKillfeed } from '../deadside/generate.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { diffStats, expectedStats, silentLogger } from './helpers.js';

const posix = path.posix;
const DL = 'srv/actual1/deathlogs';
/** The i-th session's CSV name: one minute apart from 2025-01-01. */
const csvName = (i: number) => {
  const d = new Date(Date.UTC(2025, 0, 1) + i * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}.${p(d.getUTCMonth() + 1)}.${p(d.getUTCDate())}-${p(d.getUTCHours())}.${p(d.getUTCMinutes())}.00.csv`;
};

/**
 * A scripted host: folders of files kept sorted by name, listed in a shuffled "host order". Given a rank
 * (as the SftpPool takes it) it keeps the best entries like the pool does; without one it cuts at 10,000
 * in host order, as SFTP listings did before.
 */
class Host implements RemoteFiles {
  readonly dirs = new Map<string, { mtimeMs: number; names: string[] }>();
  readonly data = new Map<string, Buffer>();
  readonly listed: string[] = [];

  dir(p: string, mtimeMs: number): void {
    const d = this.dirs.get(p);
    if (d) d.mtimeMs = mtimeMs;
    else this.dirs.set(p, { mtimeMs, names: [] });
    const parent = posix.dirname(p);
    if (parent !== p && this.dirs.has(parent) && !this.dirs.get(parent)!.names.includes(posix.basename(p))) this.dirs.get(parent)!.names.push(posix.basename(p));
  }

  file(p: string, content: Buffer, mtimeMs: number): void {
    const dir = posix.dirname(p);
    if (!this.dirs.has(dir)) this.dir(dir, mtimeMs);
    const d = this.dirs.get(dir)!;
    if (!this.data.has(p)) d.names.push(posix.basename(p)); // appended: names come in creation order
    d.mtimeMs = mtimeMs;
    this.data.set(p, content);
  }

  remove(p: string, mtimeMs: number): void {
    const d = this.dirs.get(posix.dirname(p))!;
    d.names = d.names.filter((n) => n !== posix.basename(p));
    d.mtimeMs = mtimeMs;
    this.data.delete(p);
  }

  private entry(dir: string, name: string): RemoteEntry {
    const p = posix.join(dir, name);
    const f = this.data.get(p);
    if (f) return { name, type: 'file', size: f.length, modifiedAt: new Date(this.dirs.get(dir)!.mtimeMs) };
    return { name, type: 'dir', size: 0, modifiedAt: new Date(this.dirs.get(p)?.mtimeMs ?? 0) };
  }

  list(_key: string, dir: string, opts?: ListOptions): Promise<RemoteEntry[] & { truncated?: boolean; matched?: number }> {
    this.listed.push(dir);
    const d = this.dirs.get(dir);
    if (!d) return Promise.reject(new Error(`no such folder ${dir}`));
    if (!opts?.rank) {
      const shown = d.names.slice(0, 10_000).map((n) => this.entry(dir, n));
      return Promise.resolve(Object.assign(shown, { truncated: d.names.length > 10_000 }));
    }
    const rank = opts.rank;
    const keep = opts.maxEntries ?? 10_000;
    // A big folder here is one whose files were created oldest first: ranking its last entries is enough
    // (and keeps 100,000 rotations fast); a small one is ranked whole.
    const ranked = (d.names.length > 1_000 ? d.names.slice(-2 * keep) : d.names)
      .map((n) => ({ n, r: rank(n, this.entry(dir, n).type) }))
      .filter((x): x is { n: string; r: number } => x.r !== null);
    // Beyond what was ranked every name is a matching one in these tests (all CSVs, or all world_N).
    const matched = d.names.length > 1_000 ? d.names.length : ranked.length;
    ranked.sort((a, b) => b.r - a.r);
    const out = ranked.slice(0, keep).map((x) => this.entry(dir, x.n));
    return Promise.resolve(Object.assign(out, { truncated: matched > out.length, matched }));
  }

  statMany(_key: string, paths: readonly string[]): Promise<(RemoteStat | null)[]> {
    return Promise.resolve(
      paths.map((p) => {
        const f = this.data.get(p);
        if (f) return { type: 'file' as const, size: f.length, modifiedAt: new Date(this.dirs.get(posix.dirname(p))!.mtimeMs) };
        const d = this.dirs.get(p);
        return d ? { type: 'dir' as const, size: 0, modifiedAt: new Date(d.mtimeMs) } : null;
      }),
    );
  }

  stat(): Promise<RemoteStat> {
    return Promise.reject(new Error('statMany only'));
  }

  readFrom(_key: string, p: string, offset: number, opts: ReadFromOptions = {}): Promise<ReadFromResult> {
    const f = this.data.get(p);
    if (!f) return Promise.reject(Object.assign(new Error(`no such file ${p}`), { code: 2 }));
    if (offset > f.length) return Promise.resolve({ data: Buffer.alloc(0), size: f.length, nextOffset: offset, truncated: true, eof: true });
    const data = f.subarray(offset, offset + (opts.maxBytes ?? 16 << 20));
    const head = opts.headBytes ? f.subarray(0, opts.headBytes) : undefined;
    return Promise.resolve({ data, size: f.length, nextOffset: offset + data.length, truncated: false, eof: offset + data.length >= f.length, ...(head ? { head } : {}) });
  }
}

function emptyCursor(): IngestCursor {
  return { _id: 's', guildId: 'g', seq: 0, files: [], log: emptyLogState(), pending: null, malformed: 0, linesRead: 0, updatedAt: new Date(0) };
}

describe('a tree over the bounds', () => {
  it('reads the highest world_N and the newest CSVs of each, in order, and says what it leaves out', async () => {
    const host = new Host();
    host.dir(DL, 1_000);
    // 40 worlds created in a shuffled order, 200 CSVs each (also shuffled): host order is not newest first.
    const worldNs = Array.from({ length: 40 }, (_, i) => (i * 17) % 40);
    for (const n of worldNs) {
      host.dir(`${DL}/world_${n}`, 2_000);
      for (let i = 0; i < 200; i++) host.file(`${DL}/world_${n}/${csvName((i * 73) % 200)}`, Buffer.from('x\n'), 2_000);
    }
    const tree = new RemoteTree(host, 'k', { deathlogs: DL }, () => 100_000);
    const set = await tree.files();
    const worlds = [...new Set(set.files.map((f) => posix.dirname(f.path)))];
    expect(worlds).toEqual(Array.from({ length: MAX_WORLDS }, (_, i) => `${DL}/world_${40 - MAX_WORLDS + i}`));
    for (const w of worlds) {
      const names = set.files.filter((f) => posix.dirname(f.path) === w).map((f) => posix.basename(f.path));
      expect(names).toEqual(Array.from({ length: MAX_FILES_PER_WORLD }, (_, i) => csvName(200 - MAX_FILES_PER_WORLD + i)));
    }
    expect(set.files.filter((f) => !f.final)).toHaveLength(MAX_WORLDS);
    expect(set.notice).toContain(`40 world_N folders, only the ${MAX_WORLDS} highest are read`);
    expect(set.notice).toContain(`only the newest ${MAX_FILES_PER_WORLD} of 200 CSV files are read`);
    // Shown while it holds; the ingestor logs it once (it compares with the last one).
    expect((await tree.files()).notice).toBe(set.notice);
  });

  it('a host that moves every mtime at every poll gets at most LISTING_BURST listings per LISTING_REFILL_MS', async () => {
    const host = new Host();
    host.dir(DL, 1_000);
    for (let n = 0; n < MAX_WORLDS; n++) host.file(`${DL}/world_${n}/${csvName(0)}`, Buffer.from('x\n'), 1_000);
    let now = 100_000;
    const tree = new RemoteTree(host, 'k', { deathlogs: DL }, () => now);
    const polls = 120; // ten minutes of 5 s polls
    let grown = 0;
    for (let i = 0; i < polls; i++) {
      now += 5_000;
      for (const d of host.dirs.values()) d.mtimeMs = now; // every folder's mtime moves, every poll
      const live = `${DL}/world_0/${csvName(0)}`;
      host.data.set(live, Buffer.concat([host.data.get(live)!, Buffer.from('y\n')]));
      const set = await tree.files();
      // The live file's growth is still seen at every poll, by the round of stats.
      if (set.files.find((f) => f.path === live)?.size === host.data.get(live)!.length) grown++;
    }
    const bound = LISTING_BURST * (1 + (polls * 5_000) / LISTING_REFILL_MS);
    const unbounded = polls * (MAX_WORLDS + 1);
    expect(host.listed.length).toBeLessThanOrEqual(bound);
    expect(host.listed.length).toBeLessThan(unbounded / 5);
    expect(grown).toBe(polls);
  });
});

describe('the cursor of a server that rotated 25,000 (or 100,000) files', () => {
  it('holds at most KEEP_READ_FILES read files per world, and old files showing again are not read again', async () => {
    const host = new Host();
    host.dir(DL, 1_000);
    const W = `${DL}/world_0`;
    let now = 100_000;
    const tree = new RemoteTree(host, 'k', { deathlogs: DL }, () => now);
    let cursor = emptyCursor();
    let reads = 0;
    let maxEntries = 0;
    let maxBytes = 0;
    // 25,000 by default (≈12 s); ROTATIONS=100000 runs the figure (≈80 s, same result).
    const ROTATIONS = Number(process.env.ROTATIONS ?? 25_000);
    for (let i = 0; i < ROTATIONS; i++) {
      now += 5_000;
      host.file(`${W}/${csvName(i)}`, Buffer.from('line\n'), now);
      const set = await tree.files();
      cursor = pruneCursor(cursor, set);
      // The reader's part: a file not covered and not read to its end is read to its end.
      for (const f of set.files) {
        if (coveredByMark(cursor, f)) continue;
        const e = cursor.files.find((x) => x.path === f.path);
        if (e && e.offset === f.size) continue;
        reads++;
        const seen = { path: f.path, kind: f.kind, offset: f.size, line: 1, size: f.size, mtimeMs: f.mtimeMs, head: 'line', generation: 0, skip: null };
        cursor = { ...cursor, files: [...cursor.files.filter((x) => x.path !== f.path), seen] };
      }
      maxEntries = Math.max(maxEntries, cursor.files.length);
      if (i % 1000 === 0) maxBytes = Math.max(maxBytes, BSON.calculateObjectSize(cursor));
    }
    expect(reads).toBe(ROTATIONS); // each file read once
    expect(maxEntries).toBeLessThanOrEqual(KEEP_READ_FILES + 1);
    expect(maxBytes).toBeLessThan(4_096);
    // What a fresh listing shows is either under the watermark or in the cursor, read to its end.
    now += 60_000;
    const all = await tree.files({ full: true });
    expect(all.files.filter((f) => !coveredByMark(cursor, f) && cursor.files.find((x) => x.path === f.path)?.offset !== f.size)).toEqual([]);
    expect(cursor.files.length).toBeLessThanOrEqual(MAX_ENTRIES_PER_WORLD);
  }, 300_000);
});

describe('exactly once through the engine and jongodb', () => {
  let mongo: TestMongo;
  beforeAll(async () => {
    mongo = await startMongo();
  });
  afterAll(async () => {
    await mongo?.stop();
  });

  it('rotation past the bounds, files vanishing and coming back: every line counted once, the cursor small', async () => {
    const host = new Host();
    host.dir(DL, 1_000);
    const W = `${DL}/world_0`;
    const rows = generateKillfeed(300, 7).rows;
    const ROTATIONS = 150;
    const per = rows.length / ROTATIONS;
    const reports: PollReport[] = [];
    const rest = { get: () => Promise.resolve({}), post: () => Promise.resolve({}), patch: () => Promise.resolve({}) };
    // Polls 5 s apart on the engine's clock: the listing rate limit refills as in production.
    let clock = Date.UTC(2025, 5, 1);
    const poll = () => ((clock += 5_000), engine.pollNow('rot'));
    const engine = new IngestEngine({ db: mongo.db, remote: host, rest, logger: silentLogger, sender: { idleMs: 3_600_000 }, onPoll: (r) => void reports.push(r), now: () => new Date(clock) });
    const target: IngestTarget = {
      guildId: 'g1',
      serverId: 'rot',
      poolKey: 'k',
      settings: { showSuicides: true, killfeedDelaySeconds: 0, maxFeedAgeSeconds: null },
      channels: {},
      paths: { deathlogs: DL },
      pollSeconds: 3600,
    };
    engine.setTarget(target);
    await engine.start();
    const text = (i: number) => Buffer.from(rows.slice(i * per, (i + 1) * per).map((r) => `${r.line}\n`).join(''));
    let sizes = 0;
    for (let i = 0; i < ROTATIONS; i++) {
      host.file(`${W}/${csvName(i)}`, text(i), 10_000 + i * 2_000);
      expect(await poll()).toMatchObject({ ok: true });
      if (i > 20) sizes = Math.max(sizes, BSON.calculateObjectSize((await mongo.db.collection('ingest_cursors').findOne({ _id: 'rot' as never }))!));
      // Now and then the host hides its newest files for a poll, then shows them again.
      if (i % 25 === 24) {
        const hidden = [i - 1, i].map((k) => `${W}/${csvName(k)}`);
        const kept = hidden.map((p) => host.data.get(p)!);
        hidden.forEach((p) => host.remove(p, 10_000 + i * 2_000 + 1_000));
        expect(await poll()).toMatchObject({ ok: true });
        hidden.forEach((p, k) => host.file(p, kept[k]!, 10_000 + i * 2_000 + 1_500));
      }
    }
    // The newest 100 files vanish, so old ones, long dropped from the cursor, fill the window again; then
    // the 100 come back. None of it is read twice.
    const newest = Array.from({ length: 100 }, (_, k) => `${W}/${csvName(ROTATIONS - 100 + k)}`);
    const saved = newest.map((p) => host.data.get(p)!);
    newest.forEach((p) => host.remove(p, 900_000_000));
    expect(await poll()).toMatchObject({ ok: true, linesRead: 0 });
    newest.forEach((p, k) => host.file(p, saved[k]!, 901_000_000));
    expect(await poll()).toMatchObject({ ok: true, linesRead: 0 });
    expect(await diffStats(mongo.db, 'rot', expectedStats(rows))).toEqual([]);
    const cursor = (await mongo.db.collection<IngestCursor>('ingest_cursors').findOne({ _id: 'rot' }))!;
    expect(cursor.files.length).toBeLessThanOrEqual(KEEP_READ_FILES + 1);
    expect(cursor.worlds).toEqual([{ dir: W, through: expect.any(String) }]);
    expect(cursor.linesRead).toBe(rows.length);
    expect(sizes).toBeLessThan(8_192);
    expect(reports.every((r) => r.ok)).toBe(true);
    await engine.stop();
  }, 120_000);
});
