/**
 * Boards end to end: the real bot process, a game server on the real sshd, kills through the real
 * ingest path (`/server backfill` reads the new lines), the Discord double. `/board post` posts one
 * message; after new kills and the interval (the stored due time moved to now: what the updater reads
 * after any restart) the same message is edited, also after a restart; deleted, it is posted again once
 * and the admins are told; the Free tier's board count is held; `/leaderboard image:true` is a PNG.
 */
import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatsQueries } from '../../src/stats/queries.js';
import { ingestCollections } from '../../src/ingest/store.js';
import { MemberStatsRepo } from '../../src/repos/memberStatsRepo.js';
import { collections } from '../../src/db/collections.js';
import { boardImageLayout } from '../../src/stats/boardImageLayout.js';
import { DiscordDouble, type DoubleMessage } from '../support/discord-double/index.js';
import { Perm } from '../support/discord-double/permissions.js';
import { startBotProcess, type BotProcess } from '../support/bot.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { addAndTrust, customIds, sshdFields } from '../support/serverFlow.js';
import { startSshd, writeDeadsideTree, type Sshd } from '../support/sshd.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';
import { restFor } from '../ingest/helpers.js';
import { decode } from '../profile/helpers.js';

const APP = '1700000000000000001';
const GUILD = '1700000000000000100';
const GENERAL = '1700000000000000110';
const BOARDS = '1700000000000000111';
const LOCKED = '1700000000000000112';
const EVENTS = '1700000000000000113';
const ADMIN = '1700000000000000301';
const MEMBER = '1700000000000000302';

const WORLD = '79.127.236.1_7020/actual1/deathlogs/world_0';
const CSV = '2025.05.01-00.00.00.csv';
const ALPHA: [string, string] = ['a'.repeat(32), 'Alpha'];
const BRAVO: [string, string] = ['b'.repeat(32), 'Bravo'];
const CHARLIE: [string, string] = ['c'.repeat(32), 'Charlie'];

let sshd: Sshd;
let mongo: TestMongo;
let double: DiscordDouble;
let bot: BotProcess;
let serverId = '';
let boardId = '';
let messageId = '';
let seconds = 0;

