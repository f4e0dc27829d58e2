/**
 * Batched pixel credits (Economy.earnBatched → CreditLedger.applyCredits, src/economy/creditBatch.ts) on a
 * real MongoDB-wire server: many credits share a few bulk round trips, each placement is paid exactly once,
 * the ledger and the balances agree after a crash at any step of a batch, and the single-entry path
 * (gifts, spending) runs beside batches without breaking the sum. (Batched command counts:
 * tests/services/usageStats.test.ts.)
 */
import type { MongoClient } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collections, ensureIndexes, type Collections } from '../../src/db/collections.js';
import { createLogger } from '../../src/logger.js';
import { CREDITS } from '../../src/economy/amounts.js';
import { Earnings, pixelKey } from '../../src/economy/earnings.js';
import { Economy } from '../../src/economy/economy.js';
import { entryId, type LedgerStepHook } from '../../src/economy/ledger.js';
import { recordingClient, startMongo, type SentCommand, type TestMongo } from '../support/mongo.js';

const silent = createLogger('silent');
const G = '1810000000000000001';
const member = (i: number) => String(1810000000000001000n + BigInt(i));

let mongo: TestMongo;
let cols: Collections;
let monitored: MongoClient;
let mcols: Collections;
/** Commands sent through `monitored`, by collection. */
let sent: SentCommand[];

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  await ensureIndexes(cols);
  const recording = await recordingClient(mongo);
  ({ client: monitored, sent } = recording);
  mcols = collections(recording.db);
});
afterAll(async () => {
  await monitored?.close();
  await mongo?.stop();
});
beforeEach(async () => {
  await cols.creditLedger.deleteMany({});
  await cols.creditBalances.deleteMany({});
  sent.length = 0;
});

function economy(onStep?: LedgerStepHook): Economy {
  return new Economy({ cols: { ledger: mcols.creditLedger, balances: mcols.creditBalances }, logger: silent, ...(onStep ? { onStep } : {}) });
}

/** Credits per member as the ledger says: the sum of their legs of applied entries. */
async function fromLedger(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const e of await cols.creditLedger.find({ state: 'applied' }).toArray()) for (const l of e.legs) out[l.userId] = (out[l.userId] ?? 0) + l.amount;
  return Object.fromEntries(Object.entries(out).filter(([, n]) => n !== 0));
}

async function balances(): Promise<Record<string, number>> {
  return Object.fromEntries((await cols.creditBalances.find({}).toArray()).filter((b) => b.credits !== 0).map((b) => [b.userId, b.credits]));
}

const pixel = (i: number, userId = member(i % 30)) => ({ guildId: G, userId, placementId: `${G}:0:${i}_0:${i}` });

