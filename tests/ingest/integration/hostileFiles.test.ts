/**
 * Hostile game-server files through the real pipeline (OpenSSH sshd → IngestEngine → jongodb → discord.js
 * REST → Discord double): a 24 MiB line and a NUL region in a killfeed CSV, a very long Deadside.log line,
 * a line still being written across polls, a file larger than a poll's byte budget, and journal documents
 * bounded by bytes. Every good line is counted and posted exactly once; junk is counted as malformed.
 */
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BSON, MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DiscordDouble } from '../../support/discord-double/index.js';
import { startMongo, type TestMongo } from '../../support/mongo.js';
import { startSshd, type Sshd } from '../../support/sshd.js';
import { generateKillfeed, type ExpectedRow } from '../../deadside/generate.js';
import { SftpPool } from '../../../src/sftp/index.js';
import { MAX_LINE_BYTES } from '../../../src/deadside/index.js';
import { IngestEngine, type IngestEngineOptions, type IngestTarget, type PollReport } from '../../../src/ingest/index.js';
import { countingRemote, diffStats, expectedLogFeed, expectedStats, guildDef, IDS, restFor, silentLogger } from '../helpers.js';

const MiB = 1024 * 1024;
const HOSTILE_ROWS = generateKillfeed(120, 31).rows;
const rowsText = (rows: readonly ExpectedRow[]) => rows.map((r) => `${r.line}\n`).join('');

/** A Deadside.log with known events; `long` is a would-be event line far over the line limit. */
function logLines(): { good: string[]; long: string } {
  const id = (n: number) => `${'ab'.repeat(15)}${String(n).padStart(2, '0')}`;
  const at = (s: number) => `[2025.05.15-00.${String(Math.floor(s / 60)).padStart(2, '0')}.${String(s % 60).padStart(2, '0')}:000][  1]`;
  const good = [
    'Log file open, 05/15/25 00:00:00',
    'LogInit: Command Line:  -log -playersmaxcount=60',
    `${at(10)}LogSFPS: Mission GA_Airport_02_Mis1 switched to READY`,
    `${at(20)}LogNet: Join request: /Game/Maps/world_1/World_1?Name=Alpha&eosid=|${id(1)}`,
    `${at(30)}LogOnline: Warning: Player |${id(1)} successfully registered!`,
    `${at(40)}LogNet: Join request: /Game/Maps/world_1/World_1?Name=Bravo&eosid=|${id(2)}`,
    `${at(50)}LogOnline: Warning: Player |${id(2)} successfully registered!`,
    `${at(70)}LogSFPS: AirDrop switched to Flying`,
    `${at(80)}LogOnline: Warning: Player |${id(1)} successfully unregistered from the session.`,
    `${at(90)}LogSFPS: Mission GA_Military_02_Mis1 switched to READY`,
  ];
  return { good, long: `${at(60)}LogSFPS: AirDrop switched to Flying ${'~'.repeat(300 * 1024)}` };
}

let sshd: Sshd;
let mongo: TestMongo;
let double: DiscordDouble;
let pool: SftpPool;

beforeAll(async () => {
  [sshd, mongo, double] = await Promise.all([
    startSshd({
      tree: async (root) => {
        // Good lines, a 24 MiB line, a NUL region with the next line written right after it, good lines.
        const kf = path.join(root, 'hostile', 'actual1', 'deathlogs', 'world_0');
        await mkdir(kf, { recursive: true });
        const csv = Buffer.concat([
          Buffer.from(rowsText(HOSTILE_ROWS.slice(0, 60))),
          Buffer.alloc(24 * MiB, 0x5a),
          Buffer.from('\n'),
          Buffer.alloc(MiB, 0),
          Buffer.from(rowsText(HOSTILE_ROWS.slice(60))),
        ]);
        await writeFile(path.join(kf, '2025.05.01-00.00.00.csv'), csv);
        const { good, long } = logLines();
        await mkdir(path.join(root, 'hostile', 'Logs'), { recursive: true });
        await writeFile(path.join(root, 'hostile', 'Logs', 'Deadside.log'), [...good.slice(0, 7), long, ...good.slice(7)].map((l) => `${l}\n`).join(''));
      },
    }),
    startMongo(),
    DiscordDouble.start({ applicationId: IDS.app, botUserId: IDS.bot, token: 'test-token', guilds: [guildDef()] }),
  ]);
  pool = new SftpPool({ allowPrivate: true, logger: silentLogger });
});

afterAll(async () => {
  await pool?.close();
  await Promise.all([sshd?.stop(), mongo?.stop(), double?.stop()]);
});

