/**
 * Migration 008 repairs what applied migrations left, on a MongoDB-wire server: the non-string SFTP
 * passwords 004 left in plaintext in the old documents (sealed, or removed when they are no password), the
 * secrets kept in `migration_rejects` copies (replaced with a marker), and 001's permanent premium where the
 * old guild had no expiry (expired since its import; an expiry 001 could not read is taken). Its dry run
 * writes nothing; a second run changes nothing.
 */
import { Long, type Db, type Document } from 'mongodb';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections, ensureIndexes } from '../../../src/db/collections.js';
import { MIGRATION_REJECTS, type LegacyReject } from '../../../src/db/legacy.js';
import { runMigrations } from '../../../src/db/migrate.js';
import { MIGRATIONS } from '../../../src/db/migrations/index.js';
import { planLegacyRepair, REMOVED_SECRET, repairLegacy } from '../../../src/db/migrations/008-legacy-repair.js';
import { effectiveTier } from '../../../src/premium/tiers.js';
import { SecretBox } from '../../../src/security/secrets.js';
import { startMongo, type TestMongo } from '../../support/mongo.js';
import { allCollections, G, SECRETS_KEY_B64, seedLegacy, snapshot } from '../support/legacy.js';

const silent = pino({ level: 'silent' });
const box = new SecretBox(SECRETS_KEY_B64);
/** What 004 left in plaintext: none of it may be anywhere once 008 ran. */
const LEFT = { number: 31415926, long: '98765432109876', object: 'obj-secret-XYZ', disabled: 27182818 };
const FUTURE = new Date('2999-01-01T00:00:00Z');

let mongo: TestMongo;
let db: Db;

const sftp = (password: unknown, enabled = true) => ({ enabled, host: 'sftp.example.com', port: 22, username: 'user', password, base_path: '/logs' });

async function everything(): Promise<string> {
  let all = '';
  for (const name of allCollections()) all += JSON.stringify(await db.collection(name).find({}).toArray());
  return all;
}

const oldPassword = async (i: number) => ((await db.collection('guilds').findOne({ _id: `guild:${G(i)}` as never })) as Document).integrations.sftp.password as unknown;
const premium = async (i: number) => (await collections(db).guildConfigs.findOne({ _id: G(i) }))!.premium;

beforeAll(async () => {
  mongo = await startMongo();
  db = mongo.client.db('repair');
  await ensureIndexes(collections(db));
  await seedLegacy(db);
  await db.collection('guilds').insertMany([
    { _id: `guild:${G(20)}`, guild_id: G(20), integrations: { sftp: sftp(LEFT.number) } },
    { _id: `guild:${G(21)}`, guild_id: G(21), integrations: { sftp: sftp(Long.fromString(LEFT.long)) } },
    { _id: `guild:${G(22)}`, guild_id: G(22), integrations: { sftp: sftp({ value: LEFT.object }) } },
    { _id: `guild:${G(23)}`, guild_id: G(23), integrations: { sftp: sftp(LEFT.disabled, false) } },
    // Migration 001's shape: no expiry (made permanent), an expiry it could not read, a Date (kept), and one
    // an operator granted again since (kept).
    { guild_id: Long.fromString(G(30)), premium_tier: 2 },
    { guild_id: G(31), premium_tier: 3, premium_expires: FUTURE.toISOString() },
    { guild_id: G(32), premium_tier: 1, premium_expires: FUTURE },
    { guild_id: G(33), premium_tier: 2 },
  ] as never[]);
  process.env.SECRETS_KEY = SECRETS_KEY_B64;
  expect((await runMigrations(db, MIGRATIONS.filter((m) => m.version < 8), silent)).applied).toEqual([1, 2, 3, 4, 5, 6, 7]);
  await collections(db).guildConfigs.updateOne({ _id: G(33) }, { $set: { premium: { tier: 'enterprise', expiresAt: FUTURE } } });
});
afterAll(() => mongo?.stop());

