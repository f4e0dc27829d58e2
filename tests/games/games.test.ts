/**
 * The games' bookkeeping (src/games/games.ts, gameSweep.ts) on the MongoDB-wire server with the real
 * ledger, outcomes dealt by a scripted rng: refusals (games off, bet bounds, too poor), a bet and its win
 * as one entry each, a replayed start that bets once, two Stand clicks that settle once, one open hand
 * per member, and the sweep: an idle hand stood and paid, a crash's `settling` game paid, a crash's `new`
 * game cancelled with its bet refunded once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections, ensureIndexes, type Collections } from '../../src/db/collections.js';
import type { GameHand } from '../../src/db/gameSchemas.js';
import { Economy } from '../../src/economy/economy.js';
import { ecoSettingsOf } from '../../src/economy/settings.js';
import { UserError } from '../../src/errors.js';
import { GameSweep } from '../../src/games/gameSweep.js';
import { betKey, Games, IDLE_MS, NEW_STALE_MS, refundKey, winKey } from '../../src/games/games.js';
import type { Rng } from '../../src/games/rng.js';
import { createLogger } from '../../src/logger.js';
import { ENGLISH } from '../../src/i18n/translate.js';
import { startMongo, type TestMongo } from '../support/mongo.js';

const GUILD = '1700000000000000100';
const OFF = '1700000000000000200';
const MAX_BET = 500;
const c = (rank: number) => rank - 1;

let mongo: TestMongo;
let cols: Collections;
let economy: Economy;
let games: Games;
let sweep: GameSweep;
let clock = 0;
let seeds = 0;
/** The next outcomes, in the order the game draws them; 0 once used up. */
const queue: number[] = [];
const rng: Rng = { int: () => queue.shift() ?? 0 };
const now = () => new Date(Date.now() + clock);

const seed = (userId: string, amount: number) => economy.earn(GUILD, userId, amount, 'migration', `seed:${seeds++}`);
const balance = (userId: string) => economy.balance(GUILD, userId);
const entry = (key: string) => cols.creditLedger.findOne({ _id: `${GUILD}|${key}` });
const refusal = async (p: Promise<unknown>) => {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(UserError);
  return ENGLISH.text((err as UserError).text);
};
/** Player 10+6 (16), dealer 9+8 (17, stands): no natural. */
const dealSixteen = () => queue.push(c(10), c(9), c(6), c(8));

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  await ensureIndexes(cols);
  economy = new Economy({ cols: { ledger: cols.creditLedger, balances: cols.creditBalances }, logger: createLogger('silent') });
  const settingsOf = (guildId: string) => Promise.resolve(ecoSettingsOf(guildId === OFF ? null : { games: true, maxBet: MAX_BET }));
  games = new Games({ hands: cols.gameHands, ledger: cols.creditLedger, economy, settingsOf, rng, now });
  sweep = new GameSweep(cols.gameHands, games, createLogger('silent'), now);
}, 30_000);

afterAll(async () => {
  await economy?.stop();
  await mongo?.stop();
});

