/**
 * Review findings on hostile input and limits, each checked on results, counts and sizes (never timed):
 * chunk slicing and per-batch logging, the poll clock with many tiny files, backfills under the
 * scheduler's limits, bounded saved state (player sets, names, count arrays), escape-then-clip names,
 * linear interleave, one gameplay regex match per line.
 */
import { BSON } from 'mongodb';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseKillfeedLine, parseServerLogLine, PlayerCounter, MAX_TRACKED_PLAYERS, type KillEvent, type ServerLogEvent } from '../../src/deadside/index.js';
import { escapeName, LIMITS, shownName } from '../../src/discord/limits.js';
import { BatchApplier } from '../../src/ingest/batchApplier.js';
import { KEEP_READ_FILES } from '../../src/ingest/listingLimits.js';
import { PollBudget } from '../../src/ingest/budget.js';
import { IngestEngine } from '../../src/ingest/engine.js';
import { killEmbed } from '../../src/ingest/feedMessages.js';
import { applyLogEvents, emptyLogState, NAME_KEEP } from '../../src/ingest/logModel.js';
import { interleave } from '../../src/ingest/outboxSender.js';
import { readLines, SPLIT_SLICE_BYTES } from '../../src/ingest/remoteReader.js';
import { PollScheduler } from '../../src/ingest/scheduler.js';
import type { PlayerStats, ServerStats, StatsDoc, WeaponStats } from '../../src/ingest/schemas.js';
import { ServerIngestor } from '../../src/ingest/serverIngestor.js';
import { COUNTS_KEEP, playerDocId, serverDocId, StatsWorkingSet, topCount, touchedDocIds, weaponDocId } from '../../src/ingest/statsModel.js';
import { ensureIngestIndexes, ingestCollections, type IngestCollections } from '../../src/ingest/store.js';
import type { PollReport, RemoteFiles } from '../../src/ingest/types.js';
import type { ReadFromOptions, ReadFromResult, RemoteEntry, RemoteStat } from '../../src/sftp/index.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { generateKillfeed } from '../deadside/generate.js';
import { restFor, silentLogger } from './helpers.js';

const MiB = 1024 * 1024;

/** An in-memory game server: files by path, listing derived from the paths. */
class MemRemote implements RemoteFiles {
  readonly files = new Map<string, { data: Buffer; mtime: Date }>();
  readonly reads = new Map<string, number>();
  listDelayMs = 0;
  private listing = 0;
  maxListing = 0;

  put(path: string, data: Buffer | string): void {
    this.files.set(path, { data: Buffer.from(data), mtime: new Date(Date.UTC(2025, 4, 1) + this.files.size * 1000) });
  }

  async list(_key: string, dir: string): Promise<RemoteEntry[]> {
    this.maxListing = Math.max(this.maxListing, ++this.listing);
    try {
      if (this.listDelayMs) await new Promise((r) => setTimeout(r, this.listDelayMs));
      const prefix = `${dir.replace(/\/+$/, '')}/`;
      const out = new Map<string, RemoteEntry>();
      for (const [p, f] of this.files) {
        if (!p.startsWith(prefix)) continue;
        const rest = p.slice(prefix.length);
        const slash = rest.indexOf('/');
        const name = slash < 0 ? rest : rest.slice(0, slash);
        out.set(name, slash < 0 ? { name, type: 'file', size: f.data.length, modifiedAt: f.mtime } : { name, type: 'dir', size: 0, modifiedAt: f.mtime });
      }
      return [...out.values()];
    } finally {
      this.listing--;
    }
  }

  async stat(_key: string, path: string): Promise<RemoteStat> {
    const f = this.files.get(path);
    if (!f) throw Object.assign(new Error(`no such file ${path}`), { category: 'not_found' });
    return { type: 'file', size: f.data.length, modifiedAt: f.mtime };
  }

