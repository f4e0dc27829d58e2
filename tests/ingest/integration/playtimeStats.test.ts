/**
 * Playtime in the stats through the real ingest path (in-memory game server → IngestEngine → jongodb):
 * each player's seconds and sessions on the per-server and guild-wide documents equal a reference
 * computed from the same generated Deadside.log (joins, leaves, timeouts, restarts with players on),
 * also when the bot dies at each step of a batch and replays it; `/leaderboard stat:playtime`'s read
 * ranks them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections } from '../../../src/db/collections.js';
import { IngestEngine } from '../../../src/ingest/index.js';
import { ingestCollections } from '../../../src/ingest/store.js';
import type { PlayerStats } from '../../../src/ingest/schemas.js';
import { MemberStatsRepo } from '../../../src/repos/memberStatsRepo.js';
import { StatsQueries } from '../../../src/stats/queries.js';
import { startMongo, type TestMongo } from '../../support/mongo.js';
import { restFor, silentLogger } from '../helpers.js';
import { MemRemote } from '../memRemote.js';
import { generateLog, reference } from '../support/playtimeLog.js';

let mongo: TestMongo;
beforeAll(async () => {
  mongo = await startMongo();
});
afterAll(async () => {
  await mongo?.stop();
});

function engineFor(remote: MemRemote, serverId: string, onStep?: (step: string) => void): IngestEngine {
  const engine = new IngestEngine({ db: mongo.db, remote, rest: restFor('http://127.0.0.1:9/api', 'unused'), logger: silentLogger, batchLines: 60, ...(onStep ? { onStep } : {}) });
  engine.setTarget({ guildId: `g-${serverId}`, serverId, poolKey: serverId, settings: { showSuicides: true, killfeedDelaySeconds: 0, maxFeedAgeSeconds: null }, channels: {}, paths: { serverLog: `${serverId}/Logs/Deadside.log` }, pollSeconds: 3600 });
  return engine;
}

async function played(serverId: string, type: 'player' | 'guildPlayer'): Promise<Map<string, number>> {
  const docs = (await mongo.db.collection('ingest_stats').find({ guildId: `g-${serverId}`, type }).toArray()) as unknown as PlayerStats[];
  return new Map(docs.filter((d) => d.playtime).map((d) => [d.playerId, d.playtime!]));
}

describe('playtime in the stats', () => {
  for (const crashAt of [null, 'read', 'stats', 'committed']) {
    it(`equals the reference${crashAt ? ` after a crash at "${crashAt}" and a replay` : ''}`, async () => {
      const serverId = `pts-${crashAt ?? 'none'}`;
      const lines = generateLog(23, 300);
      const want = reference(lines).totals;
      expect(want.size).toBeGreaterThan(3);
      const remote = new MemRemote();
      remote.put(`${serverId}/Logs/Deadside.log`, `${lines.join('\n')}\n`);
      let crashed = false;
      const first = engineFor(remote, serverId, (step) => {
        if (step === crashAt && !crashed) {
          crashed = true;
          throw new Error(`crash at ${step}`);
        }
      });
      await first.pollNow(serverId);
      await first.stop();
      const second = engineFor(remote, serverId);
      for (let i = 0; i < 10; i++) expect((await second.pollNow(serverId)).ok).toBe(true);
      await second.stop();
      const positive = new Map([...want].filter(([, s]) => s > 0));
      expect(await played(serverId, 'player')).toEqual(positive);
      expect(await played(serverId, 'guildPlayer')).toEqual(positive);
      if (crashAt) expect(crashed).toBe(true);
    });
  }

  it('is a board of its own, best first, all time whatever the window', async () => {
    const stats = new StatsQueries(ingestCollections(mongo.db).stats, new MemberStatsRepo(collections(mongo.db).memberStats));
    const page = await stats.board('g-pts-none', 'playtime', 1, 10);
    const want = [...reference(generateLog(23, 300)).totals.values()].filter((s) => s > 0).sort((a, b) => b - a);
    expect(page.total).toBe(want.length);
    expect(page.players.map((p) => p.playtime)).toEqual(want.slice(0, 10));
    expect((await stats.board('g-pts-none', 'playtime', 1, 10, undefined, { name: 'today' })).total).toBe(want.length);
  });
});
