/**
 * Migration 005 (the old bot's error records) on a MongoDB-wire server: moved out of `errors` into
 * legacy_errors, the malformed kept aside with reasons, twice (the second run changes nothing).
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections, ensureIndexes } from '../../../src/db/collections.js';
import { MIGRATION_REJECTS, type LegacyReject } from '../../../src/db/legacy.js';
import { migrateLegacyErrors } from '../../../src/db/migrations/005-legacy-errors.js';
import { startMongo, type TestMongo } from '../../support/mongo.js';
import { G, legacyDbs, snapshot } from '../support/legacy.js';

const silent = pino({ level: 'silent' });
let mongo: TestMongo;
const freshDb = legacyDbs(() => mongo);

beforeAll(async () => {
  mongo = await startMongo();
});
afterAll(() => mongo?.stop());

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
