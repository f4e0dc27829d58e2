/**
 * /online through the Discord double and the real bot process: the cursors are written the way the
 * engine writes them (applyLogEvents over join and leave events), and a member sees who is online per
 * server with session starts, names escaped, linked members named, 20 a page with buttons; another
 * guild's players never show.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections } from '../../src/db/collections.js';
import type { ServerLogEvent } from '../../src/deadside/index.js';
import { applyLogEvents, emptyLogState } from '../../src/ingest/logModel.js';
import { ingestCollections } from '../../src/ingest/store.js';
import { SecretBox } from '../../src/security/secrets.js';
import { ServerRepo } from '../../src/servers/repo.js';
import { DiscordDouble } from '../support/discord-double/index.js';
import { startBotProcess, TEST_SECRETS_KEY, type BotProcess } from '../support/bot.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { customIds } from '../support/serverFlow.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';

const APP = '1430000000000000001';
const GUILD = '1430000000000000100';
const OTHER_GUILD = '1430000000000000200';
const MEMBER = '1430000000000000302';
const OUTSIDER = '1430000000000000304';
const hex = (n: number) => n.toString(16).padStart(32, '0');
const T0 = Date.UTC(2025, 4, 15, 10, 0, 0);

let mongo: TestMongo;
let double: DiscordDouble;
let bot: BotProcess;
let one: string;

/** The cursor's log state after `names` joined a minute apart (ids from `base`) and the first `left` left. */
async function seedCursor(serverId: string, guildId: string, names: readonly string[], base: number, left = 0): Promise<void> {
  const events: ServerLogEvent[] = names.flatMap((name, i): ServerLogEvent[] => {
    const at = new Date(T0 + i * 60_000);
    return [
      { type: 'queued', timestamp: at, frame: 1, eosId: hex(base + i), name, world: 1 },
      { type: 'joined', timestamp: at, frame: 1, eosId: hex(base + i) },
    ];
  });
  for (let i = 0; i < left; i++) events.push({ type: 'left', timestamp: new Date(T0 + 7_200_000), frame: 1, eosId: hex(base + i) });
  const log = applyLogEvents(emptyLogState(), events.map((event, i) => ({ event, eventId: `e${i}` }))).state;
  await ingestCollections(mongo.db).cursors.insertOne({ _id: serverId, guildId, seq: 1, files: [], log, pending: null, malformed: 0, linesRead: 0, updatedAt: new Date() });
}

beforeAll(async () => {
  mongo = await startMongo();
  const cols = collections(mongo.db);
  const repo = new ServerRepo(cols.gameServers, cols.pendingServers, new SecretBox(TEST_SECRETS_KEY));
  const server = (guildId: string, name: string) =>
    repo.create(guildId, MEMBER, repo.seal({ name, host: 'game.example.org', port: 22, username: 'u', password: 'pw', root: '/', legacyAlgorithms: false }), 'SHA256:test', null);
  one = (await server(GUILD, 'EU One'))._id;
  const two = (await server(GUILD, 'EU Two'))._id;
  const foreign = (await server(OTHER_GUILD, 'Elsewhere'))._id;
  await seedCursor(one, GUILD, ['*Star*_x', ...Array.from({ length: 24 }, (_, i) => `One${String(i).padStart(2, '0')}`)], 0);
  await seedCursor(two, GUILD, ['Gone', 'Two0', 'Two1'], 100, 1);
  await seedCursor(foreign, OTHER_GUILD, ['Stranger'], 200);
  // One00 is a member's linked player: the list names the member, as text.
  await cols.playerLinks.insertOne({ _id: `${GUILD}:${hex(1)}`, guildId: GUILD, userId: MEMBER, playerId: hex(1), playerName: 'One00', playerNameLower: 'one00', linkedAt: new Date() });
  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: '1430000000000000002',
    token: 'online-test-token',
    guilds: [
      { id: GUILD, name: 'Deadside Online', ownerId: '1430000000000000301', channels: [{ id: '1430000000000000110', name: 'general', type: 'text' }], members: [{ id: '1430000000000000301', username: 'owner', manageGuild: true }, { id: MEMBER, username: 'member' }] },
      { id: OTHER_GUILD, name: 'Other', ownerId: OUTSIDER, channels: [{ id: '1430000000000000210', name: 'x', type: 'text' }], members: [{ id: OUTSIDER, username: 'outsider' }] },
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

describe('/online', () => {
  it('lists who is online per server with session starts, 20 a page, names escaped', async () => {
    const reply = await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'online' })).reply();
    expect(reply.flags! & 64).toBe(64);
    const embed = reply.embeds[0]!;
    expect(embed.title).toBe('🟢 Online now · All servers');
    const lines = embed.description!.split('\n');
    expect(lines[0]).toBe('**EU One** · 25 online');
    expect(lines[1]).toBe(`\\*Star\\*\\_x · on since <t:${T0 / 1000}:R>`);
    expect(lines[2]).toBe(`One00 (member) · on since <t:${T0 / 1000 + 60}:R>`);
    expect(lines[20]).toBe(`One18 · on since <t:${T0 / 1000 + 19 * 60}:R>`);
    expect(lines).toHaveLength(21);
    expect(embed.footer?.text).toBe('Page 1 of 2 · from the server log');
    const next = customIds(reply).find((id) => id.startsWith('online:page:') && id.endsWith(':n'))!;
    const second = await (await double.clickButton({ guildId: GUILD, userId: MEMBER, message: reply, customId: next })).reply();
    expect(second.id).toBe(reply.id);
    const rest = second.embeds[0]!.description!;
    expect(rest).toContain('One23');
    expect(rest).toContain('**EU Two** · 2 online');
    expect(rest).toContain(`Two1 · on since <t:${T0 / 1000 + 120}:R>`);
    expect(rest).not.toContain('Gone');
    expect(rest).not.toContain('Stranger');
  });

  it('shows one server when asked, and nobody on a server without players', async () => {
    const reply = await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'online', options: { server: 'EU Two' } })).reply();
    expect(reply.embeds[0]!.title).toBe('🟢 Online now · EU Two');
    expect(reply.embeds[0]!.description).toBe(`**EU Two** · 2 online\nTwo0 · on since <t:${T0 / 1000 + 60}:R>\nTwo1 · on since <t:${T0 / 1000 + 120}:R>`);
    expect(customIds(reply)).toEqual([]);
    const other = await (await double.slash({ guildId: OTHER_GUILD, userId: OUTSIDER, command: 'online' })).reply();
    expect(other.embeds[0]!.description).toContain('Stranger');
    expect(other.embeds[0]!.description).not.toContain('EU One');
    expect(one).toBeTruthy();
  });
});
