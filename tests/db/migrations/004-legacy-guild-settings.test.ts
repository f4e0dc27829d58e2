/**
 * Migrations 004 (the old bot's guild settings and SFTP integrations) and 005 (its error records) on a
 * MongoDB-wire server: every shape and the malformed ones, twice (the second run changes nothing),
 * SIGKILLed halfway in a child process (tests/db/support/legacy-runner.ts) then completed, on a fresh
 * database and on one where 001–003 ran before them; no plaintext password left anywhere.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Db } from 'mongodb';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collections, ensureIndexes } from '../../src/db/collections.js';
import { LEGACY_COLLECTIONS, legacyCollectionsWith, MIGRATION_REJECTS, type LegacyReject } from '../../src/db/legacy.js';
import { runMigrations } from '../../src/db/migrate.js';
import { MIGRATIONS } from '../../src/db/migrations/index.js';
import { legacyServerId, migrateLegacyGuildSettings } from '../../src/db/migrations/004-legacy-guild-settings.js';
import { migrateLegacyErrors } from '../../src/db/migrations/005-legacy-errors.js';
import { SecretBox } from '../../src/security/secrets.js';
import { startMongo, withDatabase, type TestMongo } from '../support/mongo.js';
import { allCollections, G, outcome, PASSWORDS, SECRETS_KEY_B64, seedLegacy, snapshot } from './support/legacy.js';

const silent = pino({ level: 'silent' });
const box = new SecretBox(SECRETS_KEY_B64);
let mongo: TestMongo;
let dbSeq = 0;
const savedKey = process.env.SECRETS_KEY;

beforeAll(async () => {
  mongo = await startMongo();
});
afterAll(() => mongo?.stop());
// runMigrations reads SECRETS_KEY from the environment, as the bot and `npm run migrate` do.
beforeEach(() => void (process.env.SECRETS_KEY = SECRETS_KEY_B64));
afterEach(() => {
  if (savedKey === undefined) delete process.env.SECRETS_KEY;
  else process.env.SECRETS_KEY = savedKey;
});

async function freshDb(): Promise<{ db: Db; uri: string }> {
  const name = `legacy_${++dbSeq}_${Date.now()}`;
  const db = mongo.client.db(name);
  await ensureIndexes(collections(db));
  await seedLegacy(db);
  return { db, uri: withDatabase(mongo.uri, name) };
}

/** Every document of every collection as text: no plaintext password may appear in any of them. */
async function plaintextLeft(db: Db): Promise<string[]> {
  let all = '';
  for (const name of allCollections()) all += JSON.stringify(await db.collection(name).find({}).toArray());
  return PASSWORDS.filter((p) => all.includes(p));
}

function runChild(uri: string, crashAt: string): Promise<{ out: string; signal: string | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('tests/db/support/legacy-runner.ts')], {
      env: { ...process.env, MONGO_URI: uri, CRASH_AT: crashAt, SECRETS_KEY: SECRETS_KEY_B64 },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (_code, signal) => resolve({ out, signal }));
  });
}

