/**
 * The idle check at the fastest interval, through a real sshd and jongodb (src/ingest/checkSchedule.ts,
 * discovery.ts, serverIngestor.ts): an idle server costs its host at most one SFTP request a second
 * (counted at the pool) and MongoDB nothing (counted with command monitoring); a new session CSV, a new
 * world folder and new log lines are still read within the stated bounds; and a file not stat'ed at a poll
 * is not read on its old size, so nothing is lost or read twice. The engine's clock is driven by the test
 * (polls every MIN_POLL_SECONDS of it), the host and the database are real.
 */
import { appendFile, mkdir, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FOLDER_CHECK_MS, LOG_CHECK_MS } from '../../../src/ingest/checkSchedule.js';
import { IngestEngine, type IngestTarget, type PollReport, type RemoteFiles } from '../../../src/ingest/index.js';
import { MIN_POLL_SECONDS } from '../../../src/ingest/scheduler.js';
import { SftpPool } from '../../../src/sftp/index.js';
import { generateKillfeed } from '../../deadside/generate.js';
import { generateServerLog } from '../../deadside/generateLog.js';
import { DiscordDouble } from '../../support/discord-double/index.js';
import { recordingClient, startMongo, type TestMongo } from '../../support/mongo.js';
import { startSshd, type Sshd } from '../../support/sshd.js';
import { diffStats, expectedStats, guildDef, IDS, restFor, silentLogger } from '../helpers.js';

const FAST = MIN_POLL_SECONDS * 1000;
const csvName = (hh: number) => `2025.05.01-${String(hh).padStart(2, '0')}.00.00.csv`;
const kf = (rows: readonly { line: string }[]) => rows.map((r) => `${r.line}\n`).join('');

let sshd: Sshd;
let mongo: TestMongo;
let double: DiscordDouble;
let pool: SftpPool;
let rec: Awaited<ReturnType<typeof recordingClient>>;

beforeAll(async () => {
  [sshd, mongo, double] = await Promise.all([
    startSshd(),
    startMongo(),
    DiscordDouble.start({ applicationId: IDS.app, botUserId: IDS.bot, token: 'test-token', guilds: [guildDef()] }),
  ]);
  pool = new SftpPool({ allowPrivate: true, logger: silentLogger });
  rec = await recordingClient(mongo);
});

afterAll(async () => {
  await pool?.close();
  await rec?.client.close();
  await Promise.all([sshd?.stop(), mongo?.stop(), double?.stop()]);
});

/**
 * A server polled at the fastest interval of the engine's clock: paused for the scheduler (the test polls),
 * its database calls through the recording client, the outbox sender kept quiet.
 */
async function server(name: string, wrap: (r: RemoteFiles) => RemoteFiles = (r) => r) {
  const dir = path.join(sshd.root, name);
  const world0 = path.join(dir, 'actual1', 'deathlogs', 'world_0');
  const log = path.join(dir, 'Logs', 'Deadside.log');
  await mkdir(world0, { recursive: true });
  await mkdir(path.dirname(log), { recursive: true });
  pool.setServer({ serverId: name, host: sshd.host, port: sshd.port, username: sshd.username, password: sshd.password, root: sshd.root, hostKeyFingerprint: sshd.hostKeyFingerprintSha256 });
  let now = Date.now();
  const engine = new IngestEngine({ db: rec.db, remote: wrap(pool), rest: restFor(double.apiBase, double.token), logger: silentLogger, sender: { idleMs: 3_600_000 }, now: () => new Date(now) });
  const target: IngestTarget = {
    guildId: IDS.guild,
    serverId: name,
    poolKey: name,
    settings: { showSuicides: true, killfeedDelaySeconds: 0, maxFeedAgeSeconds: null },
    channels: { killfeed: IDS.killfeed },
    paths: { deathlogs: `${name}/actual1/deathlogs`, serverLog: `${name}/Logs/Deadside.log` },
    pollSeconds: MIN_POLL_SECONDS,
    paused: true,
  };
  engine.setTarget(target);
  await engine.start();
  /** The next poll, an interval (± 5 %, alternating) of the engine's clock after the last. */
  let turn = 0;
  const poll = async (): Promise<PollReport> => {
    now += FAST * (turn++ % 2 ? 1.05 : 0.95);
    return engine.pollNow(name);
  };
  /**
   * The host's clock is the engine's: what a test changes gets the engine's time as its mtime (the test
   * runs in real milliseconds, and SFTP mtimes have whole seconds: a folder changed within the second of
   * its last listing would keep its mtime, which only a real second later would tell apart).
   */
  const stamp = async (...paths: string[]) => {
    for (const p of paths) await utimes(p, now / 1000, now / 1000);
  };
  return { engine, dir, world0, log, poll, stamp, now: () => now };
}

describe('an idle server at the fastest interval', () => {
  it('asks for at most one SFTP request a second and sends MongoDB no command over 60 polls', async () => {
    const s = await server('idle-fast');
    await writeFile(path.join(s.world0, csvName(0)), kf(generateKillfeed(20, 3).rows));
    await writeFile(s.log, generateServerLog({ seed: 2, linesPerSession: 50 }).text);
    expect(await s.poll()).toMatchObject({ ok: true, idle: false });
    await s.poll(); // the folders were first seen by the first listing: listed again once, later
    await s.poll();
    const sent = pool.globalStats().requests;
    const commands = rec.sent.length;
    const start = s.now();
    const reports: PollReport[] = [];
    for (let i = 0; i < 60; i++) reports.push(await s.poll());
    const seconds = (s.now() - start) / 1000;
    const requests = pool.globalStats().requests - sent;
    expect(reports.every((r) => r.ok && r.idle && !r.listed && r.linesRead === 0)).toBe(true);
    expect(requests / seconds).toBeLessThanOrEqual(1);
    // The live CSV each poll, the log every 2nd (and with each folder round), the two folders every 15th
    // poll; no realpath again (their verdicts last minutes), no listing.
    expect(requests).toBeGreaterThanOrEqual(60 + 30 + 2 * 4);
    expect(requests).toBeLessThanOrEqual(60 + 34 + 2 * 4);
    expect(rec.sent.slice(commands)).toEqual([]);
    await s.engine.stop();
  });
});

