/**
 * The credit ledger on a real MongoDB-wire server: each cause pays or charges once, balances never go
 * below zero, concurrent spenders never overspend, and after a crash between any two writes the ledger
 * and the balances agree once the sweep has run.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collections, ensureIndexes, type Collections } from '../../src/db/collections.js';
import { CLEAR_AFTER_MS, CreditLedger, STALE_MS, type LedgerInput } from '../../src/economy/ledger.js';
import { LEDGER_RETENTION_DAYS } from '../../src/economy/ledgerRetention.js';
import { startMongo, type TestMongo } from '../support/mongo.js';

const G = '1800000000000000001';
const A = '1800000000000000011';
const B = '1800000000000000012';

let mongo: TestMongo;
let cols: Collections;
let ledger: CreditLedger;

const later = (ms: number) => new Date(Date.now() + ms);

/** Credits per member as the ledger says: the sum of their legs of applied entries. */
async function fromLedger(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const e of await cols.creditLedger.find({ state: 'applied' }).toArray()) for (const l of e.legs) out[l.userId] = (out[l.userId] ?? 0) + l.amount;
  return Object.fromEntries(Object.entries(out).filter(([, n]) => n !== 0));
}

async function balances(): Promise<Record<string, number>> {
  return Object.fromEntries((await cols.creditBalances.find({}).toArray()).filter((b) => b.credits !== 0).map((b) => [b.userId, b.credits]));
}

async function markersOf(userId: string): Promise<Record<string, unknown>> {
  return (await cols.creditBalances.findOne({ userId }))?.pending ?? {};
}

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  await ensureIndexes(cols);
  ledger = new CreditLedger({ ledger: cols.creditLedger, balances: cols.creditBalances });
});
afterAll(() => mongo?.stop());
beforeEach(async () => {
  await cols.creditLedger.deleteMany({});
  await cols.creditBalances.deleteMany({});
});

const earn = (key: string, userId: string, amount: number): LedgerInput => ({ guildId: G, key, reason: 'kill', legs: [{ userId, amount }] });
const give = (key: string, amount: number): LedgerInput => ({ guildId: G, key, reason: 'give', legs: [{ userId: A, amount: -amount }, { userId: B, amount }] });