  /** Folders exist while a file is under them; their mtime is their newest file's (a new file changes it). */
  async statMany(_key: string, paths: readonly string[]): Promise<(RemoteStat | null)[]> {
    return paths.map((path) => {
      const f = this.files.get(path);
      if (f) return { type: 'file', size: f.data.length, modifiedAt: f.mtime };
      const prefix = `${path.replace(/\/+$/, '')}/`;
      const under = [...this.files].filter(([p]) => p.startsWith(prefix)).map(([, x]) => x.mtime.getTime());
      return under.length ? { type: 'dir', size: 0, modifiedAt: new Date(Math.max(...under)) } : null;
    });
  }

  async readFrom(_key: string, path: string, offset: number, options: ReadFromOptions = {}): Promise<ReadFromResult> {
    this.reads.set(path, (this.reads.get(path) ?? 0) + 1);
    const f = this.files.get(path);
    if (!f) throw Object.assign(new Error(`no such file ${path}`), { category: 'not_found' });
    const size = f.data.length;
    const head = options.headBytes ? { head: Buffer.from(f.data.subarray(0, options.headBytes)) } : {};
    if (offset > size) return { data: Buffer.alloc(0), size, nextOffset: offset, truncated: true, eof: true, ...head };
    const data = Buffer.from(f.data.subarray(offset, offset + (options.maxBytes ?? 16 * MiB)));
    return { data, size, nextOffset: offset + data.length, truncated: false, eof: offset + data.length >= size, ...head };
  }
}

/** A logger that keeps what it is given (pino writes one JSON line per call). */
function recordingLogger() {
  const logs: { level: number; msg: string; [k: string]: unknown }[] = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => void logs.push(JSON.parse(s) as (typeof logs)[number]) });
  return { logger, logs, warns: (msg: string) => logs.filter((l) => l.level === 40 && l.msg === msg) };
}

const kfText = (rows: readonly { line: string }[]) => rows.map((r) => `${r.line}\n`).join('');
const csvPath = (serverId: string, n = 0) => `${serverId}/deathlogs/world_0/2025.05.01-00.${String(Math.floor(n / 60)).padStart(2, '0')}.${String(n % 60).padStart(2, '0')}.csv`;

let mongo: TestMongo;
let cols: IngestCollections;

beforeAll(async () => {
  mongo = await startMongo();
  cols = ingestCollections(mongo.db);
  await ensureIngestIndexes(cols);
});

afterAll(async () => {
  await mongo?.stop();
});

function ingestor(serverId: string, remote: RemoteFiles, logger = silentLogger, extra: { pollTimeMs?: number } = {}) {
  return new ServerIngestor(
    { guildId: 'g1', serverId, poolKey: serverId, channels: {}, paths: { deathlogs: `${serverId}/deathlogs` }, settings: { showSuicides: true, killfeedDelaySeconds: 0, maxFeedAgeSeconds: null } },
    { cols, remote, logger, applier: new BatchApplier(cols, logger), ...extra },
  );
}

const serverStats = async (serverId: string) => (await cols.stats.findOne({ _id: serverDocId(serverId) })) as ServerStats | null;

