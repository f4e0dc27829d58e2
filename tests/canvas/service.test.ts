/**
 * CanvasService against a real MongoDB-wire server (jongodb, or MONGODB_TEST_URI): storage, atomic
 * placement, cooldowns shared between processes, moderation, timelapse, the legacy migration.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { Long, MongoClient } from 'mongodb';
import { collections, ensureIndexes, type Collections } from '../../src/db/collections.js';
import { CanvasService, COMPACT_AT, timelineOrder, type PixelPlacedEvent } from '../../src/canvas/service.js';
import { planRollback } from '../../src/canvas/rollback.js';
import { RenderCache } from '../../src/canvas/renderCache.js';
import { legacyCanvas } from '../../src/db/migrations/002-legacy-canvas.js';
import type { TierName } from '../../src/premium/tiers.js';
import { UserError } from '../../src/errors.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { decodeGif } from './helpers.js';

const silent = pino({ level: 'silent' });
const RED = 0xe50000;
const BLUE = 0x0083c7;
const GREEN = 0x02be01;
const WHITE = 0xffffff;

let mongo: TestMongo;
let cols: Collections;
let tier: TierName = 'free';
let guildSeq = 0;
let G: string;

function service(extra: { onPixelPlaced?: (e: PixelPlacedEvent) => Promise<void>; renderCache?: RenderCache } = {}): CanvasService {
  return new CanvasService({ cols, tierOf: async () => tier, logger: silent, ...extra });
}

/** A service ("another process") on a client of its own that records the commands it sends as `command collection`. */
async function monitoredService(extra: { onPixelPlaced?: (e: PixelPlacedEvent) => Promise<void>; renderCache?: RenderCache } = {}) {
  const client = await new MongoClient(mongo.uri, { monitorCommands: true }).connect();
  const commands: string[] = [];
  client.on('commandStarted', (e) => {
    const target = (e.command as Record<string, unknown>)[e.commandName];
    commands.push(`${e.commandName} ${typeof target === 'string' ? target : ''}`.trim());
  });
  const canvas = new CanvasService({ cols: collections(client.db()), tierOf: async () => tier, logger: silent, ...extra });
  return { canvas, commands, close: () => client.close() };
}

async function rejection(p: Promise<unknown>): Promise<UserError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  return err as UserError;
}

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  await ensureIndexes(cols);
});
afterAll(() => mongo?.stop());
beforeEach(() => {
  tier = 'free';
  G = `30000000000000${String(++guildSeq).padStart(4, '0')}`;
});

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

    tier = 'enterprise'; // 5 s cooldown
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
    tier = 'enterprise';
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
    tier = 'enterprise';
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

