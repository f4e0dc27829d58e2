/**
 * The playtime reads (src/stats/playtimeReads.ts through StatsQueries) against jongodb, on documents the
 * ingest's writer made (recordPlaytime): a board page equals the brute force in one count and one find of
 * at most a page, per server and guild-wide, all time and in a window; a lookup sums a member's players;
 * another guild never shows; a replayed batch changes nothing.
 */
import { MongoClient, type CommandSucceededEvent } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections } from '../../src/db/collections.js';
import { rng } from '../deadside/generate.js';
import { ensureIngestIndexes, ingestCollections } from '../../src/ingest/store.js';
import { playtimeAdds } from '../../src/ingest/playtimeDays.js';
import { recordPlaytime } from '../../src/ingest/playtimeStore.js';
import type { ClosedSession } from '../../src/ingest/playtimeSessions.js';
import { MemberStatsRepo } from '../../src/repos/memberStatsRepo.js';
import { PAGE_SIZE } from '../../src/stats/leaderboards.js';
import { StatsQueries } from '../../src/stats/queries.js';
import { startMongo, type TestMongo } from '../support/mongo.js';

const G = '1700000000000000001';
const OTHER = '1700000000000000002';
const SERVERS = ['s1', 's2'];
const NOW = new Date('2025-05-16T12:00:00Z');
const ctx = { timeZone: 'UTC', seasonId: null, seasonStartedAt: null };
const pid = (i: number) => i.toString(16).padStart(32, '0');

let mongo: TestMongo;
let monitored: MongoClient;
let queries: StatsQueries;
let trips: { name: string; returned: number }[] = [];
/** Every session written, per server. */
const written = new Map<string, ClosedSession[]>();

beforeAll(async () => {
  mongo = await startMongo();
  const cols = ingestCollections(mongo.db);
  await ensureIngestIndexes(cols);
  const r = rng(5);
  for (const [g, serverIds, players] of [[G, SERVERS, 45], [OTHER, ['x1'], 5]] as const) {
    for (const serverId of serverIds) {
      const sessions: ClosedSession[] = [];
      for (let i = 0; i < players; i++) {
        if (r() < 0.2) continue;
        // Yesterday or today, some across midnight; long ones for the other guild (it must never show).
        const start = Date.parse('2025-05-15T20:00:00Z') + Math.floor(r() * 14 * 3_600_000);
        const length = (g === OTHER ? 20 : 1) * Math.floor(r() * 3 * 3_600_000);
        sessions.push({ eosId: pid(i), start: new Date(start), end: new Date(start + length), name: `Player${String(i).padStart(2, '0')}` });
      }
      written.set(serverId, sessions);
      // Two batches, the second replayed: the replay adds nothing.
      const half = Math.floor(sessions.length / 2);
      await recordPlaytime(cols.playtime, { guildId: g, serverId, seq: 1, adds: playtimeAdds(sessions.slice(0, half), ctx, NOW) });
      for (let k = 0; k < 2; k++) await recordPlaytime(cols.playtime, { guildId: g, serverId, seq: 2, adds: playtimeAdds(sessions.slice(half), ctx, NOW) });
    }
  }
  monitored = await new MongoClient(mongo.uri, { monitorCommands: true }).connect();
  monitored.on('commandSucceeded', (e: CommandSucceededEvent) => {
    const reply = e.reply as { cursor?: { firstBatch?: unknown[] } };
    if (e.commandName !== 'endSessions') trips.push({ name: e.commandName, returned: reply.cursor?.firstBatch?.length ?? 0 });
  });
  const clock = { timeZone: async () => 'UTC', currentSeason: async () => null, now: () => NOW };
  const mon = ingestCollections(monitored.db());
  queries = new StatsQueries(mon.stats, new MemberStatsRepo(collections(monitored.db()).memberStats), { col: mon.windows, clock }, mon.playtime);
}, 60_000);

afterAll(async () => {
  await monitored?.close();
  await mongo?.stop();
});

