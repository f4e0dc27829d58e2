/**
 * Credits through the real bot process (the `npm start` entry) against the Discord double, jongodb and
 * OpenSSH's sshd:
 * - kills: the bot is SIGKILLed at random moments while it backfills a game server's killfeed (paying the
 *   linked members' kills as it applies each batch), then run to completion: each linked member's balance
 *   is exactly CREDITS.kill × their player's kills made since the link;
 * - pixels: /canvas place pays CREDITS.pixel per placement; a placement whose credit a crash interrupted
 *   (its log entry never marked) is credited at the next start, once, and not again at the one after.
 */
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections, type Collections } from '../../src/db/collections.js';
import { CREDITS } from '../../src/economy/amounts.js';
import { SecretBox } from '../../src/security/secrets.js';
import { ServerRepo } from '../../src/servers/repo.js';
import { recentKillfeed, rng, writeKillfeedFiles, type ExpectedRow } from '../deadside/generate.js';
import { DiscordDouble } from '../support/discord-double/index.js';
import { startBotProcess, TEST_SECRETS_KEY, type BotProcess } from '../support/bot.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { startSshd, type Sshd } from '../support/sshd.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';

const APP = '1610000000000000001';
const GUILD = '1610000000000000100';
const ADMIN = '1610000000000000301';
/** Linked to the busiest killer from the middle of their kills on. */
const HUNTER = '1610000000000000302';
/** Linked to another killer after every kill in the files: history from before a link pays nothing. */
const LATECOMER = '1610000000000000303';
const PAINTER = '1610000000000000304';
const SLEEPER = '1610000000000000305';
const KILLS = 6;
const HISTORY_ROWS = 400;
const LIVE_FILE = 'srv/actual1/deathlogs/world_1/2025.05.02-00.00.00.csv';

let sshd: Sshd;
let mongo: TestMongo;
let double: DiscordDouble;
let cols: Collections;
let rows: ExpectedRow[];
let live: Buffer;
let serverId: string;
let hunterPaid: number;