describe('migration 004: the old bot’s guild settings and SFTP integrations', () => {
  it('converts every shape, keeps the rest aside with reasons, seals every password; twice changes nothing', async () => {
    const { db } = await freshDb();
    const cols = collections(db);
    const first = await migrateLegacyGuildSettings(db, silent, { secrets: box });
    expect({ ...first, actions: undefined }).toEqual({
      collections: ['guilds'],
      scanned: 8,
      migrated: 6,
      alreadyMigrated: 0,
      rejected: 2,
      passwordsSealed: 5,
      serversCreated: 2,
      integrationsRejected: 2,
      integrationsDisabled: 1,
      actions: undefined,
    });
    expect(await plaintextLeft(db)).toEqual([]);

    // Guild settings became configs (no 001 here: every config is created by 004). Without a language
    // in the old settings, the locale stays unset (null): the guild follows its preferred locale in Discord.
    const configs = Object.fromEntries((await cols.guildConfigs.find({}).toArray()).map((c) => [c._id, [c.timezone, c.locale, c.premium.tier, c.legacyGuild]]));
    expect(configs).toEqual({
      [G(1)]: ['Europe/Berlin', 'de', 'free', `guilds:guild:${G(1)}`],
      [G(2)]: ['America/New_York', 'en-US', 'free', `guilds:guild:${G(2)}`],
      [G(3)]: ['UTC', null, 'free', `guilds:guild:${G(3)}`],
      [G(4)]: ['Asia/Tokyo', null, 'free', `guilds:guild:${G(4)}`],
      [G(5)]: ['UTC', null, 'free', `guilds:guild:${G(5)}`],
      [G(8)]: ['UTC', null, 'free', `guilds:guild:${G(8)}`],
    });

    // Enabled, valid integrations became servers: no key pinned, the password sealed, base_path the root.
    const servers = await cols.gameServers.find({}).sort({ guildId: 1 }).toArray();
    expect(servers.map((s) => [s._id, s.guildId, s.name, s.host, s.port, s.username, s.root, s.hostKeyFingerprint, s.settings.paused, s.status.migrated?.noticeSent])).toEqual([
      [legacyServerId('guilds', `guild:${G(1)}`), G(1), 'sftp.example.com', 'sftp.example.com', 22, 'user', '/logs', null, false, false],
      [legacyServerId('guilds', `guild:${G(2)}`), G(2), '10.1.2.3', '10.1.2.3', 2222, 'gs', '/', null, false, false],
    ]);
    expect(servers.map((s) => box.open(s.password))).toEqual([PASSWORDS[0], PASSWORDS[1]]);
    // The old documents keep a sealed password only (the same one the server has).
    const old = await db.collection('guilds').findOne({ _id: `guild:${G(1)}` as never });
    expect(box.open(old!.integrations.sftp.password)).toBe(PASSWORDS[0]);

    const rejects = await db.collection<LegacyReject>(MIGRATION_REJECTS).find({}).sort({ _id: 1 }).toArray();
    expect(rejects.map((r) => [r.legacyId, r.migrated, r.reasons.join(' | ')])).toEqual([
      [`guild:${G(3)}`, true, 'guild_id is missing: taken from the _id | integrations.sftp: it has no password; no game server was created | integrations.sftp: the host is empty; no game server was created'],
      [`guild:${G(4)}`, true, 'integrations.sftp: the port "70000" is not a whole number from 1 to 65535; no game server was created'],
      [`guild:${G(5)}`, true, 'integrations.sftp is disabled: no game server was created'],
      [`guild:${G(7)}`, false, `guild_id "${G(8)}" does not match the _id`],
      [
        `guild:${G(8)}`,
        true,
        'settings.timezone "Mars/Olympus" is not a timezone: not taken | settings.language "tlh" is not a language the bot offers: not taken | settings.premium is true but names no tier or expiry: not taken (the bot’s operators grant premium with /premium)',
      ],
      ['guild:not-a-guild', false, '_id is not guild:<Discord id>'],
    ]);
    // A kept copy holds the sealed password, never the plaintext (checked above), and can still be opened.
    expect(box.open(rejects.find((r) => r.legacyId === 'guild:not-a-guild')!.doc.integrations.sftp.password)).toBe(PASSWORDS[4]);

    const before = await snapshot(db);
    const again = await migrateLegacyGuildSettings(db, silent, { secrets: box });
    expect(again).toMatchObject({ scanned: 8, migrated: 0, alreadyMigrated: 6, rejected: 2, passwordsSealed: 0, serversCreated: 0 });
    expect(await snapshot(db)).toEqual(before);
  });

  it('keeps what an admin set, and a server name an admin already used', async () => {
    const { db } = await freshDb();
    const cols = collections(db);
    const now = new Date();
    await cols.guildConfigs.insertOne({ _id: G(2), timezone: 'Asia/Tokyo', locale: 'fr', adminRoleId: null, premium: { tier: 'pro', expiresAt: null }, createdAt: now, updatedAt: now });
    await db.collection('game_servers').insertOne({ _id: 'manual01', guildId: G(1), name: 'SFTP.example.com', host: 'h', port: 22, username: 'u', password: box.seal('x'), root: '/', hostKeyFingerprint: 'SHA256:x', createdBy: G(11), createdAt: now, updatedAt: now } as never);
    await migrateLegacyGuildSettings(db, silent, { secrets: box });
    expect(await cols.guildConfigs.findOne({ _id: G(2) })).toMatchObject({ timezone: 'Asia/Tokyo', locale: 'fr', premium: { tier: 'pro' }, legacyGuild: `guilds:guild:${G(2)}` });
    expect((await cols.gameServers.findOne({ _id: legacyServerId('guilds', `guild:${G(1)}`) }))?.name).toBe('sftp.example.com (2)');
  });

  it('finds `guild:` and `error:` documents in any listed collection; in the old bot’s names where listing is refused', async () => {
    const { db } = await freshDb();
    await db.collection('settings_old').insertOne({ _id: `guild:${G(12)}` } as never);
    await db.collection('game_servers').insertOne({ _id: 'guild:stray' } as never);
    const listing = ['guilds', 'settings_old', 'game_servers', 'errors', 'users', 'migration_rejects', 'system.views'];
    const lister = { listCollections: () => ({ toArray: async () => listing.map((name) => ({ name })) }), collection: db.collection.bind(db) } as unknown as Db;
    expect(await legacyCollectionsWith(lister, 'guild')).toEqual(['guilds', 'settings_old']);
    // `errors` is the bot's name too, and the old bot's: it is searched.
    expect(await legacyCollectionsWith(lister, 'error')).toEqual(['errors', 'users']);
    // jongodb refuses listCollections: the old bot's known names are searched.
    expect(LEGACY_COLLECTIONS).toEqual(['guilds', 'users', 'canvases', 'errors']);
    expect(await legacyCollectionsWith(db, 'guild')).toEqual(['guilds']);
    expect(await legacyCollectionsWith(db, 'error')).toEqual(['errors', 'users']);
  });

  it('needs SECRETS_KEY only to seal, and says so', async () => {
    const { db } = await freshDb();
    delete process.env.SECRETS_KEY;
    await expect(migrateLegacyGuildSettings(db, silent)).rejects.toThrow(/needs SECRETS_KEY/);
  });
});