async function server(name: string, opts: Partial<IngestTarget> = {}, engineOpts: Partial<IngestEngineOptions> = {}) {
  const dir = path.join(sshd.root, name);
  const world0 = path.join(dir, 'actual1', 'deathlogs', 'world_0');
  await mkdir(world0, { recursive: true });
  pool.setServer({ serverId: name, host: sshd.host, port: sshd.port, username: sshd.username, password: sshd.password, root: sshd.root, hostKeyFingerprint: sshd.hostKeyFingerprintSha256 });
  const counting = countingRemote(pool);
  const engine = new IngestEngine({ db: mongo.db, remote: counting.remote, rest: restFor(double.apiBase, double.token), logger: silentLogger, sender: { idleMs: 10 }, ...engineOpts });
  const target: IngestTarget = {
    guildId: IDS.guild,
    serverId: name,
    poolKey: name,
    settings: { showSuicides: true, killfeedDelaySeconds: 0, maxFeedAgeSeconds: null },
    channels: { killfeed: IDS.killfeed, events: IDS.events, connections: IDS.connections },
    paths: { deathlogs: `${name}/actual1/deathlogs`, serverLog: `${name}/Logs/Deadside.log` },
    pollSeconds: 3600,
    ...opts,
  };
  return { dir, engine, counting, target, world0 };
}

type E = { title?: string; timestamp?: string };
const embedsIn = (channelId: string, since: number): E[] => double.channelMessages(channelId).slice(since).flatMap((m) => (m.embeds ?? []) as E[]);

async function untilSent(engine: IngestEngine): Promise<void> {
  engine.sender.wake();
  await vi.waitFor(async () => expect(await engine.cols.outbox.countDocuments({ sentAt: null })).toBe(0), { timeout: 20_000, interval: 25 });
}

const fileCursor = async (engine: IngestEngine, serverId: string, suffix: string) =>
  (await engine.cols.cursors.findOne({ _id: serverId }))?.files.find((f) => f.path.endsWith(suffix));

