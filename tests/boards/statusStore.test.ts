/** The status_boards collection: one board per scope (a server, or all), the due index, claims one process wins. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatusBoardStore, statusBoardId, type NewStatusBoard } from '../../src/boards/statusStore.js';
import { collections, ensureIndexes, type Collections } from '../../src/db/collections.js';
import { startMongo, type TestMongo } from '../support/mongo.js';

let mongo: TestMongo;
let cols: Collections;
let store: StatusBoardStore;

const at = (min: number) => new Date(Date.UTC(2025, 4, 1, 12, min));
const board = (guildId: string, over: Partial<NewStatusBoard> = {}): NewStatusBoard => ({ guildId, channelId: '10', serverId: null, createdBy: '1', createdAt: at(0), nextAt: at(0), ...over });

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  await ensureIndexes(cols);
  store = new StatusBoardStore(cols.statusBoards);
});

afterAll(() => mongo?.stop());

describe('StatusBoardStore', () => {
  it('keeps one board per scope: putting one again replaces it and returns the earlier one', async () => {
    expect(await store.put(board('g1'))).toBeNull();
    expect(await store.shown({ _id: statusBoardId('g1', null), createdAt: at(0) }, 'm1', 'h1', at(1), at(2), false)).toBe(true);
    const before = await store.put(board('g1', { channelId: '11', createdAt: at(3) }));
    expect(before).toMatchObject({ channelId: '10', messageId: 'm1' });
    expect(await store.put(board('g1', { serverId: 's1', createdAt: at(4) }))).toBeNull();
    const list = await store.list('g1');
    expect(list.map((b) => [b._id, b.channelId, b.messageId])).toEqual([
      ['g1:*', '11', null],
      ['g1:s1', '10', null],
    ]);
    expect(await store.list('g2')).toEqual([]);
  });

  it('gives the due boards oldest first, and a claim to one process only', async () => {
    await store.put(board('g3', { nextAt: at(30) }));
    await store.put(board('g4', { nextAt: at(20) }));
    await store.put(board('g5', { nextAt: at(50) }));
    const due = (await store.due(at(40), 10)).filter((b) => ['g3', 'g4', 'g5'].includes(b.guildId));
    expect(due.map((b) => b.guildId)).toEqual(['g4', 'g3']);
    expect(await store.claim(due[0]!, at(45))).toBe(true);
    expect(await store.claim(due[0]!, at(46))).toBe(false);
  });

  it('pauses a board out of the due range and removes one with its scope', async () => {
    await store.put(board('g6', { serverId: 's1' }));
    await store.pause({ _id: statusBoardId('g6', 's1'), createdAt: at(0) }, 'deleted', at(5), null);
    expect((await store.due(at(59), 100)).some((b) => b.guildId === 'g6')).toBe(false);
    expect((await store.get('g6', 's1'))!.pause).toEqual({ reason: 'deleted', at: at(5) });
    expect(await store.remove('g6', null)).toBeNull();
    expect((await store.remove('g6', 's1'))!._id).toBe('g6:s1');
    expect(await store.get('g6', 's1')).toBeNull();
  });

  it("writes an update's outcome only to the board it read: one posted again for the scope meanwhile is left as it is", async () => {
    await store.put(board('g7'));
    const old = (await store.get('g7', null))!;
    await store.put(board('g7', { channelId: '12', createdAt: at(9) }));
    expect(await store.shown(old, 'm-old', 'h-old', at(10), at(11), false)).toBe(false);
    await store.unchanged(old, at(12));
    await store.failed(old, 3, at(13));
    await store.pause(old, 'permissions', at(14), at(15));
    expect(await store.get('g7', null)).toMatchObject({ channelId: '12', messageId: null, hash: null, failures: 0, pause: null, createdAt: at(9) });
    const fresh = (await store.get('g7', null))!;
    expect(await store.shown(fresh, 'm-new', 'h-new', at(10), at(11), false)).toBe(true);
    expect((await store.get('g7', null))!.messageId).toBe('m-new');
  });
});
