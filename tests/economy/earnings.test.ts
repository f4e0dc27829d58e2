/**
 * Credits for kills of linked players, paid by the real ingestion pipeline (OpenSSH sshd → IngestEngine →
 * jongodb, feeds to the Discord double) while it applies each batch: once per kill made since the link,
 * never for history from before it, never again on a replay, never for a kill older than the replay
 * horizon when it is read (counted in the stats all the same); and the database round trips it costs per
 * batch, counted with the driver's command monitoring.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MongoClient, type CommandStartedEvent, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections, ensureIndexes, type Collections } from '../../src/db/collections.js';
import { CREDITS } from '../../src/economy/amounts.js';
import { Earnings, killKey } from '../../src/economy/earnings.js';
import { Economy } from '../../src/economy/economy.js';
import type { LedgerStepHook } from '../../src/economy/ledger.js';
import { KILL_REPLAY_HORIZON_DAYS } from '../../src/economy/ledgerRetention.js';
import { IngestEngine, type IngestTarget, type KillRecord } from '../../src/ingest/index.js';
import { SftpPool } from '../../src/sftp/index.js';
import { generateKillfeed, type ExpectedRow } from '../deadside/generate.js';
import { diffStats, expectedStats, guildDef, IDS, restFor, silentLogger } from '../ingest/helpers.js';
import { DiscordDouble } from '../support/discord-double/index.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { startSshd, type Sshd } from '../support/sshd.js';

const G = IDS.guild;
const BATCH = 50;
const DAY_MS = 86_400_000;
/** The ingesting clock of the credits: the generated rows (2025-03-30 on, a few hours) are a day or two old. */
const INGEST_NOW = new Date(Date.UTC(2025, 3, 2));

let sshd: Sshd;
let mongo: TestMongo;
let double: DiscordDouble;
let pool: SftpPool;
/** A second client on the same database, counting every command it sends. */
let monitored: MongoClient;
let db: Db;
let cols: Collections;
const commands: CommandStartedEvent[] = [];

beforeAll(async () => {
  [sshd, mongo, double] = await Promise.all([
    startSshd(),
    startMongo(),
    DiscordDouble.start({ applicationId: IDS.app, botUserId: IDS.bot, token: 'test-token', guilds: [guildDef()] }),
  ]);
  pool = new SftpPool({ allowPrivate: true, logger: silentLogger });
  monitored = await new MongoClient(mongo.uri, { monitorCommands: true }).connect();
  monitored.on('commandStarted', (e) => commands.push(e));
  db = monitored.db();
  cols = collections(db);
  await ensureIndexes(cols);
});

afterAll(async () => {
  await pool?.close();
  await monitored?.close();
  await Promise.all([sshd?.stop(), mongo?.stop(), double?.stop()]);
});

interface Setup {
  rows: ExpectedRow[];
  /** The linked player: the most frequent killer of the rows. */
  player: { id: string; name: string };
  /** Kills of `player` at or after `linkedAt`. */
  paid: ExpectedRow[];
  linkedAt: Date;
  target: IngestTarget;
}

/** A server with one killfeed file of `n` rows, and a member linked to its busiest killer from the `from` fraction of their kills on. */
async function setup(name: string, userId: string, n: number, seed: number, from = 0.5): Promise<Setup> {
  const rows = generateKillfeed(n, seed).rows;
  const dir = path.join(sshd.root, name, 'actual1', 'deathlogs', 'world_0');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, '2025.05.01-00.00.00.csv'), rows.map((r) => `${r.line}\n`).join(''));
  pool.setServer({ serverId: name, host: sshd.host, port: sshd.port, username: sshd.username, password: sshd.password, root: sshd.root, hostKeyFingerprint: sshd.hostKeyFingerprintSha256 });
  const kills = new Map<string, number>();
  for (const r of rows) if (r.kind === 'kill') kills.set(r.killer!.id, (kills.get(r.killer!.id) ?? 0) + 1);
  const playerId = [...kills].sort((a, b) => b[1] - a[1])[0]![0];
  const player = rows.find((r) => r.killer?.id === playerId)!.killer!;
  const theirs = rows.filter((r) => r.kind === 'kill' && r.killer!.id === playerId);
  // Linked at the exact second of one of their kills: that kill pays ("at or after"), the ones before do not.
  const linkedAt = new Date(theirs[Math.floor(theirs.length * from)]!.timestampMs);
  await cols.playerLinks.insertOne({ _id: `${G}:${userId}`, guildId: G, userId, playerId, playerName: player.name, playerNameLower: player.name.toLowerCase(), linkedAt });
  const target: IngestTarget = {
    guildId: G,
    serverId: name,
    poolKey: name,
    settings: { showSuicides: true, killfeedDelaySeconds: 0, maxFeedAgeSeconds: null },
    channels: {},
    paths: { deathlogs: `${name}/actual1/deathlogs`, serverLog: `${name}/Logs/Deadside.log` },
    pollSeconds: 3600,
  };
  return { rows, player, paid: theirs.filter((r) => r.timestampMs >= linkedAt.getTime()), linkedAt, target };
}

