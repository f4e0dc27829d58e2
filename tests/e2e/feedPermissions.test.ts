/**
 * Feeds under Discord's real limits, through the real bot, sshd and the strict double: a channel the bot
 * may not post embeds in is refused at `/server channels`; a burst of 200 kills reaches one channel
 * complete, in order and without a 429; a channel that loses Send Messages holds its kills (a few tries,
 * then none), `/server list` says why, and once the permission is back every held kill is posted once,
 * in order.
 */
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shownName } from '../../src/discord/limits.js';
import { recentKillfeed, type ExpectedRow } from '../deadside/generate.js';
import { DiscordDouble, Perm } from '../support/discord-double/index.js';
import { startBotProcess, type BotProcess } from '../support/bot.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { addAndTrust, sshdFields } from '../support/serverFlow.js';
import { startSshd, writeDeadsideTree, type Sshd } from '../support/sshd.js';

const APP = '1800000000000000001';
const BOT = '1800000000000000002';
const GUILD = '1800000000000000100';
const KILLFEED = '1800000000000000111';
const NO_EMBEDS = '1800000000000000112';
const ADMIN = '1800000000000000301';
const LIVE = '79.127.236.1_7020/actual1/deathlogs/world_0/2025.05.02-00.00.00.csv';

let sshd: Sshd;
let mongo: TestMongo;
let double: DiscordDouble;
let bot: BotProcess;
let serverId = '';
/** Fresh kills, appended in slices: 200 for the burst, then 15 while the channel refuses posts. */
let rows: ExpectedRow[];

const posts = (channelId: string) => double.requestsTo('POST', new RegExp(`^/channels/${channelId}/messages$`));
const titles = () => double.channelMessages(KILLFEED).flatMap((m) => m.embeds.map((e) => e.title ?? ''));
const titleOf = (r: ExpectedRow) => `${shownName(r.killer?.name ?? '', 120)} killed ${shownName(r.victim.name, 120)}`;

async function backfill(): Promise<void> {
  const ix = await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'backfill', options: { server: serverId } });
  await ix.waitForReply((m) => /^(✅|⚠️)/.test(m.content ?? ''), 30_000);
}

async function append(slice: ExpectedRow[]): Promise<void> {
  await appendFile(path.join(sshd.root, LIVE), slice.map((r) => `${r.line}\n`).join(''));
}

beforeAll(async () => {
  // Kills only (no suicides, no killer-less deaths): each row is one "X killed Y" embed.
  rows = recentKillfeed(600, 5, { ageMs: 10 * 60_000, spacingMs: 1_000 })
    .filter((r) => r.kind === 'kill' && !r.roadkill)
    .slice(0, 215);
  [sshd, mongo] = await Promise.all([startSshd({ tree: async (root) => void (await writeDeadsideTree(root, { realCsvs: false })) }), startMongo()]);
  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: BOT,
    token: 'feed-permissions-token',
    defaultTimeoutMs: 20_000,
    guilds: [
      {
        id: GUILD,
        name: 'Deadside EU',
        ownerId: ADMIN,
        channels: [
          { id: KILLFEED, name: 'killfeed', type: 'text' },
          // An admin denied the bot Embed Links here: a feed could never post its embeds.
          { id: NO_EMBEDS, name: 'chat', type: 'text', permissionOverwrites: [{ id: BOT, type: 1, allow: '0', deny: String(Perm.EmbedLinks) }] },
        ],
        members: [{ id: ADMIN, username: 'admin', manageGuild: true }],
      },
    ],
  });
  bot = await startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: APP, mongoUri: mongo.uri, env: { ALLOW_PRIVATE_SFTP_HOSTS: 'true' } });
  await addAndTrust(double, GUILD, ADMIN, sshdFields(sshd, 'EU One'));
  serverId = String((await mongo.db.collection('game_servers').findOne({ guildId: GUILD }))!._id);
  await appendFile(path.join(sshd.root, LIVE), '');
}, 90_000);

afterAll(async () => {
  await bot?.stop();
  await double?.stop();
  await Promise.all([mongo?.stop(), sshd?.stop()]);
});

