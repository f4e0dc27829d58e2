import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { Long, MongoClient } from 'mongodb';
import { collections, ensureIndexes, type Collections } from '../../src/db/collections.js';
import { GuildScopedCollection, type GuildOwned } from '../../src/db/guildScope.js';
import { runMigrations, migrationChecksum } from '../../src/db/migrate.js';
import { MIGRATIONS } from '../../src/db/migrations/index.js';
import type { Migration } from '../../src/db/migrations/types.js';
import { GuildConfigRepo } from '../../src/repos/guildConfigRepo.js';
import { ErrorTelemetry } from '../../src/services/errorTelemetry.js';
import { UserError } from '../../src/errors.js';
import { msg } from '../../src/i18n/message.js';
import { startMongo, type TestMongo } from '../support/mongo.js';

const GUILD_A = '100000000000000001';
const GUILD_B = '100000000000000002';
const silent = pino({ level: 'silent' });

let mongo: TestMongo;
let cols: Collections;

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  await ensureIndexes(cols);
});
afterAll(() => mongo?.stop());

interface Note extends GuildOwned {
  _id: string;
  text: string;
}

describe('guild scoping', () => {
  it('never lets guild A read or change guild B documents', async () => {
    const raw = mongo.db.collection<Note>('notes');
    const a = new GuildScopedCollection(raw, GUILD_A);
    const b = new GuildScopedCollection(raw, GUILD_B);
    await a.insertOne({ _id: 'a1', text: 'from A' });
    await b.insertOne({ _id: 'b1', text: 'from B' });

    expect(await a.findOne({ _id: 'b1' })).toBeNull();
    // A filter naming the other guild does not widen the scope.
    expect(await a.find({ guildId: GUILD_B } as never).toArray()).toEqual([]);
    expect(await a.countDocuments()).toBe(1);
    expect((await a.updateOne({ _id: 'b1' }, { $set: { text: 'hacked' } })).matchedCount).toBe(0);
    expect((await a.deleteMany({ _id: 'b1' })).deletedCount).toBe(0);
    await expect(a.updateOne({ _id: 'a1' }, { $set: { guildId: GUILD_B } })).rejects.toThrow(/another guild/);
    await expect(a.insertOne({ _id: 'x', text: 'y', guildId: GUILD_B })).rejects.toThrow(/another guild/);
    // An upsert through A's scope with B's id creates an A document, it does not touch B's.
    await a.updateOne({ _id: 'b2', guildId: GUILD_B } as never, { $set: { text: 'upserted' } }, { upsert: true });
    expect((await raw.findOne({ _id: 'b2' }))?.guildId).toBe(GUILD_A);
    expect((await raw.findOne({ _id: 'b1' }))?.text).toBe('from B');
    const agg = await a.aggregate([{ $group: { _id: '$guildId', n: { $sum: 1 } } }]).toArray();
    expect(agg).toEqual([{ _id: GUILD_A, n: 2 }]);
  });
});

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

describe('ErrorTelemetry', () => {
  it('stores scrubbed errors under a short id and groups them by fingerprint', async () => {
    const telemetry = new ErrorTelemetry(cols.errors, silent, ['super-secret-token-value']);
    telemetry.addSecret('hunter2-password');
    const make = (n: number) => new Error(`login failed for user 1234${n} with password=hunter2-password token super-secret-token-value`);
    const id1 = await telemetry.record(make(1), { guildId: GUILD_A, userId: '1', command: 'server add' });
    const id2 = await telemetry.record(make(2), { guildId: GUILD_A, userId: '1', command: 'server add' });
    expect(id1).toMatch(/^E-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(id1).not.toBe(id2);
    const stored = await telemetry.find(id1.toLowerCase());
    expect(stored?.message).not.toContain('hunter2');
    expect(stored?.message).not.toContain('super-secret-token-value');
    expect(JSON.stringify(stored)).not.toContain('hunter2');
    expect(stored?.fingerprint).toBe((await telemetry.find(id2))?.fingerprint);
    expect(stored?.fingerprint).not.toBe(telemetry.fingerprint(new UserError(msg('error.guildOnly'))));
  });
});
