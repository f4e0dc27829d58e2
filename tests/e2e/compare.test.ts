/**
 * /compare through the real bot process and the Discord double. Stats documents are made by the
 * ingestion engine's own stats model from killfeed lines: one server with the pair documents the engine
 * now writes, one stored as older versions left it (no pair documents: its duel comes from the count
 * arrays). The card is decoded, not just received.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { collections } from '../../src/db/collections.js';
import { parseKillfeedLine } from '../../src/deadside/index.js';
import { ingestCollections } from '../../src/ingest/store.js';
import { StatsWorkingSet } from '../../src/ingest/statsModel.js';
import { SecretBox } from '../../src/security/secrets.js';
import { ServerRepo } from '../../src/servers/repo.js';
import { DiscordDouble, type DoubleMessage, type SlashInput } from '../support/discord-double/index.js';
import { startBotProcess, TEST_SECRETS_KEY, type BotProcess } from '../support/bot.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';

const APP = '1900000000000000001';
const GUILD = '1900000000000000100';
const TEXT = '1900000000000000110';
const ADMIN = '1900000000000000301';
/** A member per test: commands allow 5 uses per 10 s per member. */
const MEMBERS = Array.from({ length: 6 }, (_, i) => `19000000000000003${String(10 + i)}`);
const [MEMBER, CACHED, NARROW, WINDOWED, REFUSED, FIRST] = MEMBERS as [string, string, string, string, string, string];

const ALPHA: [string, string] = ['a'.repeat(32), 'Alpha'];
const DIMA: [string, string] = ['d'.repeat(32), 'Дмитрий'];
const CHARLIE: [string, string] = ['c'.repeat(32), 'Charlie'];

let mongo: TestMongo;
let double: DiscordDouble;
let bot: BotProcess;
let serverOne: string;
let serverTwo: string;

const line = (minute: number, killer: [string, string], victim: [string, string], weapon: string, distance: number) =>
  `2025.05.01-10.${String(minute).padStart(2, '0')}.00;${killer[1]};${killer[0]};${victim[1]};${victim[0]};${weapon};${distance};PC;PC;`;

/** One server's stats documents from its lines; `legacy`: stored without the pair documents, as before them. */
async function seedStats(serverId: string, lines: string[], legacy = false): Promise<void> {
  const set = new StatsWorkingSet({ guildId: GUILD, serverId }, 1, []);
  for (const l of lines) {
    const r = parseKillfeedLine(l);
    if (!r.ok) throw new Error(r.reason);
    set.applyKill(r.event);
  }
  const docs = set.writes().map((w) => w.doc);
  await ingestCollections(mongo.db).stats.insertMany(legacy ? docs.filter((d) => d.type !== 'duel') : docs);
}

const run = async (userId: string, options: SlashInput['options']) => (await double.slash({ guildId: GUILD, userId, command: 'compare', options })).reply();
const cardLogs = () => bot.logs.filter((l) => l.msg === 'compare card');

async function decoded(m: DoubleMessage) {
  const file = m.files.find((f) => f.name === 'compare.png');
  expect(file, 'the reply carries compare.png').toBeDefined();
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
  const at = (x: number, y: number) => {
    const o = (y * img.width + x) * 4;
    return (data[o]! << 16) | (data[o + 1]! << 8) | data[o + 2]!;
  };
  return { width: img.width, height: img.height, variance: sq / n - (sum / n) ** 2, at };
}

