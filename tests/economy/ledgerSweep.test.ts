/**
 * The ledger sweep on a real MongoDB-wire server: an entry that fails (an invalid document, a leg whose
 * write throws) is recorded, skipped and retried with backoff while every other entry is finished; a
 * backlog of crash leftovers and of markers is handled in a few bulk round trips per page; the backlog
 * figures for /metrics say what is left.
 */
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collections, ensureIndexes, type Collections } from '../../src/db/collections.js';
import { CLEAR_AFTER_MS, CreditLedger, STALE_MS } from '../../src/economy/ledger.js';
import { markerOf } from '../../src/economy/ledgerMarkers.js';
import { backoffMs, SWEEP_PAGE } from '../../src/economy/ledgerSweep.js';
import type { LedgerEntry } from '../../src/economy/schemas.js';
import { startMongo, type TestMongo } from '../support/mongo.js';

const G = '1820000000000000001';
const member = (i: number) => String(1820000000000001000n + BigInt(i));

let mongo: TestMongo;
let cols: Collections;
let monitored: MongoClient;
let mcols: Collections;
let sent: string[] = [];
const HANDSHAKE = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'buildInfo', 'endSessions', 'saslStart', 'saslContinue']);

const NOW = new Date();
const at = (msAgo: number) => new Date(NOW.getTime() - msAgo);
const ledger = () => new CreditLedger({ ledger: mcols.creditLedger, balances: mcols.creditBalances });

const pending = (key: string, userId: string, amount: number, extra: Partial<LedgerEntry> = {}): LedgerEntry => ({
  _id: `${G}|${key}`,
  guildId: G,
  reason: 'kill',
  ref: null,
  legs: [{ userId, amount }],
  state: 'pending',
  cleared: false,
  at: at(STALE_MS + 5000),
  doneAt: null,
  ...extra,
});

async function credits(): Promise<Record<string, number>> {
  return Object.fromEntries((await cols.creditBalances.find({}).toArray()).filter((b) => b.credits).map((b) => [b.userId, b.credits]));
}
async function markers(): Promise<number> {
  return (await cols.creditBalances.find({}).toArray()).reduce((n, b) => n + Object.keys(b.pending ?? {}).length, 0);
}

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  await ensureIndexes(cols);
  monitored = await new MongoClient(mongo.uri, { monitorCommands: true }).connect();
  monitored.on('commandStarted', (e) => {
    if (!HANDSHAKE.has(e.commandName)) sent.push(`${e.commandName}:${String((e.command as Record<string, unknown>)[e.commandName])}`);
  });
  mcols = collections(monitored.db(mongo.db.databaseName));
});
afterAll(async () => {
  await monitored?.close();
  await mongo?.stop();
});
beforeEach(async () => {
  await cols.creditLedger.deleteMany({});
  await cols.creditBalances.deleteMany({});
  sent = [];
});