describe('migration 005: the old bot’s error records', () => {
  it('moves them out of `errors` into legacy_errors (never expired at once), rejects with reasons; twice changes nothing', async () => {
    const { db } = await freshDb();
    const cols = collections(db);
    const first = await migrateLegacyErrors(db, silent);
    expect({ ...first, actions: undefined }).toEqual({ collections: ['errors', 'users'], scanned: 5, imported: 3, alreadyImported: 0, rejected: 2, removedFromErrors: 4, actions: undefined });
    // The bot's own record stays; the old ones left `errors` (its telemetry groups by fingerprint).
    expect((await cols.errors.find({}).toArray()).map((e) => e._id)).toEqual(['E-ABCD']);
    const imported = await cols.legacyErrors.find({}).sort({ _id: 1 }).toArray();
    expect(imported.map((e) => [e._id, e.guildId, e.userId, e.category, e.name, e.message, e.fingerprint, e.at.toISOString(), e.context, e.source])).toEqual([
      ['error:abcdef1234567890', G(1), G(11), 'sftp', 'ConnectionError', 'Connection refused', 'sftp:connection:1', '2025-05-01T12:00:00.000Z', {}, 'errors'],
      ['error:fedcba0987654321', null, null, 'canvas', 'ValueError', 'bad pixel', 'canvas:1', expect.any(String), { command: 'canvas', guild_id: 'abc' }, 'errors'],
      ['error:nocontext01', null, null, 'legacy', 'KeyError', 'k', 'legacy:KeyError', '2024-01-01T00:00:00.000Z', {}, 'errors'],
    ]);
    // A 2025 record survives: legacy_errors expires 90 days after the import, not after the error.
    await ensureIndexes(cols);
    const ttl = (await cols.legacyErrors.listIndexes().toArray()).find((i) => i.name === 'expire_90d_after_import');
    expect(ttl).toMatchObject({ key: { importedAt: 1 }, expireAfterSeconds: 90 * 86_400 });
    expect(imported.every((e) => Date.now() - e.importedAt.getTime() < 60_000)).toBe(true);

    const rejects = await db.collection<LegacyReject>(MIGRATION_REJECTS).find({}).sort({ _id: 1 }).toArray();
    expect(rejects.map((r) => [r._id, r.reasons.join(' | ')])).toEqual([
      ['errors:errors:error:bad0time', 'timestamp "yesterday-ish" is not a date'],
      ['errors:users:error:mismatch01', 'id "other" does not match the _id'],
    ]);
    // Outside `errors` the originals stay, like every other old document.
    expect(await db.collection('users').countDocuments({})).toBe(2);

    const before = await snapshot(db);
    const again = await migrateLegacyErrors(db, silent);
    expect(again).toMatchObject({ scanned: 1, imported: 0, rejected: 1, removedFromErrors: 0 });
    expect(await snapshot(db)).toEqual(before);
  });
});

