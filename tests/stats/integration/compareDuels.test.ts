/**
 * The duel record of /compare through the real ingest path: generated killfeeds on two game servers of
 * one guild (in-memory game server → IngestEngine → jongodb), one of them crashing after its stats were
 * written and replayed by a restarted engine. The pair documents must equal a reference counted from
 * the generated kills, per server and summed over both, for every pair of players.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestEngine } from '../../../src/ingest/index.js';
import type { DuelStats } from '../../../src/ingest/duelSchema.js';
import type { StatsDoc } from '../../../src/ingest/schemas.js';
import { readDuel } from '../../../src/stats/compareDuel.js';
import { generateKillfeed, type ExpectedRow } from '../../deadside/generate.js';
import { restFor, silentLogger } from '../../ingest/helpers.js';
import { csvPath, MemRemote } from '../../ingest/memRemote.js';
import { startMongo, type TestMongo } from '../../support/mongo.js';

const G = '1800000000000000100';
const SERVERS = ['duel-s1', 'duel-s2'] as const;

let mongo: TestMongo;
let rows: ExpectedRow[];
const remote = new MemRemote();
/** Kills per `killer|victim` on each server, counted from the generated rows. */
const reference = new Map<string, Map<string, number>>();

function engine(onStep?: (step: string) => void): IngestEngine {
  const e = new IngestEngine({ db: mongo.db, remote, rest: restFor('http://127.0.0.1:9/api', 'unused'), logger: silentLogger, batchLines: 40, ...(onStep ? { onStep } : {}) });
  for (const serverId of SERVERS) {
    e.setTarget({ guildId: G, serverId, poolKey: serverId, settings: { showSuicides: true, killfeedDelaySeconds: 0, maxFeedAgeSeconds: null }, channels: {}, paths: { deathlogs: `${serverId}/deathlogs` }, pollSeconds: 3600 });
  }
  return e;
}

const pairCount = (serverId: string, killer: string, victim: string) => reference.get(serverId)?.get(`${killer}|${victim}`) ?? 0;

beforeAll(async () => {
  mongo = await startMongo();
  // One set of 20 players on both servers: most pairs meet on both, so the guild-wide record is a real sum.
  rows = generateKillfeed(480, 77).rows;
  const parts = { [SERVERS[0]]: rows.slice(0, 260), [SERVERS[1]]: rows.slice(260) };
  for (const serverId of SERVERS) {
    const counts = new Map<string, number>();
    for (const r of parts[serverId]!) if (r.kind === 'kill') counts.set(`${r.killer!.id}|${r.victim.id}`, (counts.get(`${r.killer!.id}|${r.victim.id}`) ?? 0) + 1);
    reference.set(serverId, counts);
    remote.put(csvPath(serverId), parts[serverId]!.map((r) => `${r.line}\n`).join(''));
  }

  // The first server's third batch crashes once its stats are written (before the commit)...
  let batches = 0;
  const dying = engine((step) => {
    if (step === 'stats' && ++batches === 3) throw new Error('crash after the stats write');
  });
  expect((await dying.pollNow(SERVERS[0])).ok).toBe(false);
  // ...and a restarted engine replays it, then reads the rest and the second server.
  const next = engine();
  for (const serverId of SERVERS) {
    const r = await next.pollNow(serverId);
    expect(r.ok, r.ok ? '' : String(r.error)).toBe(true);
  }
}, 120_000);

afterAll(async () => {
  await mongo?.stop();
});

describe('duel documents through the ingest path', () => {
  it('hold exactly the reference count of every pair on each server, the replayed batch counted once', async () => {
    for (const serverId of SERVERS) {
      const docs = (await mongo.db.collection<StatsDoc>('ingest_stats').find({ serverId, type: 'duel' }).toArray()) as DuelStats[];
      const stored = new Map(docs.map((d) => [`${d.killerId}|${d.victimId}`, d.n]));
      expect(stored, serverId).toEqual(reference.get(serverId));
      expect(docs.every((d) => d.guildId === G)).toBe(true);
    }
    expect(reference.get(SERVERS[0])!.size).toBeGreaterThan(100);
  });

  it('read as a duel: per server, and guild-wide as the sum of both servers, for every pair of players', async () => {
    const stats = mongo.db.collection<StatsDoc>('ingest_stats');
    const players = [...new Set(rows.flatMap((r) => [r.victim.id, ...(r.killer ? [r.killer.id] : [])]))];
    expect(players.length).toBeGreaterThanOrEqual(20);
    let summed = 0;
    for (let i = 0; i < players.length; i++) {
      for (let j = i + 1; j < players.length; j++) {
        const [a, b] = [players[i]!, players[j]!];
        const want = { aKilledB: pairCount(SERVERS[0], a, b) + pairCount(SERVERS[1], a, b), bKilledA: pairCount(SERVERS[0], b, a) + pairCount(SERVERS[1], b, a) };
        expect(await readDuel(stats, G, a, b), `${a} vs ${b}`).toEqual(want);
        if (pairCount(SERVERS[0], a, b) && pairCount(SERVERS[1], a, b)) summed++;
      }
    }
    // Many pairs met on both servers: the sums above added two documents each.
    expect(summed).toBeGreaterThan(20);
    const [a, b] = [players[0]!, players[1]!];
    expect(await readDuel(stats, G, a, b, SERVERS[1])).toEqual({ aKilledB: pairCount(SERVERS[1], a, b), bKilledA: pairCount(SERVERS[1], b, a) });
    expect(await readDuel(stats, 'another-guild', a, b)).toEqual({ aKilledB: 0, bKilledA: 0 });
  });
});