describe('2. chunks are split in slices; junk and malformed lines are logged once per batch', () => {
  it('yields a 4 MiB read of `\\n` in slices of at most 256 KiB', async () => {
    const remote = new MemRemote();
    remote.put('f.csv', Buffer.alloc(4 * MiB, 0x0a));
    let total = 0;
    let largest = 0;
    let chunks = 0;
    let last = 0;
    for await (const c of readLines(remote, 'k', 'f.csv', { offset: 0, line: 0 }, { chunkBytes: 4 * MiB })) {
      chunks++;
      total += c.lines.length;
      largest = Math.max(largest, c.lines.length);
      last = c.resume.offset;
    }
    expect(remote.reads.get('f.csv')).toBe(1); // one SFTP read, split in slices
    expect(total).toBe(4 * MiB);
    expect(largest).toBeLessThanOrEqual(SPLIT_SLICE_BYTES);
    expect(chunks).toBe((4 * MiB) / SPLIT_SLICE_BYTES);
    expect(last).toBe(4 * MiB);
  });

  it('counts a NUL flood as junk and skips blank lines, with one warning per batch', { timeout: 60_000 }, async () => {
    const remote = new MemRemote();
    const rows = generateKillfeed(20, 61).rows;
    const junkLines = 64 * 1024;
    const csv = Buffer.concat([
      Buffer.from(kfText(rows.slice(0, 10))),
      Buffer.from('a\0'.repeat(junkLines)), // each `a\0` a line of its own (a NUL run ends a line)
      Buffer.from('\n'.repeat(100_000)), // the first `\n` ends the last junk line; then blank lines
      Buffer.from('\r\n  \n'),
      Buffer.from(kfText(rows.slice(10))),
    ]);
    remote.put(csvPath('junk'), csv);
    const rec = recordingLogger();
    const r = await ingestor('junk', remote, rec.logger).poll();
    expect(r).toMatchObject({ ok: true, more: false, malformed: junkLines, linesRead: 10 + junkLines + 100_000 - 1 + 2 + 10 });
    const junkWarns = rec.warns('junk lines skipped');
    expect(junkWarns.length).toBeGreaterThanOrEqual(1);
    expect(junkWarns.length).toBeLessThanOrEqual(3);
    expect(junkWarns.reduce((n, w) => n + (w.count as number), 0)).toBe(junkLines);
    expect(junkWarns[0]).toMatchObject({ firstOffset: Buffer.byteLength(kfText(rows.slice(0, 10))), withNul: expect.any(Number) });
    expect(rec.warns('malformed killfeed lines skipped')).toEqual([]); // blank lines are not malformed
    expect(rec.logs.filter((l) => l.level >= 40)).toHaveLength(junkWarns.length);
    expect((await serverStats('junk'))?.killfeedLines).toBe(20);
  });

  it('logs malformed killfeed lines once per batch with their count and first position', { timeout: 60_000 }, async () => {
    const remote = new MemRemote();
    const rows = generateKillfeed(5, 62).rows;
    const bad = Array.from({ length: 2500 }, (_, i) => `garbage line ${i}`);
    remote.put(csvPath('malformed'), `${kfText(rows)}${bad.join('\n')}\n`);
    const rec = recordingLogger();
    const r = await ingestor('malformed', remote, rec.logger).poll();
    expect(r).toMatchObject({ ok: true, malformed: 2500 });
    const warns = rec.warns('malformed killfeed lines skipped');
    expect(warns).toHaveLength(3); // batches of 1,000 lines: 995 + 1,000 + 505 malformed
    expect(warns.map((w) => w.count)).toEqual([995, 1000, 505]);
    expect(warns[0]).toMatchObject({ firstLine: 6, firstOffset: Buffer.byteLength(kfText(rows)), firstReason: expect.any(String) });
    expect((await serverStats('malformed'))?.killfeedLines).toBe(5);
  });
});

