/**
 * /server statusboard end to end: the real bot process and the Discord double, the Deadside.log state
 * written the way the engine writes it (applyLogEvents over join and leave events). The board is one
 * message, edited in place (never posted again) when who is online changed and its stored due time came
 * (what any process reads after a restart), also after a restart; unchanged, it is not edited; it says
 * "server down" when the query does; deleted, it is posted again once and the admins told; removed, its
 * message goes too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections } from '../../src/db/collections.js';
import type { ServerLogEvent } from '../../src/deadside/index.js';
import { applyLogEvents, emptyLogState } from '../../src/ingest/logModel.js';
import { ingestCollections } from '../../src/ingest/store.js';
import { SecretBox } from '../../src/security/secrets.js';
import { ServerRepo } from '../../src/servers/repo.js';
import { DiscordDouble, type DoubleMessage } from '../support/discord-double/index.js';
import { startBotProcess, TEST_SECRETS_KEY, type BotProcess } from '../support/bot.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';
import { restFor } from '../ingest/helpers.js';

const APP = '1440000000000000001';
const GUILD = '1440000000000000100';
const STATUS = '1440000000000000111';
const EVENTS = '1440000000000000113';
const ADMIN = '1440000000000000301';
const MEMBER = '1440000000000000302';
const hex = (n: number) => n.toString(16).padStart(32, '0');
const T0 = Date.UTC(2025, 4, 15, 10, 0, 0);

let mongo: TestMongo;
let double: DiscordDouble;
let bot: BotProcess;
let serverId = '';
let messageId = '';

/** The cursor's log state after `names` joined a minute apart (ids 0, 1, …) and the first `left` left. */
async function setOnline(names: readonly string[], left = 0): Promise<void> {
  const events: ServerLogEvent[] = names.flatMap((name, i): ServerLogEvent[] => {
    const at = new Date(T0 + i * 60_000);
    return [
      { type: 'queued', timestamp: at, frame: 1, eosId: hex(i), name, world: 1 },
      { type: 'joined', timestamp: at, frame: 1, eosId: hex(i) },
    ];
  });
  for (let i = 0; i < left; i++) events.push({ type: 'left', timestamp: new Date(T0 + 7_200_000), frame: 1, eosId: hex(i) });
  const log = applyLogEvents(emptyLogState(), events.map((event, i) => ({ event, eventId: `e${i}` }))).state;
  await ingestCollections(mongo.db).cursors.replaceOne({ _id: serverId }, { guildId: GUILD, seq: 1, files: [], log, pending: null, malformed: 0, linesRead: 0, updatedAt: new Date() }, { upsert: true });
}

const start = () => startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: APP, mongoUri: mongo.uri });
const run = async (options: Record<string, string | number | boolean>, userId = ADMIN) =>
  (await double.slash({ guildId: GUILD, userId, command: 'server', subcommand: 'statusboard', options })).reply(20_000);
const lines = (m: DoubleMessage | undefined) => m?.embeds[0]?.fields?.[0]?.value.split('\n');
const posts = () => double.requestsTo('POST', new RegExp(`^/channels/${STATUS}/messages$`));
const boardDoc = () => mongo.db.collection('status_boards').findOne({ _id: `${GUILD}:${serverId}` as never });

/** A minute passes: the board's stored due time (what any process of the bot reads) is now. */
async function minutePasses(): Promise<number> {
  const mark = double.mark();
  await mongo.db.collection('status_boards').updateOne({ _id: `${GUILD}:${serverId}` as never }, { $set: { nextAt: new Date(Date.now() - 1000) } });
  return mark;
}

