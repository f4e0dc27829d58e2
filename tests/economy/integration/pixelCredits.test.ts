/**
 * Credits for placed pixels through CanvasService and the earnings bridge on a real MongoDB-wire server:
 * one CREDITS.pixel per placement, keyed by its canvas log entry, and durable: a placement whose credit
 * did not happen (a crash after the reply, a failed ledger) is credited by the retry exactly once.
 */
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CanvasService, HOOK_RETRY_GRACE_MS, HOOK_RETRY_WINDOW_MS, type PixelPlacedEvent } from '../../../src/canvas/service.js';
import { collections, ensureIndexes, type Collections } from '../../../src/db/collections.js';
import { CREDITS } from '../../../src/economy/amounts.js';
import { Earnings, pixelKey } from '../../../src/economy/earnings.js';
import { Economy } from '../../../src/economy/economy.js';
import { startMongo, type TestMongo } from '../../support/mongo.js';

const silent = pino({ level: 'silent' });
const RED = 0xe50000;
const U = '1900000000000000011';

let mongo: TestMongo;
let cols: Collections;
let earnings: Earnings;
let guildSeq = 0;
let G: string;

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  await ensureIndexes(cols);
  earnings = new Earnings({ links: cols.playerLinks, economy: new Economy({ cols: { ledger: cols.creditLedger, balances: cols.creditBalances }, logger: silent }) });
});
afterAll(() => mongo?.stop());
beforeEach(() => {
  G = `19000000000000${String(++guildSeq).padStart(4, '0')}`;
});

function canvas(hook: (e: PixelPlacedEvent) => Promise<void> = (e) => earnings.onPixelPlaced(e)): CanvasService {
  // Enterprise: a 5 s cooldown, placements are given distinct times below.
  return new CanvasService({ cols, tierOf: async () => 'enterprise', logger: silent, onPixelPlaced: hook });
}

const balance = async (userId = U) => (await cols.creditBalances.findOne({ _id: `${G}:${userId}` }))?.credits ?? 0;
const ago = (ms: number) => new Date(Date.now() - ms);

describe('credits for pixels', () => {
  it('pays CREDITS.pixel per placement under the key of its log entry, and marks the entry', async () => {
    const c = canvas();
    for (let i = 0; i < 3; i++) await c.place(G, U, i, 0, RED, { now: ago(60_000 - i * 10_000) });
    await c.settled();
    expect(await balance()).toBe(3 * CREDITS.pixel);
    const log = await cols.canvasLog.find({ guildId: G }).toArray();
    expect(log.map((e) => (e as { credited?: boolean }).credited)).toEqual([true, true, true]);
    const entries = await cols.creditLedger.find({ guildId: G }).toArray();
    expect(entries.map((e) => e._id).sort()).toEqual(log.map((e) => `${G}|${pixelKey(e._id)}`).sort());
    expect(entries.every((e) => e.reason === 'pixel' && e.ref !== null && e.state === 'applied')).toBe(true);
    // Nothing is left to retry, and a retry pays nothing.
    expect(await c.retryUndelivered()).toBe(0);
    expect(await balance()).toBe(3 * CREDITS.pixel);
  });

  it('credits a placement whose credit failed (the process died after the reply) exactly once, by the retry', async () => {
    // The hook fails as if the process had died between the reply and the credit.
    const dead = canvas(async () => {
      throw new Error('process gone');
    });
    await dead.place(G, U, 1, 1, RED, { now: ago(HOOK_RETRY_GRACE_MS + 20_000) });
    await dead.settled();
    expect(await balance()).toBe(0);
    // A placement whose credit was paid but whose entry was never marked (died between the two writes).
    const unmarked = canvas(async (e) => {
      await earnings.onPixelPlaced(e);
      throw new Error('died before the mark');
    });
    await unmarked.place(G, U, 2, 2, RED, { now: ago(HOOK_RETRY_GRACE_MS + 1_000) });
    await unmarked.settled();
    expect(await balance()).toBe(CREDITS.pixel);
    // Too recent (may still be on its way), too old (outside the window), and an entry from before credits
    // existed (no mark field at all): none of them is retried.
    const c = canvas();
    await cols.canvasLog.insertMany([
      { _id: `${G}:0:5_5:1`, guildId: G, rev: 0, seq: 1, x: 5, y: 5, color: RED, previous: 0xffffff, userId: U, at: ago(1_000), credited: false },
      { _id: `${G}:0:6_6:1`, guildId: G, rev: 0, seq: 1, x: 6, y: 6, color: RED, previous: 0xffffff, userId: U, at: ago(HOOK_RETRY_WINDOW_MS + 60_000), credited: false },
      { _id: `${G}:0:7_7:1`, guildId: G, rev: 0, seq: 1, x: 7, y: 7, color: RED, previous: 0xffffff, userId: U, at: ago(120_000) },
    ] as never[]);

    expect(await c.retryUndelivered()).toBe(2);
    expect(await balance()).toBe(2 * CREDITS.pixel);
    expect(await c.retryUndelivered()).toBe(0);
    expect(await balance()).toBe(2 * CREDITS.pixel);
    // Once the young one is past the grace period it is paid, once.
    expect(await c.retryUndelivered(new Date(Date.now() + HOOK_RETRY_GRACE_MS))).toBe(1);
    expect(await c.retryUndelivered(new Date(Date.now() + HOOK_RETRY_GRACE_MS))).toBe(0);
    expect(await balance()).toBe(3 * CREDITS.pixel);
    expect(await cols.creditLedger.countDocuments({ guildId: G, state: { $ne: 'applied' } })).toBe(0);
  });

  it('start() retries at once; rolled-back placements keep their credits', async () => {
    const dead = canvas(async () => {
      throw new Error('process gone');
    });
    await dead.place(G, U, 3, 3, RED, { now: ago(HOOK_RETRY_GRACE_MS + 5_000) });
    await dead.settled();
    const c = canvas();
    await c.start();
    await c.stop(); // waits for the first retry pass
    expect(await balance()).toBe(CREDITS.pixel);
    await c.place(G, U, 4, 4, RED);
    await c.settled();
    expect(await balance()).toBe(2 * CREDITS.pixel);
    expect(await c.rollback(G, U, 60 * 24)).toMatchObject({ placements: 2 });
    expect(await balance()).toBe(2 * CREDITS.pixel);
  });
});
