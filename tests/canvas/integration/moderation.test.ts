/** CanvasService moderation (rollback, resize, reset), the timeline order, and the legacy migration. */
import { describe, expect, it } from 'vitest';
import { Long } from 'mongodb';
import { timelineOrder } from '../../../src/canvas/history.js';
import { planRollback } from '../../../src/canvas/rollback.js';
import { legacyCanvas } from '../../../src/db/migrations/002-legacy-canvas.js';
import { decodeGif } from '../helpers.js';
import { BLUE, cols, G, GREEN, mongo, RED, rejection, service, setTier, silent, useCanvasDb, WHITE } from './canvasDb.js';

useCanvasDb();

describe('moderation', () => {
  it('rolls back a member: their pixels get back what was under them, later pixels of others survive', async () => {
    setTier('enterprise');
    const canvas = service();
    const t = (s: number) => new Date(Date.now() - 3_600_000 + s * 1000);
    await canvas.place(G, 'bob', 1, 1, GREEN, { now: t(0) }); // long before the window
    await canvas.place(G, 'grief', 1, 1, RED, { now: t(3000) }); // over bob
    await canvas.place(G, 'grief', 2, 2, RED, { now: t(3010) });
    await canvas.place(G, 'ann', 2, 2, BLUE, { now: t(3020) }); // ann paints over the griefer
    await canvas.place(G, 'grief', 1, 1, BLUE, { now: t(3030) }); // second pass on the same pixel
    const r = await canvas.rollback(G, 'grief', 30);
    expect(r).toEqual({ pixels: 1, placements: 3 });
    const { grid } = await canvas.snapshot(G);
    expect(grid.get(1, 1)).toBe(GREEN);
    expect(grid.get(2, 2)).toBe(BLUE);
    expect(await cols.canvasLog.countDocuments({ guildId: G, userId: 'grief', reverted: true })).toBe(3);
    expect((await canvas.pixel(G, 1, 1)).placement?.userId).toBe('bob');
    expect(await canvas.rollback(G, 'grief', 30)).toEqual({ pixels: 0, placements: 0 });
  });

  it('orders the timeline by time but keeps each pixel in its true order', () => {
    const at = (ms: number) => new Date(1_000 + ms);
    const e = (id: string, x: number, rev: number, seq: number, ms: number) =>
      ({ _id: id, guildId: G, rev, seq, x, y: 0, color: 0, previous: 0, userId: 'u', at: at(ms) }) as const;
    // b and c race on pixel 0: c won slot 2 but its clock read a millisecond earlier than b's.
    const order = timelineOrder([e('a', 0, 0, 1, 0), e('b', 0, 0, 3, 5), e('c', 0, 0, 2, 6), e('d', 1, 0, 1, 5)]);
    expect(order.map((p) => p._id)).toEqual(['a', 'c', 'd', 'b']);
  });

  it('plans rollbacks as if the member had never placed', () => {
    const p = (v: number, x: number, userId: string, color: number, previous: number) => ({ _id: String(v), rev: 0, seq: v, x, y: 0, color, previous, userId });
    const plan = planRollback([p(3, 0, 'g', RED, BLUE), p(1, 0, 'g', GREEN, WHITE), p(2, 0, 'o', BLUE, GREEN), p(4, 1, 'o', RED, WHITE)], 'g');
    expect(plan.restores).toEqual([{ x: 0, y: 0, rgb: BLUE }]);
    expect(plan.revertedIds.sort()).toEqual(['1', '3']);
  });

  it('resizes within the tier limit keeping pixels inside, and resets to blank', async () => {
    setTier('pro');
    const canvas = service();
    await canvas.place(G, 'u1', 2, 3, RED);
    await canvas.place(G, 'u2', 30, 30, BLUE);
    const big = await canvas.resize(G, 128);
    expect([big.board.width, big.grid.get(2, 3), big.grid.get(30, 30), big.grid.get(127, 127)]).toEqual([128, RED, BLUE, WHITE]);
    expect((await rejection(canvas.resize(G, 256))).message).toMatch(/up to 128×128/);
    const small = await canvas.resize(G, 16);
    expect([small.board.width, small.grid.get(2, 3)]).toEqual([16, RED]);
    expect((await canvas.snapshot(G)).board).toMatchObject({ width: 16, height: 16 });

    const before = (await canvas.snapshot(G)).board.version;
    const reset = await canvas.reset(G);
    expect(reset.board.version).toBe(before + 1);
    expect(reset.grid.countPainted()).toBe(0);
    expect((await canvas.pixel(G, 2, 3)).placement).toBeNull();
  });

  it('makes a size-capped animated GIF of the log since the last reset', async () => {
    setTier('enterprise');
    const canvas = service();
    for (let i = 0; i < 12; i++) await canvas.place(G, `t${i}`, i, i, i % 2 ? RED : BLUE);
    const gif = await canvas.timelapse(G);
    expect(gif.placements).toBe(12);
    const decoded = decodeGif(gif.buffer);
    expect(decoded.frames).toBe(gif.frames);
    expect(decoded.width).toBe(gif.width);
    expect(decoded.last[gif.scale * 3 * decoded.width + gif.scale * 3]).toBe(RED);
    expect(decoded.last[0]).toBe(BLUE);
    await canvas.reset(G);
    expect((await canvas.timelapse(G)).placements).toBe(0);
  });
});

