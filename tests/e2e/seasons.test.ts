/**
 * Seasons and time windows through the Discord double and the real bot process: `/stats player
 * window:` reads a player's window documents (written here by the engine's own working sets from
 * killfeed lines dated today and last month), `/season start` asks first, archives the old season's
 * top 10s, posts them in the season channel and starts the season windows from zero while all-time
 * stays; a second click on the same prompt starts nothing; `/season list` shows both seasons.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections } from '../../src/db/collections.js';
import { parseKillfeedLine, type KillEvent } from '../../src/deadside/index.js';
import { ingestCollections } from '../../src/ingest/store.js';
import { StatsWorkingSet } from '../../src/ingest/statsModel.js';
import { guildWindow } from '../../src/ingest/windowGuild.js';
import { WindowWorkingSet } from '../../src/ingest/windowSet.js';
import { DiscordDouble, type DoubleMessage } from '../support/discord-double/index.js';
import { startBotProcess, type BotProcess } from '../support/bot.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { customIds } from '../support/serverFlow.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';

const APP = '1410000000000000001';
const GUILD = '1410000000000000100';
const TEXT = '1410000000000000110';
const SEASONS = '1410000000000000111';
const ADMIN = '1410000000000000301';
const MEMBER = '1410000000000000302';
const SERVER = 'srv-season';
const ALPHA = 'a'.repeat(32);
const BRAVO = 'b'.repeat(32);

let mongo: TestMongo;
let double: DiscordDouble;
let bot: BotProcess;

const stamp = (d: Date) => {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}.${p(d.getUTCMonth() + 1)}.${p(d.getUTCDate())}-${p(d.getUTCHours())}.${p(d.getUTCMinutes())}.${p(d.getUTCSeconds())}`;
};

/** Alpha kills Bravo `n` times at `at` (a second apart). */
function kills(at: Date, n: number): KillEvent[] {
  return Array.from({ length: n }, (_, i) => {
    const r = parseKillfeedLine(`${stamp(new Date(at.getTime() + i * 1000))};Alpha;${ALPHA};Bravo;${BRAVO};M99;${100 + i};PC;PC;`);
    if (!r.ok) throw new Error(r.reason);
    return r.event;
  });
}

/** What the engine stores for these events: all-time documents and window documents (UTC guild), per server and guild-wide. */
async function seed(events: KillEvent[]): Promise<void> {
  const cols = ingestCollections(mongo.db);
  const stats = new StatsWorkingSet({ guildId: GUILD, serverId: SERVER }, 1, []);
  for (const e of events) stats.applyKill(e);
  await cols.stats.insertMany(stats.writes().map((w) => w.doc));
  const windows = new WindowWorkingSet(GUILD, SERVER, 1, { timeZone: 'UTC', seasonId: null, seasonStartedAt: null });
  for (const e of events) windows.apply(e);
  const perServer = windows.writes().map((w) => w.doc);
  await cols.windows.insertMany([...perServer, ...perServer.map((d) => guildWindow(GUILD, [d]))]);
}

const field = (m: DoubleMessage, name: string) => m.embeds[0]?.fields?.find((f) => f.name === name)?.value;

