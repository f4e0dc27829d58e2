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

  it('clears an entry’s markers only long after it was decided, and a replay after that still moves nothing', async () => {
    await ledger.apply(earn('kill:e1', A, 10));
    await ledger.sweep();
    expect(Object.keys((await cols.creditBalances.findOne({ userId: A }))!.pending)).toHaveLength(1);
    await ledger.sweep(later(CLEAR_AFTER_MS + 1000));
    expect((await cols.creditBalances.findOne({ userId: A }))!.pending).toEqual({});
    expect((await cols.creditLedger.findOne({}))!.cleared).toBe(true);
    await ledger.apply(earn('kill:e1', A, 10));
    expect(await ledger.balance(G, A)).toBe(10);
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
  // A seed, a transfer that succeeds, one refused for lack of credits, and a plain earning: 3 + 4 + 3 + 3 steps.
  const entries = [earn('kill:seed', A, 30), give('give:ok', 25), give('give:too-much', 25), earn('pixel:p1', B, 1)];

  it('leaves ledger and balances agreeing after the sweep, whatever step it hit', async () => {
    const crashes: string[] = [];
    for (let step = 1; step <= 12; step++) {
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
    }
    expect(crashes.filter((c) => c.startsWith('CRASH'))).toHaveLength(12);
  }, 120_000);
});
