/**
 * The faction board (src/factions/factionStats.ts) on a real MongoDB-wire server: members' players'
 * guild-wide numbers summed, and the ranked board kept a while, until a faction changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Collection } from 'mongodb';
import { collections, ensureIndexes, type Collections } from '../../src/db/collections.js';
import { Economy } from '../../src/economy/economy.js';
import { FactionStats } from '../../src/factions/factionStats.js';
import { FactionService } from '../../src/factions/service.js';
import { guildPlayerId, type AnyStatsDoc } from '../../src/ingest/guildStats.js';
import { ingestCollections } from '../../src/ingest/store.js';
import { createLogger } from '../../src/logger.js';
import { startMongo, type TestMongo } from '../support/mongo.js';

const G = '1840000000000000001';
let mongo: TestMongo;
let cols: Collections;
let stats: Collection<AnyStatsDoc>;
let svc: FactionService;
let board: FactionStats;

const player = (playerId: string, kills: number, deaths: number) => ({ _id: guildPlayerId(G, playerId), guildId: G, serverId: '*', type: 'guildPlayer', playerId, name: playerId, kills, deaths }) as unknown as AnyStatsDoc;
const link = (userId: string, playerId: string) => ({ _id: `${G}:${playerId}`, guildId: G, userId, playerId, playerName: playerId, playerNameLower: playerId, linkedAt: new Date(0) });

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  await ensureIndexes(cols);
  stats = ingestCollections(mongo.db).stats as unknown as Collection<AnyStatsDoc>;
  const economy = new Economy({ cols: { ledger: cols.creditLedger, balances: cols.creditBalances }, logger: createLogger('silent') });
  svc = new FactionService({ cols: { factions: cols.factions, factionMembers: cols.factionMembers }, links: cols.playerLinks, economy });
  board = new FactionStats({ links: cols.playerLinks, stats, windows: ingestCollections(mongo.db).windows }, svc.store);
  await cols.playerLinks.insertMany([link('ua', 'pa'), link('ub', 'pb'), link('uc', 'pc')]);
  await stats.insertMany([player('pa', 6, 2), player('pb', 1, 4), player('pc', 9, 1)]);
}, 60_000);

afterAll(async () => {
  await mongo?.stop();
});

describe('the faction board', () => {
  it('sums the members’ players, ranks by kills or K/D, and is kept until a faction changes', async () => {
    const wolves = await svc.create(G, 'ua', 'Wolves', 'WOLF', 0);
    await svc.accept(G, wolves._id, 'ub', 10);
    await svc.create(G, 'uc', 'Ravens', 'RVN', 0);
    const ranked = (by: 'kills' | 'kdr') => board.board(G, null, by).then((r) => r.map((f) => [f.faction.tag, f.kills, f.deaths]));
    expect(await ranked('kills')).toEqual([
      ['RVN', 9, 1],
      ['WOLF', 7, 6],
    ]);
    // New kills show once the kept board is older than its time (a player board page's 30 s)…
    await stats.updateOne({ _id: guildPlayerId(G, 'pa') } as never, { $set: { kills: 20 } });
    expect(await ranked('kills')).toEqual([
      ['RVN', 9, 1],
      ['WOLF', 7, 6],
    ]);
    // …or as soon as a faction changes here.
    await svc.leave(G, 'ub');
    expect(await ranked('kills')).toEqual([
      ['WOLF', 20, 2],
      ['RVN', 9, 1],
    ]);
    expect((await ranked('kdr')).map((r) => r[0])).toEqual(['WOLF', 'RVN']);
  });
});
