/**
 * The economy's invariant over random sequences, on a real MongoDB-wire server: earnings (daily, admin
 * give), member-to-member transfers, bounties (member → escrow, then escrow → killer or back to the
 * placer, under one settle key so only one of claim, refund or cancel can ever happen), game bets and
 * wins, admin takes, and double clicks (the same key again). Crashes are injected: the ledger's step
 * hook throws at random between its writes, and a new Economy on the same collections recovers, by the
 * start-up sweep or by the caller replaying its key with `resume`. After each sequence:
 *
 * - every account's balance (escrow included) is the sum of its legs of applied ledger entries, so the
 *   sum of all balances is the sum of all applied legs;
 * - no balance is negative; nothing is left pending;
 * - the escrow holds exactly the open bounties (placed, never settled); no bounty settled twice;
 * - the balances are what a plain model of the same operations says (each key counted once).
 *
 * The PRNG is seeded (SEED below, or INVARIANT_SEED): a failure names its sequence and step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections, ensureIndexes, type Collections } from '../../../src/db/collections.js';
import { ESCROW_ACCOUNT, Economy } from '../../../src/economy/economy.js';
import type { LedgerResult, LedgerStepHook } from '../../../src/economy/ledger.js';
import type { LedgerReason } from '../../../src/economy/schemas.js';
import { createLogger } from '../../../src/logger.js';
import { startMongo, type TestMongo } from '../../support/mongo.js';

const SEED = Number(process.env.INVARIANT_SEED ?? 20261207);
const SEQUENCES = 200;
const STEPS = 40;
/** Chance that any one step of the ledger (insert, leg, decide, clear) is where the process dies. */
const CRASH_CHANCE = 0.04;
const G = '1890000000000000001';
const MEMBERS = ['1890000000000000011', '1890000000000000012', '1890000000000000013', '1890000000000000014'];

/** mulberry32: small, fast, seedable. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Crash extends Error {}

let mongo: TestMongo;
let cols: Collections;
const logger = createLogger('silent');

/** One ledger movement as the model sees it: the key, what it moves, and whether the caller may replay it with resume. */
interface Op {
  kind: 'earn' | 'spend' | 'transfer';
  key: string;
  reason: LedgerReason;
  from?: string;
  to?: string;
  amount: number;
}

const economyWith = (onStep?: LedgerStepHook) => new Economy({ cols: { ledger: cols.creditLedger, balances: cols.creditBalances }, logger, ...(onStep ? { onStep } : {}) });

function enter(eco: Economy, op: Op, resume = false): Promise<LedgerResult> {
  if (op.kind === 'earn') return eco.earn(G, op.to!, op.amount, op.reason, op.key, null, { resume });
  if (op.kind === 'spend') return eco.spend(G, op.from!, op.amount, op.reason, op.key);
  return eco.transfer(G, op.from!, op.to!, op.amount, op.key, null, op.reason, { resume });
}

/** Per account: the sum of its legs of applied entries (what the balances must be). */
async function legsByAccount(): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const e of await cols.creditLedger.find({ guildId: G, state: 'applied' }).toArray()) for (const l of e.legs) out.set(l.userId, (out.get(l.userId) ?? 0) + l.amount);
  return out;
}

async function balances(): Promise<Map<string, number>> {
  return new Map((await cols.creditBalances.find({ guildId: G }).toArray()).map((b) => [b.userId, b.credits]));
}

const nonZero = (m: Map<string, number>) => Object.fromEntries([...m].filter(([, n]) => n !== 0).sort(([a], [b]) => a.localeCompare(b)));

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  await ensureIndexes(cols);
}, 60_000);

afterAll(async () => {
  await mongo?.stop();
});

