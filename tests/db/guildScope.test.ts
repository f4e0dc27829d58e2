import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections, ensureIndexes } from '../../src/db/collections.js';
import { GuildScopedCollection, type GuildOwned } from '../../src/db/guildScope.js';
import { startMongo, type TestMongo } from '../support/mongo.js';

const GUILD_A = '100000000000000001';
const GUILD_B = '100000000000000002';

let mongo: TestMongo;

beforeAll(async () => {
  mongo = await startMongo();
  await ensureIndexes(collections(mongo.db));
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
