/**
 * Feeds end to end: a game server added through /server add (real sshd), its channels set, then
 * `/server backfill` reads the history with a progress message; new killfeed lines (one partial) and
 * Deadside.log growth become feed messages exactly once and a player-count channel name.
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKillfeed } from '../deadside/generate.js';
import { expectedLogFeed } from '../ingest/helpers.js';
import { DiscordDouble, type DoubleMessage } from '../support/discord-double/index.js';
import { startBotProcess, type BotProcess } from '../support/bot.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { addAndTrust, sshdFields } from '../support/serverFlow.js';
import { startSshd, writeDeadsideTree, type Sshd } from '../support/sshd.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';

const APP = '1500000000000000001';
const GUILD = '1500000000000000100';
const GENERAL = '1500000000000000110';
const KILLFEED = '1500000000000000111';
const EVENTS = '1500000000000000112';
const CONNECTIONS = '1500000000000000113';
const VOICE = '1500000000000000114';
const ADMIN = '1500000000000000301';

const SERVER_DIR = '79.127.236.1_7020';
const WORLD = `${SERVER_DIR}/actual1/deathlogs/world_0`;
const OLD_CSV = '2025.05.01-00.00.00.csv';
const NEW_CSV = '2025.05.02-00.00.00.csv';
const HISTORY = generateKillfeed(120, 7).rows;

let sshd: Sshd;
let mongo: TestMongo;
let double: DiscordDouble;
let bot: BotProcess;
let serverId = '';

const killfeedEmbeds = () => double.channelMessages(KILLFEED).flatMap((m) => m.embeds);

/** A killfeed line happening now (Deadside writes its timestamps in UTC). */
function freshKill(i: number): string {
  const d = new Date(Date.now() - 1000 * (30 - i));
  const p = (n: number) => String(n).padStart(2, '0');
  const ts = `${d.getUTCFullYear()}.${p(d.getUTCMonth() + 1)}.${p(d.getUTCDate())}-${p(d.getUTCHours())}.${p(d.getUTCMinutes())}.${p(d.getUTCSeconds())}`;
  return `${ts};Fresh Killer ${i};${'f'.repeat(31)}${i % 10};Fresh Victim ${i};${'e'.repeat(31)}${i % 10};AK-74;${50 + i};PC;PC;`;
}

async function backfill(): Promise<DoubleMessage> {
  const ix = await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'backfill', options: { server: serverId } });
  return ix.waitForReply((m) => /^(✅|⚠️)/.test(m.content ?? ''), 30_000);
}

beforeAll(async () => {
  [sshd, mongo] = await Promise.all([
    startSshd({
      tree: async (root) => {
        await writeDeadsideTree(root, { realCsvs: false });
        await writeFile(path.join(root, WORLD, OLD_CSV), HISTORY.slice(0, 80).map((r) => `${r.line}\n`).join(''));
        await writeFile(path.join(root, WORLD, NEW_CSV), HISTORY.slice(80).map((r) => `${r.line}\n`).join(''));
      },
    }),
    startMongo(),
  ]);
  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: '1500000000000000002',
    token: 'feeds-test-token',
    defaultTimeoutMs: 20_000,
    guilds: [
      {
        id: GUILD,
        name: 'Deadside EU',
        ownerId: ADMIN,
        channels: [
          { id: GENERAL, name: 'general', type: 'text' },
          { id: KILLFEED, name: 'killfeed', type: 'text' },
          { id: EVENTS, name: 'events', type: 'text' },
          { id: CONNECTIONS, name: 'connections', type: 'text' },
          { id: VOICE, name: 'players', type: 'voice' },
        ],
        members: [{ id: ADMIN, username: 'admin', manageGuild: true }],
      },
    ],
  });
  bot = await startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: APP, mongoUri: mongo.uri, env: { ALLOW_PRIVATE_SFTP_HOSTS: 'true' } });

  await addAndTrust(double, GUILD, ADMIN, sshdFields(sshd, 'EU One'));
  serverId = String((await mongo.db.collection('game_servers').findOne({ guildId: GUILD }))!._id);
  const channels = await double.slash({
    guildId: GUILD,
    userId: ADMIN,
    command: 'server',
    subcommand: 'channels',
    options: { server: serverId, killfeed: KILLFEED, events: EVENTS, connections: CONNECTIONS, playercount: VOICE },
  });
  await channels.reply();
}, 90_000);