describe('CreditLedger', () => {
  it('pays a cause once, however often it is replayed', async () => {
    expect(await ledger.apply(earn('kill:e1', A, 10))).toMatchObject({ outcome: 'applied', fresh: true });
    expect(await ledger.apply(earn('kill:e1', A, 10))).toMatchObject({ outcome: 'applied', fresh: false });
    await ledger.apply(earn('kill:e2', A, 10));
    expect(await ledger.balance(G, A)).toBe(20);
    expect(await fromLedger()).toEqual(await balances());
  });

  it('refuses a spending above the balance and moves nothing, now or on a replay', async () => {
    await ledger.apply(earn('kill:e1', A, 10));
    const spend: LedgerInput = { guildId: G, key: 'shop:i1', reason: 'shop', legs: [{ userId: A, amount: -11 }] };
    expect((await ledger.apply(spend)).outcome).toBe('refused');
    expect((await ledger.apply(spend)).outcome).toBe('refused');
    expect(await ledger.balance(G, A)).toBe(10);
  });

  it('never overspends under 20 concurrent transfers, and pays a double click once', async () => {
    await ledger.apply(earn('kill:seed', A, 100));
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => ledger.apply(give(`give:ix${i}`, 10))));
    expect(results.filter((r) => r.outcome === 'applied')).toHaveLength(10);
    expect(results.filter((r) => r.outcome === 'refused')).toHaveLength(10);
    expect(await balances()).toEqual({ [B]: 100 });
    const clicks = await Promise.all(Array.from({ length: 10 }, () => ledger.apply(earn('daily:b:2026-12-02', B, 50))));
    expect(clicks.filter((r) => r.fresh)).toHaveLength(1);
    expect(await ledger.balance(G, B)).toBe(150);
    expect(await fromLedger()).toEqual(await balances());
  });

  it('decides a refused debit on the balance itself: a second worker finishing the entry later cannot apply it', async () => {
    await ledger.apply(earn('kill:seed', A, 10));
    const transfer = give('give:race', 50);
    const entry = { _id: `${G}|give:race`, guildId: G, reason: 'give' as const, ref: null, legs: transfer.legs, state: 'pending' as const, cleared: false, at: new Date(), doneAt: null };
    await cols.creditLedger.insertOne(entry);
    // Worker one finishes it: too few credits, refused.
    const finish = (l: CreditLedger) => (l as unknown as { finish(e: typeof entry): Promise<{ state: string }> }).finish(entry);
    expect((await finish(ledger)).state).toBe('refused');
    // Credits arrive; a second worker that read the entry while it was pending finishes it now.
    await ledger.apply(earn('kill:more', A, 100));
    const late = new CreditLedger({ ledger: cols.creditLedger, balances: cols.creditBalances });
    expect((await finish(late)).state).toBe('refused');
    expect(await balances()).toEqual({ [A]: 110 });
    expect(await fromLedger()).toEqual(await balances());
  });

  it('leaves no marker once its inserter finished an entry; markers another worker set go with the sweep after CLEAR_AFTER_MS', async () => {
    await ledger.apply(earn('kill:e1', A, 10));
    await ledger.apply(give('give:g1', 4));
    const markers = async () => (await cols.creditBalances.find({}).toArray()).reduce((n, b) => n + Object.keys(b.pending).length, 0);
    expect(await markers()).toBe(0);
    expect(await cols.creditLedger.countDocuments({ cleared: true })).toBe(2);
    // A crash's leftover, finished by another worker (the sweep): its marker stays until it is safe to clear.
    await cols.creditLedger.insertOne({ _id: `${G}|kill:e2`, guildId: G, reason: 'kill', ref: null, legs: [{ userId: A, amount: 5 }], state: 'pending', cleared: false, at: new Date(Date.now() - STALE_MS - 1000), doneAt: null });
    expect(await ledger.sweep()).toBe(1);
    expect(await markers()).toBe(1);
    await ledger.sweep(later(CLEAR_AFTER_MS + 1000));
    expect(await markers()).toBe(0);
    expect(await cols.creditLedger.countDocuments({ cleared: false })).toBe(0);
    // Replays after all that still move nothing.
    await ledger.apply(earn('kill:e1', A, 10));
    await ledger.apply(earn('kill:e2', A, 5));
    await ledger.apply(give('give:g1', 4));
    expect(await balances()).toEqual({ [A]: 11, [B]: 4 });
    expect(await fromLedger()).toEqual(await balances());
  });

  it('never pays twice when the inserter clears its markers while another worker holds the entry as pending', async () => {
    await ledger.apply(earn('kill:seed', A, 10));
    const input = give('give:race2', 3);
    const entry = { _id: `${G}|give:race2`, guildId: G, reason: 'give' as const, ref: null, legs: input.legs, state: 'pending' as const, cleared: false, at: new Date(), doneAt: null };
    // The inserter has just inserted it...
    await cols.creditLedger.insertOne(entry);
    const finishOwn = (l: CreditLedger) => (l as unknown as { finishOwn(e: typeof entry): Promise<unknown> }).finishOwn(entry);
    // ...when worker two (a replay with resume) reads the balances and sees the entry pending. Right then
    // the inserter applies both legs, decides and clears its markers; then worker two writes its legs.
    let interleaved = false;
    const ledgerCol = new Proxy(cols.creditLedger, {
      get(target, prop, receiver) {
        if (prop !== 'findOne') return Reflect.get(target, prop, receiver);
        return async (...args: Parameters<typeof target.findOne>) => {
          const found = await target.findOne(...args);
          if (!interleaved) {
            interleaved = true;
            await finishOwn(ledger);
            expect(await markersOf(A)).toEqual({});
          }
          return found;
        };
      },
    });
    const other = new CreditLedger({ ledger: ledgerCol, balances: cols.creditBalances });
    expect((await other.finish(entry)).state).toBe('applied');
    expect(interleaved).toBe(true);
    expect(await balances()).toEqual({ [A]: 7, [B]: 3 });
    expect(await fromLedger()).toEqual(await balances());
  });

  it('gives finished entries an expiry by reason: gifts, pixels and kills expire, purchases are kept', async () => {
    await ledger.apply(earn('kill:e1', A, 10));
    await ledger.apply(give('give:g1', 4));
    await ledger.apply({ guildId: G, key: 'pixel:p1', reason: 'pixel', legs: [{ userId: A, amount: 1 }] });
    await ledger.apply({ guildId: G, key: 'shop:x', reason: 'shop', legs: [{ userId: A, amount: -5 }] });
    const days = async (key: string) => {
      const e = await cols.creditLedger.findOne({ _id: `${G}|${key}` });
      expect(e!.cleared).toBe(true);
      return e!.expiresAt ? (e!.expiresAt.getTime() - e!.doneAt!.getTime()) / 86_400_000 : null;
    };
    expect(await days('give:g1')).toBeCloseTo(LEDGER_RETENTION_DAYS.give!, 1);
    expect(await days('pixel:p1')).toBeCloseTo(LEDGER_RETENTION_DAYS.pixel!, 1);
    expect(await days('kill:e1')).toBeCloseTo(LEDGER_RETENTION_DAYS.kill!, 1);
    expect(await days('shop:x')).toBeNull();
  });
});