describe('the ledger sweep', () => {
  it('finishes every other entry past a poisoned one, records it and retries it with backoff', async () => {
    const good = Array.from({ length: 40 }, (_, i) => pending(`kill:k${i}`, member(i % 10), 10));
    const gifts = Array.from({ length: 4 }, (_, i) => ({ ...pending(`give:g${i}`, member(0), 0), reason: 'give' as const, legs: [{ userId: member(20 + i), amount: -5 }, { userId: member(30 + i), amount: 5 }] }));
    // A document that fails validation (legs is no list), and a credit whose balance is corrupt: its $inc throws.
    const invalid = { ...pending('kill:bad-doc', member(1), 10), legs: 'oops' } as unknown as LedgerEntry;
    const throwing = pending('kill:bad-leg', member(50), 10);
    await cols.creditBalances.insertMany([
      ...[20, 21, 22, 23].map((i) => ({ _id: `${G}:${member(i)}`, guildId: G, userId: member(i), credits: 20, pending: {} })),
      { _id: `${G}:${member(50)}`, guildId: G, userId: member(50), credits: 'corrupt' as unknown as number, pending: {} },
    ]);
    await cols.creditLedger.insertMany([invalid, good[0]!, throwing, ...good.slice(1), ...gifts]);

    const first = await ledger().sweepPass(NOW);
    expect(first.finished).toBe(44);
    expect(first.failed.map((f) => f.id).sort()).toEqual([`${G}|kill:bad-doc`, `${G}|kill:bad-leg`]);
    expect(first.failed.every((f) => f.failures === 1 && f.error.length > 0)).toBe(true);
    const c = await credits();
    for (let i = 0; i < 10; i++) expect(c[member(i)]).toBe(40);
    for (let i = 0; i < 4; i++) expect([c[member(20 + i)], c[member(30 + i)]]).toEqual([15, 5]);
    expect(await ledger().backlog(NOW)).toMatchObject({ pending: 2, poisoned: 2 });

    // Skipped until their retry time; then tried again (and counted again).
    expect((await ledger().sweepPass(NOW)).failed).toEqual([]);
    const retry = await ledger().sweepPass(new Date(NOW.getTime() + backoffMs(1) + 1000));
    expect(retry.failed.map((f) => f.failures)).toEqual([2, 2]);
    const stored = await cols.creditLedger.findOne({ _id: `${G}|kill:bad-leg` });
    expect(stored!.retryAt!.getTime()).toBeGreaterThan(NOW.getTime() + backoffMs(1) + backoffMs(2));
    expect(stored!.lastError).toMatch(/numeric/);

    // Repaired, it is finished at its next try and no longer counted as poisoned.
    await cols.creditBalances.updateOne({ _id: `${G}:${member(50)}` }, { $set: { credits: 0 } });
    const later = new Date(NOW.getTime() + backoffMs(1) + backoffMs(2) + 5000);
    expect((await ledger().sweepPass(later)).finished).toBe(1);
    expect(await credits()).toMatchObject({ [member(50)]: 10 });
    expect(await ledger().backlog(later)).toMatchObject({ pending: 1, poisoned: 1 });
  });

  it(`finishes a backlog of ${3 * SWEEP_PAGE} crash leftovers in a few round trips per page of ${SWEEP_PAGE}, and clears their markers later`, async () => {
    const n = 3 * SWEEP_PAGE;
    const entries = Array.from({ length: n }, (_, i) => pending(`pixel:p${i}`, member(i % 50), 1, { reason: 'pixel', at: at(STALE_MS + 5000 + n - i) }));
    // A third of them got their leg on the balance before the crash.
    const onBalance = entries.filter((_, i) => i % 3 === 0);
    const seeded = new Map<string, { credits: number; pending: Record<string, true> }>();
    for (const e of onBalance) {
      const b = seeded.get(e.legs[0]!.userId) ?? { credits: 0, pending: {} };
      b.credits += 1;
      b.pending[markerOf(e._id).slice('pending.'.length)] = true;
      seeded.set(e.legs[0]!.userId, b);
    }
    await cols.creditBalances.insertMany([...seeded].map(([userId, b]) => ({ _id: `${G}:${userId}`, guildId: G, userId, ...b })));
    await cols.creditLedger.insertMany(entries);

    const t0 = performance.now();
    const pass = await ledger().sweepPass(NOW);
    const ms = performance.now() - t0;
    const finishTrips = sent.length;
    expect(pass.finished).toBe(n);
    expect(pass.failed).toEqual([]);
    // Per page: the page, the balances, the states, the legs, the decisions; then one empty page read each.
    expect(finishTrips).toBeLessThanOrEqual(3 * 5 + 2);
    const c = await credits();
    expect(Object.values(c).reduce((a, b) => a + b, 0)).toBe(n);
    expect(await markers()).toBe(n);

    sent = [];
    const t1 = performance.now();
    const clear = await ledger().sweepPass(new Date(NOW.getTime() + CLEAR_AFTER_MS + 60_000));
    const clearMs = performance.now() - t1;
    expect(clear.cleared).toBe(n);
    expect(await markers()).toBe(0);
    expect(await cols.creditLedger.countDocuments({ cleared: true, expiresAt: { $exists: true } })).toBe(n);
    // Per page: the page, one bulkWrite of marker removals, one updateMany; plus empty page reads.
    expect(sent.length).toBeLessThanOrEqual(3 * 3 + 2);
    console.log(
      `sweep of ${n} crash leftovers: ${finishTrips} round trips (${(n / finishTrips).toFixed(0)} entries per round trip), ${ms.toFixed(0)} ms on jongodb; ` +
        `clearing their markers: ${sent.length} round trips, ${clearMs.toFixed(0)} ms`,
    );
    expect(await ledger().backlog(NOW)).toEqual({ pending: 0, oldestPendingSeconds: 0, poisoned: 0, uncleared: 0 });
  }, 120_000);

  it('reports the oldest pending entry and stops a pass at its time budget with `more`', async () => {
    await cols.creditLedger.insertMany(Array.from({ length: SWEEP_PAGE + 10 }, (_, i) => pending(`kill:b${i}`, member(i % 5), 1, { at: at(STALE_MS + 120_000 - i) })));
    expect((await ledger().backlog(NOW)).oldestPendingSeconds).toBeCloseTo((STALE_MS + 120_000) / 1000, 0);
    const cut = await ledger().sweepPass(NOW, { budgetMs: 0 });
    expect(cut).toMatchObject({ finished: 0, more: true });
    const full = await ledger().sweepPass(NOW);
    expect(full).toMatchObject({ finished: SWEEP_PAGE + 10, more: false });
  });
});
