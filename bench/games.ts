/**
 * 1,000 games at once through the games service (src/games/games.ts) on the MongoDB-wire server, no
 * Discord: 500 members each toss a coin and play a blackjack hand (perfect hit/stand play, clicks sent
 * as the buttons would) at the same time, real randomness. Prints the latency of a whole game and of one
 * step (start, Hit/Stand) at p50/p99, then checks the invariant: every balance is the sum of its applied
 * ledger legs, none below zero, no entry pending, every game settled, and the credits the members lost
 * or won are exactly the games' bets and payouts. Exits non-zero when any of it fails.
 *   npx tsx bench/games.ts
 */
import { pathToFileURL } from 'node:url';
import { MongoClient } from 'mongodb';
import { collections, ensureIndexes } from '../src/db/collections.js';
import { Economy } from '../src/economy/economy.js';
import { ecoSettingsOf } from '../src/economy/settings.js';
import { shouldHit } from '../src/games/blackjackOdds.js';
import { Games } from '../src/games/games.js';
import { createLogger } from '../src/logger.js';
import { startMongo } from '../tests/support/mongo.js';
import { runBench } from './lifecycle.js';
import { fmt, summarize } from './stats.js';

const GUILD = '1330000000000000100';
const MEMBERS = 500;
const SEED = 1_000;
const BET = 50;
/** jongodb writes slow down with collection size: 1,000 games at once take minutes there (seconds on a real MongoDB). */
const DEADLINE_MS = 900_000;

export async function run(): Promise<void> {
  const mongo = await startMongo();
  // Round trips are the database-independent cost (jongodb's own slowness dominates the latency).
  const monitored = await new MongoClient(mongo.uri, { monitorCommands: true }).connect();
  let roundTrips = 0;
  monitored.on('commandStarted', () => roundTrips++);
  const cols = collections(monitored.db());
  await ensureIndexes(cols);
  const economy = new Economy({ cols: { ledger: cols.creditLedger, balances: cols.creditBalances }, logger: createLogger('silent') });
  const games = new Games({ hands: cols.gameHands, ledger: cols.creditLedger, economy, settingsOf: () => Promise.resolve(ecoSettingsOf({ games: true })) });
  const members = Array.from({ length: MEMBERS }, (_, i) => String(1330000000000001000n + BigInt(i)));
  await cols.creditLedger.insertMany(
    members.map((userId) => ({ _id: `${GUILD}|seed:${userId}`, guildId: GUILD, reason: 'migration' as const, ref: null, legs: [{ userId, amount: SEED }], state: 'applied' as const, cleared: true, at: new Date(), doneAt: new Date() })),
  );
  await cols.creditBalances.insertMany(members.map((userId) => ({ _id: `${GUILD}:${userId}`, guildId: GUILD, userId, credits: SEED, pending: {} })));
  const steps: number[] = [];
  const timed = async <T>(f: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await f();
    } finally {
      steps.push(performance.now() - t0);
    }
  };
  const coinflip = (userId: string, i: number) => timed(() => games.start({ kind: 'coinflip', called: i % 2 ? 'tails' : 'heads', guildId: GUILD, userId, handId: `flip-${i}`, bet: BET }));
  const blackjack = async (userId: string, i: number) => {
    let { hand } = await timed(() => games.start({ kind: 'blackjack', guildId: GUILD, userId, handId: `bj-${i}`, bet: BET }));
    while (hand.state === 'playing') {
      const action = shouldHit(hand.player!, hand.dealer![0]!) ? 'hit' : 'stand';
      const shown = hand;
      ({ hand } = await timed(() => games.act(GUILD, shown._id, userId, action, shown.version)));
    }
  };
  try {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    roundTrips = 0;
    const whole = await Promise.all(
      members.flatMap((userId, i) =>
        [() => coinflip(userId, i), () => blackjack(userId, i)].map(async (game) => {
          const g0 = performance.now();
          await game();
          return performance.now() - g0;
        }),
      ),
    );
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const trips = roundTrips;
    const g = summarize(whole);
    const s = summarize(steps);
    console.log(`${whole.length} games at once (${MEMBERS} members × coinflip + blackjack, through the service, jongodb)`);
    console.log(`  ${(whole.length / seconds).toFixed(1)} games/s over ${seconds.toFixed(1)} s; a whole game p50 ${fmt(g.p50)}, p99 ${fmt(g.p99)}; one step (${s.n}) p50 ${fmt(s.p50)}, p99 ${fmt(s.p99)}`);
    console.log(`  database round trips: ${(trips / whole.length).toFixed(1)} per game (${s.n} steps: ${(trips / s.n).toFixed(1)} per step); bot-side CPU ${((cpu.user + cpu.system) / 1000 / whole.length).toFixed(2)} ms per game`);

    const hands = await cols.gameHands.find({ guildId: GUILD }).toArray();
    const unsettled = hands.filter((h) => h.state !== 'settled').length;
    const sums = new Map<string, number>();
    for (const e of await cols.creditLedger.find({ guildId: GUILD, state: 'applied' }).toArray()) for (const l of e.legs) sums.set(l.userId, (sums.get(l.userId) ?? 0) + l.amount);
    const balances = await cols.creditBalances.find({ guildId: GUILD }).toArray();
    const mismatched = balances.filter((b) => b.credits !== (sums.get(b.userId) ?? 0)).length;
    const negative = balances.filter((b) => b.credits < 0).length;
    const pending = await cols.creditLedger.countDocuments({ guildId: GUILD, state: 'pending' });
    const total = balances.reduce((n, b) => n + b.credits, 0);
    const expected = SEED * MEMBERS + hands.reduce((n, h) => n + h.payout - h.bet, 0);
    const houseNet = -(total - SEED * MEMBERS);
    console.log(`  ${hands.length} games, ${unsettled} unsettled; sum of balances ${total} = seed + payouts − bets ${expected}: ${total === expected ? 'yes' : 'NO'}; house net ${houseNet} on ${hands.length * BET} staked`);
    console.log(`  balances = sum of applied legs for every member: ${mismatched === 0 ? 'yes' : `NO (${mismatched})`}; negative balances: ${negative}; entries pending: ${pending}`);
    if (hands.length !== 2 * MEMBERS || unsettled || mismatched || negative || pending || total !== expected) throw new Error('the games broke the ledger invariant');
  } finally {
    await economy.stop();
    await monitored.close();
    await mongo.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runBench('games', run, { deadlineMs: DEADLINE_MS });