describe('hostile files', () => {
  it('skips a 24 MiB line, a NUL region and a 300 KiB log line; every good line once; polls keep succeeding', { timeout: 60_000 }, async () => {
    const s = await server('hostile');
    const kf0 = double.channelMessages(IDS.killfeed).length;
    const ev0 = double.channelMessages(IDS.events).length;
    const cn0 = double.channelMessages(IDS.connections).length;
    s.engine.setTarget(s.target);
    await s.engine.start();
    const r = await s.engine.pollNow('hostile');
    expect(r).toMatchObject({ ok: true, error: null, malformed: 3 });
    await untilSent(s.engine);
    expect(await diffStats(mongo.db, 'hostile', expectedStats(HOSTILE_ROWS))).toEqual([]);
    const kills = embedsIn(IDS.killfeed, kf0);
    expect(kills.map((e) => e.timestamp).sort()).toEqual(HOSTILE_ROWS.map((x) => new Date(x.timestampMs).toISOString()).sort());
    const want = expectedLogFeed(logLines().good.join('\n'));
    expect(embedsIn(IDS.events, ev0)).toHaveLength(want.events);
    expect(embedsIn(IDS.connections, cn0)).toHaveLength(want.joins + want.leaves);

    // Nothing read again, nothing counted again; new lines after the junk are read once.
    s.counting.reset();
    expect(await s.engine.pollNow('hostile')).toMatchObject({ ok: true, linesRead: 0, malformed: 3 });
    expect(s.counting.counts.bytes).toBeLessThan(1024);
    const more = generateKillfeed(10, 32).rows;
    await appendFile(path.join(s.world0, '2025.05.01-00.00.00.csv'), rowsText(more));
    expect(await s.engine.pollNow('hostile')).toMatchObject({ ok: true, linesRead: 10, malformed: 3 });
    await untilSent(s.engine);
    expect(embedsIn(IDS.killfeed, kf0)).toHaveLength(HOSTILE_ROWS.length + 10);
    expect(await diffStats(mongo.db, 'hostile', expectedStats([...HOSTILE_ROWS, ...more]))).toEqual([]);
    expect(double.schemaViolations).toEqual([]);
    await s.engine.stop();
  });

  it('keeps discarding a long line still being written across polls, without reading it again', { timeout: 60_000 }, async () => {
    const s = await server('growing', { channels: { killfeed: IDS.killfeed } });
    const kf0 = double.channelMessages(IDS.killfeed).length;
    const rows = generateKillfeed(60, 33).rows;
    const file = path.join(s.world0, '2025.05.01-00.00.00.csv');
    const long1 = Buffer.alloc(300 * 1024, 0x4c); // over the limit by the first poll already
    const long2 = Buffer.alloc(100 * 1024, 0x4d); // under the limit at the first poll that sees it
    s.engine.setTarget(s.target);
    await s.engine.start();

    const part1 = Buffer.from(rowsText(rows.slice(0, 20)));
    await writeFile(file, Buffer.concat([part1, long1.subarray(0, 150 * 1024)]));
    expect(await s.engine.pollNow('growing')).toMatchObject({ ok: true, linesRead: 20, malformed: 0 });
    // Remembered as "skipping" from the line's start, resuming after the bytes already discarded.
    expect(await fileCursor(s.engine, 'growing', '.csv')).toMatchObject({ offset: part1.length + 150 * 1024, line: 20, skip: { from: part1.length, nul: false } });

    const add2 = Buffer.concat([long1.subarray(150 * 1024), Buffer.from(`\n${rowsText(rows.slice(20, 40))}`), long2.subarray(0, 50 * 1024)]);
    await appendFile(file, add2);
    s.counting.reset();
    expect(await s.engine.pollNow('growing')).toMatchObject({ ok: true, linesRead: 21, malformed: 1 });
    expect(s.counting.counts.bytes).toBe(add2.length);

    await appendFile(file, Buffer.concat([long2.subarray(50 * 1024), Buffer.from(`\n${rowsText(rows.slice(40))}`)]));
    expect(await s.engine.pollNow('growing')).toMatchObject({ ok: true, linesRead: 21, malformed: 2 });
    expect((await fileCursor(s.engine, 'growing', '.csv'))?.skip ?? null).toBeNull();
    await untilSent(s.engine);
    expect(await diffStats(mongo.db, 'growing', expectedStats(rows))).toEqual([]);
    expect(embedsIn(IDS.killfeed, kf0).map((e) => e.timestamp).sort()).toEqual(rows.map((x) => new Date(x.timestampMs).toISOString()).sort());
    await s.engine.stop();
  });

  it('reads a file larger than the per-poll byte budget over several polls, scheduled again at once', { timeout: 60_000 }, async () => {
    const reports: PollReport[] = [];
    const budget = 2 * (MAX_LINE_BYTES + 1);
    // Only the byte budget cuts these polls: a poll stopped by the clock (10 s, reached on a loaded machine)
    // stops between batches and re-reads the rest of its chunk, which the bound below does not allow for.
    const s = await server('budget', { channels: {} }, { pollBytes: budget, pollTimeMs: 600_000, scheduler: { random: () => 0 }, onPoll: (r) => void reports.push(r) });
    const rows = generateKillfeed(3000, 34).rows;
    const text = rowsText(rows);
    await writeFile(path.join(s.world0, '2025.05.01-00.00.00.csv'), text);
    await s.engine.start();
    s.engine.setTarget(s.target); // pollSeconds 3600: only "more to read" brings the next poll
    await vi.waitFor(() => expect(reports.at(-1)?.more).toBe(false), { timeout: 55_000, interval: 20 });
    const size = Buffer.byteLength(text);
    expect(reports.length).toBeGreaterThanOrEqual(Math.floor(size / budget));
    expect(reports.every((r) => r.ok)).toBe(true);
    expect(reports.slice(0, -1).every((r) => r.more)).toBe(true);
    expect(reports.reduce((n, r) => n + r.linesRead, 0)).toBe(3000);
    // Each poll re-reads at most the partial line it stopped in.
    expect(s.counting.counts.bytes).toBeLessThan(size + reports.length * 512);
    expect(await diffStats(mongo.db, 'budget', expectedStats(rows))).toEqual([]);
    await s.engine.stop();
  });

  it('keeps each journaled batch far below 16 MB whatever the lines hold', { timeout: 60_000 }, async () => {
    const client = await new MongoClient(mongo.uri, { monitorCommands: true }).connect();
    let largest = 0;
    client.on('commandStarted', (e) => {
      if (e.commandName === 'update' && e.command.update === 'ingest_cursors') largest = Math.max(largest, BSON.calculateObjectSize(e.command));
    });
    try {
      const s = await server('big', { channels: {} }, { db: client.db() });
      const rows = generateKillfeed(100, 35).rows;
      // 100 good rows, each followed by a 60,000-byte line (under the line limit: journaled, then malformed).
      const junk = `${'j'.repeat(60_000)}\n`;
      await writeFile(path.join(s.world0, '2025.05.01-00.00.00.csv'), rows.map((r) => `${r.line}\n${junk}`).join(''));
      s.engine.setTarget(s.target);
      expect(await s.engine.pollNow('big')).toMatchObject({ ok: true, linesRead: 200, malformed: 100 });
      expect(largest).toBeGreaterThan(0);
      expect(largest).toBeLessThan(2 * MiB);
      expect(await diffStats(mongo.db, 'big', expectedStats(rows))).toEqual([]);
      await s.engine.stop();
    } finally {
      await client.close();
    }
  });
});
