/**
 * The ingestion engine (src/ingest/engine.ts) in the real pipeline: OpenSSH sshd (SFTP) → IngestEngine →
 * jongodb → discord.js REST → Discord double; and its backfills under the scheduler's limits.
 */
import { appendFile, mkdir, readFile, rename, rm, writeFile, copyFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DiscordDouble } from '../support/discord-double/index.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { startSshd, type Sshd, KILLFEED_FIXTURES, LOG_FIXTURE } from '../support/sshd.js';
import { generateKillfeed } from '../deadside/generate.js';
import { SftpPool } from '../../src/sftp/index.js';
import { IngestEngine, type IngestProgress, type IngestTarget, type PollReport, type PlayerStats, type ServerStats, type StatsDoc } from '../../src/ingest/index.js';
import { countingRemote, diffStats, expectedLogFeed, expectedStats, guildDef, IDS, restFor, silentLogger } from './helpers.js';
import { csvPath, kfText, MemRemote } from './memRemote.js';

let sshd: Sshd;
let mongo: TestMongo;
let double: DiscordDouble;
let pool: SftpPool;

beforeAll(async () => {
  [sshd, mongo, double] = await Promise.all([
    startSshd(),
    startMongo(),
    DiscordDouble.start({ applicationId: IDS.app, botUserId: IDS.bot, token: 'test-token', guilds: [guildDef()] }),
  ]);
  pool = new SftpPool({ allowPrivate: true, logger: silentLogger });
});

afterAll(async () => {
  await pool?.close();
  await Promise.all([sshd?.stop(), mongo?.stop(), double?.stop()]);
});

/** A server folder of its own under the sshd root, registered in the pool. */
async function server(name: string, opts: Partial<IngestTarget> = {}, engineOpts: { onProgress?: (p: IngestProgress) => void; batchLines?: number } = {}) {
  const dir = path.join(sshd.root, name);
  await mkdir(path.join(dir, 'actual1', 'deathlogs', 'world_0'), { recursive: true });
  await mkdir(path.join(dir, 'Logs'), { recursive: true });
  pool.setServer({ serverId: name, host: sshd.host, port: sshd.port, username: sshd.username, password: sshd.password, root: sshd.root, hostKeyFingerprint: sshd.hostKeyFingerprintSha256 });
  const counting = countingRemote(pool);
  const engine = new IngestEngine({ db: mongo.db, remote: counting.remote, rest: restFor(double.apiBase, double.token), logger: silentLogger, sender: { idleMs: 10 }, ...engineOpts });
  const target: IngestTarget = {
    guildId: IDS.guild,
    serverId: name,
    poolKey: name,
    settings: { showSuicides: true, killfeedDelaySeconds: 0, maxFeedAgeSeconds: null },
    channels: { killfeed: IDS.killfeed, events: IDS.events, connections: IDS.connections, playercount: IDS.playercount },
    paths: { deathlogs: `${name}/actual1/deathlogs`, serverLog: `${name}/Logs/Deadside.log` },
    pollSeconds: 3600,
    ...opts,
  };
  engine.setTarget(target);
  await engine.start();
  return { dir, engine, counting, target, world0: path.join(dir, 'actual1', 'deathlogs', 'world_0') };
}

function embedsIn(channelId: string, since = 0): { title?: string; timestamp?: string }[] {
  return double.channelMessages(channelId).slice(since).flatMap((m) => (m.embeds ?? []) as { title?: string; timestamp?: string }[]);
}