describe('batched pixel credits', () => {
  it('pays 60 concurrent placements of 30 members (new balances, two pixels each) in a few bulk round trips, exactly', async () => {
    const eco = economy();
    const earnings = new Earnings({ links: cols.playerLinks, economy: eco });
    await Promise.all(Array.from({ length: 60 }, (_, i) => earnings.onPixelPlaced(pixel(i))));
    const ledgerTrips = sent.filter((s) => s.collection === 'credit_ledger' || s.collection === 'credit_balances');
    // One insertMany, one bulkWrite of legs, one updateMany of decisions, one bulkWrite removing the
    // markers, one updateMany marking them cleared: 5 round trips for 60 credits (one batch).
    expect(ledgerTrips.map((s) => `${s.name}:${s.collection}`)).toEqual(['insert:credit_ledger', 'update:credit_balances', 'update:credit_ledger', 'update:credit_balances', 'update:credit_ledger']);
    const expected = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [member(i), 2 * CREDITS.pixel]));
    expect(await balances()).toEqual(expected);
    expect(await fromLedger()).toEqual(expected);
    const entries = await cols.creditLedger.find({}).toArray();
    expect(entries).toHaveLength(60);
    expect(entries.every((e) => e.state === 'applied' && e.reason === 'pixel' && e.doneAt && e.cleared && e.expiresAt)).toBe(true);
    // No marker is left on any balance once the batch is done.
    expect((await cols.creditBalances.find({}).toArray()).every((b) => Object.keys(b.pending).length === 0)).toBe(true);
    await eco.stop();
  });

  it('pays a placement once however often it is delivered: in one batch, in later batches, beside fresh ones', async () => {
    const eco = economy();
    const earnings = new Earnings({ links: cols.playerLinks, economy: eco });
    // The same placement three times in one batch.
    await Promise.all([earnings.onPixelPlaced(pixel(1)), earnings.onPixelPlaced(pixel(1)), earnings.onPixelPlaced(pixel(1))]);
    // Then again with fresh ones (the bulk insert meets a duplicate).
    const results = await Promise.all([1, 2, 3, 1].map((i) => eco.earnBatched(G, member(i), CREDITS.pixel, 'pixel', pixelKey(pixel(i).placementId), null)));
    expect(results.map((r) => [r.outcome, r.fresh])).toEqual([
      ['applied', false],
      ['applied', true],
      ['applied', true],
      ['applied', false],
    ]);
    expect(await balances()).toEqual({ [member(1)]: 1, [member(2)]: 1, [member(3)]: 1 });
    expect(await cols.creditLedger.countDocuments({})).toBe(3);
    expect(await fromLedger()).toEqual(await balances());
    await eco.stop();
  });

  it('runs beside gifts and purchases on the same balances: the sum holds and nothing is overspent', async () => {
    const eco = economy();
    await eco.earn(G, member(0), 50, 'kill', 'kill:s:seed');
    const work: Array<Promise<unknown>> = [];
    for (let i = 0; i < 40; i++) {
      work.push(eco.earnBatched(G, member(i % 2), CREDITS.pixel, 'pixel', pixelKey(`p${i}`), null));
      if (i % 4 === 0) work.push(eco.transfer(G, member(0), member(1), 10, `give:${i}`));
      if (i % 8 === 0) work.push(eco.spend(G, member(1), 15, 'shop', `shop:${i}`));
    }
    await Promise.all(work);
    const bal = await balances();
    expect(bal).toEqual(await fromLedger());
    expect((bal[member(0)] ?? 0) + (bal[member(1)] ?? 0)).toBe(50 + 40 - 15 * (await cols.creditLedger.countDocuments({ reason: 'shop', state: 'applied' })));
    await eco.stop();
  });

  it('after a crash at any step of a batch, the sweep makes ledger == balances, and redelivery pays each placement once', async () => {
    const steps = ['inserted', 'leg', 'decided'] as const;
    for (const crashAt of steps) {
      await cols.creditLedger.deleteMany({});
      await cols.creditBalances.deleteMany({});
      let armed = true;
      const eco = economy((step) => {
        if (armed && step === crashAt) {
          armed = false;
          throw new Error(`crash at ${step}`);
        }
      });
      const batch = Array.from({ length: 12 }, (_, i) => pixel(i, member(i % 4)));
      const settled = await Promise.allSettled(batch.map((p) => eco.earnBatched(p.guildId, p.userId, CREDITS.pixel, 'pixel', pixelKey(p.placementId), p.placementId)));
      expect(settled.every((s) => s.status === 'rejected'), crashAt).toBe(true);
      // The restarted process: the start sweep finishes what the crash left.
      const after = economy();
      await after.start();
      expect(await cols.creditLedger.countDocuments({ state: 'pending' }), crashAt).toBe(0);
      expect(await balances(), crashAt).toEqual(await fromLedger());
      // The canvas's retry delivers every placement again (none was marked credited): paid once in all.
      await Promise.all(batch.map((p) => after.earnBatched(p.guildId, p.userId, CREDITS.pixel, 'pixel', pixelKey(p.placementId), p.placementId)));
      const expected = Object.fromEntries([0, 1, 2, 3].map((u) => [member(u), 3]));
      expect(await balances(), crashAt).toEqual(expected);
      expect(await fromLedger(), crashAt).toEqual(expected);
      await after.stop();
      await eco.stop();
    }
  });

  it('a redelivery finishes entries a crash left pending itself (no sweep): legs on or not, beside fresh ones', async () => {
    let crashAt: 'inserted' | 'leg' | null = 'leg';
    const eco = economy((step) => {
      if (step === crashAt) {
        crashAt = null;
        throw new Error(`crash at ${step}`);
      }
    });
    const credit = (i: number) => eco.earnBatched(G, member(i % 3), CREDITS.pixel, 'pixel', pixelKey(`p${i}`), null);
    // p0, p1: pending with their legs on the balances; p2, p3: pending without.
    await Promise.allSettled([credit(0), credit(1)]);
    crashAt = 'inserted';
    await Promise.allSettled([credit(2), credit(3)]);
    expect(await cols.creditLedger.countDocuments({ state: 'pending' })).toBe(4);
    const results = await Promise.all([0, 1, 2, 3, 4, 5].map(credit));
    expect(results.map((r) => [r.outcome, r.fresh])).toEqual([
      ['applied', false],
      ['applied', false],
      ['applied', false],
      ['applied', false],
      ['applied', true],
      ['applied', true],
    ]);
    expect(await balances()).toEqual({ [member(0)]: 2, [member(1)]: 2, [member(2)]: 2 });
    expect(await fromLedger()).toEqual(await balances());
    expect(await cols.creditLedger.countDocuments({ state: 'pending' })).toBe(0);
    await eco.stop();
  });

  it('stop() enters what is queued', async () => {
    const eco = new Economy({ cols: { ledger: mcols.creditLedger, balances: mcols.creditBalances }, logger: silent, batchDelayMs: 60_000 });
    const paid = eco.earnBatched(G, member(1), 1, 'pixel', pixelKey('late'), null);
    await eco.stop();
    expect((await paid).outcome).toBe('applied');
    expect(await balances()).toEqual({ [member(1)]: 1 });
    expect(await cols.creditLedger.findOne({ _id: entryId(G, pixelKey('late')) })).toMatchObject({ state: 'applied' });
  });
});
