/**
 * The economy through the real bot process and the Discord double: /daily (days in the guild's
 * timezone, streaks, concurrent claims), /give (refusals, 20 concurrent gives that never overspend),
 * /shop (buy, use the colour on the canvas, refusals, healing a purchase a crash left ungranted, pages
 * and the buy menu) and /leaderboard stat:credits. Credits are seeded through the ledger on the bot's
 * own database, as earnings would be.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections, type Collections } from '../../src/db/collections.js';
import { CREDITS } from '../../src/economy/amounts.js';
import { dailyAmountIn, ecoSettingsOf } from '../../src/economy/settings.js';
import { addDays, localDay, nextClaimAt, streakRef } from '../../src/economy/daily.js';
import { CreditLedger } from '../../src/economy/ledger.js';
import { shopItem, type ShopItem } from '../../src/economy/shop.js';
import { DiscordDouble, type DoubleMessage, type SlashInput } from '../support/discord-double/index.js';
import { startBotProcess, type BotProcess } from '../support/bot.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { customIds } from '../support/serverFlow.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';

/** Today's /daily amount on day `streak` of a streak, with the default settings. */
const dailyAmount = (streak: number) => dailyAmountIn(ecoSettingsOf(null), streak);

const APP = '1500000000000000001';
const GUILD = '1500000000000000100';
const BOARD_GUILD = '1500000000000000200';
const TEXT = '1500000000000000110';
const BOT_MEMBER = '1500000000000000199';
const OUTSIDER = '1500000000000000198';
/** Kathmandu (UTC+5:45): a local day that is not the UTC day for part of every day. */
const TIMEZONE = 'Asia/Kathmandu';

const M = (n: number) => `15000000000000003${String(n).padStart(2, '0')}`;
const [CLAIMER, STREAKER, LAPSED, RACER, RICH, ALICE, GIVER, SHOPPER, POOR, HEALER, BROWSER] = Array.from({ length: 11 }, (_, i) => M(i + 1)) as [
  string, string, string, string, string, string, string, string, string, string, string,
];
const RANKED = Array.from({ length: 13 }, (_, i) => `15000000000000004${String(i).padStart(2, '0')}`);

const EPHEMERAL = 1 << 6;
const isEphemeral = (m: DoubleMessage) => ((m.flags ?? 0) & EPHEMERAL) !== 0;

let mongo: TestMongo;
let cols: Collections;
let ledger: CreditLedger;
let double: DiscordDouble;
let bot: BotProcess;
let seeds = 0;

/** Credits as an earning would pay them: one ledger entry. */
const seed = (guildId: string, userId: string, amount: number) => ledger.apply({ guildId, key: `kill:seed-${seeds++}`, reason: 'kill', legs: [{ userId, amount }] });
const balance = (userId: string, guildId = GUILD) => ledger.balance(guildId, userId);
const slash = (input: Omit<SlashInput, 'guildId'> & { guildId?: string }) => double.slash({ guildId: GUILD, ...input });
const run = async (input: Omit<SlashInput, 'guildId'> & { guildId?: string }) => (await slash(input)).reply();

/** Credits per member as the ledger says: the sum of their legs of applied entries. */
async function fromLedger(guildId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const e of await cols.creditLedger.find({ guildId, state: 'applied' }).toArray()) for (const l of e.legs) out[l.userId] = (out[l.userId] ?? 0) + l.amount;
  return out;
}

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  ledger = new CreditLedger({ ledger: cols.creditLedger, balances: cols.creditBalances });
  const now = new Date();
  // Raw documents: the settings a guild saved with /settings (defaults fill the rest when read).
  await mongo.db.collection('guild_configs').insertMany([
    { _id: GUILD as never, timezone: TIMEZONE, locale: 'en-US', createdAt: now, updatedAt: now },
    // German number formats (2.200) with English words: Dutch formats like German and has no catalog of its own.
    { _id: BOARD_GUILD as never, timezone: 'UTC', locale: 'nl', createdAt: now, updatedAt: now },
  ]);
  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: '1500000000000000002',
    token: 'economy-test-token',
    guilds: [
      {
        id: GUILD,
        name: 'Deadside EU',
        ownerId: CLAIMER,
        channels: [{ id: TEXT, name: 'general', type: 'text' }],
        members: [
          ...[CLAIMER, STREAKER, LAPSED, RACER, RICH, ALICE, GIVER, SHOPPER, POOR, HEALER, BROWSER].map((id, i) => ({ id, username: `member${i}` })),
          { id: OUTSIDER, username: 'outsider' },
          { id: BOT_MEMBER, username: 'another-bot', bot: true },
        ],
      },
      { id: BOARD_GUILD, name: 'Board', ownerId: RANKED[0]!, channels: [{ id: '1500000000000000210', name: 'x', type: 'text' }], members: RANKED.map((id, i) => ({ id, username: `ranked${i}` })) },
    ],
  });
  bot = await startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: APP, mongoUri: mongo.uri });
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await double?.stop();
  await mongo?.stop();
});