describe('3. the poll clock', () => {
  it('may stop a poll after its first read, however few bytes were read', () => {
    let now = 1000;
    const b = new PollBudget(32 * MiB, 100, () => now);
    now = 2000;
    expect(b.timeUp).toBe(false); // nothing read yet: no progress
    b.spend(40);
    expect(b.timeUp).toBe(true);
    expect(b.bytesSpent).toBe(false);
    expect(b.exhausted).toBe(true);
  });

  it('stops between tiny files and goes on with the next file at the next poll: each file read once', { timeout: 60_000 }, async () => {
    const remote = new MemRemote();
    const FILES = 25;
    const rows = generateKillfeed(FILES * 2, 63).rows;
    for (let i = 0; i < FILES; i++) remote.put(csvPath('tiny', i), kfText(rows.slice(i * 2, i * 2 + 2)));
    const ing = ingestor('tiny', remote, silentLogger, { pollTimeMs: 0 });
    const reports: PollReport[] = [];
    for (let i = 0; i < FILES + 5; i++) {
      const r = await ing.poll();
      reports.push(r);
      if (!r.more) break;
    }
    expect(reports.every((r) => r.ok)).toBe(true);
    expect(reports.at(-1)!.more).toBe(false);
    // The clock (0 ms) stops each poll after its first file: one file per poll.
    expect(reports).toHaveLength(FILES);
    expect(reports.slice(0, -1).every((r) => r.more && r.linesRead === 2)).toBe(true);
    expect(reports.reduce((n, r) => n + r.linesRead, 0)).toBe(FILES * 2);
    for (let i = 0; i < FILES; i++) expect(remote.reads.get(csvPath('tiny', i))).toBe(1);
    expect((await serverStats('tiny'))?.killfeedLines).toBe(FILES * 2);
    // Every file is read to its end: in the cursor (the newest few), or under its world's watermark.
    const cursor = await cols.cursors.findOne({ _id: 'tiny' });
    const mark = cursor?.worlds?.find((w) => w.dir === 'tiny/deathlogs/world_0')?.through ?? '';
    for (let i = 0; i < FILES; i++) {
      const p = csvPath('tiny', i);
      const e = cursor?.files.find((f) => f.path === p);
      expect(e ? e.offset === remote.files.get(p)!.data.length : p.split('/').at(-1)! <= mark).toBe(true);
    }
    expect(cursor!.files.length).toBeLessThanOrEqual(KEEP_READ_FILES + 1);
  });

  it('stops inside a file at a batch boundary and resumes there: every line once', { timeout: 60_000 }, async () => {
    const remote = new MemRemote();
    const rows = generateKillfeed(2500, 65).rows;
    remote.put(csvPath('clock'), kfText(rows));
    const ing = ingestor('clock', remote, silentLogger, { pollTimeMs: 0 });
    const reports: PollReport[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await ing.poll();
      reports.push(r);
      if (!r.more) break;
    }
    expect(reports.map((r) => [r.ok, r.linesRead, r.more])).toEqual([
      [true, 1000, true],
      [true, 1000, true],
      [true, 500, false],
    ]);
    expect((await serverStats('clock'))?.killfeedLines).toBe(2500);
  });
});

describe('4. backfills take scheduler slots', () => {
  it('runNow keeps the concurrency cap, the group share and one run per id, and resolves with the result', async () => {
    const s = new PollScheduler({ concurrency: 2, perGroup: 1 });
    const running = new Map<string, number>();
    let total = 0;
    let maxTotal = 0;
    let maxPerGroup = 0;
    const ids = new Set<string>();
    let overlap = false;
    const task = (group: string, id: string, value: number) => async () => {
      if (ids.has(id)) overlap = true;
      ids.add(id);
      running.set(group, (running.get(group) ?? 0) + 1);
      maxTotal = Math.max(maxTotal, ++total);
      maxPerGroup = Math.max(maxPerGroup, running.get(group)!);
      await new Promise((r) => setTimeout(r, 5));
      running.set(group, running.get(group)! - 1);
      total--;
      ids.delete(id);
      return value;
    };
    const results = await Promise.all([
      ...[1, 2, 3, 4].map((n) => s.runNow(`a${n}`, task('A', `a${n}`, n), { group: 'A' })),
      s.runNow('a1', task('A', 'a1', 10), { group: 'A' }),
      s.runNow('b1', task('B', 'b1', 20), { group: 'B' }),
      s.runNow('b1', task('B', 'b1', 21), { group: 'B' }),
    ]);
    expect(results).toEqual([1, 2, 3, 4, 10, 20, 21]);
    expect(maxPerGroup).toBe(1);
    expect(maxTotal).toBe(2);
    expect(overlap).toBe(false);
    await vi.waitFor(() => expect(s.running).toBe(0)); // a slot is given back just after its caller is answered
  });

  it('runNow waits for a scheduled run of the same id, and is refused once stopped', async () => {
    const s = new PollScheduler({ concurrency: 4, random: () => 0 });
    let scheduledRunning = false;
    let sawOverlap = false;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    s.add({ id: 'x', intervalMs: 60_000, run: async () => ((scheduledRunning = true), await gate, (scheduledRunning = false), undefined) }, { runNow: true });
    await vi.waitFor(() => expect(scheduledRunning).toBe(true));
    const once = s.runNow('x', async () => ((sawOverlap = scheduledRunning), 'done'));
    await new Promise((r) => setTimeout(r, 20));
    release();
    expect(await once).toBe('done');
    expect(sawOverlap).toBe(false);
    const blocker = s.runNow('y', () => new Promise((r) => setTimeout(r, 20)));
    const waiting = s.runNow('y', async () => 'never');
    const stopped = s.stop();
    await expect(waiting).rejects.toThrow('scheduler stopped');
    await blocker;
    await stopped;
    await expect(s.runNow('z', async () => 1)).rejects.toThrow('scheduler stopped');
  });

  it("several backfills of one guild's servers run one at a time under perGroup 1", { timeout: 60_000 }, async () => {
    const remote = new MemRemote();
    const rows = generateKillfeed(30, 64).rows;
    for (const id of ['bf1', 'bf2', 'bf3']) remote.put(csvPath(id), kfText(rows));
    remote.listDelayMs = 15; // each poll lists its folders one after the other: lists in flight = polls running
    const engine = new IngestEngine({
      db: mongo.db,
      remote,
      rest: restFor('http://127.0.0.1:9/api', 'unused'),
      logger: silentLogger,
      scheduler: { concurrency: 2, perGroup: 1 },
    });
    for (const id of ['bf1', 'bf2', 'bf3']) engine.setTarget({ guildId: 'gbf', serverId: id, poolKey: id, channels: {}, paths: { deathlogs: `${id}/deathlogs` }, pollSeconds: 3600 });
    const reports = await Promise.all(['bf1', 'bf2', 'bf3'].map((id) => engine.pollNow(id)));
    expect(reports.map((r) => [r.ok, r.linesRead])).toEqual([
      [true, 30],
      [true, 30],
      [true, 30],
    ]);
    expect(remote.maxListing).toBe(1);
    await engine.stop();
  });
});

