import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { Long } from 'mongodb';
import { collections, ensureIndexes, type Collections } from '../../src/db/collections.js';
import { runMigrations, migrationChecksum } from '../../src/db/migrate.js';
import { MIGRATIONS } from '../../src/db/migrations/index.js';
import type { Migration } from '../../src/db/migrations/types.js';
import { startMongo, type TestMongo } from '../support/mongo.js';

const silent = pino({ level: 'silent' });

let mongo: TestMongo;
let cols: Collections;

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  await ensureIndexes(cols);
});
afterAll(() => mongo?.stop());

describe('migrations', () => {
  it('migrates legacy Python-bot guild documents once and records checksums', async () => {
    await mongo.db.collection('guilds').insertMany([
      { guild_id: Long.fromString('200000000000000001'), premium_tier: 2, timezone: 'America/New_York', admin_role_id: Long.fromString('300000000000000001') },
      { guild_id: '200000000000000002' },
      { guild_id: 'not-a-guild' },
    ]);
    const first = await runMigrations(mongo.db, MIGRATIONS, silent);
    expect(first.applied).toEqual(MIGRATIONS.map((m) => m.version));
    const migrated = await cols.guildConfigs.findOne({ _id: '200000000000000001' });
    expect(migrated).toMatchObject({ timezone: 'America/New_York', adminRoleId: '300000000000000001', premium: { tier: 'pro' } });
    expect(await cols.guildConfigs.findOne({ _id: '200000000000000002' })).toMatchObject({ premium: { tier: 'free' } });
    const record = await cols.migrations.findOne({ _id: 1 });
    expect(record?.checksum).toBe(migrationChecksum(MIGRATIONS[0]!));

    const second = await runMigrations(mongo.db, MIGRATIONS, silent);
    expect(second).toEqual({ applied: [], skipped: MIGRATIONS.map((m) => m.version), checksumMismatches: [] });
  });

  it('runs each migration once when two processes start together, and flags edited migrations', async () => {
    let runs = 0;
    const slow: Migration = {
      version: 900,
      name: 'slow',
      async up() {
        runs++;
        await new Promise((r) => setTimeout(r, 300));
      },
    };
    const results = await Promise.all([runMigrations(mongo.db, [slow], silent), runMigrations(mongo.db, [slow], silent)]);
    expect(runs).toBe(1);
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 1]);

    const edited: Migration = { ...slow, up: async () => undefined };
    expect((await runMigrations(mongo.db, [edited], silent)).checksumMismatches).toEqual([900]);
  });

  it('takes over a lock whose holder crashed (expired) but waits for a live one', async () => {
    await cols.locks.insertOne({ _id: 'migrations', owner: 'crashed', expiresAt: new Date(Date.now() - 1000) });
    const result = await runMigrations(mongo.db, [{ version: 901, name: 'after-crash', up: async () => undefined }], silent);
    expect(result.applied).toEqual([901]);
    expect(await cols.locks.countDocuments({})).toBe(0);

    await cols.locks.insertOne({ _id: 'migrations', owner: 'alive', expiresAt: new Date(Date.now() + 60_000) });
    await expect(runMigrations(mongo.db, [], silent, { waitForLockMs: 500 })).rejects.toThrow(/timed out/);
    await cols.locks.deleteOne({ _id: 'migrations' });
  });
});