describe('starting a game', () => {
  it('refuses while games are off, outside the bet bounds and when the member is too poor', async () => {
    await seed('u1', 50);
    expect(await refusal(games.start({ kind: 'slots', guildId: OFF, userId: 'u1', handId: 'h-off', bet: 10 }))).toMatch(/Games are off/);
    expect(await refusal(games.start({ kind: 'slots', guildId: GUILD, userId: 'u1', handId: 'h-max', bet: MAX_BET + 1 }))).toContain('**1** to **500** credits');
    expect(await refusal(games.start({ kind: 'coinflip', called: 'heads', guildId: GUILD, userId: 'u1', handId: 'h-poor', bet: 60 }))).toContain('only **50** credits');
    expect(await balance('u1')).toBe(50);
    expect((await cols.gameHands.findOne({ _id: 'h-poor' }))?.state).toBe('refused');
    // The same interaction again: refused again, nothing taken.
    expect(await refusal(games.start({ kind: 'coinflip', called: 'heads', guildId: GUILD, userId: 'u1', handId: 'h-poor', bet: 60 }))).toContain('only **50** credits');
    expect(await cols.gameHands.countDocuments({ _id: { $in: ['h-off', 'h-max'] } })).toBe(0);
  });

  it('takes the bet and pays the win as one entry each; a replayed start plays nothing more', async () => {
    await seed('u2', 100);
    queue.push(0); // heads
    const { hand } = await games.start({ kind: 'coinflip', called: 'heads', guildId: GUILD, userId: 'u2', handId: 'h-flip', bet: 40 });
    expect(hand).toMatchObject({ state: 'settled', landed: 'heads', payout: 76 });
    expect(await balance('u2')).toBe(100 - 40 + 76);
    expect(await entry(betKey('h-flip'))).toMatchObject({ state: 'applied', reason: 'game', legs: [{ userId: 'u2', amount: -40 }] });
    expect(await entry(winKey('h-flip'))).toMatchObject({ state: 'applied', reason: 'game', legs: [{ userId: 'u2', amount: 76 }] });
    queue.push(1); // a replay would land tails if it tossed again
    const again = await games.start({ kind: 'coinflip', called: 'heads', guildId: GUILD, userId: 'u2', handId: 'h-flip', bet: 40 });
    expect(again.hand).toMatchObject({ state: 'settled', landed: 'heads', payout: 76 });
    expect(await balance('u2')).toBe(136);
    queue.length = 0;
  });

  it('spins slots: a lost spin is one entry, the bet', async () => {
    await seed('u3', 30);
    queue.push(0, 12, 22); // cherry, lemon, bell: no win
    const { hand } = await games.start({ kind: 'slots', guildId: GUILD, userId: 'u3', handId: 'h-slot', bet: 30 });
    expect(hand).toMatchObject({ state: 'settled', reels: [0, 1, 2], payout: 0 });
    expect(await balance('u3')).toBe(0);
    expect(await entry(winKey('h-slot'))).toBeNull();
  });
});

describe('blackjack', () => {
  it('settles once when Stand is clicked twice at once', async () => {
    await seed('u4', 100);
    dealSixteen();
    const { hand } = await games.start({ kind: 'blackjack', guildId: GUILD, userId: 'u4', handId: 'h-bj', bet: 100 });
    expect(hand).toMatchObject({ state: 'playing', version: 1 });
    expect(await balance('u4')).toBe(0);
    expect(await refusal(games.act(GUILD, 'h-bj', 'someone-else', 'stand', 1))).toContain('<@u4>');
    const clicks = await Promise.all([games.act(GUILD, 'h-bj', 'u4', 'stand', 1), games.act(GUILD, 'h-bj', 'u4', 'stand', 1)]);
    expect(clicks.filter((r) => r.moved)).toHaveLength(1);
    for (const r of clicks) expect(r.hand).toMatchObject({ state: 'settled', outcome: 'lose', payout: 0 });
    expect(await balance('u4')).toBe(0);
  });

  it('hits to 21, stands by itself and pays the win once; a click on the old view plays nothing', async () => {
    await seed('u5', 100);
    dealSixteen();
    await games.start({ kind: 'blackjack', guildId: GUILD, userId: 'u5', handId: 'h-hit', bet: 50 });
    queue.push(c(5)); // 16 + 5
    const r = await games.act(GUILD, 'h-hit', 'u5', 'hit', 1);
    expect(r).toMatchObject({ moved: true, hand: { state: 'settled', outcome: 'win', payout: 100, version: 2 } });
    expect(await balance('u5')).toBe(150);
    const stale = await games.act(GUILD, 'h-hit', 'u5', 'stand', 1);
    expect(stale.moved).toBe(false);
    expect(await balance('u5')).toBe(150);
    expect(await cols.creditLedger.countDocuments({ _id: { $regex: /h-hit/ } })).toBe(2);
  });

  it('keeps one open hand per member: a second /blackjack shows the open one and bets nothing', async () => {
    await seed('u6', 100);
    dealSixteen();
    await games.start({ kind: 'blackjack', guildId: GUILD, userId: 'u6', handId: 'h-open', bet: 10 });
    const second = await games.start({ kind: 'blackjack', guildId: GUILD, userId: 'u6', handId: 'h-open-2', bet: 10 });
    expect(second).toMatchObject({ alreadyOpen: true, hand: { _id: 'h-open', state: 'playing' } });
    expect(await balance('u6')).toBe(90);
  });
});

