/**
 * The games through the real bot process, the Discord double and the MongoDB-wire server, with real
 * randomness (crypto.randomInt): every check holds for any outcome. Games off: a clear refusal; a bet
 * above the guild's maxBet: refused with the limit named; /coinflip and /slots: balance = before − bet +
 * payout, one entry each; /blackjack: two Stand clicks at once settle once; a hand survives the bot's
 * SIGKILL mid-hand and settles once when its old message is clicked in the new process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections, type Collections } from '../../src/db/collections.js';
import type { GameHand } from '../../src/db/gameSchemas.js';
import { CreditLedger } from '../../src/economy/ledger.js';
import { DiscordDouble, type DoubleMessage } from '../support/discord-double/index.js';
import { startBotProcess, type BotProcess } from '../support/bot.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { customIds } from '../support/serverFlow.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';

const APP = '1600000000000000001';
const GUILD = '1600000000000000100';
const OFF_GUILD = '1600000000000000200';
const MAX_BET = 500;
const SEED = 5_000;
const M = (n: number) => `16000000000000003${String(n).padStart(2, '0')}`;
const [FLIPPER, SPINNER, CLICKER, SURVIVOR, LIMITED, OFFSIDE] = [1, 2, 3, 4, 5, 6].map(M) as [string, string, string, string, string, string];

let mongo: TestMongo;
let cols: Collections;
let ledger: CreditLedger;
let double: DiscordDouble;
let bot: BotProcess;

const start = () => startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: APP, mongoUri: mongo.uri });
const balance = (userId: string) => ledger.balance(GUILD, userId);
const hand = (id: string) => cols.gameHands.findOne({ _id: id }) as Promise<GameHand | null>;
const play = async (userId: string, command: string, options: Record<string, string | number>, guildId = GUILD) => {
  const ix = await double.slash({ guildId, userId, command, options });
  return { id: ix.id, reply: await ix.reply() };
};
/** What the ledger moved for one game: its bet (negative) plus its win. */
async function moved(handId: string): Promise<number> {
  let sum = 0;
  for (const e of await cols.creditLedger.find({ guildId: GUILD, _id: { $regex: `^${GUILD}\\|game:${handId}:` }, state: 'applied' }).toArray()) sum += e.legs[0]!.amount;
  return sum;
}

/** Starts blackjack hands until one is left to play (a natural on either side ends a hand at the deal). */
async function openHand(userId: string, bet: number): Promise<{ id: string; reply: DoubleMessage }> {
  for (let i = 0; i < 12; i++) {
    const game = await play(userId, 'blackjack', { amount: bet });
    if ((await hand(game.id))?.state === 'playing') return game;
  }
  throw new Error('no hand left to play in 12 deals');
}

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  ledger = new CreditLedger({ ledger: cols.creditLedger, balances: cols.creditBalances });
  for (const userId of [FLIPPER, SPINNER, CLICKER, SURVIVOR, LIMITED]) await ledger.apply({ guildId: GUILD, key: `seed:${userId}`, reason: 'migration', legs: [{ userId, amount: SEED }] });
  const now = new Date();
  // As /eco settings games:true max_bet:500 stores it; the other guild changed nothing (games off).
  await mongo.db.collection('guild_configs').insertMany([
    { _id: GUILD as never, timezone: 'UTC', locale: 'en-US', economy: { games: true, maxBet: MAX_BET }, createdAt: now, updatedAt: now },
    { _id: OFF_GUILD as never, timezone: 'UTC', locale: 'en-US', createdAt: now, updatedAt: now },
  ]);
  const members = [FLIPPER, SPINNER, CLICKER, SURVIVOR, LIMITED].map((id, i) => ({ id, username: `player${i}` }));
  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: '1600000000000000002',
    token: 'games-test-token',
    guilds: [
      { id: GUILD, name: 'Casino', ownerId: FLIPPER, channels: [{ id: '1600000000000000110', name: 'games', type: 'text' }], members },
      { id: OFF_GUILD, name: 'Quiet', ownerId: OFFSIDE, channels: [{ id: '1600000000000000210', name: 'general', type: 'text' }], members: [{ id: OFFSIDE, username: 'quiet' }] },
    ],
  });
  bot = await start();
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await double?.stop();
  await mongo?.stop();
});

expectEveryRequestHandled(() => double);

describe('refusals', () => {
  it('refuses every game while games are off, and says how to turn them on', async () => {
    for (const [command, options] of [['coinflip', { amount: 10 }], ['slots', { amount: 10 }], ['blackjack', { amount: 10 }]] as const) {
      const { reply } = await play(OFFSIDE, command, options, OFF_GUILD);
      expect(reply.flags! & 64).toBe(64);
      expect(reply.content).toContain('Games are off on this server');
      expect(reply.content).toContain('/eco settings games:true');
    }
    expect(await cols.gameHands.countDocuments({ guildId: OFF_GUILD })).toBe(0);
  });

  it('refuses a bet above the guild’s maxBet, naming the limit, and takes nothing', async () => {
    const { reply } = await play(LIMITED, 'coinflip', { amount: MAX_BET + 1 });
    expect(reply.content).toContain(`**1** to **${MAX_BET}** credits`);
    expect(await balance(LIMITED)).toBe(SEED);
  });
});

