/**
 * /profile through the real bot process and the Discord double. Figures are seeded where their owners
 * keep them: credits through the ledger, counters and the bought background in member_stats, a linked
 * player in player_links with stats made by the ingestion engine's own stats model. The double has no
 * CDN and its users have no avatar, so every card here draws the placeholder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { collections, type Collections } from '../../src/db/collections.js';
import { parseKillfeedLine } from '../../src/deadside/index.js';
import { CreditLedger } from '../../src/economy/ledger.js';
import { ingestCollections } from '../../src/ingest/store.js';
import { StatsWorkingSet } from '../../src/ingest/statsModel.js';
import { DiscordDouble, type DoubleMessage, type SlashInput } from '../support/discord-double/index.js';
import { startBotProcess, type BotProcess } from '../support/bot.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';

const APP = '1600000000000000001';
const GUILD = '1600000000000000100';
const TEXT = '1600000000000000110';
const MEMBER = '1600000000000000301';
const FRIEND = '1600000000000000302';
const NEWBIE = '1600000000000000303';
const RICHEST = '1600000000000000304';
const LEFT = '1600000000000000305';
const ALPHA = 'a'.repeat(32);
const BRAVO = 'b'.repeat(32);
const SERVER = 'srv00001';

let mongo: TestMongo;
let cols: Collections;
let ledger: CreditLedger;
let double: DiscordDouble;
let bot: BotProcess;
let seeds = 0;

const seedCredits = (userId: string, amount: number) => ledger.apply({ guildId: GUILD, key: `kill:profile-seed-${seeds++}`, reason: 'kill', legs: [{ userId, amount }] });
const run = async (input: Omit<SlashInput, 'guildId' | 'command'>) => (await double.slash({ guildId: GUILD, command: 'profile', ...input })).reply();
const fields = (m: DoubleMessage) => Object.fromEntries((m.embeds[0]?.fields ?? []).map((f) => [f.name, f.value]));
const cardLogs = () => bot.logs.filter((l) => l.msg === 'profile card');

async function decoded(m: DoubleMessage): Promise<{ width: number; height: number; variance: number; at(x: number, y: number): number }> {
  const file = m.files.find((f) => f.name === 'profile.png');
  expect(file, 'the reply carries profile.png').toBeDefined();
  expect(file!.data.subarray(1, 4).toString('latin1')).toBe('PNG');
  const img = await loadImage(file!.data);
  const ctx = createCanvas(img.width, img.height).getContext('2d');
  ctx.drawImage(img, 0, 0);
  const { data } = ctx.getImageData(0, 0, img.width, img.height);
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < data.length; i += 4) {
    const l = 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
    sum += l;
    sq += l * l;
  }
  const n = data.length / 4;
  return {
    width: img.width,
    height: img.height,
    variance: sq / n - (sum / n) ** 2,
    at: (x, y) => {
      const o = (y * img.width + x) * 4;
      return (data[o]! << 16) | (data[o + 1]! << 8) | data[o + 2]!;
    },
  };
}

const near = (a: number, b: number, tol = 8) => [16, 8, 0].every((s) => Math.abs(((a >> s) & 0xff) - ((b >> s) & 0xff)) <= tol);

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  ledger = new CreditLedger({ ledger: cols.creditLedger, balances: cols.creditBalances });
  const now = new Date();
  // A Dutch guild: numbers read 12.345 and 5,00 on the card and in the embed alike. Dutch has no words of
  // its own in the catalog, so the labels are English (a German guild reads German ones: tests/profile).
  await mongo.db.collection('guild_configs').insertOne({ _id: GUILD as never, timezone: 'UTC', locale: 'nl', createdAt: now, updatedAt: now });
  await seedCredits(MEMBER, 12_000);
  await seedCredits(MEMBER, 345);
  await seedCredits(RICHEST, 50_000);
  await seedCredits(FRIEND, 700);
  await cols.memberStats.insertMany([
    {
      _id: `${GUILD}:${MEMBER}`,
      guildId: GUILD,
      userId: MEMBER,
      commandsUsed: 41,
      canvasPixelsPlaced: 1234,
      ownedItems: ['bg-sunset'],
      profileBackground: 'bg-sunset',
      daily: { lastDay: now.toISOString().slice(0, 10), streak: 6 },
    },
    { _id: `${GUILD}:${FRIEND}`, guildId: GUILD, userId: FRIEND, commandsUsed: 3, canvasPixelsPlaced: 7 },
  ]);
  const set = new StatsWorkingSet({ guildId: GUILD, serverId: SERVER }, 1, []);
  for (const [i, [killer, victim]] of [
    [ALPHA, BRAVO],
    [ALPHA, BRAVO],
    [BRAVO, ALPHA],
    [ALPHA, BRAVO],
    [ALPHA, BRAVO],
    [ALPHA, BRAVO],
  ].entries()) {
    const name = (id: string) => (id === ALPHA ? 'Alpha' : 'Bravo');
    const r = parseKillfeedLine(`2025.05.01-10.0${i}.00;${name(killer!)};${killer};${name(victim!)};${victim};M99;100;PC;PC;`);
    if (!r.ok) throw new Error(r.reason);
    set.applyKill(r.event);
  }
  await ingestCollections(mongo.db).stats.insertMany(set.writes().map((w) => w.doc));
  await cols.playerLinks.insertOne({ _id: `${GUILD}:${MEMBER}`, guildId: GUILD, userId: MEMBER, playerId: ALPHA, playerName: 'Alpha', playerNameLower: 'alpha', linkedAt: now });

  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: '1600000000000000002',
    token: 'profile-test-token',
    guilds: [
      {
        id: GUILD,
        name: 'Deadside DE',
        ownerId: RICHEST,
        channels: [{ id: TEXT, name: 'general', type: 'text' }],
        members: [
          { id: MEMBER, username: 'member', globalName: 'Мэмбер 名前 🎮' },
          { id: FRIEND, username: 'friend', nick: 'Friend @everyone' },
          { id: NEWBIE, username: 'newbie' },
          { id: RICHEST, username: 'richest' },
          { id: LEFT, username: 'left' },
        ],
      },
    ],
  });
  bot = await startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: APP, mongoUri: mongo.uri, env: { LOG_LEVEL: 'debug' } });
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await double?.stop();
  await mongo?.stop();
});

expectEveryRequestHandled(() => double);

describe('/profile', () => {
  it('shows a member’s own card and the same figures as text, in the guild’s locale', async () => {
    const reply = await run({ userId: MEMBER });
    expect((reply.flags ?? 0) & 64).toBe(0);
    expect(reply.embeds[0]?.title).toBe('Мэмбер 名前 🎮');
    expect(fields(reply)).toEqual({
      Credits: '12.345',
      Rank: '#2',
      'Daily streak': '6 days',
      'Pixels placed': '1.234',
      'Commands used': '41',
      'Linked player': '**Alpha**',
      Kills: '5',
      Deaths: '1',
      'K/D': '5,00',
    });
    expect(reply.embeds[0]?.image?.url).toMatch(/\/profile\.png$/);
    expect(reply.attachments[0]?.description).toContain('Credits: 12.345');

    const img = await decoded(reply);
    expect([img.width, img.height]).toEqual([800, 360]);
    expect(img.variance).toBeGreaterThan(200);
    // The bought "Sunset" background: its first colour in the top-left corner, its second bottom-right.
    expect(near(img.at(1, 1), 0xff7e5f)).toBe(true);
    expect(near(img.at(798, 358), 0x6a3093)).toBe(true);
    expect(cardLogs().at(-1)).toMatchObject({ cached: false, avatarFailure: null });
  });

  it('renders a second /profile with nothing changed from the cache, and again once a figure changes', async () => {
    const before = cardLogs().length;
    const first = await run({ userId: NEWBIE, options: { user: FRIEND } });
    const second = await run({ userId: RICHEST, options: { user: FRIEND } });
    await bot.waitForLog(() => cardLogs().length >= before + 2);
    expect(cardLogs().slice(before).map((l) => l.cached)).toEqual([false, true]);
    expect(second.files[0]!.data.equals(first.files[0]!.data)).toBe(true);
    expect(fields(second)).toEqual({ Credits: '700', Rank: '#3', 'Daily streak': '0 days', 'Pixels placed': '7', 'Commands used': '3', 'Linked player': 'no linked player' });
    expect(second.embeds[0]?.title).toBe('Friend @\u200beveryone');
    // The default background for a member who bought none.
    expect(near((await decoded(second)).at(1, 1), 0x23272a)).toBe(true);

    await seedCredits(FRIEND, 1);
    const third = await run({ userId: NEWBIE, options: { user: FRIEND } });
    await bot.waitForLog(() => cardLogs().length >= before + 3);
    expect(cardLogs().at(-1)?.cached).toBe(false);
    expect(fields(third).Credits).toBe('701');
    expect(third.files[0]!.data.equals(first.files[0]!.data)).toBe(false);
  });

  it('shows zeros and no linked player for a member the bot knows nothing about', async () => {
    const reply = await run({ userId: NEWBIE, options: { user: LEFT } });
    expect(fields(reply)).toEqual({ Credits: '0', Rank: '—', 'Daily streak': '0 days', 'Pixels placed': '0', 'Commands used': '0', 'Linked player': 'no linked player' });
    const img = await decoded(reply);
    expect([img.width, img.height]).toEqual([800, 360]);
    expect(img.variance).toBeGreaterThan(200);
  });

  it('answers a user who is not a member of the server with a clear message', async () => {
    // A member who left: Discord sends the user without a member.
    double.removeMember(GUILD, LEFT);
    const reply = await run({ userId: NEWBIE, options: { user: LEFT } });
    expect((reply.flags ?? 0) & 64).toBe(64);
    expect(reply.content).toMatch(/\*\*left\*\* is not a member of this server/);
    expect(reply.files).toHaveLength(0);
  });

  it('mentions nobody and sends only bodies Discord accepts', () => {
    const bodies = double.messageBodies.filter((b) => b.request.path.includes('/interactions/') || b.request.path.includes('/webhooks/'));
    expect(bodies.length).toBeGreaterThan(0);
    for (const b of bodies) expect(b.allowedMentions?.parse).toEqual([]);
    expect(double.schemaViolations).toEqual([]);
  });
});