/** Deadside's time stamp (UTC). */
function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}.${p(d.getUTCMonth() + 1)}.${p(d.getUTCDate())}-${p(d.getUTCHours())}.${p(d.getUTCMinutes())}.${p(d.getUTCSeconds())}`;
}

/** A kill line a little later than the last one, in May 2025. */
function kill(killer: [string, string], victim: [string, string]): string {
  return `${stamp(new Date(Date.UTC(2025, 4, 1, 10, 0, seconds++)))};${killer[1]};${killer[0]};${victim[1]};${victim[0]};AK-74;50;PC;PC;`;
}

const start = () => startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: APP, mongoUri: mongo.uri, env: { ALLOW_PRIVATE_SFTP_HOSTS: 'true' } });
const run = async (input: { userId?: string; command: string; subcommand?: string; options?: Record<string, string | number | boolean> }) =>
  (await double.slash({ guildId: GUILD, userId: input.userId ?? ADMIN, command: input.command, ...(input.subcommand ? { subcommand: input.subcommand } : {}), options: input.options ?? {} })).reply(20_000);
const lines = (m: DoubleMessage | undefined) => m?.embeds[0]?.description?.split('\n');
const boardPosts = () => double.requestsTo('POST', new RegExp(`^/channels/${BOARDS}/messages$`));

/** New kills through the real ingest path: appended to the killfeed, read by `/server backfill`. */
async function ingest(...kills: string[]): Promise<void> {
  await appendFile(path.join(sshd.root, WORLD, CSV), kills.map((k) => `${k}\n`).join(''));
  const ix = await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'backfill', options: { server: serverId } });
  await ix.waitForReply((m) => /^✅/.test(m.content ?? ''), 30_000);
}

/** Polls the database until `probe` holds (what the bot did shows there first). */
async function until(probe: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The interval passes: the board's stored due time (what any process of the bot reads) is now. */
async function intervalPasses(): Promise<number> {
  const mark = double.mark();
  await mongo.db.collection('boards').updateOne({ _id: boardId as never }, { $set: { nextAt: new Date(Date.now() - 1000) } });
  return mark;
}

beforeAll(async () => {
  [sshd, mongo] = await Promise.all([
    startSshd({
      tree: async (root) => {
        await writeDeadsideTree(root, { realCsvs: false });
        const history = [kill(ALPHA, BRAVO), kill(ALPHA, BRAVO), kill(ALPHA, CHARLIE), kill(BRAVO, CHARLIE)];
        await writeFile(path.join(root, WORLD, CSV), history.map((l) => `${l}\n`).join(''));
      },
    }),
    startMongo(),
  ]);
  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: '1700000000000000002',
    token: 'boards-e2e-token',
    defaultTimeoutMs: 20_000,
    guilds: [
      {
        id: GUILD,
        name: 'Deadside EU',
        ownerId: ADMIN,
        channels: [
          { id: GENERAL, name: 'general', type: 'text' },
          { id: BOARDS, name: 'boards', type: 'text' },
          { id: LOCKED, name: 'locked', type: 'text' },
          { id: EVENTS, name: 'events', type: 'text' },
        ],
        members: [
          { id: ADMIN, username: 'admin', manageGuild: true },
          { id: MEMBER, username: 'member' },
        ],
      },
    ],
  });
  bot = await start();
  await addAndTrust(double, GUILD, ADMIN, sshdFields(sshd, 'EU One'));
  serverId = String((await mongo.db.collection('game_servers').findOne({ guildId: GUILD }))!._id);
  // Admin notices go where the server's news goes.
  await run({ command: 'server', subcommand: 'channels', options: { server: serverId, events: EVENTS } });
  await ingest();
}, 90_000);

afterAll(async () => {
  await bot?.stop();
  await double?.stop();
  await Promise.all([mongo?.stop(), sshd?.stop()]);
});

expectEveryRequestHandled(() => double);

describe('/board', () => {
  it('is for admins only', async () => {
    const board = double.commands(GUILD).find((c) => c.name === 'board') ?? double.commands().find((c) => c.name === 'board');
    expect(board?.default_member_permissions).toBe(String(1n << 5n));
    const refused = await run({ userId: MEMBER, command: 'board', subcommand: 'list' });
    expect(refused.flags! & 64).toBe(64);
    expect(refused.content).toMatch(/Manage Server/);
  });

  it('posts one board message with the current standings', async () => {
    const reply = await run({ command: 'board', subcommand: 'post', options: { channel: BOARDS, stat: 'kills', window: 'all' } });
    expect(reply.flags! & 64).toBe(64);
    expect(reply.content).toMatch(/^✅ Posted the \*\*Kills\*\* board \(all servers\) in <#\d+>: https:\/\/discord\.com\/channels\//);
    expect(reply.content).toContain('at most every **60 min**');
    const posted = double.channelMessages(BOARDS);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.embeds[0]?.title).toBe('🏆 Kills — all servers');
    expect(lines(posted[0])).toEqual(['🥇 **Alpha** — 3 kills', '🥈 **Bravo** — 1 kill']);
    expect(posted[0]!.embeds[0]?.footer?.text).toBe('2 ranked · Updates every 60 min');
    const doc = (await mongo.db.collection('boards').findOne({ guildId: GUILD }))!;
    boardId = String(doc._id);
    messageId = posted[0]!.id;
    expect(doc.messageId).toBe(messageId);
  });

  it('refuses a channel where the bot cannot post, naming what it lacks, and posts nothing', async () => {
    double.setBotChannelPermissions(LOCKED, { deny: Perm.SendMessages | Perm.AttachFiles });
    await double.waitUntil(() => true, 1000, 'channel update');
    const reply = await run({ command: 'board', subcommand: 'post', options: { channel: LOCKED, stat: 'deaths', window: 'week', image: true } });
    expect(reply.flags! & 64).toBe(64);
    expect(reply.content).toContain(`I need Send Messages and Attach Files in <#${LOCKED}>`);
    expect(double.channelMessages(LOCKED)).toHaveLength(0);
    expect(await mongo.db.collection('boards').countDocuments({ guildId: GUILD })).toBe(1);
  });

  it('refuses a board beyond the Free tier’s count, naming the limit', async () => {
    const reply = await run({ command: 'board', subcommand: 'post', options: { channel: GENERAL, stat: 'kdr', window: 'month' } });
    expect(reply.flags! & 64).toBe(64);
    expect(reply.content).toContain('This server can keep **1** board on the **Free** tier');
    expect(double.channelMessages(GENERAL)).toHaveLength(0);
  });

  it('edits the same message after new kills and the interval, never posting another, also after a restart', async () => {
    await ingest(kill(BRAVO, ALPHA), kill(BRAVO, ALPHA), kill(BRAVO, CHARLIE));
    let mark = await intervalPasses();
    const edit = await double.waitForRequest((r) => r.method === 'PATCH' && r.path.startsWith(`/channels/${BOARDS}/messages/`), 20_000, { after: mark });
    expect(edit.path).toBe(`/channels/${BOARDS}/messages/${messageId}`);
    expect(lines(double.message(messageId))).toEqual(['🥇 **Bravo** — 4 kills', '🥈 **Alpha** — 3 kills']);
    expect(boardPosts()).toHaveLength(1);

    await bot.stop();
    bot = await start();
    await ingest(kill(CHARLIE, BRAVO), kill(CHARLIE, BRAVO), kill(CHARLIE, BRAVO), kill(CHARLIE, ALPHA), kill(CHARLIE, ALPHA));
    mark = await intervalPasses();
    const again = await double.waitForRequest((r) => r.method === 'PATCH' && r.path.startsWith(`/channels/${BOARDS}/messages/`), 20_000, { after: mark });
    expect(again.path).toBe(`/channels/${BOARDS}/messages/${messageId}`);
    expect(lines(double.message(messageId))).toEqual(['🥇 **Charlie** — 5 kills', '🥈 **Bravo** — 4 kills', '🥉 **Alpha** — 3 kills']);
    expect(boardPosts()).toHaveLength(1);
    expect(double.channelMessages(BOARDS).map((m) => m.id)).toEqual([messageId]);
  });

  it('posts a deleted board again once and tells the admins', async () => {
    await restFor(double.apiBase, double.token).delete(`/channels/${BOARDS}/messages/${messageId}`);
    await ingest(kill(ALPHA, CHARLIE), kill(ALPHA, CHARLIE), kill(ALPHA, CHARLIE));
    await intervalPasses();
    const [reposted] = await double.waitForChannelMessages(BOARDS, (m) => m.length === 1 && m[0]!.id !== messageId, 20_000);
    expect(lines(reposted)).toEqual(['🥇 **Alpha** — 6 kills', '🥈 **Charlie** — 5 kills', '🥉 **Bravo** — 4 kills']);
    const [told] = await double.waitForChannelMessages(EVENTS, (m) => m.some((x) => x.embeds[0]?.title === '📋 Board posted again'), 20_000);
    expect(told!.embeds[0]?.description).toContain(`https://discord.com/channels/${GUILD}/${BOARDS}/${reposted!.id}`);
    const doc = (await mongo.db.collection('boards').findOne({ _id: boardId as never }))!;
    expect(doc).toMatchObject({ messageId: reposted!.id, reposted: true });
    messageId = reposted!.id;

    // Looked at again with nothing new: nothing is posted or edited.
    const mark = await intervalPasses();
    await until(async () => (await mongo.db.collection('boards').findOne({ _id: boardId as never }))!.nextAt > new Date(), 'the next look');
    expect(double.requestsTo('POST', new RegExp(`^/channels/${BOARDS}/`)).filter((r) => r.seq > mark)).toEqual([]);
    expect(double.requestsTo('PATCH', new RegExp(`^/channels/${BOARDS}/`)).filter((r) => r.seq > mark)).toEqual([]);
    expect(double.channelMessages(EVENTS).filter((m) => m.embeds[0]?.title === '📋 Board posted again')).toHaveLength(1);
  });

  it('lists the guild’s boards and removes one with its message', async () => {
    const list = await run({ command: 'board', subcommand: 'list' });
    expect(list.embeds[0]?.title).toBe('Boards (1 of 1)');
    expect(list.embeds[0]?.description).toContain(`**1.** Kills · All time — all servers — <#${BOARDS}> · \`${boardId}\``);
    expect(list.embeds[0]?.description).toContain(`](https://discord.com/channels/${GUILD}/${BOARDS}/${messageId})`);
    expect(list.embeds[0]?.footer?.text).toBe('Free tier · each board is updated at most every 60 min');

    const choices = await double.autocomplete({ guildId: GUILD, userId: ADMIN, command: 'board', subcommand: 'remove', options: { board: 'kil' }, focused: 'board' });
    expect(choices).toEqual([{ name: 'Kills · All time — all servers · #boards', value: boardId }]);
    const removed = await run({ command: 'board', subcommand: 'remove', options: { board: boardId } });
    expect(removed.content).toBe(`🗑️ Removed the **Kills · All time — all servers** board in <#${BOARDS}> and deleted its message.`);
    expect(double.channelMessages(BOARDS)).toEqual([]);
    expect((await run({ command: 'board', subcommand: 'list' })).embeds[0]?.description).toBe('No boards yet: `/board post` posts one.');
    expect((await run({ command: 'board', subcommand: 'remove', options: { board: boardId } })).content).toContain(`There is no board **${boardId}** here`);
  });
});