async function until(probe: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const edited = (mark: number) => double.waitForRequest((r) => r.method === 'PATCH' && r.path.startsWith(`/channels/${STATUS}/messages/`), 20_000, { after: mark });

beforeAll(async () => {
  mongo = await startMongo();
  const cols = collections(mongo.db);
  const repo = new ServerRepo(cols.gameServers, cols.pendingServers, new SecretBox(TEST_SECRETS_KEY));
  serverId = (await repo.create(GUILD, ADMIN, repo.seal({ name: 'EU One', host: 'game.example.org', port: 22, username: 'u', password: 'pw', root: '/', legacyAlgorithms: false }), 'SHA256:test', null))._id;
  // Admin notices go where the server's news goes.
  await cols.gameServers.updateOne({ _id: serverId }, { $set: { 'channels.events': EVENTS } });
  await setOnline(['Alpha', 'Bravo']);
  // Alpha is a member's linked player: the board names the member, as text.
  await cols.playerLinks.insertOne({ _id: `${GUILD}:${hex(0)}`, guildId: GUILD, userId: MEMBER, playerId: hex(0), playerName: 'Alpha', playerNameLower: 'alpha', linkedAt: new Date() });
  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: '1440000000000000002',
    token: 'status-board-token',
    defaultTimeoutMs: 20_000,
    guilds: [
      {
        id: GUILD,
        name: 'Deadside Status',
        ownerId: ADMIN,
        channels: [
          { id: STATUS, name: 'status', type: 'text' },
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
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await double?.stop();
  await mongo?.stop();
});

expectEveryRequestHandled(() => double);

describe('/server statusboard', () => {
  it('posts one status message with who is online, their sessions and linked members', async () => {
    const reply = await run({ channel: STATUS, server: serverId });
    expect(reply.flags! & 64).toBe(64);
    expect(reply.content).toMatch(/^✅ Posted the status board \(EU One\) in <#\d+>: https:\/\/discord\.com\/channels\//);
    const posted = double.channelMessages(STATUS);
    expect(posted).toHaveLength(1);
    messageId = posted[0]!.id;
    expect(posted[0]!.embeds[0]?.title).toBe('📡 Server status · EU One');
    expect(lines(posted[0])).toEqual(['🟢 **2**/? online', `Alpha (member) · on since <t:${T0 / 1000}:R>`, `Bravo · on since <t:${T0 / 1000 + 60}:R>`]);
    expect(posted[0]!.embeds[0]?.timestamp).toBeTruthy();
    expect((await boardDoc())!.messageId).toBe(messageId);
  });

  it('edits the same message when who is online changed, never posting another, also after a restart', async () => {
    await setOnline(['Alpha', 'Bravo', 'Charlie']);
    let mark = await minutePasses();
    expect((await edited(mark)).path).toBe(`/channels/${STATUS}/messages/${messageId}`);
    expect(lines(double.message(messageId))).toContain(`Charlie · on since <t:${T0 / 1000 + 120}:R>`);

    await bot.stop();
    bot = await start();
    await setOnline(['Alpha', 'Bravo', 'Charlie'], 1);
    mark = await minutePasses();
    expect((await edited(mark)).path).toBe(`/channels/${STATUS}/messages/${messageId}`);
    expect(lines(double.message(messageId))?.[0]).toBe('🟢 **2**/? online');
    expect(lines(double.message(messageId))).not.toContain(`Alpha (member) · on since <t:${T0 / 1000}:R>`);
    expect(posts()).toHaveLength(1);
    expect(double.channelMessages(STATUS).map((m) => m.id)).toEqual([messageId]);

    // Looked at again with nothing new: nothing is edited.
    mark = await minutePasses();
    await until(async () => (await boardDoc())!.nextAt > new Date(), 'the next look');
    expect(double.requestsTo('PATCH', new RegExp(`^/channels/${STATUS}/`)).filter((r) => r.seq > mark)).toEqual([]);
  });

  it('says the server is down when the query says so', async () => {
    const since = new Date(Date.now() - 120_000);
    await mongo.db.collection('game_servers').updateOne({ _id: serverId as never }, { $set: { 'settings.queryPort': 7777, query: { nextAt: new Date(Date.now() + 3_600_000), lastAnswerAt: null, online: null, max: null, name: null, map: null, version: null, misses: 3, down: true, downSince: since, refused: false } } });
    const mark = await minutePasses();
    await edited(mark);
    expect(lines(double.message(messageId))).toEqual([`🔴 **Server down** since <t:${Math.floor(since.getTime() / 1000)}:R>: no answer to the server query`]);
  });

  it('posts a deleted status board again once and tells the admins', async () => {
    await restFor(double.apiBase, double.token).delete(`/channels/${STATUS}/messages/${messageId}`);
    await mongo.db.collection('game_servers').updateOne({ _id: serverId as never }, { $set: { 'query.down': false, 'query.downSince': null } });
    await minutePasses();
    const [reposted] = await double.waitForChannelMessages(STATUS, (m) => m.length === 1 && m[0]!.id !== messageId, 20_000);
    expect(lines(reposted)?.[0]).toBe('🟢 **2**/? online');
    const [told] = await double.waitForChannelMessages(EVENTS, (m) => m.some((x) => x.embeds[0]?.title === '📡 Status board posted again'), 20_000);
    expect(told!.embeds[0]?.description).toContain(`https://discord.com/channels/${GUILD}/${STATUS}/${reposted!.id}`);
    expect(await boardDoc()).toMatchObject({ messageId: reposted!.id, reposted: true });
    messageId = reposted!.id;
    expect(posts()).toHaveLength(2);
  });

  it('is for admins only, and remove:true removes the board with its message', async () => {
    const refused = await run({ channel: STATUS, remove: true }, MEMBER);
    expect(refused.content).toMatch(/Manage Server/);
    expect((await run({ channel: STATUS, remove: true })).content).toContain('There is no status board (all servers) here');
    const removed = await run({ channel: STATUS, server: serverId, remove: true });
    expect(removed.content).toBe(`🗑️ Removed the status board (EU One) in <#${STATUS}> and deleted its message.`);
    expect(double.channelMessages(STATUS)).toEqual([]);
    expect(await boardDoc()).toBeNull();
  });

  it('keeps one board of all servers too, and drops a board whose server was removed', async () => {
    const all = await run({ channel: STATUS });
    expect(all.content).toMatch(/^✅ Posted the status board \(all servers\)/);
    await run({ channel: STATUS, server: serverId });
    const [whole, one] = double.channelMessages(STATUS);
    expect(whole!.embeds[0]?.title).toBe('📡 Server status · all servers');
    expect(whole!.embeds[0]?.fields?.[0]?.name).toBe('EU One');
    expect(await mongo.db.collection('status_boards').countDocuments({ guildId: GUILD })).toBe(2);

    await mongo.db.collection('game_servers').deleteOne({ _id: serverId as never });
    await minutePasses();
    await until(async () => !(await boardDoc()), 'the removed server’s board to go');
    await double.waitForChannelMessages(STATUS, (m) => m.length === 1, 20_000);
    expect(double.channelMessages(STATUS).map((m) => m.id)).toEqual([whole!.id]);
    expect(one!.id).not.toBe(whole!.id);
  });
});
