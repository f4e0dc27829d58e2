/**
 * Migration 006 (src/db/migrations/006-data-versions.ts) on a MongoDB-wire server: what lacks a
 * `dataVersion` is stamped and upgraded, resumably; a current document is left alone; a second run
 * changes nothing. (Stamping on write and upgrading on read: tests/db/dataVersions.test.ts.)
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from 'mongodb';
import { collections, COLLECTION_NAMES, type Collections } from '../../../src/db/collections.js';
import { runMigrations } from '../../../src/db/migrate.js';
import { MIGRATIONS } from '../../../src/db/migrations/index.js';
import { stampDataVersions } from '../../../src/db/migrations/006-data-versions.js';
import { LinkRepo } from '../../../src/stats/links.js';
import { startMongo, type TestMongo } from '../../support/mongo.js';

const silent = pino({ level: 'silent' });
const G = '900000000000000001';
let mongo: TestMongo;
let db: Db;
let cols: Collections;
const raw = (key: keyof Collections) => mongo.db.collection(COLLECTION_NAMES[key]);

beforeAll(async () => {
  mongo = await startMongo();
  db = mongo.db;
  cols = collections(db);
  // What the bot wrote before the migration runs: a current player link (its own write path stamps it)
  // and one the previous code wrote (version 1, no version field).
  await new LinkRepo(cols.playerLinks, cols.linkClaims).link(G, '2', { id: 'eos-2', name: '  Sniper Wolf ' });
  await raw('playerLinks').insertOne({ _id: `${G}:3`, guildId: G, userId: '3', playerId: 'eos-3', playerName: 'Old Timer', linkedAt: new Date() } as never);
});
afterAll(async () => {
  await mongo?.stop();
});

describe('migration 006 (data-versions)', () => {
  it('stamps and upgrades what lacks a version, resumably; a second run changes nothing', async () => {
    await raw('guildConfigs').insertMany([{ _id: `${G}a`, v: 1 }, { _id: `${G}b`, v: 1 }] as never);
    await raw('playerLinks').insertOne({ _id: `${G}:4`, guildId: G, userId: '4', playerId: 'eos-4', playerName: 'MiXeD', linkedAt: new Date() } as never);
    await mongo.db.collection('ingest_stats').insertOne({ _id: 'st', guildId: G } as never);
    const before = await raw('playerLinks').findOne({ guildId: G, userId: '2' });

    const result = await runMigrations(db, MIGRATIONS, silent);
    expect(result.applied).toContain(6);
    expect(await raw('guildConfigs').countDocuments({ dataVersion: { $exists: false } })).toBe(0);
    expect(await raw('guildConfigs').findOne({ _id: `${G}a` as never })).toMatchObject({ v: 1, dataVersion: 1 });
    expect(await raw('playerLinks').findOne({ _id: `${G}:4` as never })).toMatchObject({ dataVersion: 2, playerNameLower: 'mixed', playerName: 'MiXeD' });
    expect(await raw('playerLinks').countDocuments({ dataVersion: { $ne: 2 } })).toBe(0);
    expect(await mongo.db.collection('ingest_stats').findOne({ _id: 'st' as never })).toMatchObject({ dataVersion: 1 });
    // A current document is untouched.
    expect(await raw('playerLinks').findOne({ guildId: G, userId: '2' })).toEqual(before);

    const snapshot = async () => Promise.all(Object.values(COLLECTION_NAMES).map((n) => mongo.db.collection(n).find({}, { sort: { _id: 1 } }).toArray()));
    const stamped = JSON.stringify(await snapshot());
    expect(await stampDataVersions(db, silent)).toBe(0);
    expect((await runMigrations(db, MIGRATIONS, silent)).applied).toEqual([]);
    expect(JSON.stringify(await snapshot())).toBe(stamped);
  });
});
