/**
 * MemberStatsRepo against a MongoDB-wire server: every read and write of member_stats, each on the
 * member's own document (`<guildId>:<userId>`), creating it on a member's first write whichever write
 * that is, even when several race to create it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collections, ensureIndexes, type Collections } from '../../src/db/collections.js';
import { memberStatsId, MemberStatsRepo } from '../../src/repos/memberStatsRepo.js';
import { startMongo, type TestMongo } from '../support/mongo.js';

const G = '1840000000000000001';
const OTHER_GUILD = '1840000000000000002';
const A = '1840000000000000011';
const B = '1840000000000000012';
const C = '1840000000000000013';

let mongo: TestMongo;
let cols: Collections;
let repo: MemberStatsRepo;

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  await ensureIndexes(cols);
  repo = new MemberStatsRepo(cols.memberStats);
});
afterAll(() => mongo?.stop());
beforeEach(async () => {
  await cols.memberStats.deleteMany({});
});

const raw = (guildId: string, userId: string) => cols.memberStats.findOne({ _id: memberStatsId(guildId, userId) });

describe('MemberStatsRepo', () => {
  it('reads a member’s document, null for a member never written', async () => {
    expect(await repo.get(G, A)).toBeNull();
    expect(await repo.ownedColors(G, A)).toEqual([]);
    await cols.memberStats.insertOne({ _id: memberStatsId(G, A), guildId: G, userId: A, commandsUsed: 3, ownedColors: [0xffd700] });
    expect(await repo.get(G, A)).toMatchObject({ guildId: G, userId: A, commandsUsed: 3 });
    expect(await repo.ownedColors(G, A)).toEqual([0xffd700]);
    expect(await repo.get(OTHER_GUILD, A)).toBeNull();
  });

  it('grants colours and backgrounds once, creating the document on the first', async () => {
    await repo.addOwnedColor(G, A, 0xffd700);
    await repo.addOwnedColor(G, A, 0xffd700);
    await repo.addOwnedColor(G, A, 0x008080);
    expect(await raw(G, A)).toMatchObject({ guildId: G, userId: A, commandsUsed: 0, ownedColors: [0xffd700, 0x008080] });
    await repo.addOwnedBackground(G, A, 'bg-sunset');
    await repo.addOwnedBackground(G, A, 'bg-night');
    await repo.addOwnedBackground(G, A, 'bg-sunset');
    expect(await raw(G, A)).toMatchObject({ ownedItems: ['bg-sunset', 'bg-night'], profileBackground: 'bg-sunset' });
  });

  it('switches the background in use on an existing document only', async () => {
    await repo.useBackground(G, A, 'bg-night');
    expect(await raw(G, A)).toBeNull();
    await repo.addOwnedBackground(G, A, 'bg-night');
    await repo.addOwnedBackground(G, A, 'bg-sunset');
    await repo.useBackground(G, A, 'bg-night');
    expect((await raw(G, A))?.profileBackground).toBe('bg-night');
  });

  it('moves the daily state forward only', async () => {
    await repo.recordDaily(G, A, { lastDay: '2026-03-10', streak: 2 });
    expect(await raw(G, A)).toMatchObject({ guildId: G, userId: A, commandsUsed: 0, daily: { lastDay: '2026-03-10', streak: 2 } });
    // The same day again, or an earlier one (a late writer): nothing moves, nothing throws.
    await repo.recordDaily(G, A, { lastDay: '2026-03-10', streak: 9 });
    await repo.recordDaily(G, A, { lastDay: '2026-03-09', streak: 1 });
    expect((await raw(G, A))?.daily).toEqual({ lastDay: '2026-03-10', streak: 2 });
    await repo.recordDaily(G, A, { lastDay: '2026-03-11', streak: 3 });
    expect((await raw(G, A))?.daily).toEqual({ lastDay: '2026-03-11', streak: 3 });
  });

  it('adds pixels and commands per member in one call each, keeping the other fields', async () => {
    await repo.addOwnedColor(G, A, 0xffd700);
    await repo.addPixelsPlaced([
      { guildId: G, userId: A, n: 3 },
      { guildId: G, userId: B, n: 1 },
    ]);
    await repo.addPixelsPlaced([{ guildId: G, userId: A, n: 2 }]);
    await repo.addPixelsPlaced([]);
    const at = new Date('2026-03-10T12:00:00Z');
    await repo.addCommandsUsed([
      { guildId: G, userId: A, n: 4, lastAt: at },
      { guildId: OTHER_GUILD, userId: A, n: 1, lastAt: at },
    ]);
    expect(await raw(G, A)).toMatchObject({ canvasPixelsPlaced: 5, commandsUsed: 4, lastCommandAt: at, ownedColors: [0xffd700] });
    expect(await raw(G, B)).toMatchObject({ guildId: G, userId: B, canvasPixelsPlaced: 1 });
    expect(await raw(OTHER_GUILD, A)).toMatchObject({ guildId: OTHER_GUILD, userId: A, commandsUsed: 1 });
  });

  it('lists a guild’s pixel placers, most first, without members who placed none', async () => {
    await repo.addPixelsPlaced([
      { guildId: G, userId: A, n: 2 },
      { guildId: G, userId: B, n: 7 },
      { guildId: OTHER_GUILD, userId: C, n: 50 },
    ]);
    await repo.addCommandsUsed([{ guildId: G, userId: C, n: 1, lastAt: new Date() }]);
    expect(await repo.topPixelPlacers(G)).toEqual([
      { userId: B, pixels: 7 },
      { userId: A, pixels: 2 },
    ]);
    expect(await repo.topPixelPlacers(G, 1)).toEqual([{ userId: B, pixels: 7 }]);
  });

  it('creates one document when a member’s first grants and claim race', async () => {
    await Promise.all([
      ...Array.from({ length: 5 }, () => repo.addOwnedColor(G, A, 0xffd700)),
      repo.addOwnedBackground(G, A, 'bg-forest'),
      repo.recordDaily(G, A, { lastDay: '2026-03-10', streak: 1 }),
    ]);
    expect(await cols.memberStats.countDocuments({})).toBe(1);
    expect(await raw(G, A)).toMatchObject({
      commandsUsed: 0,
      ownedColors: [0xffd700],
      ownedItems: ['bg-forest'],
      profileBackground: 'bg-forest',
      daily: { lastDay: '2026-03-10', streak: 1 },
    });
  });
});