afterAll(async () => {
  await bot?.stop();
  await double?.stop();
  await Promise.all([mongo?.stop(), sshd?.stop()]);
});

expectEveryRequestHandled(() => double);

describe('feeds from a real game server', () => {
  it('backfills the history with a progress message: counted in stats, too old to post', async () => {
    const final = await backfill();
    expect(final.content).toMatch(/^✅ \*\*Backfill of EU One\*\* done/);
    expect(final.content).toContain('`████████████████████` 100%');
    expect(final.content).toMatch(/Files 3\/3/);
    const stats = await (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'stats', subcommand: 'server' })).reply();
    const kills = HISTORY.filter((r) => r.kind === 'kill').length;
    expect(stats.embeds[0]?.fields?.find((f) => f.name === 'Kills')?.value).toBe(String(kills));
    // The history is months old: counted, but not posted as if it were live.
    expect(killfeedEmbeds()).toHaveLength(0);
  });

  it('turns Deadside.log into a player-count channel name', async () => {
    const log = await readFile(path.join(sshd.root, SERVER_DIR, 'Logs', 'Deadside.log'), 'utf8');
    const want = expectedLogFeed(log);
    const name = await double.waitUntil(() => (double.channel(VOICE)?.name !== 'players' ? double.channel(VOICE)!.name : undefined), 10_000, 'voice rename');
    expect(name).toMatch(new RegExp(`^🟢 ${want.online}/${want.max}`));
  });

  it('posts each new kill once, holding a partial last line until it is complete', async () => {
    const file = path.join(sshd.root, WORLD, NEW_CSV);
    const lines = Array.from({ length: 4 }, (_, i) => freshKill(i));
    await appendFile(file, `${lines.slice(0, 3).join('\n')}\n${lines[3]!.slice(0, 20)}`);
    await backfill();
    await double.waitUntil(() => (killfeedEmbeds().length >= 3 ? true : undefined), 10_000, 'three kills posted');
    expect(killfeedEmbeds().map((e) => JSON.stringify(e))).toHaveLength(3);

    await appendFile(file, `${lines[3]!.slice(20)}\n`);
    await backfill();
    await double.waitUntil(() => (killfeedEmbeds().length >= 4 ? true : undefined), 10_000, 'fourth kill posted');
    await backfill(); // nothing new: nothing more is posted
    await new Promise((r) => setTimeout(r, 500));
    const embeds = killfeedEmbeds();
    expect(embeds).toHaveLength(4);
    for (let i = 0; i < 4; i++) expect(JSON.stringify(embeds[i])).toContain(`Fresh Victim ${i}`);
    // Kills that arrive together share a message.
    expect(double.channelMessages(KILLFEED).length).toBeLessThan(4);
  });

  it('shows the poll status in /server list and sent only bodies Discord accepts', async () => {
    const doc = await mongo.db.collection('game_servers').findOne({ _id: serverId as never });
    expect(doc?.status.linesRead).toBeGreaterThanOrEqual(HISTORY.length + 4);
    expect(doc?.status.lastError).toBeNull();
    const list = await (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'list' })).reply();
    const field = list.embeds[0]?.fields?.find((f) => f.name.startsWith('EU One'))?.value ?? '';
    expect(field).toContain('**Status:** 🟢 polling');
    expect(field).toMatch(/\*\*Last poll:\*\* <t:\d+:R>/);
    expect(field).toContain(`**lines read:** ${(doc!.status.linesRead as number).toLocaleString('en-US')}`);
    expect(field).toContain(`killfeed <#${KILLFEED}>`);
    expect(double.schemaViolations).toEqual([]);
  });
});