/** The brute force: seconds per player from the sessions (a day's part only for `day`), ranked. */
function bruteForce(serverIds: readonly string[], day?: string): { playerId: string; name: string; seconds: number }[] {
  const by = new Map<string, { playerId: string; name: string; seconds: number }>();
  for (const id of serverIds) {
    for (const s of written.get(id)!) {
      const from = day ? Math.max(s.start.getTime(), Date.parse(`${day}T00:00:00Z`)) : s.start.getTime();
      const to = day ? Math.min(s.end.getTime(), Date.parse(`${day}T00:00:00Z`) + 86_400_000) : s.end.getTime();
      if (to < from) continue;
      const up = (t: number) => Math.round((t - s.start.getTime()) / 1000);
      const e = by.get(s.eosId) ?? { playerId: s.eosId, name: s.name!, seconds: 0 };
      e.seconds += up(to) - up(from);
      by.set(s.eosId, e);
    }
  }
  return [...by.values()].filter((p) => p.seconds > 0).sort((a, b) => b.seconds - a.seconds || (a.name < b.name ? -1 : 1));
}

describe('the playtime board', () => {
  for (const [label, serverId, window] of [
    ['guild-wide, all time', undefined, 'all'],
    ['one server, all time', 's2', 'all'],
    ['guild-wide, today', undefined, 'today'],
  ] as const) {
    it(`${label}: every page equals the brute force in one count and one find of ≤ ${PAGE_SIZE} documents`, async () => {
      const want = bruteForce(serverId ? [serverId] : SERVERS, window === 'today' ? '2025-05-16' : undefined);
      expect(want.length).toBeGreaterThan(PAGE_SIZE * 2);
      const pages = Math.ceil(want.length / PAGE_SIZE);
      for (let page = 1; page <= pages; page++) {
        trips = [];
        const got = await queries.playtimeBoard(G, page, PAGE_SIZE, serverId, { name: window });
        expect(got.total).toBe(want.length);
        expect(got.players.map((p) => [p.playerId, p.name, p.seconds])).toEqual(want.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((p) => [p.playerId, p.name, p.seconds]));
        expect(trips.map((t) => t.name)).toEqual(['aggregate', 'find']);
        expect(trips[1]!.returned).toBeLessThanOrEqual(PAGE_SIZE);
      }
    });
  }

  it("a lookup sums a member's players in one find; unknown players and other guilds count nothing", async () => {
    const all = bruteForce(SERVERS);
    trips = [];
    const two = await queries.playtime(G, [all[0]!.playerId, all[1]!.playerId, pid(999)]);
    expect(two.seconds).toBe(all[0]!.seconds + all[1]!.seconds);
    expect(trips.map((t) => t.name)).toEqual(['find']);
    expect(await queries.playtime(OTHER, [all[0]!.playerId])).toEqual(expect.objectContaining({ seconds: expect.any(Number) }));
    expect((await queries.playtime(G, [pid(999)])).sessions).toBe(0);
    const theirs = await queries.playtimeBoard(OTHER, 1, PAGE_SIZE);
    expect(theirs.total).toBeLessThanOrEqual(5);
  });

  it('finds a player known only from Deadside.log by name (any case) or id, guild-wide or on one server', async () => {
    const all = bruteForce(SERVERS);
    const one = all[0]!;
    trips = [];
    expect(await queries.playtimePlayer(G, one.name.toUpperCase())).toMatchObject({ playerId: one.playerId, seconds: one.seconds });
    expect(await queries.playtimePlayer(G, one.playerId)).toMatchObject({ name: one.name, seconds: one.seconds });
    expect(trips.map((t) => t.name)).toEqual(['find', 'find']);
    const onS1 = bruteForce(['s1']).find((p) => p.playerId === one.playerId);
    expect((await queries.playtimePlayer(G, one.name, 's1'))?.seconds ?? 0).toBe(onS1?.seconds ?? 0);
    expect(await queries.playtimePlayer(G, 'nobody at all')).toBeNull();
    expect(await queries.playtimePlayer(OTHER, 'nobody at all')).toBeNull();
  });
});