describe('migrations 004 and 005 through the runner', () => {
  it('on a database where 001–003 already ran: the same result as on a fresh one, then nothing to do', async () => {
    const fresh = await freshDb();
    expect((await runMigrations(fresh.db, MIGRATIONS, silent)).applied).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const want = await outcome(fresh.db);

    const upgraded = await freshDb();
    const cols = collections(upgraded.db);
    expect((await runMigrations(upgraded.db, MIGRATIONS.slice(0, 3), silent)).applied).toEqual([1, 2, 3]);
    // What 001 left: default settings only, the password in plaintext.
    expect(await cols.guildConfigs.findOne({ _id: G(1) })).toMatchObject({ timezone: 'UTC', locale: 'en-US' });
    expect(await plaintextLeft(upgraded.db)).toEqual(PASSWORDS);
    expect((await runMigrations(upgraded.db, MIGRATIONS, silent)).applied).toEqual([4, 5, 6, 7, 8]);
    expect(await outcome(upgraded.db)).toEqual(want);
    expect(await cols.guildConfigs.findOne({ _id: G(1) })).toMatchObject({ timezone: 'Europe/Berlin', locale: 'de' });
    // 001's own shape is untouched by 004.
    expect(await cols.guildConfigs.findOne({ _id: G(9) })).toMatchObject({ timezone: 'Europe/Rome', premium: { tier: 'supporter' } });
    expect(await plaintextLeft(upgraded.db)).toEqual([]);
    expect((await runMigrations(upgraded.db, MIGRATIONS, silent)).applied).toEqual([]);
  });

  it.each([['sealed:2'], ['server:1'], ['document:4'], ['copied:2'], ['errdoc:1']])(
    'SIGKILLed at %s, then completed by the next start: exactly the uninterrupted result',
    { timeout: 60_000 },
    async (crashAt) => {
      const reference = await freshDb();
      await runMigrations(reference.db, MIGRATIONS, silent);
      const want = await outcome(reference.db);

      const { db, uri } = await freshDb();
      await runMigrations(db, MIGRATIONS.slice(0, 3), silent);
      const r = await runChild(uri, crashAt);
      expect(r.signal, r.out).toBe('SIGKILL');
      expect(r.out).toContain('CRASH');
      expect((await runMigrations(db, MIGRATIONS, silent)).applied).toEqual([4, 5, 6, 7, 8]);
      expect(await outcome(db)).toEqual(want);
      expect(await plaintextLeft(db)).toEqual([]);
      expect(await collections(db).gameServers.countDocuments({})).toBe(2);
    },
  );
});