describe('the sweep', () => {
  it('stands an idle hand and pays it; the member’s slot opens again', async () => {
    clock = IDLE_MS + 1000;
    try {
      const figures = await sweep.pass();
      expect(figures.stood).toBeGreaterThanOrEqual(1);
    } finally {
      clock = 0;
    }
    // 16 against the dealer's 17: lost, settled, no longer open.
    expect(await cols.gameHands.findOne({ _id: 'h-open' })).toMatchObject({ state: 'settled', outcome: 'lose', timedOut: true });
    expect((await cols.gameHands.findOne({ _id: 'h-open' }))?.openSlot).toBeUndefined();
    dealSixteen();
    expect((await games.start({ kind: 'blackjack', guildId: GUILD, userId: 'u6', handId: 'h-open-3', bet: 10 })).alreadyOpen).toBe(false);
  });

  it('pays a decided game a crash left unpaid, once, and cancels a crash’s `new` game with its bet refunded', async () => {
    await seed('u7', 100);
    const at = new Date(Date.now() - NEW_STALE_MS - 60_000);
    const base = { guildId: GUILD, userId: 'u7', kind: 'coinflip' as const, bet: 20, version: 1, called: 'heads' as const, landed: 'heads' as const, outcome: 'win', payout: 38, createdAt: at, touchedAt: at };
    // Crashed after the bet, before the win: decided, unpaid.
    await economy.spend(GUILD, 'u7', 20, 'game', betKey('h-crash-pay'));
    // Crashed after the bet, before leaving `new`; and one crashed before the bet.
    await economy.spend(GUILD, 'u7', 20, 'game', betKey('h-crash-new'));
    await cols.gameHands.insertMany([
      { _id: 'h-crash-pay', ...base, state: 'settling' },
      { _id: 'h-crash-new', ...base, state: 'new', version: 0 },
      { _id: 'h-crash-nobet', ...base, state: 'new', version: 0 },
    ] satisfies GameHand[]);
    expect(await balance('u7')).toBe(60);
    await sweep.pass();
    await sweep.pass();
    expect(await balance('u7')).toBe(60 + 38 + 20);
    expect((await cols.gameHands.find({ userId: 'u7' }).sort({ _id: 1 }).toArray()).map((h) => [h._id, h.state])).toEqual([
      ['h-crash-new', 'cancelled'],
      ['h-crash-nobet', 'cancelled'],
      ['h-crash-pay', 'settled'],
    ]);
    expect(await entry(refundKey('h-crash-new'))).toMatchObject({ state: 'applied', legs: [{ userId: 'u7', amount: 20 }] });
    expect(await entry(refundKey('h-crash-nobet'))).toBeNull();
  });

  it('keeps the invariant: balances are the sum of the applied legs, none below zero', async () => {
    const sums = new Map<string, number>();
    for (const e of await cols.creditLedger.find({ guildId: GUILD, state: 'applied' }).toArray()) for (const l of e.legs) sums.set(l.userId, (sums.get(l.userId) ?? 0) + l.amount);
    for (const b of await cols.creditBalances.find({ guildId: GUILD }).toArray()) {
      expect(b.credits, b.userId).toBe(sums.get(b.userId) ?? 0);
      expect(b.credits).toBeGreaterThanOrEqual(0);
    }
    expect(await cols.creditLedger.countDocuments({ state: 'pending' })).toBe(0);
  });
});