function engine(target: IngestTarget, opts: { onStep?: (step: string) => void; ledgerStep?: LedgerStepHook; seen?: KillRecord[][]; now?: Date } = {}): IngestEngine {
  const economy = new Economy({ cols: { ledger: cols.creditLedger, balances: cols.creditBalances }, logger: silentLogger, onStep: opts.ledgerStep });
  const earnings = new Earnings({ links: cols.playerLinks, economy, now: () => opts.now ?? INGEST_NOW });
  const e = new IngestEngine({
    db,
    remote: pool,
    rest: restFor(double.apiBase, double.token),
    logger: silentLogger,
    batchLines: BATCH,
    onStep: opts.onStep,
    onKills: (guildId, serverId, kills) => {
      opts.seen?.push(kills);
      return earnings.onKills(guildId, serverId, kills);
    },
  });
  e.setTarget(target);
  return e;
}

const balance = async (userId: string) => (await cols.creditBalances.findOne({ _id: `${G}:${userId}` }))?.credits ?? 0;
const killEntries = (serverId: string) => cols.creditLedger.find({ guildId: G, reason: 'kill', _id: { $regex: `^${G}\\|kill:${serverId}:` } }).toArray();

describe('credits for kills, paid by the ingestion engine', () => {
  it('pays each kill of the linked player made since the link, once; earlier kills, suicides and deaths pay nothing', async () => {
    const member = '1100000000000000501';
    const late = '1100000000000000502';
    const s = await setup('earn', member, 200, 5);
    // Another member linked after every row: a backfill of history from before the link pays nothing.
    const lateKiller = s.rows.find((r) => r.kind === 'kill' && r.killer!.id !== s.player.id)!.killer!;
    await cols.playerLinks.insertOne({ _id: `${G}:${late}`, guildId: G, userId: late, playerId: lateKiller.id, playerName: lateKiller.name, playerNameLower: lateKiller.name.toLowerCase(), linkedAt: new Date() });
    const theirs = s.rows.filter((r) => r.killer?.id === s.player.id);
    // The rows hold what must not pay: kills before the link, suicides of the linked player, killerless deaths.
    expect(theirs.filter((r) => r.kind === 'kill' && r.timestampMs < s.linkedAt.getTime()).length).toBeGreaterThan(0);
    expect(theirs.filter((r) => r.kind === 'suicide').length).toBeGreaterThan(0);
    expect(s.rows.filter((r) => r.kind === 'death').length).toBeGreaterThan(0);
    expect(s.paid.length).toBeGreaterThan(2);

    const e = engine(s.target);
    await e.start();
    commands.length = 0;
    expect(await e.pollNow('earn')).toMatchObject({ ok: true, linesRead: 200 });
    const during = commands.splice(0);
    expect(await balance(member)).toBe(CREDITS.kill * s.paid.length);
    expect(await balance(late)).toBe(0);
    const entries = await killEntries('earn');
    expect(entries).toHaveLength(s.paid.length);
    expect(entries.every((x) => x.state === 'applied' && x.legs[0]!.userId === member && x.legs[0]!.amount === CREDITS.kill)).toBe(true);
    for (const x of entries) expect(x._id).toBe(`${G}|${killKey('earn', x.ref!)}`);

    // Round trips: one links query per batch, and one ledger entry (insert, balance, decision, marker
    // removal, cleared mark) per paid kill.
    const batches = Math.ceil(200 / BATCH);
    const on = (name: string) => during.filter((c) => c.command[c.commandName] === name);
    expect(on('player_links').map((c) => c.commandName)).toEqual(Array(batches).fill('find'));
    expect(on('credit_ledger').length + on('credit_balances').length).toBe(5 * s.paid.length);
    console.log(
      `kill credits: ${batches} batches of ${BATCH} lines, ${s.paid.length} paid kills → ${on('player_links').length} links queries + ` +
        `${on('credit_ledger').length + on('credit_balances').length} ledger round trips (${during.length} round trips in all for the poll)`,
    );

    await e.stop();
    expect(await diffStats(mongo.db, 'earn', expectedStats(s.rows))).toEqual([]);
  });

  it('a crash after the credits, before the commit, replays the batch and its hook: nothing is paid twice', async () => {
    const member = '1100000000000000511';
    const s = await setup('replay', member, 120, 8, 0);
    const dying = engine(s.target, {
      onStep: (step) => {
        if (step === 'kills') throw new Error('crash before commit');
      },
    });
    // The first batch's kills are paid, then the process "dies" before the outbox and the commit.
    expect(await dying.pollNow('replay')).toMatchObject({ ok: false, error: 'crash before commit' });
    const cursor = await dying.cols.cursors.findOne({ _id: 'replay' });
    expect(cursor?.pending?.seq).toBe(1);
    const firstBatch = new Set(cursor!.pending!.lines.map((l) => l.t));
    const paidFirst = s.paid.filter((r) => firstBatch.has(r.line)).length;
    expect(paidFirst).toBeGreaterThan(0);
    expect(await balance(member)).toBe(CREDITS.kill * paidFirst);

    // A restart replays the pending batch (the hook with it), then reads the rest.
    const seen: KillRecord[][] = [];
    const next = engine(s.target, { seen });
    await next.start();
    expect(seen).toHaveLength(1); // the replay, with the same kills
    expect(await balance(member)).toBe(CREDITS.kill * paidFirst);
    expect(await next.pollNow('replay')).toMatchObject({ ok: true });
    expect(await balance(member)).toBe(CREDITS.kill * s.paid.length);
    expect(await killEntries('replay')).toHaveLength(s.paid.length);
    await next.stop();
    expect(await diffStats(mongo.db, 'replay', expectedStats(s.rows))).toEqual([]);
  });

  it('a crash inside the hook, between two writes of a credit, is finished by the replay at once', async () => {
    const member = '1100000000000000521';
    const s = await setup('midhook', member, 120, 13);
    let steps = 0;
    // Dies right after the ledger entry of the second paid kill was inserted: its credit is pending.
    const dying = engine(s.target, {
      ledgerStep: (step) => {
        if (step === 'inserted' && ++steps === 2) throw new Error('crash mid-credit');
      },
    });
    const r = await dying.pollNow('midhook');
    expect(r).toMatchObject({ ok: false, error: 'crash mid-credit' });
    expect(await cols.creditLedger.countDocuments({ _id: { $regex: `^${G}\\|kill:midhook:` }, state: 'pending' })).toBe(1);
    expect(await balance(member)).toBe(CREDITS.kill);

    const next = engine(s.target);
    await next.start();
    expect(await next.pollNow('midhook')).toMatchObject({ ok: true });
    // No sweep ran (that one waits 30 s): the replay finished the pending credit itself.
    expect(await cols.creditLedger.countDocuments({ state: 'pending' })).toBe(0);
    expect(await balance(member)).toBe(CREDITS.kill * s.paid.length);
    await next.stop();
    expect(await diffStats(mongo.db, 'midhook', expectedStats(s.rows))).toEqual([]);
  });

  it('a kill read later than the replay horizon pays nothing (a backfill of old files): its stats count all the same', async () => {
    const member = '1100000000000000531';
    const s = await setup('horizon', member, 160, 21, 0);
    expect(s.paid.length).toBeGreaterThan(6);
    // The ingest runs exactly the horizon after the middle paid kill: that one and later ones pay, earlier ones not.
    const edge = s.paid[Math.floor(s.paid.length / 2)]!;
    const now = new Date(edge.timestampMs + KILL_REPLAY_HORIZON_DAYS * DAY_MS);
    const young = s.paid.filter((r) => r.timestampMs >= edge.timestampMs);
    expect(young.length).toBeLessThan(s.paid.length);
    const e = engine(s.target, { now });
    await e.start();
    expect(await e.pollNow('horizon')).toMatchObject({ ok: true, linesRead: 160 });
    expect(await balance(member)).toBe(CREDITS.kill * young.length);
    expect(await killEntries('horizon')).toHaveLength(young.length);
    await e.stop();
    expect(await diffStats(mongo.db, 'horizon', expectedStats(s.rows))).toEqual([]);
  });
});