/** Waits for the outbox to drain (Discord's 5 messages per 5 s per channel make that seconds, not ms). */
async function untilSent(engine: IngestEngine): Promise<void> {
  engine.sender.wake();
  for (let i = 0; i < 2400; i++) {
    if ((await engine.cols.outbox.countDocuments({ sentAt: null })) === 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('outbox did not drain');
}

describe('ingestion through sshd, jongodb and the Discord double', () => {
  it('applies and posts each kill of a CSV growing across polls exactly once, partial last line included', async () => {
    const s = await server('grow');
    const gen = generateKillfeed(60, 7);
    const file = path.join(s.world0, '2025.05.01-00.00.00.csv');
    const before = double.channelMessages(IDS.killfeed).length;
    // Poll 1: 20 complete lines and half of the 21st.
    const text = gen.rows.map((r) => `${r.line}\n`).join('');
    const cut1 = gen.rows.slice(0, 20).reduce((n, r) => n + Buffer.byteLength(r.line) + 1, 0) + 17;
    const bytes = Buffer.from(text);
    await writeFile(file, bytes.subarray(0, cut1));
    let r = await s.engine.pollNow('grow');
    expect(r).toMatchObject({ ok: true, linesRead: 20 });
    await untilSent(s.engine);
    expect(embedsIn(IDS.killfeed, before)).toHaveLength(20);
    // Poll 2: the rest of line 21 and 30 more, cut inside a multibyte name would be fine too.
    const cut2 = gen.rows.slice(0, 51).reduce((n, r) => n + Buffer.byteLength(r.line) + 1, 0) - 3;
    await appendFile(file, bytes.subarray(cut1, cut2));
    r = await s.engine.pollNow('grow');
    expect(r).toMatchObject({ ok: true, linesRead: 30 });
    // Poll 3: everything.
    await appendFile(file, bytes.subarray(cut2));
    r = await s.engine.pollNow('grow');
    expect(r).toMatchObject({ ok: true, linesRead: 10 });
    await untilSent(s.engine);
    const embeds = embedsIn(IDS.killfeed, before);
    expect(embeds).toHaveLength(60);
    expect(embeds.map((e) => e.timestamp).sort()).toEqual(gen.rows.map((x) => new Date(x.timestampMs).toISOString()).sort());
    // Kills arriving together share messages of up to 10 embeds.
    expect(double.channelMessages(IDS.killfeed).slice(before).every((m) => (m.embeds?.length ?? 0) <= 10)).toBe(true);
    expect(await diffStats(mongo.db, 'grow', expectedStats(gen.rows))).toEqual([]);

    // An unchanged file: listing only, no content transferred.
    s.counting.reset();
    r = await s.engine.pollNow('grow');
    expect(r).toMatchObject({ ok: true, linesRead: 0 });
    expect(s.counting.counts.readFrom).toBe(0);
    expect(s.counting.counts.bytes).toBe(0);
    expect(double.schemaViolations).toEqual([]);
    await s.engine.stop();
  });

  it('follows rotation: a new newest CSV, a new world_N folder, and a replaced (shrunk) file', async () => {
    const s = await server('rot');
    const gen = generateKillfeed(90, 11);
    const rows = gen.rows;
    const f1 = path.join(s.world0, '2025.05.01-00.00.00.csv');
    await writeFile(f1, rows.slice(0, 30).map((r) => `${r.line}\n`).join(''));
    expect(await s.engine.pollNow('rot')).toMatchObject({ ok: true, linesRead: 30 });
    // Restart of the game server: a new session file, and a second world appears.
    await writeFile(path.join(s.world0, '2025.05.01-06.00.00.csv'), rows.slice(30, 50).map((r) => `${r.line}\n`).join(''));
    const w1 = path.join(s.dir, 'actual1', 'deathlogs', 'world_1');
    await mkdir(w1);
    await writeFile(path.join(w1, '2025.05.01-06.00.00.csv'), rows.slice(50, 70).map((r) => `${r.line}\n`).join(''));
    expect(await s.engine.pollNow('rot')).toMatchObject({ ok: true, linesRead: 40 });
    // The newest file is replaced by a shorter one: a new generation read from the start.
    await writeFile(path.join(w1, '2025.05.01-06.00.00.csv'), rows.slice(70, 80).map((r) => `${r.line}\n`).join(''));
    expect(await s.engine.pollNow('rot')).toMatchObject({ ok: true, linesRead: 10 });
    await untilSent(s.engine);
    expect(await diffStats(mongo.db, 'rot', expectedStats(rows.slice(0, 80)))).toEqual([]);
    await s.engine.stop();
  });

  it('turns Deadside.log growth into events, connections and a coalesced player-count name', async () => {
    const s = await server('log');
    const text = await readFile(LOG_FIXTURE, 'utf8');
    const lines = text.split('\n');
    const half = lines.slice(0, 340).join('\n') + '\n';
    const logPath = path.join(s.dir, 'Logs', 'Deadside.log');
    const ev0 = double.channelMessages(IDS.events).length;
    const cn0 = double.channelMessages(IDS.connections).length;
    await writeFile(logPath, half);
    expect(await s.engine.pollNow('log')).toMatchObject({ ok: true, linesRead: 340 });
    await writeFile(logPath, text);
    expect(await s.engine.pollNow('log')).toMatchObject({ ok: true });
    await untilSent(s.engine);
    const want = expectedLogFeed(text);
    expect(embedsIn(IDS.events, ev0)).toHaveLength(want.events);
    const conn = embedsIn(IDS.connections, cn0);
    expect(conn.filter((e) => e.title?.endsWith(' joined'))).toHaveLength(want.joins);
    expect(conn.filter((e) => e.title?.endsWith(' left'))).toHaveLength(want.leaves);
    const srv = (await mongo.db.collection<StatsDoc>('ingest_stats').findOne({ _id: 'log|s' })) as ServerStats;
    expect(srv.players).toEqual({ online: want.online, queued: want.queued, max: want.max });
    // Two polls changed the count: two renames, the last one the latest count.
    const expectedName = `🟢 ${want.online}/${want.max}${want.queued ? ` (${want.queued} queued)` : ''}`;
    await double.waitUntil(() => (double.channel(IDS.playercount)?.name === expectedName ? true : undefined), 5000, 'rename');

    // The old log grows after our last read, then the server restarts: it is renamed to a backup and
    // Deadside.log is a new, longer file. The backup's tail and the new file are both read, once.
    const tail = [
      '[2025.05.15-23.59.00:000][  1]LogSFPS: Mission GA_Airport_02_Mis1 switched to READY',
      '[2025.05.15-23.59.30:000][  2]LogSFPS: AirDrop switched to Flying',
    ].join('\n');
    await appendFile(logPath, `${tail}\n`);
    await rename(logPath, path.join(s.dir, 'Logs', 'Deadside-backup-2025.05.16-00.00.00.log'));
    const restart = ['Log file open, 05/16/25 00:00:00', 'LogInit: Command Line:  -log -playersmaxcount=40', ...lines.slice(2)].join('\n');
    await writeFile(logPath, restart);
    expect(await s.engine.pollNow('log')).toMatchObject({ ok: true });
    await untilSent(s.engine);
    const events = embedsIn(IDS.events, ev0);
    expect(events).toHaveLength(2 * want.events + 2);
    expect(events.filter((e) => e.timestamp?.startsWith('2025-05-15T23:59')).map((e) => e.title)).toEqual(['Mission ready: Airfield', 'Airdrop incoming']);
    expect(await s.engine.pollNow('log')).toMatchObject({ ok: true, linesRead: 0 });
    // The third rename of the window waits for budget; the wanted name is the latest count.
    expect(s.engine.renamer.pending()[IDS.playercount]).toBe(`🟢 ${want.online}/40${want.queued ? ` (${want.queued} queued)` : ''}`);
    expect(double.channel(IDS.playercount)?.names.length).toBe(3); // initial name + 2 renames
    await s.engine.stop();
  });

  it('honours killfeed delay and hidden suicides', async () => {
    const s = await server('delay', { settings: { showSuicides: false, killfeedDelaySeconds: 2, maxFeedAgeSeconds: null } });
    const gen = generateKillfeed(40, 3);
    await writeFile(path.join(s.world0, '2025.05.01-00.00.00.csv'), gen.rows.map((r) => `${r.line}\n`).join(''));
    const before = embedsIn(IDS.killfeed).length;
    const t0 = Date.now();
    await s.engine.pollNow('delay');
    s.engine.sender.wake();
    await new Promise((r) => setTimeout(r, 500));
    expect(embedsIn(IDS.killfeed).length).toBe(before); // not yet
    await untilSent(s.engine);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1900);
    expect(embedsIn(IDS.killfeed).length - before).toBe(gen.rows.filter((r) => r.kind !== 'suicide').length);
    await s.engine.stop();
  });

  it('replays a journaled batch from the journal alone, even when its file is gone', async () => {
    const s = await server('replay');
    const gen = generateKillfeed(30, 21);
    const file = path.join(s.world0, '2025.05.01-00.00.00.csv');
    await writeFile(file, gen.rows.map((r) => `${r.line}\n`).join(''));
    const before = embedsIn(IDS.killfeed).length;
    await s.engine.stop();
    // A process that dies right after the stats write: outbox and commit never happen.
    const dying = new IngestEngine({
      db: mongo.db,
      remote: pool,
      rest: restFor(double.apiBase, double.token),
      logger: silentLogger,
      onStep: (step) => {
        if (step === 'stats') throw new Error('crash');
      },
    });
    dying.setTarget(s.target);
    expect(await dying.pollNow('replay')).toMatchObject({ ok: false, error: 'crash' });
    const cursor = await dying.cols.cursors.findOne({ _id: 'replay' });
    expect(cursor?.pending?.lines).toHaveLength(30);
    await rm(file); // rotated away before the restart
    const next = new IngestEngine({ db: mongo.db, remote: pool, rest: restFor(double.apiBase, double.token), logger: silentLogger, sender: { idleMs: 10 } });
    next.setTarget(s.target);
    await next.start(); // replays before the sender starts
    expect((await next.cols.cursors.findOne({ _id: 'replay' }))?.pending).toBeNull();
    await untilSent(next);
    expect(embedsIn(IDS.killfeed).length - before).toBe(30);
    expect(await diffStats(mongo.db, 'replay', expectedStats(gen.rows))).toEqual([]);
    await next.stop();
  });

  it('polls on schedule after start(), reports each poll, and stops cleanly', async () => {
    const dir = path.join(sshd.root, 'sched', 'actual1', 'deathlogs', 'world_0');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, '2025.05.01-00.00.00.csv'), generateKillfeed(5, 1).rows.map((r) => `${r.line}\n`).join(''));
    pool.setServer({ serverId: 'sched', host: sshd.host, port: sshd.port, username: sshd.username, password: sshd.password, root: path.join(sshd.root, 'sched'), hostKeyFingerprint: sshd.hostKeyFingerprintSha256 });
    const reports: PollReport[] = [];
    const engine = new IngestEngine({
      db: mongo.db,
      remote: pool,
      rest: restFor(double.apiBase, double.token),
      logger: silentLogger,
      scheduler: { random: () => 0, concurrency: 1 },
      onPoll: (r) => void reports.push(r),
    });
    await engine.start();
    // Paths detected from the root (no paths given), first poll at once (random 0), then every 5 s.
    engine.setTarget({ guildId: IDS.guild, serverId: 'sched', poolKey: 'sched', channels: {}, pollSeconds: 5 });
    await vi.waitFor(() => expect(reports.length).toBeGreaterThanOrEqual(1), { timeout: 5000 });
    expect(reports[0]).toMatchObject({ ok: true, linesRead: 5, totalLines: 5, error: null, serverId: 'sched' });
    engine.pause('sched');
    const n = reports.length;
    await engine.stop();
    expect(reports.length).toBe(n);
  });

  it('ingests the real killfeed CSVs with totals equal to an independent count', async () => {
    const files = (await readdir(KILLFEED_FIXTURES)).filter((f) => f.endsWith('.csv')).sort();
    expect(files.length).toBeGreaterThan(0);
    const progress: IngestProgress[] = [];
    const s = await server('real', { channels: {} }, { onProgress: (p) => progress.push(p), batchLines: 500 });
    let kills = 0;
    let suicides = 0;
    let noKiller = 0;
    const killsBy = new Map<string, number>();
    for (const f of files) {
      await copyFile(path.join(KILLFEED_FIXTURES, f), path.join(s.world0, f));
      for (const line of (await readFile(path.join(KILLFEED_FIXTURES, f), 'utf8')).split(/\r?\n/)) {
        if (!line) continue;
        const x = line.split(';');
        if (x[2] === '') noKiller++;
        else if (x[2] === x[4]) suicides++;
        else {
          kills++;
          killsBy.set(x[2]!, (killsBy.get(x[2]!) ?? 0) + 1);
        }
      }
    }
    const r = await s.engine.pollNow('real');
    expect(r.ok).toBe(true);
    expect(r.malformed).toBe(0);
    // Progress after each batch (what a backfill message shows): every file ends at its size.
    for (const f of files) {
      const last = progress.filter((p) => p.path.endsWith(f)).at(-1);
      expect(last?.offset).toBe(last?.size);
    }
    expect(progress.length).toBeGreaterThanOrEqual(3);
    const srv = (await mongo.db.collection<StatsDoc>('ingest_stats').findOne({ _id: 'real|s' })) as ServerStats;
    expect({ kills: srv.kills, suicides: srv.suicides, otherDeaths: srv.otherDeaths }).toEqual({ kills, suicides, otherDeaths: noKiller });
    const players = (await mongo.db.collection<StatsDoc>('ingest_stats').find({ serverId: 'real', type: 'player' }).toArray()) as PlayerStats[];
    const got = new Map(players.filter((p) => p.kills > 0).map((p) => [p.playerId, p.kills]));
    expect(got).toEqual(killsBy);
    // A leaderboard read (guild, type, kills index) sees the independent top five.
    const top = (await s.engine.cols.stats.find({ guildId: IDS.guild, serverId: 'real', type: 'player' }).sort({ kills: -1 }).limit(5).toArray()) as PlayerStats[];
    expect(top.map((p) => p.kills)).toEqual([...killsBy.values()].sort((a, b) => b - a).slice(0, 5));
    await s.engine.stop();
    await rm(s.dir, { recursive: true });
     // jongodb's writes slow with the collection's size: the files' ~900 duel pairs take ~25 s here.
  }, 120_000);
});

describe('backfills take scheduler slots', () => {
  /** A database of its own on the same server: no other engine of this file reads its outbox. */
  const backfills = () => mongo.client.db(`${mongo.db.databaseName}_backfills`);

  it("several backfills of one guild's servers run one at a time under perGroup 1", { timeout: 60_000 }, async () => {
    const remote = new MemRemote();
    const rows = generateKillfeed(30, 64).rows;
    for (const id of ['bf1', 'bf2', 'bf3']) remote.put(csvPath(id), kfText(rows));
    remote.listDelayMs = 15; // each poll lists its folders one after the other: lists in flight = polls running
    const engine = new IngestEngine({
      db: backfills(),
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
