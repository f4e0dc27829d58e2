/**
 * The faction board's window (src/commands/faction/board.ts) on a real MongoDB-wire server: it reads the
 * window documents the player boards read (the stats clock's key: the guild's timezone, its current
 * season), so a faction's kills in `season` or `today` are its members' kills on those player boards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Collection } from 'mongodb';
import { factionBoard } from '../../../src/commands/faction/board.js';
import { collections, ensureIndexes } from '../../../src/db/collections.js';
import { Economy } from '../../../src/economy/economy.js';
import { FactionStats } from '../../../src/factions/factionStats.js';
import { FactionService } from '../../../src/factions/service.js';
import { ENGLISH } from '../../../src/i18n/translate.js';
import { guildPlayerId, type AnyStatsDoc } from '../../../src/ingest/guildStats.js';
import { guildWindowDocId, type WindowPlayer } from '../../../src/ingest/windowDocs.js';
import { calendarKey, seasonKey } from '../../../src/ingest/windows.js';
import { ingestCollections } from '../../../src/ingest/store.js';
import { createLogger } from '../../../src/logger.js';
import type { AppServices } from '../../../src/services/container.js';
import { StatsQueries } from '../../../src/stats/queries.js';
import { startMongo, type TestMongo } from '../../support/mongo.js';

const G = '1860000000000000001';
const TZ = 'Pacific/Kiritimati'; // UTC+14: its day differs from UTC's for ten hours of every day
let mongo: TestMongo;
let services: AppServices;

const windowDoc = (key: string, kills: number) =>
  ({ _id: guildWindowDocId(G, key, 'p1'), guildId: G, serverId: '*', window: key, playerId: 'p1', name: 'Ann', nameLower: 'ann', kills, deaths: 1, rank: { kills } }) as unknown as WindowPlayer;

beforeAll(async () => {
  mongo = await startMongo();
  const cols = collections(mongo.db);
  await ensureIndexes(cols);
  const ing = ingestCollections(mongo.db);
  const economy = new Economy({ cols: { ledger: cols.creditLedger, balances: cols.creditBalances }, logger: createLogger('silent') });
  const factions = new FactionService({ cols: { factions: cols.factions, factionMembers: cols.factionMembers }, links: cols.playerLinks, economy });
  const stats = ing.stats as unknown as Collection<AnyStatsDoc>;
  const clock = { timeZone: () => Promise.resolve(TZ), currentSeason: () => Promise.resolve({ id: '3' }) };
  services = {
    stats: new StatsQueries(ing.stats, { topPixelPlacers: () => Promise.resolve([]) }, { col: ing.windows, clock }),
    factionStats: new FactionStats({ links: cols.playerLinks, stats, windows: ing.windows }, factions.store),
  } as unknown as AppServices;
  await cols.playerLinks.insertOne({ _id: `${G}:p1`, guildId: G, userId: 'ann', playerId: 'p1', playerName: 'Ann', playerNameLower: 'ann', linkedAt: new Date(0) });
  await stats.insertOne({ _id: guildPlayerId(G, 'p1'), guildId: G, serverId: '*', type: 'guildPlayer', playerId: 'p1', name: 'Ann', kills: 20, deaths: 2 } as unknown as AnyStatsDoc);
  const [day, utcDay] = [calendarKey('today', new Date(), TZ), calendarKey('today', new Date(), 'UTC')];
  // UTC's day too, when it is another: a board in the wrong timezone would show its 99.
  await ing.windows.insertMany([windowDoc(seasonKey('3'), 7), windowDoc(day, 4), ...(utcDay !== day ? [windowDoc(utcDay, 99)] : [])]);
  await factions.create(G, 'ann', 'Wolves', 'WOLF', 0);
}, 60_000);
afterAll(async () => {
  await mongo?.stop();
});

describe('the faction board’s window', () => {
  it('is the player boards’ window: the current season, the guild’s day, all time', async () => {
    for (const [window, kills] of [['season', 7], ['today', 4], ['all', 20]] as const) {
      const text = (await factionBoard(services, G, ENGLISH, 'kills', window)).embeds[0]!.description;
      expect(text).toMatch(new RegExp(`^\\*\\*1\\.\\*\\* \\[WOLF\\] Wolves · ${kills} kills,`));
      if (window === 'all') continue;
      // The player board of the window reads the same document.
      const players = await services.stats.board(G, 'kills', 1, 10, undefined, { name: window });
      expect(players.players.map((p) => p.kills)).toEqual([kills]);
    }
  });
});