describe('5. bounded saved state', () => {
  const hex = (n: number) => n.toString(16).padStart(32, '0');
  const t = new Date('2025-05-15T00:00:00Z');
  const queued = (id: string, name: string): ServerLogEvent => ({ type: 'queued', timestamp: t, frame: 1, eosId: id, name, world: 1 });
  const joined = (id: string): ServerLogEvent => ({ type: 'joined', timestamp: t, frame: 1, eosId: id });

  it('caps the online and queued sets (oldest dropped, counted) and a state saved over the cap', () => {
    const pc = new PlayerCounter();
    for (let i = 0; i < MAX_TRACKED_PLAYERS + 5000; i++) pc.apply(joined(hex(i)));
    for (let i = 0; i < MAX_TRACKED_PLAYERS + 10; i++) pc.apply(queued(hex(1e6 + i), 'q'));
    expect(pc.snapshot()).toMatchObject({ online: MAX_TRACKED_PLAYERS, queued: MAX_TRACKED_PLAYERS });
    expect(pc.dropped).toBe(5010);
    expect(pc.isOnline(hex(0))).toBe(false);
    expect(pc.isOnline(hex(MAX_TRACKED_PLAYERS + 4999))).toBe(true);
    const json = pc.toJSON();
    expect(json.dropped).toBe(5010);
    expect(PlayerCounter.fromJSON(JSON.parse(JSON.stringify(json))).snapshot()).toEqual(pc.snapshot());
    const big = new PlayerCounter({ v: 1, online: Array.from({ length: MAX_TRACKED_PLAYERS + 3 }, (_, i) => hex(i)), queued: [], max: 60, serverStartedAt: null });
    expect(big.snapshot().online).toBe(MAX_TRACKED_PLAYERS);
    expect(big.isOnline(hex(2))).toBe(false);
    expect(big.dropped).toBe(3);
  });

  it('looks players up without copying the online set per event', () => {
    let state = emptyLogState();
    const ids = Array.from({ length: 5000 }, (_, i) => hex(i));
    state = applyLogEvents(state, ids.flatMap((id, i) => [{ event: queued(id, `p${i}`), eventId: `q${i}` }, { event: joined(id), eventId: `j${i}` }])).state;
    const copies = vi.spyOn(PlayerCounter.prototype, 'onlineIds');
    const queuedCopies = vi.spyOn(PlayerCounter.prototype, 'queuedIds');
    try {
      const left = (id: string): ServerLogEvent => ({ type: 'left', timestamp: t, frame: 1, eosId: id });
      const res = applyLogEvents(state, ids.slice(0, 1000).map((id, i) => ({ event: left(id), eventId: `l${i}` })));
      expect(res.items.filter((x) => x.kind === 'connections')).toHaveLength(1000);
      expect(res.snapshot.online).toBe(4000);
      expect(Object.keys(res.state.names)).toHaveLength(4000);
      expect(copies).not.toHaveBeenCalled();
      expect(queuedCopies).not.toHaveBeenCalled();
    } finally {
      copies.mockRestore();
      queuedCopies.mockRestore();
    }
  });

  it('keeps the log state far below 16 MB under a flood of fake registrations with long names', () => {
    const name = '名'.repeat(300); // 3 UTF-8 bytes each
    const events = [];
    for (let i = 0; i < 60_000; i++) {
      events.push({ event: queued(hex(i), name), eventId: `q${i}` });
      if (i < 45_000) events.push({ event: joined(hex(i)), eventId: `j${i}` });
    }
    const res = applyLogEvents(emptyLogState(), events);
    expect(res.snapshot).toMatchObject({ online: MAX_TRACKED_PLAYERS, queued: MAX_TRACKED_PLAYERS });
    expect(res.dropped).toBe(35_000 + 5_000);
    expect(Object.keys(res.state.names)).toHaveLength(2 * MAX_TRACKED_PLAYERS);
    expect(Math.max(...Object.values(res.state.names).map((n) => n.length))).toBe(NAME_KEEP);
    // Room left under 16 MB for the journaled batch (≤ 1 MiB of lines) and the file cursors.
    expect(BSON.calculateObjectSize({ log: res.state })).toBeLessThan(10 * MiB); // 8.9 MiB measured
  });

  const kill = (killer: string, victim: string, weapon: string, at = t): KillEvent => {
    const r = parseKillfeedLine(`2025.05.15-00.00.00;K${killer.slice(-4)};${killer};V${victim.slice(-4)};${victim};${weapon};10;`);
    if (!r.ok) throw new Error(r.reason);
    return { ...r.event, timestamp: at };
  };

  it('caps count arrays to the top entries plus an exact "others" total, across batches and replays', () => {
    const scope = { guildId: 'g', serverId: 's' };
    const docs = new Map<string, StatsDoc>();
    const K = hex(1);
    const PREY = hex(2);
    let seq = 0;
    const batch = (evs: KillEvent[]) => {
      seq++;
      const read = touchedDocIds('s', evs).flatMap((id) => (docs.has(id) ? [structuredClone(docs.get(id)!)] : []));
      const ws = new StatsWorkingSet(scope, seq, read);
      for (const e of evs) ws.applyKill(e);
      for (const { doc } of ws.writes()) docs.set(doc._id, doc);
    };
    batch(Array.from({ length: 50 }, () => kill(K, PREY, 'AK')));
    // 20 batches of 1,000 kills, each of a new victim, and each victim's killer new for the weapon too.
    for (let b = 0; b < 20; b++) batch(Array.from({ length: 1000 }, (_, i) => kill(i % 2 ? K : hex(5e6 + b * 1000 + i), hex(1e6 + b * 1000 + i), 'AK')));
    const k = docs.get(playerDocId('s', K)) as PlayerStats;
    expect(k.kills).toBe(50 + 10_000);
    expect(k.victims.length).toBeLessThanOrEqual(COUNTS_KEEP);
    expect(k.victims.reduce((n, c) => n + c.n, 0) + (k.others?.victims ?? 0)).toBe(k.kills);
    expect(k.weapons.reduce((n, c) => n + c.n, 0) + (k.others?.weapons ?? 0)).toBe(k.kills);
    expect(topCount(k.victims)).toEqual({ id: PREY, n: 50 }); // the prey shown is still exact
    expect(k.kdr).toBe(10_050);
    const w = docs.get(weaponDocId('s', 'AK')) as WeaponStats;
    expect(w.users.length).toBeLessThanOrEqual(COUNTS_KEEP);
    expect(w.users.reduce((n, c) => n + c.n, 0) + (w.others?.users ?? 0)).toBe(w.kills);
    expect(topCount(w.users)?.id).toBe(K);
    expect(BSON.calculateObjectSize(k)).toBeLessThan(64 * 1024);
    // A replay of the last batch (documents already at its seq) changes nothing.
    const before = structuredClone(k);
    const ws = new StatsWorkingSet(scope, seq, [structuredClone(k)]);
    ws.applyKill(kill(K, hex(9e6), 'AK'));
    expect(ws.writes().filter((x) => x.doc._id === k._id)).toEqual([]);
    expect(docs.get(k._id)).toEqual(before);
  });
});

