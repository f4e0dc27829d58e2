/**
 * Kill credits and the retention of their ledger entries, on a MongoDB-wire server: a kill pays only
 * inside the replay horizon; a kill replayed while its entry is kept pays once; the TTL index deletes kill
 * entries once they are older than the horizon plus its margin and keeps the recent ones; and when the same
 * kills are read again after their entries are gone, they pay nothing, so balances never move by retention.
 *
 * jongodb has no TTL monitor: `ttlPass` does what mongod's does (for each TTL index of the collection,
 * delete the documents whose indexed date plus `expireAfterSeconds` has passed), reading the index as
 * ensureIndexes created it. The ledger stamps `expiresAt` with the system clock, which vi.setSystemTime
 * moves (timers stay real, so the driver runs as usual).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { collections, ensureIndexes, type Collections } from '../../src/db/collections.js';
import { CREDITS } from '../../src/economy/amounts.js';
import { Earnings, killKey, type KillForCredit } from '../../src/economy/earnings.js';
import { Economy } from '../../src/economy/economy.js';
import { KILL_CLOCK_SKEW_MS, KILL_REPLAY_HORIZON_DAYS, killPaysCredits, LEDGER_RETENTION_DAYS } from '../../src/economy/ledgerRetention.js';
import { expireOldKillEntries } from '../../src/db/migrations/009-kill-ledger-expiry.js';
import { silentLogger } from '../ingest/helpers.js';
import { startMongo, type TestMongo } from '../support/mongo.js';

const G = '1810000000000000001';
const MEMBER = '1810000000000000011';
const PLAYER = 'p-hunter';
const DAY = 86_400_000;
/** The day the tests start on (any date: the system clock is moved to it). */
const T0 = Date.UTC(2026, 0, 10, 12);

let mongo: TestMongo;
let cols: Collections;
let clock = T0;
let earnings: Earnings;

/** Deletes what mongod's TTL monitor would delete at `now`, by the collection's own TTL indexes. */
async function ttlPass(now: number): Promise<number> {
  let deleted = 0;
  for (const ix of await cols.creditLedger.indexes()) {
    if (typeof ix.expireAfterSeconds !== 'number') continue;
    const [field] = Object.keys(ix.key);
    const r = await cols.creditLedger.deleteMany({ [field!]: { $lte: new Date(now - ix.expireAfterSeconds * 1000) } });
    deleted += r.deletedCount;
  }
  return deleted;
}

const at = (ms: number) => {
  clock = ms;
  vi.setSystemTime(ms);
};
const kills = (server: string, stamps: number[]): KillForCredit[] => stamps.map((t, i) => ({ eventId: `${server}-e${i}`, killerId: PLAYER, at: new Date(t) }));
const balance = async () => (await cols.creditBalances.findOne({ _id: `${G}:${MEMBER}` }))?.credits ?? 0;
const entriesOf = async (server: string) => (await cols.creditLedger.find({ _id: { $regex: `^${G}\\|kill:${server}:` } }).toArray()).map((e) => e._id).sort();

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  await ensureIndexes(cols);
  vi.useFakeTimers({ toFake: ['Date'] });
  at(T0);
  await cols.playerLinks.insertOne({ _id: `${G}:${MEMBER}`, guildId: G, userId: MEMBER, playerId: PLAYER, playerName: 'Hunter', playerNameLower: 'hunter', linkedAt: new Date(T0 - 400 * DAY) });
  const economy = new Economy({ cols: { ledger: cols.creditLedger, balances: cols.creditBalances }, logger: silentLogger });
  earnings = new Earnings({ links: cols.playerLinks, economy, now: () => new Date(clock) });
});

afterEach(() => at(T0));

afterAll(async () => {
  vi.useRealTimers();
  await mongo?.stop();
});