describe('what changes is still read within its bound', () => {
  /** Polls until `found` says so; returns the engine-clock time it took from `since`. */
  async function until(s: Awaited<ReturnType<typeof server>>, since: number, found: (r: PollReport) => boolean): Promise<number> {
    for (let i = 0; i < 40; i++) if (found(await s.poll())) return s.now() - since;
    throw new Error('not found in 40 polls');
  }

  it('a new session CSV, a new world folder and new log lines, every line once', async () => {
    const s = await server('changes');
    const rows = generateKillfeed(90, 11).rows;
    const gen = generateServerLog({ seed: 5, linesPerSession: 120 });
    const logCut = Math.floor(gen.lines.length / 2);
    await writeFile(path.join(s.world0, csvName(0)), kf(rows.slice(0, 30)));
    await writeFile(s.log, gen.lines.slice(0, logCut).map((l) => `${l}\n`).join(''));
    let lines = (await s.poll()).linesRead;
    for (let i = 0; i < 3; i++) lines += (await s.poll()).linesRead;
    expect(lines).toBe(30 + logCut);

    // New log lines: read within LOG_CHECK_MS + 0.55 interval.
    let at = s.now();
    await appendFile(s.log, gen.lines.slice(logCut).map((l) => `${l}\n`).join(''));
    let read = 0;
    expect(await until(s, at, (r) => (read += r.linesRead) > 0)).toBeLessThanOrEqual(LOG_CHECK_MS + 0.55 * FAST);
    expect(read).toBe(gen.lines.length - logCut);

    // A new session CSV next to the old one (no restart of the log): within FOLDER_CHECK_MS + 0.55 interval.
    at = s.now();
    await writeFile(path.join(s.world0, csvName(6)), kf(rows.slice(30, 60)));
    await s.stamp(s.world0, path.join(s.world0, csvName(6)));
    read = 0;
    expect(await until(s, at, (r) => (read += r.linesRead) > 0)).toBeLessThanOrEqual(FOLDER_CHECK_MS + 0.55 * FAST);
    expect(read).toBe(30);

    // A new world folder (a wipe): the same bound.
    at = s.now();
    const world1 = path.join(path.dirname(s.world0), 'world_1');
    await mkdir(world1);
    await writeFile(path.join(world1, csvName(7)), kf(rows.slice(60)));
    await s.stamp(path.dirname(s.world0), world1, path.join(world1, csvName(7)));
    read = 0;
    expect(await until(s, at, (r) => (read += r.linesRead) > 0)).toBeLessThanOrEqual(FOLDER_CHECK_MS + 0.55 * FAST);
    expect(read).toBe(30);
    for (let i = 0; i < 12; i++) expect((await s.poll()).linesRead).toBe(0);
    expect(await diffStats(rec.db, 'changes', expectedStats(rows))).toEqual([]);
    await s.engine.stop();
  });

  it('reads a log that grew past its stat once, though the next poll does not stat it', async () => {
    let grow: (() => Promise<void>) | null = null;
    // Appends right after a round of stats that asked for the log: its read then sees more than the stat.
    const s = await server('stale', (inner) => ({
      list: (k, p, o) => inner.list(k, p, o),
      stat: (k, p) => inner.stat(k, p),
      readFrom: (k, p, o, opts) => inner.readFrom(k, p, o, opts),
      statMany: async (k, p) => {
        const r = await inner.statMany(k, p);
        const g = p.some((x) => x.endsWith('Deadside.log')) ? grow : null;
        if (g) grow = null;
        await g?.();
        return r;
      },
    }));
    const gen = generateServerLog({ seed: 9, linesPerSession: 200 });
    const text = Buffer.from(gen.lines.map((l) => `${l}\n`).join(''));
    await writeFile(path.join(s.world0, csvName(0)), kf(generateKillfeed(5, 1).rows));
    await writeFile(s.log, text.subarray(0, 2000));
    let lines = 0;
    for (let i = 0; i < 3; i++) lines += (await s.poll()).linesRead;
    for (const cut of [6000, 11000, text.length]) {
      const at = (await stat(s.log)).size;
      await appendFile(s.log, text.subarray(at, at + Math.floor((cut - at) / 2)));
      grow = async () => {
        const size = (await stat(s.log)).size;
        await appendFile(s.log, text.subarray(size, cut));
      };
      for (let i = 0; i < 4; i++) lines += (await s.poll()).linesRead;
    }
    for (let i = 0; i < 4; i++) lines += (await s.poll()).linesRead;
    // Every line once: the killfeed's 5 and the log's, none again as a "new generation" of the log.
    expect(lines).toBe(5 + gen.lines.length);
    const cursor = await rec.db.collection<{ _id: string; files: { path: string; generation: number }[] }>('ingest_cursors').findOne({ _id: 'stale' });
    expect(cursor?.files.find((f) => f.path.endsWith('Deadside.log'))?.generation).toBe(0);
    await s.engine.stop();
  });
});
