/**
 * The economy's invariant over random sequences driven through the REAL services on a MongoDB-wire
 * server (tests/economy/integration/invariant.test.ts checks it on the ledger's primitives alone):
 * admin give/take and gifts (Economy), bounties placed, cancelled, claimed through the ingest's kills
 * hook (killsHookOf: kill credits, then claims) and refunded by the expiry sweep (BountyService), and
 * coinflip and blackjack games (Games, a seeded dealer), with replayed kill batches (a backfill), double
 * clicks (the same button version twice) and retried interactions (the same id again).
 *
 * Crashes: every "process" is built on a ledger whose step hook throws at random between the ledger's
 * writes (and the bounty service's onSettled hook between an out entry and its document). After one,
 * a restart builds new services on the same collections and runs the recovery paths (the ledger sweep
 * with `all`, the bounty expiry pass, the game sweep); sometimes the client retries the same operation.
 *
 * After each sequence, once everything is swept: every account's balance (escrow included) is the sum
 * of its legs of applied entries; none is negative; nothing is pending; the escrow holds exactly the
 * bounties still open (in entry applied, no out entry); each document agrees with its entries; every
 * game is finished and paid once. Then all bounties run out and the escrow is empty.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bounty } from '../../../src/db/bountySchemas.js';
import { collections, ensureIndexes, type Collections } from '../../../src/db/collections.js';
import { outcomeOf } from '../../../src/bounties/settle.js';
import { BountyService } from '../../../src/bounties/service.js';
import { inKey, outKey } from '../../../src/bounties/rules.js';
import { killsHookOf } from '../../../src/bounties/wiring.js';
import { Earnings } from '../../../src/economy/earnings.js';
import { ESCROW_ACCOUNT, Economy } from '../../../src/economy/economy.js';
import { entryId, type LedgerStepHook } from '../../../src/economy/ledger.js';
import { ecoSettingsOf } from '../../../src/economy/settings.js';
import { UserError } from '../../../src/errors.js';
import { GameSweep } from '../../../src/games/gameSweep.js';
import { betKey, Games, refundKey, winKey } from '../../../src/games/games.js';
import { seededRng } from '../../../src/games/rng.js';
import type { KillRecord, KillsHook } from '../../../src/ingest/types.js';
import { silentLogger as logger } from '../../ingest/helpers.js';
import { startMongo, type TestMongo } from '../../support/mongo.js';

const SEED = Number(process.env.INVARIANT_SEED ?? 20261207);
const SEQUENCES = Number(process.env.INVARIANT_SEQUENCES ?? 30);
const STEPS = 30;
/** Chance that any one ledger step (insert, leg, decide, clear) of a process is where it dies. */
const CRASH_CHANCE = Number(process.env.INVARIANT_CRASH_CHANCE ?? 0.04);
const MEMBERS = ['1930000000000000011', '1930000000000000012', '1930000000000000013'];
const ADMIN = '1930000000000000099';
/** Member i plays `p<i>` (an approved link); `ghost` is linked to nobody. */
const PLAYERS = ['p0', 'p1', 'p2', 'ghost'];
const SERVER = 'srv1';
const MIN = 60_000;
const settingsOf = () => Promise.resolve(ecoSettingsOf({ games: true, maxBet: 200 }));

class Crash extends Error {}

let mongo: TestMongo;
let cols: Collections;

interface Proc {
  economy: Economy;
  bounties: BountyService;
  games: Games;
  sweep: GameSweep;
  kills: KillsHook;
}

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  await ensureIndexes(cols);
}, 60_000);

afterAll(async () => {
  await mongo?.stop();
});