describe('/leaderboard', () => {
  it('draws the board as a PNG with image:true, paging picture by picture', async () => {
    // Nine more players with a kill each: 12 on the board, two pages.
    await ingest(...Array.from({ length: 9 }, (_, i): string => kill([`${i}`.repeat(32), `Extra ${i}`], CHARLIE)));
    const reply = await run({ userId: MEMBER, command: 'leaderboard', options: { stat: 'kills', image: true } });
    expect(reply.embeds[0]?.title).toBe('🏆 Kills — all servers');
    expect(reply.embeds[0]?.image?.url).toMatch(/\/leaderboard\.png$/);
    const img = await decode(reply.files.find((f) => f.name === 'leaderboard.png')!.data);
    const layout = boardImageLayout(0, 10);
    expect([img.width, img.height]).toEqual([layout.width, layout.height]);
    expect(img.variance()).toBeGreaterThan(100);
    // The gold block of the winner's podium.
    const gold = layout.podium.find((p) => p.rank === 1)!;
    expect(img.at(Math.round(gold.x + 4), gold.bottom - 4)).toBe(0xd4a52c);
    expect(reply.attachments[0]?.description).toContain('1. Alpha — 6 kills');
    const next = customIds(reply).find((id) => id.endsWith(':n'))!;
    expect(next).toBe('leaderboard:page:kills:*:2:all:1:n');

    const click = await double.clickButton({ userId: MEMBER, guildId: GUILD, message: reply, customId: next });
    const second = await click.reply();
    expect(second.id).toBe(reply.id);
    expect(second.files.map((f) => f.name)).toEqual(['leaderboard.png']);
    const page2 = await decode(second.files[0]!.data);
    expect([page2.width, page2.height]).toEqual([800, boardImageLayout(10, 2).height]);
    expect(second.attachments[0]?.description).toMatch(/\n11\. Extra \d — 1 kill\n12\. Extra \d — 1 kill$/);
  });

  it('passes window: through to the windowed read, and names it in the title', async () => {
    // Two kills this week (the others are from May 2025): the week's board holds only them.
    const now = (ms: number) => kill(BRAVO, CHARLIE).replace(/^[^;]+/, stamp(new Date(Date.now() - ms)));
    await ingest(now(200), now(100));
    const windows = { col: ingestCollections(mongo.db).windows, clock: { timeZone: async () => 'UTC', currentSeason: async () => null } };
    const stats = new StatsQueries(ingestCollections(mongo.db).stats, new MemberStatsRepo(collections(mongo.db).memberStats), windows);
    const week = await stats.board(GUILD, 'kills', 1, 10, undefined, { name: 'week' });
    expect(week.players.map((p) => [p.name, p.kills])).toEqual([['Bravo', 2]]);
    const reply = await run({ userId: MEMBER, command: 'leaderboard', options: { stat: 'kills', window: 'week' } });
    expect(reply.embeds[0]?.title).toBe('🏆 Kills · This week — all servers');
    expect(lines(reply)).toEqual(['🥇 **Bravo** — 2 kills']);
    expect(reply.embeds[0]?.footer?.text).toBe('Page 1/1 · 1 ranked');
    expect(customIds(reply)[1]).toBe('leaderboard:page:kills:*:2:week:0:n');
    // Credits have no window: the footer says so.
    const credits = await run({ userId: MEMBER, command: 'leaderboard', options: { stat: 'credits', window: 'week' } });
    expect(credits.embeds[0]?.footer?.text).toContain('No time window for Credits: all time');
  });

  it('sent only bodies Discord accepts', () => {
    expect(double.schemaViolations).toEqual([]);
  });
});