describe('migration 002: legacy canvases', () => {
  it('imports the old bot documents into a board and a time-ordered log, once', async () => {
    const guildA = '400000000000000001';
    const guildB = '400000000000000002';
    await mongo.db.collection('canvases').insertMany([
      {
        guild_id: Long.fromString(guildA),
        size: 16,
        default_color: '#FFFFFF',
        pixels: {
          '3,4': { color: '#E50000', user_id: Long.fromString('500000000000000001'), timestamp: new Date('2024-01-01T10:00:02Z') },
          '0,0': { color: '#0083C7', user_id: '500000000000000002', timestamp: new Date('2024-01-01T10:00:01Z') },
          '99,99': { color: '#0083C7', user_id: '500000000000000002', timestamp: new Date('2024-01-01T10:00:03Z') },
          'bad': { color: 'nope' },
        },
      },
      { guild_id: guildB, size: 8, default_color: '#222222', pixels: {} },
      { guild_id: 'not-a-guild', size: 8, pixels: {} },
    ]);
    await legacyCanvas.up(mongo.db, silent);
    await legacyCanvas.up(mongo.db, silent); // idempotent

    const canvas = service();
    const a = await canvas.snapshot(guildA);
    expect([a.board.width, a.board.version, a.grid.get(3, 4), a.grid.get(0, 0), a.grid.get(1, 1)]).toEqual([16, 2, RED, BLUE, WHITE]);
    const log = await cols.canvasLog.find({ guildId: guildA }).sort({ at: 1 }).toArray();
    expect(log.map((l) => [l.x, l.y, l.userId, l.previous, l.legacy])).toEqual([
      [0, 0, '500000000000000002', WHITE, true],
      [3, 4, '500000000000000001', WHITE, true],
    ]);
    expect((await canvas.pixel(guildA, 3, 4)).placement?.userId).toBe('500000000000000001');
    const b = await canvas.snapshot(guildB);
    expect([b.board.width, b.board.background, b.grid.get(0, 0)]).toEqual([8, 0x222222, 0x222222]);
    expect(await cols.canvasBoards.countDocuments({ _id: 'not-a-guild' })).toBe(0);

    // New placements go on top of the imported picture (a later epoch than the imported entries).
    const placed = await canvas.place(guildA, 'new', 5, 5, GREEN);
    expect(placed.board.version).toBe(3);
  });
});