describe('the economy invariant through the real services, with crashes', () => {
  it(`holds for ${SEQUENCES} sequences of ${STEPS} steps (seed ${SEED})`, async () => {
    const prng = seededRng(SEED);
    const rand = () => prng.int(1 << 30) / (1 << 30);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const upTo = (max: number) => 1 + Math.floor(rand() * max);
    const f = { ops: 0, crashes: 0, restarts: 0, retries: 0, refusals: 0, kills: 0, backfills: 0, doubleClicks: 0, claims: 0, refunds: 0, cancels: 0, games: 0, killCredits: 0, staleDocs: 0 };
    let clock = Date.now();
    const now = () => new Date(clock);

    for (let seq = 0; seq < SEQUENCES; seq++) {
      const G = `19300000000${String(seq).padStart(8, '0')}`;
      const where = `sequence ${seq} (seed ${SEED})`;
      const dealer = seededRng(SEED + seq);
      const processOn = (crashing: boolean): Proc => {
        const onStep: LedgerStepHook = () => {
          if (crashing && rand() < CRASH_CHANCE) throw new Crash('died between the ledger’s writes');
        };
        const economy = new Economy({ cols: { ledger: cols.creditLedger, balances: cols.creditBalances }, logger, onStep });
        const onSettled = () => {
          if (crashing && rand() < CRASH_CHANCE * 2) throw new Crash('died between an out entry and its bounty');
        };
        const bounties = new BountyService({ bounties: cols.bounties, links: cols.playerLinks, entries: cols.creditLedger, ledger: economy.ledger, logger, now, onSettled });
        const games = new Games({ hands: cols.gameHands, ledger: cols.creditLedger, economy, settingsOf, rng: dealer, now });
        const earnings = new Earnings({ links: cols.playerLinks, economy, now, settingsOf });
        return { economy, bounties, games, sweep: new GameSweep(cols.gameHands, games, logger, now), kills: killsHookOf(earnings, bounties) };
      };
      /** What a restart runs before serving: the ledger's sweep, then the bounties' and the games' own. */
      const recover = async () => {
        const clean = processOn(false);
        await clean.economy.ledger.sweep(new Date(), { all: true });
        await clean.bounties.expire();
        await clean.sweep.pass();
      };
      let proc = processOn(true);
      const linkedAt = new Date(clock - 86_400_000);
      await cols.playerLinks.insertMany(MEMBERS.map((userId, i) => ({ _id: `${G}:p${i}`, guildId: G, userId, playerId: `p${i}`, playerName: `P${i}`, playerNameLower: `p${i}`, linkedAt })));
      for (const m of MEMBERS) await processOn(false).economy.earn(G, m, 300, 'eco', `eco:seed:${m}`, ADMIN);

      /**
       * Runs an operation in the current process; a crash restarts it, and the client may retry the same
       * operation (the ingest always does: a batch whose hook failed stays pending and is applied again).
       */
      const run = async (op: (p: Proc) => Promise<unknown>, always = false): Promise<void> => {
        f.ops++;
        for (let attempt = 0; ; attempt++) {
          try {
            await op(proc);
            return;
          } catch (err) {
            if (err instanceof UserError) {
              f.refusals++;
              return;
            }
            if (!(err instanceof Crash)) throw err;
            f.crashes++;
            f.restarts++;
            proc = processOn(true);
            await recover();
            if (attempt >= (always ? 5 : 2) || (!always && rand() < 0.5)) return;
            f.retries++;
          }
        }
      };
      const done: ((p: Proc) => Promise<unknown>)[] = [];
      const batches: KillRecord[][] = [];
      const placed: { id: string; placer: string }[] = [];
      let n = 0;

      for (let step = 0; step < STEPS; step++) {
        clock += Math.floor(rand() * 8 * MIN);
        const a = pick(MEMBERS);
        const b = pick(MEMBERS.filter((m) => m !== a));
        const ix = `${seq}x${n++}`;
        const r = rand();
        let op: ((p: Proc) => Promise<unknown>) | null = null;
        let retryable = true;
        let always = false;
        if (r < 0.1) op = (p) => p.economy.earn(G, a, upTo(300), 'eco', `eco:${ix}`, ADMIN);
        else if (r < 0.16) op = (p) => p.economy.spend(G, a, upTo(150), 'eco', `eco:${ix}`, ADMIN);
        else if (r < 0.28) op = (p) => p.economy.transfer(G, a, b, upTo(120), `give:${ix}`, b);
        else if (r < 0.42) {
          const target = pick(PLAYERS);
          const amount = 9 + upTo(140);
          const hours = upTo(2);
          placed.push({ id: ix, placer: a });
          op = (p) => p.bounties.place({ id: ix, guildId: G, placerId: a, target: { id: target, name: target }, amount, hours });
        } else if (r < 0.48 && placed.length) {
          const bounty = pick(placed);
          const by = rand() < 0.8 ? bounty.placer : a;
          op = (p) => p.bounties.cancel(G, by, bounty.id);
        } else if (r < 0.64) {
          const batch = Array.from({ length: upTo(3) }, (_, i): KillRecord => ({ eventId: `${ix}k${i}`, killerId: pick(PLAYERS), victimId: pick(PLAYERS), at: new Date(clock - Math.floor(rand() * MIN)) }));
          batches.push(batch);
          f.kills += batch.length;
          always = true;
          op = (p) => p.kills(G, SERVER, batch);
        } else if (r < 0.69 && batches.length) {
          f.backfills++;
          const batch = pick(batches);
          always = true;
          op = (p) => p.kills(G, SERVER, batch);
        } else if (r < 0.77) {
          const bet = upTo(100);
          const called = rand() < 0.5 ? 'heads' : 'tails';
          op = (p) => p.games.start({ guildId: G, userId: a, handId: ix, bet, kind: 'coinflip', called });
        } else if (r < 0.86) {
          const bet = upTo(100);
          op = (p) => p.games.start({ guildId: G, userId: a, handId: ix, bet, kind: 'blackjack' });
        } else if (r < 0.95) {
          const hand = await cols.gameHands.findOne({ guildId: G, state: 'playing' });
          const action = rand() < 0.6 ? 'hit' : 'stand';
          const twice = rand() < 0.4;
          retryable = false;
          if (hand) {
            if (twice) f.doubleClicks++;
            op = async (p) => {
              await p.games.act(G, hand._id, hand.userId, action, hand.version);
              if (twice) await p.games.act(G, hand._id, hand.userId, action, hand.version);
            };
          }
        } else if (r < 0.97 && done.length) {
          op = pick(done); // a client retrying an interaction that went through
        } else {
          retryable = false;
          op = (p) => p.bounties.expire();
        }
        if (!op) continue;
        await run(op, always);
        if (retryable) done.push(op);
      }

      // Everything swept: a last restart, then the clock past every idle hand and every given-up placing.
      await recover();
      clock += 15 * MIN;
      await recover();
      await recover();
      expect(await cols.creditLedger.countDocuments({ guildId: G, state: 'pending' }), where).toBe(0);

      const entries = new Map((await cols.creditLedger.find({ guildId: G }).toArray()).map((e) => [e._id, e]));
      const entry = (key: string) => entries.get(entryId(G, key));
      const books = async () => {
        const legs = new Map<string, number>();
        for (const e of await cols.creditLedger.find({ guildId: G, state: 'applied' }).toArray()) for (const l of e.legs) legs.set(l.userId, (legs.get(l.userId) ?? 0) + l.amount);
        const held = new Map((await cols.creditBalances.find({ guildId: G }).toArray()).map((x) => [x.userId, x.credits]));
        for (const [account, credits] of held) expect(credits, `${where}: ${account} is never negative`).toBeGreaterThanOrEqual(0);
        for (const account of new Set([...legs.keys(), ...held.keys(), ESCROW_ACCOUNT, ...MEMBERS])) expect(held.get(account) ?? 0, `${where}: ${account} is the sum of its legs`).toBe(legs.get(account) ?? 0);
        return held;
      };
      const held = await books();

      // The escrow holds the open bounties; each document agrees with its one out entry.
      const docs = await cols.bounties.find({ guildId: G }).toArray();
      const settledAs = (d: Bounty) => {
        const into = entry(inKey(d._id));
        const out = entry(outKey(d._id));
        if (out) {
          expect(out.state, `${where}: ${d._id} out entry`).toBe('applied');
          expect(into?.state, `${where}: ${d._id} left escrow only after entering it`).toBe('applied');
          expect(out.legs[0], `${where}: ${d._id} takes its own amount out`).toEqual({ userId: ESCROW_ACCOUNT, amount: -d.amount });
        }
        return { into, out };
      };
      let open = 0;
      for (const d of docs) {
        const { into, out } = settledAs(d);
        if (into?.state === 'applied' && !out) {
          open += d.amount;
          expect(d.state, `${where}: ${d._id} is open`).toBe('active');
        } else if (out && d.state === 'active') f.staleDocs++; // followed at its next touch (claim, cancel or expiry)
        else if (out) expect(d.state, `${where}: ${d._id} follows its out entry`).toBe(outcomeOf(out).state);
        else expect(d.state, `${where}: ${d._id} never charged`).toBe('void');
      }
      expect(held.get(ESCROW_ACCOUNT) ?? 0, `${where}: escrow`).toBe(open);

      // Every game finished, its bet taken once, its payout or refund paid once.
      for (const h of await cols.gameHands.find({ guildId: G }).toArray()) {
        f.games++;
        expect(['settled', 'refused', 'cancelled'], `${where}: game ${h._id} ${h.state}`).toContain(h.state);
        const bet = entry(betKey(h._id));
        if (h.state === 'settled') {
          expect(bet?.state, `${where}: game ${h._id} bet`).toBe('applied');
          if (h.payout > 0) expect(entry(winKey(h._id))?.legs, `${where}: game ${h._id} win`).toEqual([{ userId: h.userId, amount: h.payout }]);
          else expect(entry(winKey(h._id)), `${where}: game ${h._id} lost`).toBeUndefined();
        }
        if (h.state === 'cancelled') expect(entry(refundKey(h._id))?.state === 'applied', `${where}: game ${h._id} refund`).toBe(bet?.state === 'applied');
        if (h.state === 'refused') expect(bet?.state, `${where}: game ${h._id} refused`).toBe('refused');
      }
      for (const e of entries.values()) if (e.reason === 'kill' && e.state === 'applied') f.killCredits++;

      // All bounties run out: the expiry refunds what is left and repairs what a crash left behind.
      clock += 3 * 3_600_000;
      await recover();
      const after = await books();
      expect(after.get(ESCROW_ACCOUNT) ?? 0, `${where}: escrow once all ran out`).toBe(0);
      const final = new Map((await cols.creditLedger.find({ guildId: G }).toArray()).map((e) => [e._id, e]));
      for (const d of await cols.bounties.find({ guildId: G }).toArray()) {
        const out = final.get(entryId(G, outKey(d._id)));
        expect(d.state, `${where}: ${d._id} settled`).toBe(out ? outcomeOf(out).state : 'void');
        if (d.state === 'claimed') f.claims++;
        if (d.state === 'refunded') f.refunds++;
        if (d.state === 'cancelled') f.cancels++;
      }
    }

    console.log(`services invariant: ${SEQUENCES} sequences × ${STEPS} steps, ${JSON.stringify(f)}`);
    expect(f.crashes).toBeGreaterThan(SEQUENCES / 2);
    expect(f.claims).toBeGreaterThan(0);
    expect(f.refunds).toBeGreaterThan(0);
    expect(f.games).toBeGreaterThan(SEQUENCES);
  }, 300_000);
});
