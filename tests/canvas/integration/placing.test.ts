/**
 * CanvasService placing pixels, against a real MongoDB-wire server (jongodb, or MONGODB_TEST_URI): storage,
 * atomic placement, cooldowns shared between processes, compaction.
 */
import { describe, expect, it } from 'vitest';
import { COMPACT_AT } from '../../../src/canvas/placement.js';
import type { PixelPlacedEvent } from '../../../src/canvas/service.js';
import { BLUE, cols, G, GREEN, RED, rejection, service, setTier, useCanvasDb, WHITE } from './canvasDb.js';

useCanvasDb();

describe('placing pixels', () => {
  it('creates a 32×32 white board on first use, places, logs, counts and calls the economy hook', async () => {
    const events: PixelPlacedEvent[] = [];
    const canvas = service({ onPixelPlaced: async (e) => void events.push(e) });
    const fresh = await canvas.snapshot(G);
    expect([fresh.board.width, fresh.board.height, fresh.board.version, fresh.grid.get(5, 5)]).toEqual([32, 32, 0, WHITE]);

    const t0 = new Date();
    const placed = await canvas.place(G, 'u1', 3, 4, RED, { now: t0 });
    expect(placed.previous).toBe(WHITE);
    expect(placed.board.version).toBe(1);
    expect(placed.nextAt.getTime()).toBe(t0.getTime() + 60_000);
    expect((await canvas.snapshot(G)).grid.get(3, 4)).toBe(RED);
    expect(await cols.canvasLog.findOne({ _id: `${G}:0:3_4:1` })).toMatchObject({ guildId: G, x: 3, y: 4, color: RED, previous: WHITE, userId: 'u1', rev: 0, seq: 1 });
    await canvas.settled();
    expect(await cols.memberStats.findOne({ _id: `${G}:u1` })).toMatchObject({ canvasPixelsPlaced: 1 });
    expect(events).toEqual([expect.objectContaining({ guildId: G, userId: 'u1', x: 3, y: 4, color: RED })]);
    const info = await canvas.pixel(G, 3, 4);
    expect(info).toMatchObject({ color: RED, placement: { userId: 'u1' } });
    expect((await canvas.pixel(G, 0, 0)).placement).toBeNull();
  });

  it('enforces the cooldown across two processes and gives it back when the placement is refused', async () => {
    const a = service();
    const b = service(); // another process: shares only the database
    await a.place(G, 'u1', 1, 1, RED);
    const cooling = await rejection(b.place(G, 'u1', 2, 2, RED));
    expect(cooling.message).toMatch(/next pixel .*<t:\d+:R>/);

    setTier('enterprise'); // 5 s cooldown
    await a.setLocked(G, true);
    const locked = await rejection(a.place(G, 'u2', 0, 0, BLUE));
    expect(locked.message).toMatch(/locked/);
    expect((await cols.canvasCooldowns.findOne({ _id: `${G}:u2` }))?.until.getTime()).toBe(0); // given back
    await a.setLocked(G, false);
    await b.place(G, 'u2', 0, 0, BLUE); // not cooling down: the refused attempt cost nothing

    const outside = await rejection(a.place(G, 'u3', 32, 0, BLUE));
    expect(outside.message).toMatch(/outside the 32×32 canvas/);
    await a.place(G, 'u3', 31, 0, BLUE);

    await a.ban(G, 'u4', 'mod', 'griefing');
    expect((await rejection(a.place(G, 'u4', 5, 5, RED))).message).toMatch(/banned/);
    expect(await a.unban(G, 'u4')).toBe(true);
    await a.place(G, 'u4', 5, 5, RED);
  });

  it('30 members placing on one pixel at once through two processes: last write wins, the log is complete', async () => {
    setTier('enterprise');
    const procs = [service(), service()];
    const colors = [RED, BLUE, GREEN];
    await procs[0]!.snapshot(G);
    await Promise.all(Array.from({ length: 30 }, (_, i) => procs[i % 2]!.place(G, `m${i}`, 7, 7, colors[i % 3]!)));
    const log = await cols.canvasLog.find({ guildId: G }).sort({ seq: 1 }).toArray();
    expect(log.map((l) => l.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(new Set(log.map((l) => l.userId)).size).toBe(30);
    // each entry's previous colour is the colour of the entry before it
    for (let i = 1; i < log.length; i++) expect(log[i]!.previous).toBe(log[i - 1]!.color);
    const { board, grid } = await service().snapshot(G);
    expect(board.version).toBe(30);
    expect(grid.get(7, 7)).toBe(log.at(-1)!.color);
  });

  it('a placement whose writer crashed between claiming and applying is applied by the next one on that pixel', async () => {
    const canvas = service();
    await canvas.snapshot(G);
    // The crashed writer claimed slot 1 of pixel (4, 4) but never touched the board.
    await cols.canvasLog.insertOne({ _id: `${G}:0:4_4:1`, guildId: G, rev: 0, seq: 1, x: 4, y: 4, color: GREEN, previous: WHITE, userId: 'crashed', at: new Date() });
    const placed = await canvas.place(G, 'next', 4, 4, RED);
    expect(placed.previous).toBe(GREEN);
    expect(placed.grid.get(4, 4)).toBe(RED);
    const log = await cols.canvasLog.find({ guildId: G, x: 4, y: 4 }).sort({ seq: 1 }).toArray();
    expect(log.map((l) => [l.seq, l.userId, l.previous])).toEqual([
      [1, 'crashed', WHITE],
      [2, 'next', GREEN],
    ]);
  });

  it(`folds the overlay into the pixel blob after ${COMPACT_AT} pixels without changing the picture`, async () => {
    setTier('enterprise');
    const canvas = service();
    const n = COMPACT_AT + 4;
    for (let start = 0; start < n; start += 10) {
      await Promise.all(
        Array.from({ length: Math.min(10, n - start) }, (_, k) => {
          const i = start + k;
          return canvas.place(G, `c${i}`, i % 32, Math.floor(i / 32), i % 2 ? RED : BLUE);
        }),
      );
    }
    await canvas.settled(); // compaction runs off the reply path
    const raw = await cols.canvasBoards.findOne({ _id: G });
    expect(Object.keys(raw!.p).length).toBeLessThan(COMPACT_AT);
    const { grid } = await service().snapshot(G); // decoded fresh from the document
    for (let i = 0; i < n; i++) expect(grid.get(i % 32, Math.floor(i / 32))).toBe(i % 2 ? RED : BLUE);
  });
});