describe('the replay horizon of kill credits', () => {
  it('pays a kill stamped within the horizon (or at most the clock skew ahead), and nothing for older or further-ahead ones', async () => {
    const now = new Date(T0);
    const edge = T0 - KILL_REPLAY_HORIZON_DAYS * DAY;
    expect(killPaysCredits(new Date(edge), now)).toBe(true);
    expect(killPaysCredits(new Date(edge - 1000), now)).toBe(false);
    expect(killPaysCredits(new Date(T0 + KILL_CLOCK_SKEW_MS), now)).toBe(true);
    expect(killPaysCredits(new Date(T0 + KILL_CLOCK_SKEW_MS + 1000), now)).toBe(false);

    const before = await balance();
    const batch = kills('edge', [edge - 1000, edge, T0 - DAY, T0 + KILL_CLOCK_SKEW_MS + 1000]);
    expect(await earnings.onKills(G, 'edge', batch)).toBe(2);
    expect(await balance()).toBe(before + 2 * CREDITS.kill);
    expect(await entriesOf('edge')).toEqual([`${G}|${killKey('edge', 'edge-e1')}`, `${G}|${killKey('edge', 'edge-e2')}`]);
  });

  it('a fresh kill replayed pays once; retention deletes old kill entries, keeps recent ones, and moves no balance', async () => {
    // Day 0: two kills of that day are paid, and replayed (a crashed batch read again) at once.
    const old = kills('old', [T0 - 3_600_000, T0 - 60_000]);
    const start = await balance();
    expect(await earnings.onKills(G, 'old', old)).toBe(2);
    expect(await earnings.onKills(G, 'old', old)).toBe(2); // matched again, entered before: nothing moves
    expect(await balance()).toBe(start + 2 * CREDITS.kill);
    // Day 20: a recent kill is paid.
    at(T0 + 20 * DAY);
    const recent = kills('recent', [T0 + 20 * DAY - 60_000]);
    expect(await earnings.onKills(G, 'recent', recent)).toBe(1);
    const paid = await balance();
    expect(paid).toBe(start + 3 * CREDITS.kill);

    // Just before the day-0 entries' expiry nothing goes; just after, they go and the day-20 one stays.
    const keptDays = LEDGER_RETENTION_DAYS.kill!;
    expect(keptDays).toBeGreaterThan(KILL_REPLAY_HORIZON_DAYS + KILL_CLOCK_SKEW_MS / DAY);
    await ttlPass(T0 + keptDays * DAY - 60_000);
    expect(await entriesOf('old')).toHaveLength(2);
    at(T0 + keptDays * DAY + 60_000);
    expect(await ttlPass(clock)).toBeGreaterThanOrEqual(2);
    expect(await entriesOf('old')).toEqual([]);
    expect(await entriesOf('recent')).toHaveLength(1);
    expect(await balance()).toBe(paid);

    // The same day-0 kills read again now (a backfill, a replay after months): past the horizon, unpaid.
    expect(await earnings.onKills(G, 'old', old)).toBe(0);
    expect(await entriesOf('old')).toEqual([]);
    expect(await balance()).toBe(paid);
  });

  it('migration 009 gives kill entries cleared before the horizon existed the expiry of one cleared now, once', async () => {
    await cols.creditLedger.insertMany(
      ['a', 'b'].map((k) => ({ _id: `${G}|kill:legacy:${k}`, guildId: G, reason: 'kill' as const, ref: k, legs: [{ userId: MEMBER, amount: 5 }], state: 'applied' as const, cleared: true, at: new Date(T0 - 300 * DAY), doneAt: new Date(T0 - 300 * DAY) })),
    );
    expect(await expireOldKillEntries(mongo.db, new Date(T0))).toBe(2);
    expect(await expireOldKillEntries(mongo.db, new Date(T0))).toBe(0);
    const e = await cols.creditLedger.findOne({ _id: `${G}|kill:legacy:a` });
    expect(e!.expiresAt!.getTime()).toBe(T0 + LEDGER_RETENTION_DAYS.kill! * DAY);
  });
});
