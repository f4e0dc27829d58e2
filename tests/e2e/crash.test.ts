/**
 * The bot process itself (the `npm start` entry), SIGKILLed at random moments while it ingests a game
 * server's killfeed and posts it, at least 20 times, then run to completion: the stats equal totals
 * computed independently and every kill was posted exactly once. (tests/ingest/integration/crashRecovery.test.ts
 * kills the pipeline at exact points between writes; this one kills the whole bot wherever it happens to be.)
 */
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { collections } from '../../src/db/collections.js';
import { SecretBox } from '../../src/security/secrets.js';
import { ServerRepo } from '../../src/servers/repo.js';
import { recentKillfeed, rng, writeKillfeedFiles, type ExpectedRow } from '../deadside/generate.js';
import { diffStats, expectedStats } from '../ingest/helpers.js';
import { DiscordDouble } from '../support/discord-double/index.js';
import { startBotProcess, TEST_SECRETS_KEY } from '../support/bot.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { startSshd, type Sshd } from '../support/sshd.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';

const APP = '1600000000000000001';
const GUILD = '1600000000000000100';
const KILLFEED = '1600000000000000110';
const ADMIN = '1600000000000000301';
const KILLS = 20;

let sshd: Sshd;
let mongo: TestMongo;
let double: DiscordDouble;
let rows: ExpectedRow[];
let serverId: string;
/** The rows written while the bot runs, as bytes: appended in slices cut anywhere, mid-line included. */
let live: Buffer;
const LIVE_FILE = 'srv/actual1/deathlogs/world_1/2025.05.02-00.00.00.csv';
const HISTORY_ROWS = 200;

beforeAll(async () => {
  // 400 rows from the last 20 minutes: recent enough that every one is posted as live. (Discord takes
  // about 5 messages per 5 s per channel, which the double enforces: ~40 messages of 10 kills.)
  rows = recentKillfeed(400, 99, { ageMs: 20 * 60_000, spacingMs: 2_500 });
  [sshd, mongo] = await Promise.all([
    startSshd({
      tree: async (root) => {
        const deathlogs = path.join(root, 'srv', 'actual1', 'deathlogs');
        // Application order is world, then file name: the live file comes last, as its rows do.
        const files: [string, ExpectedRow[]][] = [
          ['world_0/2025.05.01-00.00.00.csv', rows.slice(0, 120)],
          ['world_1/2025.05.01-00.00.00.csv', rows.slice(120, HISTORY_ROWS)],
          ['world_1/2025.05.02-00.00.00.csv', []],
        ];
        await writeKillfeedFiles(deathlogs, files);
      },
    }),
    startMongo(),
  ]);
  live = Buffer.from(rows.slice(HISTORY_ROWS).map((r) => `${r.line}\n`).join(''));
  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: '1600000000000000002',
    token: 'crash-test-token',
    guilds: [
      {
        id: GUILD,
        name: 'Deadside EU',
        ownerId: ADMIN,
        channels: [{ id: KILLFEED, name: 'killfeed', type: 'text' }],
        members: [{ id: ADMIN, username: 'admin', manageGuild: true }],
      },
    ],
  });
  // The server as /server add stores it (that flow has its own tests).
  const cols = collections(mongo.db);
  const repo = new ServerRepo(cols.gameServers, cols.pendingServers, new SecretBox(TEST_SECRETS_KEY));
  const input = { name: 'EU One', host: '127.0.0.1', port: sshd.port, username: sshd.username, password: sshd.password, root: path.join(sshd.root, 'srv'), legacyAlgorithms: false };
  serverId = (await repo.create(GUILD, ADMIN, repo.seal(input), sshd.hostKeyFingerprintSha256, null))._id;
  await repo.setChannels(GUILD, serverId, { killfeed: KILLFEED });
}, 60_000);

afterAll(async () => {
  await double?.stop();
  await Promise.all([mongo?.stop(), sshd?.stop()]);
});

expectEveryRequestHandled(() => double);

const startBot = () =>
  startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: APP, mongoUri: mongo.uri, env: { ALLOW_PRIVATE_SFTP_HOSTS: 'true' } });
const backfill = () => double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'backfill', options: { server: serverId } });
const killfeedEmbeds = () => double.channelMessages(KILLFEED).flatMap((m) => m.embeds);

it(`survives ${KILLS} SIGKILLs of the bot process mid-ingestion: exact stats, each kill posted once`, { timeout: 240_000 }, async () => {
  const r = rng(7);
  const progress: number[] = [];
  let written = 0;
  let killedWithWorkLeft = 0;
  for (let i = 0; i < KILLS; i++) {
    // More of the live file, cut at an arbitrary byte (a partial last line, even mid-character).
    const upTo = i === KILLS - 1 ? live.length : Math.floor(((i + 1) / KILLS) * live.length) - Math.floor(r() * 40);
    await appendFile(path.join(sshd.root, LIVE_FILE), live.subarray(written, upTo));
    written = upTo;
    const complete = HISTORY_ROWS + live.subarray(0, written).toString('latin1').split('\n').length - 1;
    const bot = await startBot();
    await backfill();
    // Anywhere from the first batch to the middle of posting the outbox.
    await new Promise((res) => setTimeout(res, 20 + Math.floor(r() * 600)));
    const { signal } = await bot.stop('SIGKILL');
    expect(signal).toBe('SIGKILL');
    progress.push(killfeedEmbeds().length);
    if (killfeedEmbeds().length < complete) killedWithWorkLeft++;
  }
  // Many kills landed while lines were still to be read or posted, not after the work was done.
  expect(killedWithWorkLeft).toBeGreaterThanOrEqual(KILLS / 4);

  const bot = await startBot();
  try {
    const done = await (await backfill()).waitForReply((m) => /^✅/.test(m.content ?? ''), 60_000);
    expect(done.content).toContain('Files 3/3');
    await double.waitUntil(() => (killfeedEmbeds().length >= rows.length ? true : undefined), 60_000, 'every kill posted');
    await new Promise((res) => setTimeout(res, 500)); // a duplicate would arrive now
  } finally {
    await bot.stop();
  }
  expect(await diffStats(mongo.db, serverId, expectedStats(rows))).toEqual([]);
  const embeds = killfeedEmbeds();
  // One embed per row: as many as rows, with exactly the rows' times (to the second, as Deadside writes them).
  expect(embeds).toHaveLength(rows.length);
  expect(embeds.map((e) => e.timestamp).sort()).toEqual(rows.map((x) => new Date(Math.floor(x.timestampMs / 1000) * 1000).toISOString()).sort());
  // Resends after a kill carried the same nonce, and Discord (the double) kept one message per nonce.
  const posts = double.requestsTo('POST', /\/channels\/\d+\/messages$/);
  const nonces = new Set(posts.map((p) => (p.body as { nonce?: string }).nonce));
  expect(nonces.size).toBe(double.channelMessages(KILLFEED).length);
  expect(double.schemaViolations).toEqual([]);
  console.log(
    `bot SIGKILLed ${KILLS}× (${killedWithWorkLeft} with work left); embeds posted after each kill: ${progress.join(', ')}; ` +
      `${posts.length} POSTs for ${nonces.size} messages`,
  );
});