describe('6. names are escaped, then clipped', () => {
  it('shows both names of a kill between two 120-underscore players', () => {
    const line = `2025.05.15-00.00.00;${'_'.repeat(120)};${'a'.repeat(32)};${'_'.repeat(120)};${'b'.repeat(32)};AK;10;`;
    const r = parseKillfeedLine(line);
    if (!r.ok) throw new Error(r.reason);
    const title = killEmbed(r.event).title!;
    expect(title.length).toBeLessThanOrEqual(LIMITS.title);
    expect(title).toMatch(/^(\\_)+… killed (\\_)+…$/);
  });

  it('shownName stays within max, never ends an escape halfway, and equals escapeName when short', () => {
    const specials = ['_', '*', '\\', '`', 'a', '@', '<', '~', '|', 'é', '🎮', '\n'];
    let seed = 5;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
    for (let trial = 0; trial < 2000; trial++) {
      const name = Array.from({ length: Math.floor(next() * 80) }, () => specials[Math.floor(next() * specials.length)]!).join('');
      const max = 1 + Math.floor(next() * 60);
      const shown = shownName(name, max);
      expect(shown.length).toBeLessThanOrEqual(max);
      if (escapeName(name).length <= max) expect(shown).toBe(escapeName(name));
      else {
        expect(shown.endsWith('…')).toBe(true);
        expect(escapeName(name).startsWith(shown.slice(0, -1))).toBe(true);
        const trailing = /\\*$/.exec(shown.slice(0, -1))![0].length;
        expect(trailing % 2).toBe(0);
      }
    }
  });
});

