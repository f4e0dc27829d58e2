/**
 * Boards, `/stats server`, `/stats weapon` and weapon autocomplete cost what the page shows, not what the
 * guild holds: with a few thousand players over three servers (seeded with insertMany), every page is
 * one count and one indexed range of at most a page of documents, and equals the brute-force ranking of
 * every player document merged in memory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient, type CommandSucceededEvent } from 'mongodb';
import { parseKillfeedLine } from '../../src/deadside/index.js';
import { guildPlayer, guildWeapon } from '../../src/ingest/guildStats.js';
import type { PlayerStats, StatsDoc, WeaponStats } from '../../src/ingest/schemas.js';
import { StatsWorkingSet } from '../../src/ingest/statsModel.js';
import { ensureIngestIndexes, ingestCollections } from '../../src/ingest/store.js';
import { collections } from '../../src/db/collections.js';
import { PAGE_SIZE, rankPlayers } from '../../src/stats/leaderboards.js';
import { mergeByPlayer } from '../../src/ingest/merge.js';
import { StatsQueries } from '../../src/stats/queries.js';
import { MemberStatsRepo } from '../../src/repos/memberStatsRepo.js';
import { boardRanks, PLAYER_BOARD_NAMES, type PlayerBoardName } from '../../src/ingest/rank.js';
import { startMongo, type TestMongo } from '../support/mongo.js';

const G = '1500000000000000100';
const OTHER = '1500000000000000200';
const SERVERS = ['srv-a', 'srv-b', 'srv-c'];
const PLAYERS = 3000;
const WEAPONS = 60;

/** A small deterministic PRNG (mulberry32): the same world every run. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pid = (i: number) => i.toString(16).padStart(32, '0');
// Few distinct names: many ties on every board, so the tie order is tested too.
const pname = (i: number) => `Player ${i % 700}`;

/** One server's documents after a killfeed of `kills` random lines among players [from, to). */
function serverDocs(guildId: string, serverId: string, from: number, to: number, kills: number, seed: number): StatsDoc[] {
  const r = rng(seed);
  const set = new StatsWorkingSet({ guildId, serverId }, 1, []);
  const pick = () => from + Math.floor(r() * (to - from));
  for (let n = 0; n < kills; n++) {
    const k = pick();
    const v = r() < 0.08 ? k : pick();
    const weapon = k === v ? 'suicide_by_relocation' : `Gun ${Math.floor(r() * r() * WEAPONS)}`;
    const at = `2025.05.01-${String(10 + Math.floor(n / 3600)).padStart(2, '0')}.${String(Math.floor(n / 60) % 60).padStart(2, '0')}.${String(n % 60).padStart(2, '0')}`;
    const e = parseKillfeedLine(`${at};${pname(k)};${pid(k)};${pname(v)};${pid(v)};${weapon};${Math.floor(r() * 800)};PC;PC;`);
    if (!e.ok) throw new Error(e.reason);
    set.applyKill(e.event);
  }
  // The pair documents (the duel record) play no part in these reads; jongodb slows with every document.
  return set.writes().map((w) => w.doc).filter((d) => d.type !== 'duel');
}

let mongo: TestMongo;
let monitored: MongoClient;
let queries: StatsQueries;
let perServer: StatsDoc[];
/** The commands of the stats collection since the last reset, with the documents each returned. */
let trips: { name: string; returned: number }[] = [];

