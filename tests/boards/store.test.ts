/** The boards collection: the tier's count held when posts race, the due index, claims one process wins. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BoardLimitReached, BoardStore, boardSlotOf, type NewBoard } from '../../src/boards/store.js';
import { collections, ensureIndexes, type Collections } from '../../src/db/collections.js';
import { startMongo, type TestMongo } from '../support/mongo.js';

let mongo: TestMongo;
let cols: Collections;
let store: BoardStore;

const at = (min: number) => new Date(Date.UTC(2025, 4, 1, 12, min));
const board = (guildId: string, over: Partial<NewBoard> = {}): NewBoard => ({
  guildId,
  channelId: '10',
  board: 'kills',
  window: 'week',
  seasonId: null,
  serverId: null,
  image: false,
  createdBy: '1',
  createdAt: at(0),
  nextAt: at(0),
  ...over,
});

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  await ensureIndexes(cols);
  store = new BoardStore(cols.boards);
});

afterAll(async () => {
  await mongo?.stop();
});

describe('BoardStore', () => {
  it('refuses a board beyond the limit, naming the count and the limit', async () => {
    await store.create(board('g1'), 2);
    await store.create(board('g1'), 2);
    const refused = await store.create(board('g1'), 2).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BoardLimitReached);
    expect(refused).toMatchObject({ count: 2, limit: 2 });
    expect(await cols.boards.countDocuments({ guildId: 'g1' })).toBe(2);
    // Another guild counts its own.
    await store.create(board('g2'), 1);
  });

  it('holds the limit when posts race', async () => {
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => store.create(board('race'), 3)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof BoardLimitReached)).toBe(true);
    expect(await cols.boards.countDocuments({ guildId: 'race' })).toBe(3);
  });

  it('frees a place when a board is removed, and removes only its own guild’s', async () => {
    const [first] = await store.list('g1');
    expect(await store.remove('g2', first!._id)).toBeNull();
    expect((await store.remove('g1', first!._id))?._id).toBe(first!._id);
    expect(await store.remove('g1', first!._id)).toBeNull();
    await store.create(board('g1'), 2);
    expect(await store.list('g1')).toHaveLength(2);
  });

  it('gives the due boards longest waiting first, a bounded batch, and never a paused one', async () => {
    await cols.boards.deleteMany({});
    for (const min of [30, 10, 20, 40]) await store.create(board(`due${min}`, { nextAt: at(min) }), 1);
    await store.create(board('paused', { nextAt: null }), 1);
    expect((await store.due(at(35), 10)).map((b) => b.guildId)).toEqual(['due10', 'due20', 'due30']);
    expect((await store.due(at(35), 2)).map((b) => b.guildId)).toEqual(['due10', 'due20']);
    expect(await store.due(at(5), 10)).toEqual([]);
  });

  it('lets one claim of a due board win', async () => {
    const [due] = await store.due(at(15), 1);
    const claims = await Promise.all([store.claim(due!, at(50)), store.claim(due!, at(51)), store.claim(due!, at(52))]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.due(at(45), 10).then((b) => b.map((x) => x.guildId))).not.toContain('due10');
  });

  it('ranks a board among its guild’s by age (its place under the tier’s count)', async () => {
    await store.create(board('age', { createdAt: at(1) }), 3);
    await store.create(board('age', { createdAt: at(2) }), 3);
    await store.create(board('age', { createdAt: at(3) }), 3);
    const boards = await store.list('age');
    expect(await Promise.all(boards.map((b) => store.olderThan(b)))).toEqual([0, 1, 2]);
  });

  it('names a slot by the set of the other boards, in any order', () => {
    expect(boardSlotOf('g', ['a', 'b'])).toBe(boardSlotOf('g', ['b', 'a']));
    expect(boardSlotOf('g', ['a'])).not.toBe(boardSlotOf('g', ['a', 'b']));
    expect(boardSlotOf('g', [])).not.toBe(boardSlotOf('h', []));
  });
});