/** Runs the ledger in a child process that kills itself at a step. */
function runChild(entries: LedgerInput[], crashAt: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('tests/economy/support/ledger-runner.ts')], {
      env: { ...process.env, LEDGER_RUNNER_CONFIG: JSON.stringify({ mongoUri: mongo.uri, entries }), CRASH_AT_STEP: String(crashAt) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', () => resolve(out));
  });
}

describe('a crash between any two writes', () => {
  // A seed, a transfer that succeeds, one refused for lack of credits, and a plain earning: 4 + 5 + 4 + 4
  // steps (inserted, each leg, decided, markers cleared).
  const entries = [earn('kill:seed', A, 30), give('give:ok', 25), give('give:too-much', 25), earn('pixel:p1', B, 1)];

  it('leaves ledger and balances agreeing after the sweep, whatever step it hit', async () => {
    const crashes: string[] = [];
    for (let step = 1; step <= 17; step++) {
      await cols.creditLedger.deleteMany({});
      await cols.creditBalances.deleteMany({});
      const out = await runChild(entries, step);
      crashes.push(out.trim().split('\n')[0] ?? '');
      // The restarted process: the sweep finishes what the crash left, then the same causes are retried.
      const restarted = new CreditLedger({ ledger: cols.creditLedger, balances: cols.creditBalances });
      await restarted.sweep(later(STALE_MS + 1000));
      for (const e of entries) await restarted.apply(e, later(STALE_MS + 2000));
      expect(await balances(), `crash at step ${step}`).toEqual({ [A]: 5, [B]: 26 });
      expect(await fromLedger(), `crash at step ${step}`).toEqual(await balances());
      expect(await cols.creditLedger.countDocuments({ state: 'pending' })).toBe(0);
      // Once the inserter can no longer be running, the sweep leaves no marker and every entry cleared.
      await restarted.sweep(later(STALE_MS + CLEAR_AFTER_MS + 5000));
      expect(await markersOf(A), `crash at step ${step}`).toEqual({});
      expect(await markersOf(B), `crash at step ${step}`).toEqual({});
      expect(await cols.creditLedger.countDocuments({ cleared: false }), `crash at step ${step}`).toBe(0);
    }
    expect(crashes.filter((c) => c.startsWith('CRASH'))).toHaveLength(17);
  }, 120_000);
});