describe('the placement path', () => {
  it('a placement is three round trips — cooldown take (also the ban check), claim, apply — and reads nothing', async () => {
    tier = 'enterprise';
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
    tier = 'enterprise';
    const events: PixelPlacedEvent[] = [];
    const { canvas, commands, close } = await monitoredService({ onPixelPlaced: async (e) => void events.push(e) });
    try {
      await canvas.snapshot(G);
      commands.length = 0;
      const n = 40;
      const results = await Promise.all(Array.from({ length: n }, (_, i) => canvas.place(G, `m${i}`, i % 32, Math.floor(i / 32), i % 2 ? RED : BLUE)));
      await canvas.settled();
      const count = (c: string) => commands.filter((x) => x === c).length;
      expect(count('update canvas_cooldowns')).toBe(n); // one take per member
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

  it('one member placing five times at once through two processes: one placement wins, the others wait for the cooldown', async () => {
    tier = 'enterprise';
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
    tier = 'enterprise';
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
    tier = 'enterprise';
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
    tier = 'enterprise';
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

describe('moderation', () => {
  it('rolls back a member: their pixels get back what was under them, later pixels of others survive', async () => {
    tier = 'enterprise';
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
    tier = 'pro';
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
    tier = 'enterprise';
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

describe('timelapse cache and concurrency', () => {
  /** A service on a client of its own that counts the commands it sends, per collection. */
  async function monitored() {
    const client = await new MongoClient(mongo.uri, { monitorCommands: true }).connect();
    const commands: string[] = [];
    client.on('commandStarted', (e) => {
      const target = (e.command as Record<string, unknown>)[e.commandName];
      commands.push(`${e.commandName} ${typeof target === 'string' ? target : ''}`.trim());
    });
    const canvas = new CanvasService({ cols: collections(client.db()), tierOf: async () => tier, logger: silent });
    return { canvas, commands, close: () => client.close() };
  }

  it('builds once per canvas version: a second call reads the board only, concurrent calls share, a placement rebuilds', async () => {
    tier = 'enterprise';
    const writer = service();
    for (let i = 0; i < 20; i++) await writer.place(G, `w${i}`, i % 8, Math.floor(i / 8), i % 3 ? RED : BLUE);
    const { canvas, commands, close } = await monitored();
    try {
      const first = await canvas.timelapse(G);
      expect(first.placements).toBe(20);
      expect(first.capped).toBe(false);
      expect(canvas.timelapses.stats.builds).toBe(1);
      expect(commands.filter((c) => c.includes('canvas_log')).length).toBeGreaterThan(0);
      const { grid } = await writer.snapshot(G);
      const decoded = decodeGif(first.buffer);
      for (let y = 0; y < 32; y++) {
        for (let x = 0; x < 32; x++) expect(decoded.last[y * first.scale * decoded.width + x * first.scale], `${x},${y}`).toBe(grid.get(x, y));
      }

      commands.length = 0;
      const again = await canvas.timelapse(G);
      expect(again.buffer).toBe(first.buffer); // the same GIF, not an equal one
      expect(canvas.timelapses.stats.builds).toBe(1);
      expect(commands).toEqual(['find canvas_boards']); // one round trip: the board's version

      await writer.place(G, 'late', 20, 20, GREEN);
      commands.length = 0;
      const [a, b, c] = await Promise.all([canvas.timelapse(G), canvas.timelapse(G), canvas.timelapse(G)]);
      expect(canvas.timelapses.stats.builds).toBe(2); // three members, one build
      expect(b.buffer).toBe(a.buffer);
      expect(c.buffer).toBe(a.buffer);
      expect(commands.filter((cmd) => cmd === 'find canvas_log')).toHaveLength(1);
      expect(a.placements).toBe(21);
      const after = decodeGif(a.buffer);
      expect(after.last[20 * a.scale * after.width + 20 * a.scale]).toBe(GREEN);
    } finally {
      await close();
    }
  });

  it('a rollback makes the next timelapse leave the reverted placements out', async () => {
    tier = 'enterprise';
    const canvas = service();
    await canvas.place(G, 'ann', 1, 1, BLUE);
    await canvas.place(G, 'grief', 2, 2, RED);
    expect((await canvas.timelapse(G)).placements).toBe(2);
    await canvas.rollback(G, 'grief', 30);
    const lapse = await canvas.timelapse(G);
    expect(lapse.placements).toBe(1);
    expect(canvas.timelapses.stats.builds).toBe(2);
    const decoded = decodeGif(lapse.buffer);
    expect(decoded.last[2 * lapse.scale * decoded.width + 2 * lapse.scale]).toBe(WHITE);
  });
});

describe('rendering', () => {
  it('a placement renders nothing unless a view of it is asked for; viewers of one picture share one render', async () => {
    tier = 'enterprise';
    const cache = new RenderCache({ maxBytes: 8 * 1024 * 1024 });
    const canvas = service({ renderCache: cache });
    await canvas.place(G, 'p1', 1, 1, RED);
    await canvas.place(G, 'p2', 2, 2, BLUE);
    expect(cache.stats).toMatchObject({ hits: 0, misses: 0, entries: 0 }); // nobody looked: no picture

    const view = { cx: 16, cy: 16, zoom: 1, selectedColor: 0x222222 };
    const [a, b] = await Promise.all([canvas.render(G, view), canvas.render(G, view)]); // two members, one picture
    const c = await canvas.render(G, view);
    expect(b.image).toBe(a.image);
    expect(c.image).toBe(a.image);
    expect(cache.stats.entries).toBe(1);

    // A placement that asks for a preview gets its picture rendered while it is written, and that picture
    // is the cached one for whoever looks at the same view next.
    const mine = { cx: 3, cy: 3, zoom: 2, selectedColor: GREEN };
    const placed = await canvas.place(G, 'p3', 3, 3, GREEN, { preview: mine });
    const image = await placed.image!;
    expect(image.viewport).toEqual((await canvas.render(G, mine, placed)).image.viewport);
    expect((await canvas.render(G, mine)).image).toBe(image);
  });

  it('caches renders by (canvas version, view)', async () => {
    tier = 'enterprise';
    const cache = new RenderCache({ maxBytes: 8 * 1024 * 1024 });
    const canvas = service({ renderCache: cache });
    await canvas.resize(G, 256);
    await canvas.place(G, 'r', 100, 100, RED);
    const view = { cx: 100, cy: 100, zoom: 1, selectedColor: RED };
    const first = await canvas.render(G, view);
    const again = await canvas.render(G, view);
    expect(again.image).toBe(first.image); // same object: served from the cache
    expect(cache.stats.hits).toBeGreaterThanOrEqual(1);
    // A new pixel is a new version: the same view is rendered again, showing it.
    await canvas.place(G, 's', 101, 100, RED);
    expect((await canvas.render(G, view)).image).not.toBe(first.image);
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