beforeAll(async () => {
  mongo = await startMongo();
  // Today: 2 kills an hour ago; a month and a half ago: 5 more (outside today, this week and this month).
  const now = Date.now();
  await seed([...kills(new Date(now - 45 * 86_400_000), 5), ...kills(new Date(now - 3600_000), 2)]);
  await collections(mongo.db).guildConfigs.insertOne({ _id: GUILD, timezone: 'UTC', locale: null, adminRoleId: null, seasonChannelId: null, premium: { tier: 'free', expiresAt: null }, createdAt: new Date(), updatedAt: new Date() });
  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: '1410000000000000002',
    token: 'season-test-token',
    guilds: [
      {
        id: GUILD,
        name: 'Deadside Seasons',
        ownerId: ADMIN,
        channels: [
          { id: TEXT, name: 'stats', type: 'text' },
          { id: SEASONS, name: 'seasons', type: 'text' },
        ],
        members: [
          { id: ADMIN, username: 'admin', manageGuild: true },
          { id: MEMBER, username: 'member' },
        ],
      },
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

const statsOf = async (window?: string) =>
  (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'stats', subcommand: 'player', options: { name: 'Alpha', ...(window ? { window } : {}) } })).reply();

describe('time windows and seasons', () => {
  it('shows a player’s numbers in a window, and all time by default', async () => {
    const all = await statsOf();
    expect(field(all, 'Kills')).toBe('7');
    const today = await statsOf('today');
    expect(field(today, 'Kills')).toBe('2');
    expect(today.embeds[0]?.description).toContain('**Today**');
    expect(field(today, 'Longest kill')).toMatch(/^101 m/);
    // Before any season, the season window is all time.
    expect(field(await statsOf('season'), 'Kills')).toBe('7');
  });

  it('starts a season after a confirmation, archives the old one and posts its boards', async () => {
    const set = await (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'season', subcommand: 'channel', options: { channel: SEASONS } })).reply();
    expect(set.content).toContain(`<#${SEASONS}>`);
    const prompt = await (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'season', subcommand: 'start', options: { name: 'Wipe: one' } })).reply();
    expect(prompt.flags! & 64).toBe(64);
    expect(prompt.content).toContain('**Wipe: one**');
    const go = customIds(prompt).find((id) => id.startsWith('season:go:'))!;
    // A second admin opens the same prompt before the first confirms.
    const second = await (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'season', subcommand: 'start' })).reply();
    const done = await (await double.clickButton({ guildId: GUILD, userId: ADMIN, message: prompt, customId: go })).reply();
    expect(done.content).toContain('**Before the first season** ended and archived; **Wipe: one** has begun');
    expect(done.content).toContain(`posted in <#${SEASONS}>`);
    const post = double.channelMessages(SEASONS).at(-1)!;
    expect(post.embeds[0]?.title).toBe('🏁 Before the first season: final boards');
    expect(post.embeds[0]?.fields?.find((f) => f.name === 'Kills')?.value).toBe('🥇 **Alpha** — 7 kills');
    // The final kills board as a picture, shown in the embed.
    expect(post.embeds[0]?.image?.url).toMatch(/\/leaderboard\.png$/);
    expect(post.attachments.map((a) => a.filename)).toEqual(['leaderboard.png']);

    // Confirming the second prompt afterwards starts nothing.
    const secondGo = customIds(second).find((id) => id.startsWith('season:go:'))!;
    const again = await (await double.clickButton({ guildId: GUILD, userId: ADMIN, message: second, customId: secondGo })).waitForFollowUp();
    expect(again.flags! & 64).toBe(64);
    expect(again.content).toMatch(/A season was started since this prompt was shown/);
    const seasons = await collections(mongo.db).seasons.find({ guildId: GUILD }).sort({ number: 1 }).toArray();
    expect(seasons.map((s) => [s.number, s.name, s.endedAt !== null])).toEqual([
      [0, null, true],
      [1, 'Wipe: one', false],
    ]);
    expect(seasons[0]!.archive!.find((a) => a.serverId === '*')!.boards.kills!.rows.map((r) => [r.name, r.kills])).toEqual([['Alpha', 7]]);
  });

  it('counts the season window from zero while all time keeps its numbers', async () => {
    expect(field(await statsOf('season'), 'Kills')).toBe('0');
    expect(field(await statsOf(), 'Kills')).toBe('7');
  });

  it('lists the seasons, newest first', async () => {
    const list = await (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'season', subcommand: 'list' })).reply();
    const lines = list.embeds[0]!.description!.split('\n');
    expect(lines[0]).toMatch(/^\*\*Wipe: one\*\* — since <t:\d+:D> \(running\)$/);
    expect(lines[1]).toMatch(/^\*\*Before the first season\*\* — — – <t:\d+:D> · top: Alpha, 7 kills$/);
  });

  it('reads an ended season’s archived board with /leaderboard season:', async () => {
    const suggested = await double.autocomplete({ guildId: GUILD, userId: MEMBER, command: 'leaderboard', options: { stat: 'kills', season: '' }, focused: 'season' });
    // Only ended seasons have an archive: the running one is window:season.
    expect(suggested).toEqual([{ name: 'Before the first season', value: '0' }]);
    const board = await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'leaderboard', options: { stat: 'kills', season: '0' } })).reply();
    expect(board.embeds[0]?.title).toContain('Before the first season');
    expect(board.embeds[0]!.description!.split('\n')).toEqual(['🥇 **Alpha** — 7 kills']);
    const live = await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'leaderboard', options: { stat: 'kills', window: 'season' } })).reply();
    expect(live.embeds[0]?.title).toContain('This season');
    expect(live.embeds[0]?.description ?? '').not.toContain('Alpha');
    const unknown = await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'leaderboard', options: { stat: 'kills', season: '9' } })).reply();
    expect(unknown.flags! & 64).toBe(64);
    expect(unknown.content).toContain('No ended season called **9**');
  });

  it('keeps /season to admins', async () => {
    const reply = await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'season', subcommand: 'list' })).reply();
    expect(reply.flags! & 64).toBe(64);
    expect(reply.embeds).toHaveLength(0);
  });
});