describe('/coinflip and /slots', () => {
  it('settles each toss as balance = before − bet + payout, the house edge stated', async () => {
    let expected = SEED;
    for (let i = 0; i < 4; i++) {
      const { id, reply } = await play(FLIPPER, 'coinflip', { amount: 100, side: i % 2 ? 'tails' : 'heads' });
      const game = (await hand(id))!;
      expect(game.state).toBe('settled');
      expect([0, 190]).toContain(game.payout);
      expect(await moved(id)).toBe(-100 + game.payout);
      expected += game.payout - 100;
      expect(reply.content).toContain(game.payout ? 'win **190** credits' : 'lose your 100 credits');
      expect(reply.content).toContain('house edge 5 %');
      expect(reply.content).toContain(`Balance: **${expected.toLocaleString('en-US')}** credits`);
    }
    expect(await balance(FLIPPER)).toBe(expected);
  });

  it('spins slots with the paytable and its return stated', async () => {
    const { id, reply } = await play(SPINNER, 'slots', { amount: 10 });
    const game = (await hand(id))!;
    expect(await balance(SPINNER)).toBe(SEED - 10 + game.payout);
    expect(reply.content).toMatch(/Returns 95\.58 % of bets on average \(house edge 4\.42 %\)/);
    expect(reply.content).toContain('7️⃣7️⃣7️⃣ 500×');
  });
});

describe('/blackjack', () => {
  it('settles once when Stand is clicked twice at once', async () => {
    const before = await balance(CLICKER);
    const { id, reply } = await openHand(CLICKER, 200);
    expect(reply.embeds[0]?.footer?.text).toContain('house edge 2.42 % with perfect play');
    const stand = customIds(reply).find((c) => c.startsWith('blackjack:stand:'))!;
    const clicks = await Promise.all([double.clickButton({ guildId: GUILD, userId: CLICKER, message: reply, customId: stand }), double.clickButton({ guildId: GUILD, userId: CLICKER, message: reply, customId: stand })]);
    const shown = await Promise.all(clicks.map((c) => c.reply()));
    const game = (await hand(id))!;
    expect(game).toMatchObject({ state: 'settled', version: 2 });
    expect(await cols.creditLedger.countDocuments({ _id: `${GUILD}|game:${id}:win` })).toBe(game.payout > 0 ? 1 : 0);
    // Every hand this test started: the ledger moved exactly bet and payout for each.
    const all = await cols.gameHands.find({ userId: CLICKER }).toArray();
    let net = 0;
    for (const h of all) net += await moved(h._id);
    expect(all.every((h) => h.state === 'settled')).toBe(true);
    expect(await balance(CLICKER)).toBe(before + net);
    expect(net).toBe(all.reduce((s, h) => s + h.payout - h.bet, 0));
    for (const m of shown) expect(customIds(m)).toEqual([]);
  });

  it('keeps a hand across a SIGKILL of the bot, and settles it once from the old message', async () => {
    const before = await balance(SURVIVOR);
    const { id, reply } = await openHand(SURVIVOR, 300);
    const openBets = await cols.gameHands.find({ userId: SURVIVOR }).toArray();
    // Another member's click plays nothing.
    const hit = customIds(reply).find((c) => c.startsWith('blackjack:hit:'))!;
    const foreign = await (await double.clickButton({ guildId: GUILD, userId: LIMITED, message: reply, customId: hit })).reply();
    expect(foreign.flags! & 64).toBe(64);
    expect(foreign.content).toContain(`This is <@${SURVIVOR}>’s hand`);
    expect(await hand(id)).toMatchObject({ state: 'playing', version: 1 });
    bot.proc.kill('SIGKILL');
    await bot.exited;
    bot = await start();
    const stand = customIds(reply).find((c) => c.startsWith('blackjack:stand:'))!;
    const after = await (await double.clickButton({ guildId: GUILD, userId: SURVIVOR, message: reply, customId: stand })).reply();
    const game = (await hand(id))!;
    expect(game.state).toBe('settled');
    expect(after.embeds[0]?.description).toMatch(/credits/);
    expect(customIds(after)).toEqual([]);
    let net = 0;
    for (const h of openBets) net += await moved(h._id);
    expect(net).toBe(openBets.reduce((s, h) => s + (h._id === id ? game.payout : h.payout) - h.bet, 0));
    expect(await balance(SURVIVOR)).toBe(before + net);
    expect(await cols.creditLedger.countDocuments({ guildId: GUILD, state: 'pending' })).toBe(0);
    expect(double.schemaViolations).toEqual([]);
  }, 60_000);
});