describe('migration 008: repairs what 001 and 004 left', () => {
  it('finds what they left: plaintext non-string passwords, also in migration_rejects, and permanent premium', async () => {
    expect(await oldPassword(20)).toBe(LEFT.number);
    const all = await everything();
    for (const left of [String(LEFT.number), LEFT.long, LEFT.object, String(LEFT.disabled)]) expect(all).toContain(left);
    const kept = await db.collection<LegacyReject>(MIGRATION_REJECTS).findOne({ legacyId: `guild:${G(20)}` });
    expect(kept?.doc.integrations.sftp.password).toBe(LEFT.number);
    expect(await premium(30)).toEqual({ tier: 'pro', expiresAt: null });
    expect(effectiveTier(await premium(30))).toBe('pro');
  });

  it('plans the repair in a dry run, writing nothing and naming no secret', async () => {
    const before = await snapshot(db);
    const plan = await planLegacyRepair(db, silent);
    expect(plan.summary).toBe(
      `3 old SFTP password(s) still in plaintext to seal, 1 non-password value(s) to remove; 7 secret(s) to remove from 7 kept document(s) in ${MIGRATION_REJECTS}; ` +
        '2 permanent premium(s) from migration 001 to expire, 1 to date with the old expiry',
    );
    expect(plan.lines).toContain(`guilds:guild:${G(22)}: object in place of a password removed`);
    const text = JSON.stringify(plan);
    for (const left of [String(LEFT.number), LEFT.long, LEFT.object, String(LEFT.disabled)]) expect(text).not.toContain(left);
    expect(await snapshot(db)).toEqual(before);
  });

  it('seals or removes them, strips the kept copies, expires the permanent premium; a second run changes nothing', async () => {
    // 008 and the migrations after it (009 dates kill ledger entries: none here).
    expect((await runMigrations(db, MIGRATIONS, silent)).applied).toEqual([8, 9]);
    expect(box.open((await oldPassword(20)) as never)).toBe(String(LEFT.number));
    expect(box.open((await oldPassword(21)) as never)).toBe(LEFT.long);
    expect(await oldPassword(22)).toBeUndefined();
    expect(box.open((await oldPassword(23)) as never)).toBe(String(LEFT.disabled));
    // 004's own seals are kept as they were.
    expect(box.open((await oldPassword(1)) as never)).toBe('pw-one-Plain!');

    const all = await everything();
    for (const left of [String(LEFT.number), LEFT.long, LEFT.object, String(LEFT.disabled)]) expect(all).not.toContain(left);
    const rejects = await db.collection<LegacyReject>(MIGRATION_REJECTS).find({}).toArray();
    const passwords = rejects.map((r) => r.doc.integrations?.sftp?.password).filter((p) => p !== undefined);
    // Every kept copy that had a password (plaintext or sealed) holds the marker now; reasons are kept.
    expect(passwords.length).toBeGreaterThanOrEqual(5);
    expect(passwords.every((p) => p === REMOVED_SECRET)).toBe(true);
    expect(rejects.find((r) => r.legacyId === `guild:${G(20)}`)?.reasons.join()).toMatch(/no password/);

    const imported = (await collections(db).migrations.findOne({ _id: 1 }))!.appliedAt;
    for (const i of [9, 30]) {
      expect((await premium(i)).expiresAt).toEqual(imported);
      expect(effectiveTier(await premium(i))).toBe('free');
    }
    expect(await premium(31)).toEqual({ tier: 'enterprise', expiresAt: FUTURE });
    expect(await premium(32)).toEqual({ tier: 'supporter', expiresAt: FUTURE });
    expect(await premium(33)).toEqual({ tier: 'enterprise', expiresAt: FUTURE });

    const done = await snapshot(db);
    expect(await repairLegacy(db, silent, { secrets: box })).toMatchObject({ passwordsSealed: 0, passwordsRemoved: 0, rejectsScrubbed: 0, premiumsExpired: 0, premiumsDated: 0, actions: [] });
    expect(await snapshot(db)).toEqual(done);
  });
});
