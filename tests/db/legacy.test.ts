/** Where the old bot's documents are looked for (src/db/legacy.ts): by prefix in every listed collection, in its known names where listing is refused. */
import type { Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEGACY_COLLECTIONS, legacyCollectionsWith } from '../../src/db/legacy.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { G, legacyDbs } from './support/legacy.js';

let mongo: TestMongo;
const freshDb = legacyDbs(() => mongo);

beforeAll(async () => {
  mongo = await startMongo();
});
afterAll(() => mongo?.stop());

describe('legacyCollectionsWith', () => {
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
});