beforeAll(async () => {
  mongo = await startMongo();
  const cols = ingestCollections(mongo.db);
  await ensureIngestIndexes(cols);
  // Overlapping ranges: most players play on two servers, some on one, a few on all three.
  perServer = [
    ...serverDocs(G, SERVERS[0]!, 0, 1800, 6000, 1),
    ...serverDocs(G, SERVERS[1]!, 1000, 2600, 5000, 2),
    ...serverDocs(G, SERVERS[2]!, 1500, PLAYERS, 4000, 3),
  ];
  const byPlayer = new Map<string, PlayerStats[]>();
  const byWeapon = new Map<string, WeaponStats[]>();
  for (const d of perServer) {
    if (d.type === 'player') byPlayer.set(d.playerId, [...(byPlayer.get(d.playerId) ?? []), d]);
    if (d.type === 'weapon') byWeapon.set(d.weapon, [...(byWeapon.get(d.weapon) ?? []), d]);
  }
  const guildDocs = [...[...byPlayer.values()].map((g) => guildPlayer(G, g)), ...[...byWeapon.values()].map((g) => guildWeapon(G, g))];
  // Another guild with higher numbers: it must never show here.
  const other = serverDocs(OTHER, 'srv-x', 0, 50, 3000, 4);
  const otherGuild = other.filter((d): d is PlayerStats => d.type === 'player').map((d) => guildPlayer(OTHER, [d]));
  for (let i = 0; i < perServer.length; i += 1000) await cols.stats.insertMany(perServer.slice(i, i + 1000));
  for (let i = 0; i < guildDocs.length; i += 1000) await cols.stats.insertMany(guildDocs.slice(i, i + 1000) as never);
  await cols.stats.insertMany([...other, ...(otherGuild as never[])]);

  monitored = await new MongoClient(mongo.uri, { monitorCommands: true }).connect();
  monitored.on('commandSucceeded', (e: CommandSucceededEvent) => {
    const reply = e.reply as { cursor?: { firstBatch?: unknown[]; nextBatch?: unknown[] } };
    trips.push({ name: e.commandName, returned: reply.cursor?.firstBatch?.length ?? reply.cursor?.nextBatch?.length ?? 0 });
  });
  queries = new StatsQueries(ingestCollections(monitored.db()).stats, new MemberStatsRepo(collections(monitored.db()).memberStats));
}, 120_000);

afterAll(async () => {
  await monitored?.close();
  await mongo?.stop();
});

/** The brute force: every player document of the scope, merged per player, ranked in memory. */
function bruteForce(board: PlayerBoardName, serverId?: string): PlayerStats[] {
  const docs = perServer.filter((d): d is PlayerStats => d.type === 'player' && (!serverId || d.serverId === serverId));
  return rankPlayers(serverId ? docs : mergeByPlayer(docs), board);
}

const row = (board: PlayerBoardName) => (p: Parameters<typeof boardRanks>[0]) => ({ id: p.playerId, name: p.name, value: boardRanks(p)[board], kills: p.kills, deaths: p.deaths });

async function measured<T>(f: () => Promise<T>): Promise<{ value: T; trips: typeof trips }> {
  trips = [];
  const value = await f();
  return { value, trips: trips.filter((t) => t.name !== 'endSessions') };
}