beforeAll(async () => {
  mongo = await startMongo();
  const cols = collections(mongo.db);
  const repo = new ServerRepo(cols.gameServers, cols.pendingServers, new SecretBox(TEST_SECRETS_KEY));
  const server = (name: string) =>
    repo.create(GUILD, ADMIN, repo.seal({ name, host: 'game.example.org', port: 22, username: 'u', password: 'pw', root: '/', legacyAlgorithms: false }), 'SHA256:test', null);
  serverOne = (await server('EU One'))._id;
  serverTwo = (await server('EU Two'))._id;
  // EU One: Alpha killed Дмитрий 3 times, Дмитрий killed Alpha once (pair documents).
  await seedStats(serverOne, [line(0, ALPHA, DIMA, 'M99', 300), line(1, ALPHA, DIMA, 'AK-74', 50), line(2, DIMA, ALPHA, 'M99', 120), line(3, ALPHA, DIMA, 'M99', 640)]);
  // EU Two, stored before pair documents: Alpha killed Дмитрий once, Дмитрий killed Alpha twice.
  await seedStats(serverTwo, [line(0, ALPHA, DIMA, 'SVD', 20), line(1, DIMA, ALPHA, 'SVD', 700), line(2, DIMA, ALPHA, 'SVD', 10), line(3, ALPHA, CHARLIE, 'SVD', 5)], true);

  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: '1900000000000000002',
    token: 'compare-test-token',
    guilds: [
      {
        id: GUILD,
        name: 'Deadside EU',
        ownerId: ADMIN,
        channels: [{ id: TEXT, name: 'stats', type: 'text' }],
        members: [
          { id: ADMIN, username: 'admin', manageGuild: true },
          ...MEMBERS.map((id, i) => ({ id, username: `member${i}` })),
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

describe('/compare', () => {
  it('is registered with two autocompleted players, a window and a server', () => {
    const def = double.commands().find((c) => c.name === 'compare');
    expect(def?.options?.map((o) => [o.name, 'required' in o ? (o.required ?? false) : false])).toEqual([
      ['a', true],
      ['b', true],
      ['window', false],
      ['server', false],
    ]);
  });

  it('autocompletes both players’ names (any script) and the guild’s servers', async () => {
    expect(await double.autocomplete({ guildId: GUILD, userId: MEMBER, command: 'compare', options: { a: 'al' }, focused: 'a' })).toEqual([{ name: 'Alpha', value: ALPHA[0] }]);
    expect(await double.autocomplete({ guildId: GUILD, userId: MEMBER, command: 'compare', options: { a: ALPHA[0], b: 'ДМ' }, focused: 'b' })).toEqual([{ name: 'Дмитрий', value: DIMA[0] }]);
    const servers = await double.autocomplete({ guildId: GUILD, userId: MEMBER, command: 'compare', options: { a: 'x', b: 'y', server: '' }, focused: 'server' });
    expect(servers.map((s) => s.name).sort()).toEqual(['EU One', 'EU Two']);
  });

  it('answers with the card (a real PNG) and the duel in words, summed over both servers', async () => {
    const reply = await run(FIRST, { a: ALPHA[0], b: 'дмитрий' });
    expect((reply.flags ?? 0) & 64).toBe(0);
    expect(reply.embeds[0]?.title).toBe('Alpha vs Дмитрий');
    expect(reply.embeds[0]?.description).toBe('All servers · All time');
    // EU One's pair documents (3 and 1) plus EU Two's count arrays (1 and 2).
    expect(reply.embeds[0]?.fields).toEqual([{ name: 'Head to head', value: '**Alpha** killed **Дмитрий** 4 times\n**Дмитрий** killed **Alpha** 3 times', inline: false }]);
    expect(reply.embeds[0]?.image?.url).toMatch(/\/compare\.png$/);
    const alt = reply.attachments[0]?.description ?? '';
    expect(alt).toContain('Kills: 5 vs 3, Deaths: 3 vs 4, K/D: 1.67 vs 0.75, Longest kill: 640 m vs 700 m, Best streak: 2 vs 2');
    expect(alt).toContain('Alpha killed Дмитрий 4 times, Дмитрий killed Alpha 3 times');

    const img = await decoded(reply);
    expect([img.width, img.height]).toEqual([800, 464]);
    expect(img.variance).toBeGreaterThan(100);
    // The duel bar: 4 of 7 in Alpha's red from the left, the rest in Дмитрий's blue.
    expect(img.at(24 + Math.round(752 * 0.3), 448)).toBe(0xe05d5d);
    expect(img.at(24 + Math.round(752 * 0.8), 448)).toBe(0x4d8fe0);
  });

  it('draws a repeat from the cache', async () => {
    const before = cardLogs().length;
    const first = await run(CACHED, { a: 'Alpha', b: 'Дмитрий' });
    const second = await run(CACHED, { a: 'Alpha', b: 'Дмитрий' });
    await bot.waitForLog(() => cardLogs().length >= before + 2);
    expect(cardLogs().at(-1)?.cached).toBe(true);
    expect(second.files[0]!.data.equals(first.files[0]!.data)).toBe(true);
  });

  it('narrows to one server: the duel there, from the count arrays on a server stored before pair documents', async () => {
    const reply = await run(NARROW, { a: 'Alpha', b: 'Дмитрий', server: serverTwo });
    expect(reply.embeds[0]?.description).toBe('EU Two · All time');
    expect(reply.embeds[0]?.fields?.[0]?.value).toBe('**Alpha** killed **Дмитрий** 1 time\n**Дмитрий** killed **Alpha** 2 times');
    const one = await run(NARROW, { a: 'Alpha', b: 'Дмитрий', server: serverOne });
    expect(one.embeds[0]?.fields?.[0]?.value).toBe('**Alpha** killed **Дмитрий** 3 times\n**Дмитрий** killed **Alpha** 1 time');
  });

  it('labels the duel all-time under a window', async () => {
    const reply = await run(WINDOWED, { a: 'Alpha', b: 'Дмитрий', window: 'week' });
    expect(reply.embeds[0]?.description).toBe('All servers · This week');
    expect(reply.embeds[0]?.fields).toEqual([{ name: 'Head to head (all time)', value: '**Alpha** killed **Дмитрий** 4 times\n**Дмитрий** killed **Alpha** 3 times', inline: false }]);
    expect(reply.attachments[0]?.description).toMatch(/\(all time\)\.$/);
    expect((await decoded(reply)).width).toBe(800);
  });

  it('refuses the same player twice (a name and its id alike), and an unknown one, only for the caller', async () => {
    for (const options of [
      { a: 'Alpha', b: 'alpha' },
      { a: ALPHA[0], b: 'ALPHA' },
    ]) {
      const reply = await run(REFUSED, options);
      expect(reply.flags! & 64).toBe(64);
      expect(reply.content).toContain('Pick two different players: **Alpha** was given twice.');
      expect(reply.files).toEqual([]);
    }
    const unknown = await run(REFUSED, { a: 'Alpha', b: 'Nobody' });
    expect(unknown.flags! & 64).toBe(64);
    expect(unknown.content).toMatch(/No player called \*\*Nobody\*\*/);
    // Charlie was only seen on EU Two.
    const elsewhere = await run(REFUSED, { a: 'Alpha', b: 'Charlie', server: serverOne });
    expect(elsewhere.flags! & 64).toBe(64);
    expect(elsewhere.content).toMatch(/No player called \*\*Charlie\*\* has been seen on EU One/);
  });
});