expectEveryRequestHandled(() => double);

describe('/daily', () => {
  it('pays once per day of the guild’s timezone and says when the next claim opens', async () => {
    const before = localDay(new Date(), TIMEZONE);
    const reply = await run({ userId: CLAIMER, command: 'daily' });
    // The test may straddle local midnight: the claim's day is the one it ran on.
    const today = (await cols.memberStats.findOne({ _id: `${GUILD}:${CLAIMER}` }))?.daily?.lastDay;
    expect([before, localDay(new Date(), TIMEZONE)]).toContain(today);
    const opens = Math.floor(nextClaimAt(today!, TIMEZONE).getTime() / 1000);
    expect(isEphemeral(reply)).toBe(true);
    expect(reply.content).toContain(`You claimed **${dailyAmount(1)}** credits — day **1** of your streak`);
    expect(reply.content).toContain(`<t:${opens}:R>`);
    expect(await balance(CLAIMER)).toBe(dailyAmount(1));
    expect(await cols.creditLedger.findOne({ _id: `${GUILD}|daily:${CLAIMER}:${today}` })).toMatchObject({ state: 'applied', reason: 'daily' });

    const again = await run({ userId: CLAIMER, command: 'daily' });
    expect(isEphemeral(again)).toBe(true);
    expect(again.content).toMatch(/already claimed today's credits/);
    expect(again.content).toContain(`<t:${opens}:R>`);
    expect(await balance(CLAIMER)).toBe(dailyAmount(1));
  });

  it('goes on from yesterday’s claim and starts over after a missed day', async () => {
    const today = localDay(new Date(), TIMEZONE);
    // What claims on earlier days left: the stored streak and the day's ledger entry.
    const claimedOn = async (userId: string, day: string, streak: number) => {
      await ledger.apply({ guildId: GUILD, key: `daily:${userId}:${day}`, reason: 'daily', ref: streakRef(streak), legs: [{ userId, amount: dailyAmount(streak) }] });
      await cols.memberStats.insertOne({ _id: `${GUILD}:${userId}`, guildId: GUILD, userId, commandsUsed: 0, daily: { lastDay: day, streak } });
    };
    await claimedOn(STREAKER, addDays(today, -1), 3);
    await claimedOn(LAPSED, addDays(today, -2), 5);

    const streak = await run({ userId: STREAKER, command: 'daily' });
    expect(streak.content).toContain(`You claimed **${dailyAmount(4)}** credits — day **4** of your streak`);
    expect(await balance(STREAKER)).toBe(dailyAmount(3) + dailyAmount(4));
    expect((await cols.memberStats.findOne({ _id: `${GUILD}:${STREAKER}` }))?.daily).toEqual({ lastDay: today, streak: 4 });

    const lapsed = await run({ userId: LAPSED, command: 'daily' });
    expect(lapsed.content).toContain(`You claimed **${dailyAmount(1)}** credits — day **1** of your streak`);
    expect((await cols.memberStats.findOne({ _id: `${GUILD}:${LAPSED}` }))?.daily).toEqual({ lastDay: today, streak: 1 });
  });

  it('pays one of three concurrent claims; the others are told it is claimed', async () => {
    const replies = await Promise.all(Array.from({ length: 3 }, async () => (await slash({ userId: RACER, command: 'daily' })).reply()));
    expect(replies.filter((r) => /You claimed/.test(r.content ?? ''))).toHaveLength(1);
    expect(replies.filter((r) => /already claimed/.test(r.content ?? ''))).toHaveLength(2);
    expect(await balance(RACER)).toBe(dailyAmount(1));
    expect(await cols.creditLedger.countDocuments({ reason: 'daily', 'legs.userId': RACER })).toBe(1);
  });
});

describe('/give', () => {
  it('never overspends: 20 concurrent gives from a member with credits for 10', async () => {
    await seed(GUILD, RICH, 100);
    const replies = await Promise.all(
      Array.from({ length: 20 }, async () => (await slash({ userId: RICH, command: 'give', options: { user: ALICE, amount: 10 } })).reply(15_000)),
    );
    const given = replies.filter((r) => r.content === `💸 <@${RICH}> gave **10** credits to <@${ALICE}>.`);
    const refused = replies.filter((r) => /You have only \*\*\d+\*\* credits, not enough to give 10/.test(r.content ?? ''));
    expect(given).toHaveLength(10);
    expect(refused).toHaveLength(10);
    expect(refused.every(isEphemeral)).toBe(true);
    expect(given.some(isEphemeral)).toBe(false);
    expect(await balance(RICH)).toBe(0);
    expect(await balance(ALICE)).toBe(100);
    const gives = await cols.creditLedger.find({ guildId: GUILD, reason: 'give', 'legs.userId': RICH }).toArray();
    expect(gives.filter((e) => e.state === 'applied')).toHaveLength(10);
    expect(gives.filter((e) => e.state === 'refused')).toHaveLength(10);
    expect(await fromLedger(GUILD)).toMatchObject({ [RICH]: 0, [ALICE]: 100 });
  });

  it('refuses bots, yourself, non-members and more than you have, each with a clear private message', async () => {
    await seed(GUILD, GIVER, 50);
    const give = (user: string, amount: number) => run({ userId: GIVER, command: 'give', options: { user, amount } });
    const toBot = await give(BOT_MEMBER, 5);
    expect(toBot.content).toMatch(/Bots cannot hold credits/);
    const toSelf = await give(GIVER, 5);
    expect(toSelf.content).toMatch(/cannot give credits to yourself/);
    // A member who left: Discord sends the user without a member.
    double.removeMember(GUILD, OUTSIDER);
    const gone = await run({ userId: GIVER, command: 'give', options: { user: OUTSIDER, amount: 5 } });
    expect(gone.content).toContain(`<@${OUTSIDER}> is not a member of this server`);
    const tooMuch = await give(ALICE, 51);
    expect(tooMuch.content).toMatch(/You have only \*\*50\*\* credits, not enough to give 51/);
    for (const r of [toBot, toSelf, gone, tooMuch]) expect(isEphemeral(r)).toBe(true);
    expect(await balance(GIVER)).toBe(50);
    expect(await cols.creditLedger.countDocuments({ reason: 'give', 'legs.userId': GIVER, state: 'applied' })).toBe(0);

    const ok = await give(ALICE, 50);
    expect(ok.content).toBe(`💸 <@${GIVER}> gave **50** credits to <@${ALICE}>.`);
    expect(await balance(GIVER)).toBe(0);
    const option = double.commands().find((c) => c.name === 'give')?.options?.find((o) => o.name === 'amount') as { min_value?: number; max_value?: number } | undefined;
    expect(option).toMatchObject({ min_value: 1, max_value: CREDITS.maxGive });
  });
});

describe('/shop', () => {
  const colour = (id: string) => shopItem(id) as Extract<ShopItem, { kind: 'color' }>;
  const gold = colour('color-gold');
  const teal = colour('color-teal');
  const night = shopItem('bg-night')!;

  it('autocompletes items with their prices', async () => {
    const choices = await double.autocomplete({ guildId: GUILD, userId: SHOPPER, command: 'shop', subcommand: 'buy', options: { item: 'gol' }, focused: 'item' });
    expect(choices).toEqual([{ name: `Gold — ${gold.price} credits`, value: 'color-gold' }]);
  });

  it('sells a colour the canvas then accepts; a second purchase and too few credits are refused', async () => {
    await seed(GUILD, SHOPPER, 1200);
    const unowned = await run({ userId: SHOPPER, command: 'canvas', subcommand: 'place', options: { x: 3, y: 4, color: '#FFD700' } });
    expect(unowned.content).toMatch(/do not own it/);

    const bought = await run({ userId: SHOPPER, command: 'shop', subcommand: 'buy', options: { item: 'color-gold' } });
    expect(isEphemeral(bought)).toBe(true);
    expect(bought.content).toContain(`You bought **Gold** for **${gold.price} credits**`);
    expect(await balance(SHOPPER)).toBe(1200 - gold.price);

    const placed = await run({ userId: SHOPPER, command: 'canvas', subcommand: 'place', options: { x: 3, y: 4, color: '#FFD700' } });
    expect(placed.content).toMatch(/Placed \*\*#FFD700\*\* at \*\*\(3, 4\)\*\*/);
    // Placing pays a pixel's credits after the reply (batched): once that entry is applied, the balance
    // from here on is what the second purchase must keep.
    const deadline = Date.now() + 10_000;
    while ((await cols.creditLedger.countDocuments({ reason: 'pixel', state: 'applied', 'legs.userId': SHOPPER })) === 0) {
      if (Date.now() > deadline) throw new Error('the pixel was not paid within 10 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    const afterPlacing = await balance(SHOPPER);
    expect(afterPlacing).toBeGreaterThan(1200 - gold.price);

    const twice = await run({ userId: SHOPPER, command: 'shop', subcommand: 'buy', options: { item: 'color-gold' } });
    expect(isEphemeral(twice)).toBe(true);
    expect(twice.content).toMatch(/You already own \*\*Gold\*\*/);
    expect(await balance(SHOPPER)).toBe(afterPlacing);

    await seed(GUILD, POOR, 100);
    const poor = await run({ userId: POOR, command: 'shop', subcommand: 'buy', options: { item: 'bg-night' } });
    expect(isEphemeral(poor)).toBe(true);
    expect(poor.content).toContain(`**${night.label}** costs **1,500 credits**; you have **100 credits**`);
    expect(await balance(POOR)).toBe(100);
    expect(await cols.creditLedger.countDocuments({ reason: 'shop', 'legs.userId': { $in: [SHOPPER, POOR] } })).toBe(1);
  });

  it('grants an item paid for before a crash on the next purchase, without charging again', async () => {
    await seed(GUILD, HEALER, 600);
    // The process died after the charge and before the grant: the ledger holds the payment.
    await ledger.apply({ guildId: GUILD, key: `shop:${HEALER}:${teal.id}`, reason: 'shop', ref: teal.id, legs: [{ userId: HEALER, amount: -teal.price }] });
    const healed = await run({ userId: HEALER, command: 'shop', subcommand: 'buy', options: { item: teal.id } });
    expect(healed.content).toContain('**Deep teal** is yours: it was paid for already, so nothing was charged now');
    expect(await balance(HEALER)).toBe(600 - teal.price);
    expect((await cols.memberStats.findOne({ _id: `${GUILD}:${HEALER}` }))?.ownedColors).toEqual([teal.rgb]);
    expect(await cols.creditLedger.countDocuments({ reason: 'shop', 'legs.userId': HEALER })).toBe(1);
  });

  it('shows items, what the member owns and their balance in pages, heals on opening, and buys from the menu', async () => {
    await seed(GUILD, BROWSER, 2100);
    await ledger.apply({ guildId: GUILD, key: `shop:${BROWSER}:${night.id}`, reason: 'shop', ref: night.id, legs: [{ userId: BROWSER, amount: -night.price }] });
    const ix = await slash({ userId: BROWSER, command: 'shop', subcommand: 'view' });
    const first = await ix.reply();
    expect(isEphemeral(first)).toBe(true);
    const text = first.embeds[0]!.description!;
    expect(text).toContain('Your balance: **600 credits**');
    expect(text).toContain('🎨 **Gold** `#FFD700` — 500 credits');
    expect(first.embeds[0]?.footer?.text).toBe('Page 1/2');
    // The background paid for before a crash was granted when the shop opened.
    expect(await cols.memberStats.findOne({ _id: `${GUILD}:${BROWSER}` })).toMatchObject({ ownedItems: [night.id], profileBackground: night.id });

    const next = customIds(first).find((id) => id.startsWith('shop:page:') && id.endsWith(':n'))!;
    const second = await (await double.clickButton({ userId: BROWSER, guildId: GUILD, message: first, customId: next })).reply();
    expect(second.id).toBe(first.id);
    expect(second.embeds[0]?.footer?.text).toBe('Page 2/2');
    expect(second.embeds[0]!.description).toContain(`🖼️ **${night.label}** — 1,500 credits · ✅ owned, in use`);

    const back = customIds(second).find((id) => id.startsWith('shop:page:') && id.endsWith(':p'))!;
    const page1 = await (await double.clickButton({ userId: BROWSER, guildId: GUILD, message: second, customId: back })).reply();
    const menu = customIds(page1).find((id) => id.startsWith('shop:buy:'))!;
    const picked = await (await double.selectMenu({ userId: BROWSER, guildId: GUILD, message: page1, customId: menu, values: ['color-mint'] })).reply();
    expect(picked.content).toContain('You bought **Mint** for **500 credits**');
    expect(picked.embeds[0]!.description).toContain('Your balance: **100 credits**');
    expect(picked.embeds[0]!.description).toContain('🎨 **Mint** `#98FF98` — 500 credits · ✅ owned');
    expect(await balance(BROWSER)).toBe(100);
  });
});

describe('/leaderboard stat:credits', () => {
  it('ranks members by credits in pages, numbers in the guild’s format, mentioning nobody', async () => {
    for (const [i, id] of RANKED.entries()) await seed(BOARD_GUILD, id, 1000 + i * 100);
    const first = await run({ guildId: BOARD_GUILD, userId: RANKED[0]!, command: 'leaderboard', options: { stat: 'credits' } });
    const lines = first.embeds[0]!.description!.split('\n');
    expect(first.embeds[0]?.title).toBe('🏆 Credits — this Discord server');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe(`🥇 **<@${RANKED[12]}>** — 2.200 credits`);
    expect(first.embeds[0]?.footer?.text).toMatch(/^Page 1\/2 · 13 ranked/);

    const next = customIds(first).find((id) => id.startsWith('leaderboard:page:credits:') && id.endsWith(':n'))!;
    const second = await (await double.clickButton({ userId: RANKED[1]!, guildId: BOARD_GUILD, message: first, customId: next })).reply();
    expect(second.id).toBe(first.id);
    expect(second.embeds[0]?.footer?.text).toMatch(/^Page 2\/2/);
    expect(second.embeds[0]!.description!.split('\n')).toEqual([
      `\`11.\` **<@${RANKED[2]}>** — 1.200 credits`,
      `\`12.\` **<@${RANKED[1]}>** — 1.100 credits`,
      `\`13.\` **<@${RANKED[0]}>** — 1.000 credits`,
    ]);
    const choices = double.commands().find((c) => c.name === 'leaderboard')?.options?.find((o) => o.name === 'stat') as { choices?: { value: string }[] } | undefined;
    expect(choices?.choices?.map((c) => c.value)).toEqual(['kills', 'deaths', 'kdr', 'longest_kill', 'best_streak', 'suicides', 'playtime', 'credits', 'pixels']);

    // Here and in every economy reply above: mentions ping nobody, and Discord would have refused no body.
    expect(double.schemaViolations).toEqual([]);
    const loud = double.messageBodies.filter((b) => !b.allowedMentions || (b.allowedMentions.parse ?? []).some((p) => ['everyone', 'roles', 'users'].includes(p)));
    expect(loud.map((b) => `${b.kind} ${b.method} ${b.path}`)).toEqual([]);
  });
});
