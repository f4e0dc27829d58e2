/**
 * Document versions (src/db/dataVersions.ts) on a MongoDB-wire server: every write path through
 * collections() and ingestCollections() stamps `dataVersion`, a document the previous code wrote
 * (version 1, raw) is read upgraded, version 2 stays readable by version 1's schema, and none of it
 * costs a round trip. (Migration 006, idempotent: tests/db/migrations/006-data-versions.test.ts.)
 */
import { MongoClient, type CommandStartedEvent, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections, COLLECTION_NAMES, type Collections } from '../../src/db/collections.js';
import { DATA_VERSIONS, UPGRADES } from '../../src/db/dataVersions.js';
import { playerLinkSchema, playerLinkSchemaV1 } from '../../src/db/schemas.js';
import { ingestCollections } from '../../src/ingest/store.js';
import { LinkRepo } from '../../src/stats/links.js';
import { startMongo, type TestMongo } from '../support/mongo.js';

const G = '900000000000000001';
let mongo: TestMongo;
let monitored: MongoClient;
let db: Db;
let cols: Collections;
const commands: CommandStartedEvent[] = [];

beforeAll(async () => {
  mongo = await startMongo();
  monitored = await new MongoClient(mongo.uri, { monitorCommands: true }).connect();
  monitored.on('commandStarted', (e) => commands.push(e));
  db = monitored.db(mongo.db.databaseName);
  cols = collections(db);
});
afterAll(async () => {
  await monitored?.close();
  await mongo?.stop();
});

const raw = (key: keyof Collections) => mongo.db.collection(COLLECTION_NAMES[key]);

describe('dataVersion on write', () => {
  it('is stamped by insertOne, insertMany, upserts ($setOnInsert, bulkWrite) and replaceOne, with the caller’s _id kept', async () => {
    const doc: { value: string; updatedAt: Date; _id?: string } = { value: 'x', updatedAt: new Date() };
    await cols.meta.insertOne({ _id: 'ins', ...doc });
    const change = { guildId: G, from: 'free', to: 'pro', by: 'u', at: new Date() } as never as Parameters<Collections['premiumChanges']['insertOne']>[0];
    const res = await cols.premiumChanges.insertOne(change);
    expect((change as { _id?: unknown })._id).toEqual(res.insertedId);
    expect(change).not.toHaveProperty('dataVersion');
    await cols.meta.insertMany([{ _id: 'many1', ...doc }, { _id: 'many2', ...doc }]);
    await cols.meta.updateOne({ _id: 'up' }, { $set: { value: 'y', updatedAt: new Date() } }, { upsert: true });
    await cols.memberStats.updateOne({ _id: `${G}:1` }, { $inc: { commandsUsed: 1 }, $setOnInsert: { guildId: G, userId: '1' } }, { upsert: true });
    await cols.serverLeases.bulkWrite([{ updateOne: { filter: { _id: 'lease' }, update: { $setOnInsert: { instance: 'a', expiresAt: new Date(), renewedAt: new Date() } as never }, upsert: true } }]);
    await cols.meta.replaceOne({ _id: 'rep' }, { value: 'r', updatedAt: new Date() }, { upsert: true });
    const ingest = ingestCollections(db);
    await ingest.outbox.bulkWrite([{ updateOne: { filter: { _id: 'o1' }, update: { $setOnInsert: { channelId: 'c' } as never }, upsert: true } }]);

    for (const id of ['ins', 'many1', 'many2', 'up', 'rep']) expect(await raw('meta').findOne({ _id: id as never })).toMatchObject({ dataVersion: 1 });
    expect(await raw('premiumChanges').findOne({ guildId: G })).toMatchObject({ dataVersion: 1 });
    expect(await raw('memberStats').findOne({ _id: `${G}:1` as never })).toMatchObject({ dataVersion: 1, commandsUsed: 1, guildId: G });
    expect(await raw('serverLeases').findOne({ _id: 'lease' as never })).toMatchObject({ dataVersion: 1, instance: 'a' });
    expect(await mongo.db.collection('ingest_outbox').findOne({ _id: 'o1' as never })).toMatchObject({ dataVersion: 1 });
  });

  it('is stamped by the bot’s own write path (LinkRepo.link) at the collection’s current version', async () => {
    await new LinkRepo(cols.playerLinks, cols.linkClaims).link(G, '2', { id: 'eos-2', name: '  Sniper Wolf ' });
    const stored = await raw('playerLinks').findOne({ guildId: G, userId: '2' });
    expect(stored).toMatchObject({ dataVersion: DATA_VERSIONS.playerLinks, playerNameLower: 'sniper wolf' });
    // Version 2 is additive: the previous code's schema still parses it (and drops what it does not know).
    expect(playerLinkSchemaV1.parse(stored)).not.toHaveProperty('playerNameLower');
    expect(playerLinkSchema.parse(stored).playerNameLower).toBe('sniper wolf');
  });
});

describe('reading documents of the previous version', () => {
  it('upgrades a version-1 player link on findOne and find (projections tolerated), in one round trip', async () => {
    const v1 = { _id: `${G}:3`, guildId: G, userId: '3', playerId: 'eos-3', playerName: 'Old Timer', linkedAt: new Date() };
    await raw('playerLinks').insertOne(v1 as never);
    commands.length = 0;
    const link = await new LinkRepo(cols.playerLinks, cols.linkClaims).get(G, '3');
    expect(commands.map((c) => c.commandName)).toEqual(['find']);
    expect(playerLinkSchema.parse(link)).toMatchObject({ playerName: 'Old Timer', playerNameLower: 'old timer' });
    const all = await cols.playerLinks.find({ guildId: G }).sort({ _id: 1 }).toArray();
    expect(all.every((l) => typeof l.playerNameLower === 'string')).toBe(true);
    // A projection without the name: the upgrade adds nothing it cannot derive.
    expect(UPGRADES.playerLinks!({ _id: v1._id, userId: '3' })).toEqual({ _id: v1._id, userId: '3' });
    // Stored as it was: reads do not write.
    expect(await raw('playerLinks').findOne({ _id: v1._id as never })).not.toHaveProperty('playerNameLower');
  });

  it('costs no extra round trip on writes either', async () => {
    commands.length = 0;
    await cols.meta.updateOne({ _id: 'rt' }, { $set: { value: 'v', updatedAt: new Date() } }, { upsert: true });
    await cols.meta.insertOne({ _id: 'rt2', value: 'v', updatedAt: new Date() });
    expect(commands.map((c) => c.commandName)).toEqual(['update', 'insert']);
  });
});