describe('the economy invariant over random sequences with crashes', () => {
  it(`holds for ${SEQUENCES} sequences of ${STEPS} steps (seed ${SEED})`, async () => {
    const rand = prng(SEED);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const amount = (max: number) => 1 + Math.floor(rand() * max);
    const figures = { ops: 0, crashes: 0, sweeps: 0, resumes: 0, replays: 0, refused: 0, settled: 0 };

    for (let seq = 0; seq < SEQUENCES; seq++) {
      await cols.creditLedger.deleteMany({});
      await cols.creditBalances.deleteMany({});
      const done: Op[] = [];
      const bounties: { id: string; placer: string; amount: number }[] = [];
      let n = 0;
      const crashing = economyWith(() => {
        if (rand() < CRASH_CHANCE) throw new Crash('crash between the ledger’s writes');
      });

      /** Enters an op in the crashing process; on a crash, a new process recovers it (sweep or resume). */
      const run = async (op: Op): Promise<void> => {
        figures.ops++;
        try {
          await enter(crashing, op);
        } catch (err) {
          if (!(err instanceof Crash)) throw err;
          figures.crashes++;
          const restarted = economyWith();
          if (op.kind !== 'spend' && rand() < 0.5) {
            figures.resumes++;
            await enter(restarted, op, true);
          } else {
            figures.sweeps++;
            await restarted.start();
            await restarted.stop();
          }
        }
        done.push(op);
      };

      for (let step = 0; step < STEPS; step++) {
        const a = pick(MEMBERS);
        const b = pick(MEMBERS.filter((m) => m !== a));
        const r = rand();
        if (r < 0.15) await run({ kind: 'earn', key: `daily:${a}:${n++}`, reason: 'daily', to: a, amount: amount(150) });
        else if (r < 0.25) await run({ kind: 'earn', key: `eco:${n++}`, reason: 'eco', to: a, amount: amount(300) });
        else if (r < 0.33) await run({ kind: 'spend', key: `eco:${n++}`, reason: 'eco', from: a, amount: amount(200) });
        else if (r < 0.45) await run({ kind: 'transfer', key: `give:${n++}`, reason: 'give', from: a, to: b, amount: amount(120) });
        else if (r < 0.57) {
          const id = `b${n++}`;
          const placed = amount(100);
          await run({ kind: 'transfer', key: `bounty:${id}:place`, reason: 'bounty', from: a, to: ESCROW_ACCOUNT, amount: placed });
          // A bounty exists once its credits are in escrow (a placer too poor placed nothing).
          if ((await cols.creditLedger.findOne({ _id: `${G}|bounty:${id}:place` }))?.state === 'applied') bounties.push({ id, placer: a, amount: placed });
        } else if (r < 0.72 && bounties.length) {
          // Claim (to the killer), refund at expiry or cancel (to the placer): one settle key per bounty.
          const bounty = pick(bounties);
          const to = rand() < 0.5 ? b : bounty.placer;
          await run({ kind: 'transfer', key: `bounty:${bounty.id}:settle`, reason: 'bounty', from: ESCROW_ACCOUNT, to, amount: bounty.amount });
        } else if (r < 0.88) {
          // A hand: the bet is charged, then (a win) the payout credited, each under the hand's key.
          const hand = `h${n++}`;
          const bet = amount(80);
          await run({ kind: 'spend', key: `game:${hand}:bet`, reason: 'game', from: a, amount: bet });
          const betEntry = await cols.creditLedger.findOne({ _id: `${G}|game:${hand}:bet` });
          if (betEntry?.state === 'applied' && rand() < 0.45) await run({ kind: 'earn', key: `game:${hand}:win`, reason: 'game', to: a, amount: bet * 2 });
        } else if (done.length) {
          // A double click or a replayed interaction: the same cause again moves nothing.
          figures.replays++;
          await run(pick(done));
        }
      }

      // No process left anything pending (a last restart finishes whatever a crash left).
      const last = economyWith();
      await last.start();
      await last.stop();
      const where = `sequence ${seq} (seed ${SEED})`;
      expect(await cols.creditLedger.countDocuments({ guildId: G, state: 'pending' }), where).toBe(0);

      const legs = await legsByAccount();
      const held = await balances();
      expect(nonZero(held), where).toEqual(nonZero(legs));
      const sum = (m: Map<string, number>) => [...m.values()].reduce((s, x) => s + x, 0);
      expect(sum(held), where).toBe(sum(legs));
      expect([...held.values()].every((c) => c >= 0), where).toBe(true);

      // The model: each key once, with the outcome the ledger decided for it.
      const entries = new Map((await cols.creditLedger.find({ guildId: G }).toArray()).map((e) => [e._id, e]));
      const model = new Map<string, number>();
      const add = (who: string, x: number) => model.set(who, (model.get(who) ?? 0) + x);
      const counted = new Set<string>();
      for (const op of done) {
        if (counted.has(op.key)) continue;
        counted.add(op.key);
        const e = entries.get(`${G}|${op.key}`);
        expect(e, `${where}: ${op.key} has its entry`).toBeDefined();
        if (e!.state === 'refused') {
          figures.refused++;
          continue;
        }
        // The entry moved what its first cause asked (a second settle of one bounty moved nothing).
        for (const l of e!.legs) add(l.userId, l.amount);
      }
      expect(nonZero(held), `${where}: the model`).toEqual(nonZero(model));

      // The escrow holds the open bounties; a bounty settles at most once, and a settle is never refused.
      let open = 0;
      for (const bounty of bounties) {
        const placed = entries.get(`${G}|bounty:${bounty.id}:place`)?.state === 'applied';
        const settle = entries.get(`${G}|bounty:${bounty.id}:settle`);
        if (settle) {
          expect(placed, `${where}: ${bounty.id} settled only once placed`).toBe(true);
          expect(settle.state, `${where}: ${bounty.id} settle`).toBe('applied');
          figures.settled++;
        } else if (placed) open += bounty.amount;
      }
      expect(held.get(ESCROW_ACCOUNT) ?? 0, `${where}: escrow`).toBe(open);
    }

    console.log(`economy invariant: ${SEQUENCES} sequences × ${STEPS} steps, ${JSON.stringify(figures)}`);
    expect(figures.crashes).toBeGreaterThan(SEQUENCES / 2);
    expect(figures.settled).toBeGreaterThan(0);
  }, 900_000);
});