beforeAll(async () => {
  // One row every 2 s of the last half hour, at whole seconds (as Deadside writes them).
  rows = recentKillfeed(800, 31, { ageMs: 30 * 60_000, spacingMs: 2000 });
  [sshd, mongo] = await Promise.all([
    startSshd({
      tree: async (root) => {
        const deathlogs = path.join(root, 'srv', 'actual1', 'deathlogs');
        const files: [string, ExpectedRow[]][] = [
          ['world_0/2025.05.01-00.00.00.csv', rows.slice(0, 250)],
          ['world_1/2025.05.01-00.00.00.csv', rows.slice(250, HISTORY_ROWS)],
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
    botUserId: '1610000000000000002',
    token: 'earnings-test-token',
    guilds: [
      {
        id: GUILD,
        name: 'Deadside EU',
        ownerId: ADMIN,
        channels: [{ id: '1610000000000000110', name: 'general', type: 'text' }],
        members: [
          { id: ADMIN, username: 'admin', manageGuild: true },
          { id: HUNTER, username: 'hunter' },
          { id: LATECOMER, username: 'latecomer' },
          { id: PAINTER, username: 'painter' },
          { id: SLEEPER, username: 'sleeper' },
        ],
      },
    ],
  });
  cols = collections(mongo.db);
  const repo = new ServerRepo(cols.gameServers, cols.pendingServers, new SecretBox(TEST_SECRETS_KEY));
  const input = { name: 'EU One', host: '127.0.0.1', port: sshd.port, username: sshd.username, password: sshd.password, root: path.join(sshd.root, 'srv'), legacyAlgorithms: false };
  serverId = (await repo.create(GUILD, ADMIN, repo.seal(input), sshd.hostKeyFingerprintSha256, null))._id;

  // The links, as /link stores them (that command has its own tests).
  const killsBy = new Map<string, ExpectedRow[]>();
  for (const r of rows) if (r.kind === 'kill') killsBy.set(r.killer!.id, [...(killsBy.get(r.killer!.id) ?? []), r]);
  const [hunter, late] = [...killsBy].sort((a, b) => b[1].length - a[1].length);
  const theirs = hunter![1];
  // From one of their kills in the history files: the later history and the live file pay, the rest not.
  const linkedAt = new Date(theirs.filter((r) => rows.indexOf(r) < HISTORY_ROWS).at(-5)!.timestampMs);
  hunterPaid = theirs.filter((r) => r.timestampMs >= linkedAt.getTime()).length;
  expect(hunterPaid).toBeGreaterThan(5);
  expect(hunterPaid).toBeLessThan(theirs.length);
  await cols.playerLinks.insertMany([
    { _id: `${GUILD}:${HUNTER}`, guildId: GUILD, userId: HUNTER, playerId: hunter![0], playerName: theirs[0]!.killer!.name, playerNameLower: theirs[0]!.killer!.name.toLowerCase(), linkedAt },
    { _id: `${GUILD}:${LATECOMER}`, guildId: GUILD, userId: LATECOMER, playerId: late![0], playerName: 'late', playerNameLower: 'late', linkedAt: new Date(Date.now() + 60_000) },
  ]);
}, 60_000);

afterAll(async () => {
  await double?.stop();
  await Promise.all([mongo?.stop(), sshd?.stop()]);
});

expectEveryRequestHandled(() => double);

const startBot = () =>
  startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: APP, mongoUri: mongo.uri, env: { ALLOW_PRIVATE_SFTP_HOSTS: 'true' } });
const balance = async (userId: string) => (await cols.creditBalances.findOne({ _id: `${GUILD}:${userId}` }))?.credits ?? 0;

describe('credits through the real bot', () => {
  it(`pays each linked kill once though the bot is SIGKILLed ${KILLS}× mid-ingestion`, { timeout: 180_000 }, async () => {
    const r = rng(17);
    const seen: number[] = [];
    let written = 0;
    for (let i = 0; i < KILLS; i++) {
      // More of the live file, cut at an arbitrary byte (a partial last line included).
      const upTo = i === KILLS - 1 ? live.length : Math.floor(((i + 1) / KILLS) * live.length) - Math.floor(r() * 40);
      await appendFile(path.join(sshd.root, LIVE_FILE), live.subarray(written, upTo));
      written = upTo;
      const bot = await startBot();
      await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'backfill', options: { server: serverId } });
      await new Promise((res) => setTimeout(res, 20 + Math.floor(r() * 500)));
      expect((await bot.stop('SIGKILL')).signal).toBe('SIGKILL');
      seen.push(await balance(HUNTER));
    }
    const bot = await startBot();
    try {
      const done = await (
        await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'backfill', options: { server: serverId } })
      ).waitForReply((m) => /^✅/.test(m.content ?? ''), 60_000);
      expect(done.content).toContain('Files 3/3');
    } finally {
      await bot.stop();
    }
    console.log(`hunter's balance after each SIGKILL: ${seen.join(', ')}; final ${await balance(HUNTER)} = ${hunterPaid} kills × ${CREDITS.kill}`);
    // Most kills landed with credits still to pay.
    expect(seen.filter((b) => b < CREDITS.kill * hunterPaid).length).toBeGreaterThanOrEqual(KILLS / 2);
    expect(await balance(HUNTER)).toBe(CREDITS.kill * hunterPaid);
    expect(await balance(LATECOMER)).toBe(0);
    expect(await cols.creditLedger.countDocuments({ reason: 'kill' })).toBe(hunterPaid);
    expect(await cols.creditLedger.countDocuments({ state: 'pending' })).toBe(0);
    expect(double.schemaViolations).toEqual([]);
  });

  it('pays CREDITS.pixel per /canvas place, and credits a placement a crash left uncredited once, at the next start', async () => {
    let bot: BotProcess = await startBot();
    try {
      for (const x of [1, 2, 3]) {
        const reply = await (await double.slash({ guildId: GUILD, userId: PAINTER, command: 'canvas', subcommand: 'place', options: { x, y: 1, color: 'red' } })).reply();
        expect(reply.content).toContain('Placed');
        // The next pixel without waiting for the free tier's cooldown.
        await cols.canvasCooldowns.deleteMany({ guildId: GUILD });
      }
      // Paid off the reply path.
      await expect.poll(() => balance(PAINTER), { timeout: 10_000 }).toBe(3 * CREDITS.pixel);
    } finally {
      await bot.stop();
    }
    // The bot died after answering SLEEPER's placement, before crediting it: the entry is unmarked.
    const at = new Date(Date.now() - 5 * 60_000);
    await cols.canvasLog.insertMany([
      { _id: `${GUILD}:0:20_20:1`, guildId: GUILD, rev: 0, seq: 1, x: 20, y: 20, color: 0xe50000, previous: 0xffffff, userId: SLEEPER, at, credited: false },
      // An entry from before credits existed (no mark at all) is never paid.
      { _id: `${GUILD}:0:21_20:1`, guildId: GUILD, rev: 0, seq: 1, x: 21, y: 20, color: 0xe50000, previous: 0xffffff, userId: SLEEPER, at },
    ] as never[]);
    for (let run = 0; run < 2; run++) {
      bot = await startBot();
      try {
        await expect.poll(() => balance(SLEEPER), { timeout: 10_000 }).toBe(CREDITS.pixel);
        await new Promise((res) => setTimeout(res, 300)); // a second payment would land now
      } finally {
        await bot.stop();
      }
    }
    expect(await balance(SLEEPER)).toBe(CREDITS.pixel);
    expect(await balance(PAINTER)).toBe(3 * CREDITS.pixel);
    expect(await cols.creditLedger.countDocuments({ reason: 'pixel' })).toBe(4);
    expect(await cols.canvasLog.countDocuments({ guildId: GUILD, credited: false } as never)).toBe(0);
    expect(double.schemaViolations).toEqual([]);
  });
});
