import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { collections, ensureIndexes, type Collections } from '../../src/db/collections.js';
import { GuildConfigRepo } from '../../src/repos/guildConfigRepo.js';
import { startMongo, type TestMongo } from '../support/mongo.js';

const GUILD_A = '100000000000000001';
const GUILD_B = '100000000000000002';

let mongo: TestMongo;
let cols: Collections;

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  await ensureIndexes(cols);
});
afterAll(() => mongo?.stop());

describe('GuildConfigRepo', () => {
  it('returns defaults without writing, caches reads and invalidates on write', async () => {
    const repo = new GuildConfigRepo(cols.guildConfigs);
    const first = await repo.get(GUILD_A);
    expect(first.timezone).toBe('UTC');
    expect(first.premium.tier).toBe('free');
    expect(await cols.guildConfigs.countDocuments({ _id: GUILD_A })).toBe(0);

    // A write made behind the repo's back is not seen until the cache is invalidated...
    await cols.guildConfigs.insertOne({ ...first, timezone: 'Europe/Berlin' });
    expect((await repo.get(GUILD_A)).timezone).toBe('UTC');
    // ...but the repo's own writes are seen at once.
    const updated = await repo.update(GUILD_A, { timezone: 'Europe/Paris', premium: { tier: 'pro', expiresAt: null } });
    expect(updated.timezone).toBe('Europe/Paris');
    expect(await repo.tier(GUILD_A)).toBe('pro');
    expect((await repo.get(GUILD_B)).timezone).toBe('UTC');
  });

  it('shares one query among concurrent cache misses, and never serves a read older than its own write', async () => {
    const client = await new MongoClient(mongo.uri, { monitorCommands: true }).connect();
    try {
      let finds = 0;
      client.on('commandStarted', (e) => {
        if (e.commandName === 'find' && e.command.find === 'guild_configs') finds++;
      });
      const repo = new GuildConfigRepo(collections(client.db()).guildConfigs);
      const guild = '100000000000000003';
      const configs = await Promise.all(Array.from({ length: 50 }, () => repo.get(guild)));
      expect(finds).toBe(1);
      expect(new Set(configs).size).toBe(1);
      // A write while a read is in flight: the read's (older) value is not cached, the next get reads again.
      const stale = repo.get(guild);
      await repo.update(guild, { locale: 'de' });
      await stale;
      expect((await repo.get(guild)).locale).toBe('de');
      expect((await repo.format(guild)).number(1234.5)).toBe('1.234,5');
    } finally {
      await client.close();
    }
  });
});
