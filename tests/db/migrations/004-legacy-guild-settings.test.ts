/**
 * Migration 004 (the old bot's guild settings and SFTP integrations) on a MongoDB-wire server: every
 * shape and the malformed ones, twice (the second run changes nothing); no plaintext password left
 * anywhere. (With 005 through the runner, after 001–003 and SIGKILLed halfway:
 * tests/db/integration/legacyMigrationsResume.test.ts.)
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections } from '../../../src/db/collections.js';
import { MIGRATION_REJECTS, type LegacyReject } from '../../../src/db/legacy.js';
import { legacyServerId, migrateLegacyGuildSettings } from '../../../src/db/migrations/004-legacy-guild-settings.js';
import { SecretBox } from '../../../src/security/secrets.js';
import { startMongo, type TestMongo } from '../../support/mongo.js';
import { G, legacyDbs, PASSWORDS, plaintextLeft, SECRETS_KEY_B64, snapshot, useSecretsKeyEnv } from '../support/legacy.js';

const silent = pino({ level: 'silent' });
const box = new SecretBox(SECRETS_KEY_B64);
let mongo: TestMongo;
const freshDb = legacyDbs(() => mongo);

beforeAll(async () => {
  mongo = await startMongo();
});
afterAll(() => mongo?.stop());
useSecretsKeyEnv();

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

  it('needs SECRETS_KEY only to seal, and says so', async () => {
    const { db } = await freshDb();
    delete process.env.SECRETS_KEY;
    await expect(migrateLegacyGuildSettings(db, silent)).rejects.toThrow(/needs SECRETS_KEY/);
  });
});