describe('player boards read a page, not the guild', () => {
  it('the seed is large enough to matter', () => {
    const players = new Set(perServer.filter((d) => d.type === 'player').map((d) => (d as PlayerStats).playerId));
    expect(players.size).toBeGreaterThan(2900);
  });

  for (const board of PLAYER_BOARD_NAMES) {
    it(`${board}: guild-wide and per server, first, middle and last pages equal the brute force in two round trips of ≤ ${PAGE_SIZE} documents`, { timeout: 90_000 }, async () => {
      for (const serverId of [undefined, SERVERS[1]]) {
        const expected = bruteForce(board, serverId);
        expect(expected.length).toBeGreaterThan(PAGE_SIZE * 3);
        const pages = Math.ceil(expected.length / PAGE_SIZE);
        for (const page of [1, Math.ceil(pages / 2), pages]) {
          const { value, trips: t } = await measured(() => queries.board(G, board, page, PAGE_SIZE, serverId));
          expect(value.total).toBe(expected.length);
          expect(value.current).toBe(page);
          expect(value.players.map(row(board))).toEqual(expected.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map(row(board)));
          // One count (an aggregate answering one document) and one find of at most a page.
          expect(t.map((x) => x.name)).toEqual(['aggregate', 'find']);
          expect(t[0]!.returned).toBeLessThanOrEqual(1);
          expect(t[1]!.returned).toBeLessThanOrEqual(PAGE_SIZE);
        }
      }
    });
  }

  it('a page past the end shows the last page; a repeat is served from the cache', async () => {
    const expected = bruteForce('kills');
    const last = Math.ceil(expected.length / PAGE_SIZE);
    const far = await queries.board(G, 'kills', 10_000, PAGE_SIZE);
    expect(far.current).toBe(last);
    expect(far.players.map((p) => p.playerId)).toEqual(expected.slice((last - 1) * PAGE_SIZE).map((p) => p.playerId));
    const again = await measured(() => queries.board(G, 'kills', 10_000, PAGE_SIZE));
    expect(again.value).toEqual(far);
    expect(again.trips).toEqual([]);
  });

  it('another guild’s players never appear', async () => {
    const top = await queries.board(G, 'kills', 1, PAGE_SIZE);
    expect(top.players.every((p) => perServer.some((d) => d.type === 'player' && d.playerId === p.playerId))).toBe(true);
    const theirs = await queries.board(OTHER, 'kills', 1, PAGE_SIZE);
    expect(theirs.total).toBeLessThanOrEqual(50);
  });
});

describe('/stats server, /stats weapon and weapon autocomplete', () => {
  const weapons = (serverId?: string) => {
    const totals = new Map<string, number>();
    for (const d of perServer) if (d.type === 'weapon' && (!serverId || d.serverId === serverId)) totals.set(d.weapon, (totals.get(d.weapon) ?? 0) + d.kills);
    return [...totals].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  };

  it('players seen is an index count and the busiest weapons a range of five', async () => {
    for (const serverId of [undefined, SERVERS[2]]) {
      const players = new Set(perServer.filter((d) => d.type === 'player' && (!serverId || d.serverId === serverId)).map((d) => (d as PlayerStats).playerId));
      const seen = await measured(() => queries.playersSeen(G, serverId));
      expect(seen.value).toBe(players.size);
      expect(seen.trips).toEqual([{ name: 'aggregate', returned: 1 }]);
      const top = await measured(() => queries.topWeapons(G, 5, serverId));
      // Ties in kills are ordered by _id (the weapon name within a scope).
      expect(top.value.map((w) => [w.weapon, w.kills])).toEqual(weapons(serverId).slice(0, 5));
      expect(top.trips).toEqual([{ name: 'find', returned: 5 }]);
    }
  });

  it('a weapon is one lookup of its documents (one per server), case-insensitive', async () => {
    const [name, kills] = weapons()[3]!;
    const w = await measured(() => queries.weapon(G, name.toUpperCase()));
    expect(w.value).toMatchObject({ weapon: name, kills });
    expect(w.trips).toEqual([{ name: 'find', returned: SERVERS.length }]);
    expect((await queries.weapon(G, name, SERVERS[0]))?.kills).toBe(weapons(SERVERS[0]).find(([n]) => n === name)?.[1]);
  });

  it('weapon autocomplete: a prefix range of at most 25, or the busiest 25 while nothing is typed', async () => {
    const busiest = await measured(() => queries.suggestWeapons(G, ''));
    expect(busiest.value).toEqual(weapons().slice(0, 25).map(([n]) => n));
    expect(busiest.trips).toEqual([{ name: 'find', returned: 25 }]);
    const typed = await measured(() => queries.suggestWeapons(G, 'gun 1'));
    const want = weapons().map(([n]) => n).filter((n) => n.toLowerCase().startsWith('gun 1')).sort();
    expect(typed.value).toEqual(want.slice(0, 25));
    expect(typed.trips).toEqual([{ name: 'find', returned: Math.min(25, want.length) }]);
  });
});
