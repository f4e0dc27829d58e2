/**
 * A new world_N folder through the real ingest path (in-memory game server → IngestEngine → jongodb):
 * the engine tells once that the server began a world it never had, not at the first world's first sync.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMongo, type TestMongo } from '../../support/mongo.js';
import { killLines } from '../support/killScript.js';
import { IngestEngine } from '../../../src/ingest/index.js';
import { restFor, silentLogger } from '../helpers.js';
import { MemRemote } from '../memRemote.js';

let mongo: TestMongo;
beforeAll(async () => {
  mongo = await startMongo();
});
afterAll(async () => {
  await mongo?.stop();
});

describe('a new world folder', () => {
  it('is reported once, for the second world only', async () => {
    const remote = new MemRemote();
    const seen: string[] = [];
    const engine = new IngestEngine({ db: mongo.db, remote, rest: restFor('http://127.0.0.1:9/api', 'unused'), logger: silentLogger, onNewWorld: async (_g, serverId, world) => void seen.push(`${serverId}:${world}`) });
    engine.setTarget({ guildId: 'g-w', serverId: 'w1', poolKey: 'w1', channels: {}, paths: { deathlogs: 'w1/deathlogs' }, pollSeconds: 3600 });
    const at = Date.UTC(2025, 4, 1, 10);
    remote.put('w1/deathlogs/world_0/2025.05.01-00.00.00.csv', killLines([{ killer: 'Alpha', victim: 'Bravo', at }]));
    expect((await engine.pollNow('w1')).ok).toBe(true);
    expect(seen).toEqual([]);
    remote.put('w1/deathlogs/world_1/2025.05.02-00.00.00.csv', killLines([{ killer: 'Alpha', victim: 'Bravo', at: at + 86_400_000 }]));
    expect((await engine.pollNow('w1')).ok).toBe(true);
    remote.put('w1/deathlogs/world_1/2025.05.02-00.00.00.csv', killLines([{ killer: 'Alpha', victim: 'Bravo', at: at + 86_400_000 }, { killer: 'Bravo', victim: 'Alpha', at: at + 86_460_000 }]));
    expect((await engine.pollNow('w1')).ok).toBe(true);
    expect(seen).toEqual(['w1:world_1']);
    await engine.stop();
  });
});
