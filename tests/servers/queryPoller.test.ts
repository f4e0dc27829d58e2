/**
 * The Steam query poller on MongoDB, against a real A2S responder on loopback and posting through
 * discord.js REST to the Discord double, with the clock moved by the test: the count and name come from
 * the query; a server is asked at most every 30 s, by one process; three misses in a row mark it down
 * (one post), an answer brings it back (one post), a restart in between reposts nothing; a private
 * address is refused without ALLOW_PRIVATE_SFTP_HOSTS (nothing is sent to it).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collections, ensureIndexes, type Collections } from '../../src/db/collections.js';
import { gameServerSchema, type GameServer } from '../../src/db/schemas.js';
import { QUERY_DOWN_AFTER, QUERY_INTERVAL_MS, QueryPoller } from '../../src/servers/queryPoller.js';
import { queryLines } from '../../src/servers/queryView.js';
import { DiscordDouble } from '../support/discord-double/index.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { restFor, silentLogger } from '../ingest/helpers.js';
import { enUS } from '../stats/helpers.js';
import { A2sResponder } from '../query/responder.js';

const GUILD = '1700000000000000100';
const EVENTS = '1700000000000000110';
const OWNER = '1700000000000000301';

let mongo: TestMongo;
let cols: Collections;
let double: DiscordDouble;
let responder: A2sResponder;
let now = new Date('2026-06-01T12:00:00Z');
let mark = 0;

const advance = (ms: number) => (now = new Date(now.getTime() + ms));
const posts = () => double.requestsTo('POST', new RegExp(`^/channels/${EVENTS}/messages$`)).filter((r) => r.seq >= mark);
const stored = async (id: string) => (await cols.gameServers.findOne({ _id: id }))!;

function poller(allowPrivate = true): QueryPoller {
  return new QueryPoller({ col: cols.gameServers, rest: restFor(double.apiBase, double.token), texts: async () => enUS, allowPrivate, logger: silentLogger, now: () => now, timeoutMs: 300 });
}

async function addServer(id: string, queryPort: number): Promise<GameServer> {
  const doc = gameServerSchema.parse({
    _id: id,
    guildId: GUILD,
    name: `EU ${id}`,
    host: '127.0.0.1',
    port: 22,
    username: 'deadside',
    password: { v: 1, kid: 'k', iv: 'i', tag: 't', ct: 'c' },
    channels: { killfeed: null, callouts: null, events: EVENTS, connections: null, playercount: null },
    settings: { pollSeconds: 0, killfeedDelaySeconds: 0, showSuicides: true, paused: false, killfeedStyle: 'rich', longshotMetres: 250, queryPort },
    createdBy: OWNER,
    createdAt: now,
    updatedAt: now,
  });
  await cols.gameServers.insertOne(doc);
  return doc;
}

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  await ensureIndexes(cols);
  double = await DiscordDouble.start({
    applicationId: '1700000000000000001',
    botUserId: '1700000000000000002',
    token: 'query-test-token',
    guilds: [{ id: GUILD, name: 'Deadside EU', ownerId: OWNER, channels: [{ id: EVENTS, name: 'events', type: 'text' }], members: [{ id: OWNER, username: 'owner', manageGuild: true }] }],
  });
  responder = await new A2sResponder({ name: '', map: '', players: 0, maxPlayers: 0, version: '' }).start();
});

afterAll(async () => {
  await responder?.stop();
  await double?.stop();
  await mongo?.stop();
});

beforeEach(async () => {
  mark = double.mark();
  await cols.gameServers.deleteMany({});
  responder.info = { name: 'EU One | PvP', map: 'Forest', players: 17, maxPlayers: 50, version: '1.2.0.8' };
  await responder.start(); // a test may have left it stopped
});

describe('the query poller', () => {
  it('stores the count, name, map and version, asking at most every 30 s', async () => {
    const s = await addServer('one', responder.port);
    const p = poller();
    expect(await p.tick()).toBe(1);
    const q = (await stored(s._id)).query!;
    expect(q).toMatchObject({ online: 17, max: 50, name: 'EU One | PvP', map: 'Forest', version: '1.2.0.8', misses: 0, down: false, refused: false });
    expect(q.lastAnswerAt).toEqual(now);
    expect(queryLines(await stored(s._id), enUS)[0]).toContain('17/50 players · Forest · 1.2.0.8');

    const asked = responder.requests;
    advance(QUERY_INTERVAL_MS - 1_000);
    expect(await p.tick()).toBe(0);
    expect(responder.requests).toBe(asked);
    advance(1_000);
    responder.info = { ...responder.info, players: 21 };
    expect(await p.tick()).toBe(1);
    expect((await stored(s._id)).query?.online).toBe(21);
  });

  it('asks a due server once when two processes tick at the same time', async () => {
    await addServer('two', responder.port);
    const before = responder.answered;
    await Promise.all([poller().tick(), poller().tick(), poller().tick()]);
    expect(responder.answered - before).toBe(1);
  });

  it('marks a server down after three misses and back on an answer, one post each, none again after a restart', async () => {
    const s = await addServer('three', responder.port);
    await poller().tick();
    await responder.stop();
    for (let miss = 1; miss < QUERY_DOWN_AFTER; miss++) {
      advance(QUERY_INTERVAL_MS);
      await poller().tick();
      expect((await stored(s._id)).query).toMatchObject({ misses: miss, down: false });
    }
    expect(posts()).toHaveLength(0);
    advance(QUERY_INTERVAL_MS);
    await poller().tick();
    const down = (await stored(s._id)).query!;
    expect(down).toMatchObject({ misses: QUERY_DOWN_AFTER, down: true, downSince: now });
    expect(posts()).toHaveLength(1);
    expect(double.channelMessages(EVENTS).at(-1)?.content).toBe('🔴 **EU three** is down: it stopped answering the server query.');
    expect(queryLines(await stored(s._id), enUS)[0]).toContain('Down since');

    // Still silent, and a fresh process (a restart): the state is stored, nothing is posted again.
    advance(QUERY_INTERVAL_MS);
    await poller().tick();
    expect((await stored(s._id)).query?.misses).toBe(QUERY_DOWN_AFTER + 1);
    expect(posts()).toHaveLength(1);

    await responder.start();
    advance(QUERY_INTERVAL_MS);
    await poller().tick();
    expect((await stored(s._id)).query).toMatchObject({ misses: 0, down: false, downSince: null, online: 17 });
    expect(posts()).toHaveLength(2);
    expect(double.channelMessages(EVENTS).at(-1)?.content).toBe('🟢 **EU three** is back up: 17/50 players.');
    advance(QUERY_INTERVAL_MS);
    await poller().tick();
    expect(posts()).toHaveLength(2);
  });

  it('refuses a private address without ALLOW_PRIVATE_SFTP_HOSTS: nothing is sent, and it is no miss', async () => {
    const s = await addServer('four', responder.port);
    const before = responder.requests;
    expect(await poller(false).tick()).toBe(1);
    expect(responder.requests).toBe(before);
    expect((await stored(s._id)).query).toMatchObject({ refused: true, misses: 0, down: false });
    expect(queryLines(await stored(s._id), enUS)).toEqual(['Query: address refused (not public, or not found)']);
  });

  it('drops a turn whose port was changed meanwhile: the new port starts afresh', async () => {
    const s = await addServer('six', responder.port);
    const p = poller();
    const [snapshot] = await p.store.due(now, 10);
    await cols.gameServers.updateOne({ _id: s._id }, { $set: { 'settings.queryPort': responder.port + 1 } });
    await p.store.reset(GUILD, s._id);
    const before = responder.requests;
    await p.ask(snapshot!);
    expect(responder.requests).toBe(before);
    expect((await stored(s._id)).query).toBeUndefined();
  });

  it('leaves a server without a query port alone', async () => {
    await addServer('five', 0);
    expect(await poller().tick()).toBe(0);
  });
});