expectEveryRequestHandled(() => double);

describe('feeds within Discord permissions and rate limits', () => {
  it('refuses a feed channel where the bot lacks Embed Links, naming exactly what is missing', async () => {
    const ix = await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'channels', options: { server: serverId, killfeed: NO_EMBEDS } });
    const reply = await ix.reply();
    expect(reply.flags! & 64).toBe(64);
    expect(reply.content).toContain(`I need Embed Links in <#${NO_EMBEDS}> for the killfeed feed`);
    expect(reply.content).not.toContain('Send Messages');
    const doc = await mongo.db.collection('game_servers').findOne({ _id: serverId as never });
    expect(doc?.channels.killfeed ?? null).toBeNull();
  });

  it('posts a burst of 200 kills to one channel complete and in order, packed by 10, without a 429', async () => {
    const set = await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'channels', options: { server: serverId, killfeed: KILLFEED } });
    expect((await set.reply()).content).toContain('✅');
    const invalidBefore = double.invalidRequests.length;
    await append(rows.slice(0, 200));
    await backfill();
    await double.waitUntil(() => (titles().length >= 200 ? true : undefined), 60_000, '200 kills posted');
    expect(titles()).toEqual(rows.slice(0, 200).map(titleOf));
    const messages = double.channelMessages(KILLFEED);
    expect(messages.every((m) => m.embeds.length <= 10)).toBe(true);
    expect(messages.length).toBeLessThanOrEqual(25);
    expect(posts(KILLFEED).filter((r) => r.status === 429)).toEqual([]);
    // The whole scenario stays far from Discord's ban (10,000 invalid requests in 10 minutes).
    expect(double.invalidRequests.length - invalidBefore).toBeLessThan(10);
  }, 90_000);

  it('holds the kills of a channel that lost Send Messages, says why, and posts each once when it is back', async () => {
    const before = titles().length;
    double.setBotChannelPermissions(KILLFEED, { deny: Perm.SendMessages });
    const tried = posts(KILLFEED).length;
    await append(rows.slice(200, 215));
    await backfill();
    // A few tries (2 s, then 4 s apart), then the channel is held: recorded, and not tried again.
    await waitFor(async () => (await mongo.db.collection('feed_holds').findOne({ _id: KILLFEED as never })) !== null, 20_000, 'the hold');
    const refused = posts(KILLFEED).length - tried;
    expect(refused).toBeGreaterThanOrEqual(1);
    expect(refused).toBeLessThanOrEqual(3);
    await new Promise((r) => setTimeout(r, 3_000));
    expect(posts(KILLFEED).length - tried).toBe(refused);
    expect(titles()).toHaveLength(before);
    expect(await mongo.db.collection('ingest_outbox').countDocuments({ channelId: KILLFEED, sentAt: null })).toBeGreaterThan(0);

    const list = await (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'list' })).reply();
    const field = list.embeds[0]?.fields?.find((f) => f.name.startsWith('EU One'))?.value ?? '';
    expect(field).toContain('⏸️ **killfeed paused:** I need Send Messages there');
    expect(field).toContain('posts are kept');

    // The admin gives the permission back: CHANNEL_UPDATE, and the held kills follow, once, in order.
    double.setBotChannelPermissions(KILLFEED, {});
    await double.waitUntil(() => (titles().length >= before + 15 ? true : undefined), 30_000, 'the held kills');
    await new Promise((r) => setTimeout(r, 1_000)); // a duplicate would arrive now
    expect(titles().slice(before)).toEqual(rows.slice(200, 215).map(titleOf));
    expect(await mongo.db.collection('feed_holds').countDocuments({})).toBe(0);
    const nonces = posts(KILLFEED).filter((r) => r.status === 200).map((r) => (r.body as { nonce: string }).nonce);
    expect(new Set(nonces).size).toBe(nonces.length);
    expect(double.schemaViolations).toEqual([]);
  }, 90_000);
});

async function waitFor(check: () => Promise<boolean>, ms: number, label: string): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${label}`);
}