describe('7. minor', () => {
  it('interleave is round-robin across guilds for a skewed mix', () => {
    const big = Array.from({ length: 5000 }, (_, i) => ({ channelId: `big${i}`, guildId: 'G' }));
    const small = Array.from({ length: 5000 }, (_, i) => ({ channelId: `s${i}`, guildId: `g${i}` }));
    const out = interleave([...big, ...small], 1);
    expect(out).toHaveLength(10_000);
    expect(new Set(out.map((c) => c.channelId)).size).toBe(10_000);
    // Round 0: every guild's first channel, starting at guild #1 (g0) and ending with G; then G's rest.
    expect(out.slice(0, 5001).map((c) => c.channelId)).toEqual([...small.map((c) => c.channelId), 'big0']);
    expect(out.slice(5001).map((c) => c.channelId)).toEqual(big.slice(1).map((c) => c.channelId));
    expect(interleave([{ channelId: 'a1', guildId: 'a' }, { channelId: 'a2', guildId: 'a' }, { channelId: 'b1', guildId: 'b' }])).toEqual([
      { channelId: 'a1', guildId: 'a' },
      { channelId: 'b1', guildId: 'b' },
      { channelId: 'a2', guildId: 'a' },
    ]);
  });

  it('matches the gameplay-event regex once per line', () => {
    const exec = vi.spyOn(RegExp.prototype, 'exec');
    try {
      const r = parseServerLogLine('[2025.05.15-00.00.10:000][  1]LogSFPS: GameplayEvent BP_Helicrash_C_1 switched to ACTIVE');
      expect(r).toMatchObject({ ok: true, event: { type: 'gameplayEvent', kind: 'helicrash', state: 'ACTIVE' } });
      expect(exec.mock.contexts.filter((re) => (re as RegExp).source.includes('GameplayEvent'))).toHaveLength(1);
    } finally {
      exec.mockRestore();
    }
  });
});
