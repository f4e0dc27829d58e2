/**
 * The placement path of CanvasService: its round trips alone and in a crowd (claims, applies, cooldown
 * takes and bookkeeping travelling together), races, stale live boards, bans checked by the take.
 */
import { describe, expect, it } from 'vitest';
import type { PixelPlacedEvent } from '../../../src/canvas/service.js';
import type { UserError } from '../../../src/errors.js';
import { BLUE, cols, G, GREEN, monitoredService, RED, rejection, service, setTier, useCanvasDb, WHITE } from './canvasDb.js';

useCanvasDb();

describe('the placement path', () => {
  it('a placement is three round trips — cooldown take (also the ban check), claim, apply — and reads nothing', async () => {
    setTier('enterprise');
    const events: PixelPlacedEvent[] = [];
    const { canvas, commands, close } = await monitoredService({ onPixelPlaced: async (e) => void events.push(e) });
    try {
      await canvas.start(); // copies the bans to the cooldown documents: placements read no bans
      await canvas.place(G, 'warm', 0, 0, RED); // the first placement of a guild reads its board once
      await canvas.settled();
      commands.length = 0;
      const placed = await canvas.place(G, 'u1', 5, 6, BLUE);
      expect(commands).toEqual(['update canvas_cooldowns', 'insert canvas_log', 'update canvas_boards']);
      expect(placed.grid.get(5, 6)).toBe(BLUE);
      expect(placed.grid.get(0, 0)).toBe(RED);
      // The counter and the credited mark follow off the reply path.
      await canvas.settled();
      expect(commands.slice(3).sort()).toEqual(['update canvas_log', 'update member_stats']);
      expect(events.map((e) => [e.userId, e.x, e.y])).toEqual([
        ['warm', 0, 0],
        ['u1', 5, 6],
      ]);
      expect(await cols.canvasLog.countDocuments({ guildId: G, credited: true })).toBe(2);
      expect(await cols.memberStats.findOne({ _id: `${G}:u1` })).toMatchObject({ canvasPixelsPlaced: 1 });
      // What the live board says is what the database says.
      const stored = await service().snapshot(G);
      expect(stored.board.version).toBe(placed.board.version);
      expect(stored.grid.data).toEqual(placed.grid.data);
    } finally {
      await canvas.stop();
      await close();
    }
  });

  it('40 members at once: every placement lands once, claims and applies travel in shared round trips, the bookkeeping too', async () => {
    setTier('enterprise');
    const events: PixelPlacedEvent[] = [];
    const { canvas, commands, close } = await monitoredService({ onPixelPlaced: async (e) => void events.push(e) });
    try {
      await canvas.snapshot(G);
      commands.length = 0;
      const n = 40;
      const results = await Promise.all(Array.from({ length: n }, (_, i) => canvas.place(G, `m${i}`, i % 32, Math.floor(i / 32), i % 2 ? RED : BLUE)));
      await canvas.settled();
      const count = (c: string) => commands.filter((x) => x === c).length;
      expect(count('update canvas_cooldowns')).toBeLessThan(n); // the takes travel together too
      expect(await cols.canvasCooldowns.countDocuments({ guildId: G, until: { $gt: new Date() } })).toBe(n); // one take per member
      expect(count('insert canvas_log')).toBeLessThan(n);
      expect(count('update canvas_boards')).toBeLessThan(n);
      expect(count('update member_stats')).toBeLessThan(n);
      expect(count('update canvas_log')).toBeLessThan(n);
      results.forEach((r, i) => expect(r.grid.get(i % 32, Math.floor(i / 32))).toBe(i % 2 ? RED : BLUE)); // each answer shows its pixel
      const log = await cols.canvasLog.find({ guildId: G }).toArray();
      expect(log).toHaveLength(n);
      expect(log.every((e) => e.seq === 1 && e.credited === true)).toBe(true);
      expect(new Set(events.map((e) => e.placementId)).size).toBe(n);
      const stats = await cols.memberStats.find({ guildId: G }).toArray();
      expect(stats.map((m) => m.canvasPixelsPlaced)).toEqual(Array(n).fill(1));
      const { board, grid } = await service().snapshot(G);
      expect(board.version).toBe(n);
      for (let i = 0; i < n; i++) expect(grid.get(i % 32, Math.floor(i / 32))).toBe(i % 2 ? RED : BLUE);
    } finally {
      await close();
    }
  });

  it('takes that travel together each get their own answer: fresh members place, cooling and banned ones are refused', async () => {
    setTier('free');
    const canvas = service();
    await canvas.start();
    try {
      await canvas.place(G, 'early0', 0, 0, RED);
      await canvas.place(G, 'early1', 1, 0, RED);
      await canvas.ban(G, 'banned', 'mod', null);
      const who = ['fresh0', 'early0', 'fresh1', 'banned', 'fresh2', 'early1', 'fresh3'];
      const outcomes = await Promise.allSettled(who.map((u, i) => canvas.place(G, u, i, 5, BLUE)));
      const said = outcomes.map((o) => (o.status === 'fulfilled' ? 'placed' : (o.reason as UserError).message));
      who.forEach((u, i) => {
        if (u.startsWith('fresh')) expect(said[i], u).toBe('placed');
        else if (u === 'banned') expect(said[i], u).toMatch(/banned/);
        else expect(said[i], u).toMatch(/next pixel <t:\d+:R>/);
      });
      expect(await cols.canvasLog.countDocuments({ guildId: G, y: 5 })).toBe(4);
      // The refused ones kept their cooldown as it was: the ban, the early placements' time.
      const early = await cols.canvasCooldowns.findOne({ _id: `${G}:early0` });
      expect(early!.until.getTime()).toBe((await cols.canvasLog.findOne({ guildId: G, userId: 'early0' }))!.at.getTime() + 60_000);
    } finally {
      await canvas.stop();
    }
  });

  it('one member placing five times at once through two processes: one placement wins, the others wait for the cooldown', async () => {
    setTier('enterprise');
    const procs = [service(), service()];
    await procs[0]!.snapshot(G);
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => procs[i % 2]!.place(G, 'eager', i, 0, RED)));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes) if (o.status === 'rejected') expect((o.reason as UserError).message).toMatch(/next pixel <t:\d+:R>/);
    expect(await cols.canvasLog.countDocuments({ guildId: G, userId: 'eager' })).toBe(1);
    await Promise.all(procs.map((p) => p.settled()));
    expect(await cols.memberStats.findOne({ _id: `${G}:eager` })).toMatchObject({ canvasPixelsPlaced: 1 });
  });

  it('a batch of claims with one slot already taken: the others are claimed, the loser takes the next slot', async () => {
    setTier('enterprise');
    const canvas = service();
    await canvas.snapshot(G);
    // A crashed writer holds slot 1 of pixel (9, 9): the batch that carries a claim on it fails (whole, on
    // jongodb; the rest inserted, on MongoDB) and every claim finds out on its own.
    await cols.canvasLog.insertOne({ _id: `${G}:0:9_9:1`, guildId: G, rev: 0, seq: 1, x: 9, y: 9, color: GREEN, previous: WHITE, userId: 'crashed', at: new Date() });
    const placed = await Promise.all(Array.from({ length: 12 }, (_, i) => canvas.place(G, `b${i}`, i === 5 ? 9 : i, i === 5 ? 9 : 20, RED)));
    expect(placed[5]!.previous).toBe(GREEN);
    const log = await cols.canvasLog.find({ guildId: G }).toArray();
    expect(log).toHaveLength(13);
    expect(log.filter((e) => e.x === 9 && e.y === 9).map((e) => [e.seq, e.userId]).sort()).toEqual([
      [1, 'crashed'],
      [2, 'b5'],
    ]);
    const { grid } = await service().snapshot(G);
    expect(grid.get(9, 9)).toBe(RED);
    for (let i = 0; i < 12; i++) if (i !== 5) expect(grid.get(i, 20)).toBe(RED);
  });

  it('a live board behind another process (a pixel placed, the canvas resized, locked) still places exactly', async () => {
    setTier('enterprise');
    const a = service();
    const b = service(); // another process, sharing only the database
    await a.place(G, 'a1', 3, 3, RED); // a now keeps a live board
    await b.place(G, 'b1', 4, 4, GREEN); // a does not know
    const over = await a.place(G, 'a2', 4, 4, BLUE);
    expect(over.previous).toBe(GREEN);
    expect((await cols.canvasLog.findOne({ _id: `${G}:0:4_4:2` }))?.userId).toBe('a2');

    await b.resize(G, 16);
    const outside = await rejection(a.place(G, 'a3', 20, 20, RED));
    expect(outside.message).toMatch(/outside the 16×16 canvas/);
    expect((await cols.canvasCooldowns.findOne({ _id: `${G}:a3` }))?.until.getTime()).toBe(0); // given back
    const inside = await a.place(G, 'a3', 2, 2, RED);
    expect(inside.board.width).toBe(16);
    expect(inside.grid.get(4, 4)).toBe(BLUE); // kept by the resize

    await b.setLocked(G, true);
    expect((await rejection(a.place(G, 'a4', 1, 1, RED))).message).toMatch(/locked/);
    expect((await cols.canvasCooldowns.findOne({ _id: `${G}:a4` }))?.until.getTime()).toBe(0);
    await b.setLocked(G, false);
    await a.place(G, 'a4', 1, 1, RED);

    const { board, grid } = await service().snapshot(G);
    expect([board.width, grid.get(1, 1), grid.get(2, 2), grid.get(3, 3), grid.get(4, 4)]).toEqual([16, RED, RED, RED, BLUE]);
  });

  it('bans are checked by the cooldown take: bans of older versions are copied at start, ban and unban work across processes', async () => {
    setTier('enterprise');
    // A ban stored before bans were copied to the cooldowns (an older version of the bot).
    await cols.canvasBans.insertOne({ _id: `${G}:old`, guildId: G, userId: 'old', bannedBy: 'mod', reason: null, at: new Date() });
    const fresh = service(); // not started: reads the bans itself
    expect((await rejection(fresh.place(G, 'old', 1, 1, RED))).message).toMatch(/banned/);
    const { canvas, commands, close } = await monitoredService();
    try {
      await canvas.start();
      await canvas.snapshot(G);
      commands.length = 0;
      expect((await rejection(canvas.place(G, 'old', 1, 1, RED))).message).toMatch(/banned/);
      await canvas.place(G, 'fine', 2, 2, RED);
      expect(commands.filter((c) => c.endsWith('canvas_bans'))).toEqual([]);

      const other = service(); // bans in one process hold in every other at once
      await other.ban(G, 'new', 'mod', 'spam');
      expect((await rejection(canvas.place(G, 'new', 3, 3, RED))).message).toMatch(/banned/);
      expect(await other.unban(G, 'new')).toBe(true);
      await canvas.place(G, 'new', 3, 3, RED);
      expect(await other.unban(G, 'old')).toBe(true);
      await canvas.place(G, 'old', 1, 1, RED);
      expect(await cols.canvasLog.countDocuments({ guildId: G })).toBe(3);
    } finally {
      await canvas.stop();
      await close();
    }
  });
});
