/**
 * "Runs anywhere": the real bot process (the `npm start` entry) with MONGODB_URI unset starts an embedded
 * mongod on MONGODB_DATA_DIR, and `npm run migrate` uses it while the bot runs. No real mongod can be
 * downloaded here, so mongodb-memory-server-core runs the stand-in (tests/support/fake-mongod.ts) as its
 * system binary; it records every start with its arguments. That a restart keeps the data needs a real
 * mongod (the stand-in serves jongodb, in memory).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDOFF_FILE, readHandoff } from '../../src/db/embedded.js';
import { CREDENTIALS_FILE } from '../../src/db/embeddedAuth.js';
import { REPO_ROOT, TEST_SECRETS_KEY, startBotProcess, type BotProcess, type LogLine } from '../support/bot.js';
import { DiscordDouble } from '../support/discord-double/index.js';
import { argOf, fakeMongodEnv, pidAlive, readRecords } from '../support/embedded.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';

const APP = '1300000000000000001';
const BOT_USER = '1300000000000000002';
const GUILD = '1300000000000000100';
const TEXT = '1300000000000000110';
const ADMIN = '1300000000000000201';
const TSX_LOADER = pathToFileURL(createRequire(join(REPO_ROOT, 'package.json')).resolve('tsx')).href;

let double: DiscordDouble;
let root: string;
let dataDir: string;
let recordFile: string;
let bot: BotProcess | undefined;

/** The bot's environment without MONGODB_URI: the embedded mongod, run by the stand-in. */
function embeddedEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  return { MONGODB_URI: undefined, MONGODB_DATA_DIR: dataDir, ...fakeMongodEnv(recordFile), ...extra };
}

function startBot(extra: Record<string, string> = {}, waitReady = true): Promise<BotProcess> {
  // mongoUri is dropped again by env (MONGODB_URI: undefined).
  return startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: APP, mongoUri: '', env: embeddedEnv(extra), waitReady });
}

/** `npm run migrate` as a user runs it (the CLI entry through tsx), in a directory of its own. */
function runMigrate(): Promise<{ code: number | null; stdout: string; logs: LogLine[] }> {
  const cwd = mkdtempSync(join(tmpdir(), `tower-migrate-${randomBytes(3).toString('hex')}-`));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/root',
    DISCORD_TOKEN: double.token,
    DISCORD_APPLICATION_ID: APP,
    SECRETS_KEY: TEST_SECRETS_KEY,
    MONGODB_DATA_DIR: dataDir,
    ...fakeMongodEnv(recordFile),
  };
  const proc = spawn(process.execPath, ['--import', TSX_LOADER, join(REPO_ROOT, 'src', 'cli', 'migrate.ts')], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) =>
    proc.once('exit', (code) => {
      rmSync(cwd, { recursive: true, force: true });
      const logs = stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as LogLine);
      resolve({ code, stdout: stdout + stderr, logs });
    }),
  );
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tower-embedded-e2e-'));
  dataDir = join(root, 'data', 'mongo'); // does not exist yet: the bot creates it
  recordFile = join(root, 'mongod-record.jsonl');
  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: BOT_USER,
    token: 'embedded-test-token',
    guilds: [{ id: GUILD, name: 'Deadside EU', ownerId: ADMIN, channels: [{ id: TEXT, name: 'general', type: 'text' }], members: [{ id: ADMIN, username: 'admin', manageGuild: true }] }],
  });
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await double?.stop();
  rmSync(root, { recursive: true, force: true });
});

expectEveryRequestHandled(() => double);

describe('embedded MongoDB (MONGODB_URI unset)', () => {
  it('npm start runs a mongod on MONGODB_DATA_DIR, creating it, and says where the data lives', async () => {
    expect(existsSync(dataDir)).toBe(false);
    bot = await startBot();

    expect(existsSync(dataDir)).toBe(true);
    const starts = readRecords(recordFile);
    expect(starts).toHaveLength(1);
    expect(argOf(starts[0]!, '--dbpath')).toBe(dataDir);
    expect(argOf(starts[0]!, '--storageEngine')).toBe('wiredTiger');
    const ready = bot.logs.find((l) => l.msg.startsWith('embedded MongoDB ready'));
    expect(ready).toMatchObject({ dataDir });
    expect(ready!.msg).toContain(dataDir);
    expect(ready!.msg).toContain('MONGODB_URI');
    expect(readHandoff(dataDir)).toMatchObject({ pid: bot.proc.pid, role: 'bot', mongodPid: starts[0]!.pid });
    // mongod requires authentication: the URI handed to the bot (and to migrate and the shards, below)
    // carries the generated password, which no log line shows.
    expect(starts[0]!.argv).toContain('--auth');
    const { password } = JSON.parse(readFileSync(join(dataDir, CREDENTIALS_FILE), 'utf8')) as { password: string };
    expect(readHandoff(dataDir)?.uri).toContain(`:${encodeURIComponent(password)}@127.0.0.1:`);
    expect(JSON.stringify(bot.logs)).not.toContain(password);

    // The bot works on it: a setting is written and read back.
    const saved = await (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'settings', subcommand: 'set', options: { timezone: 'Europe/Berlin' } })).reply();
    expect(saved.embeds[0]?.title).toBe('Settings saved');
    const view = await (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'settings', subcommand: 'view' })).reply();
    expect(JSON.stringify(view.embeds)).toContain('Europe/Berlin');
  });

  it("npm run migrate, while the bot runs, uses the bot's mongod (no second one)", async () => {
    const run = await runMigrate();
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/Applied: none; already applied: /);
    expect(run.logs.find((l) => l.msg === "MONGODB_URI is unset: using the running bot's embedded MongoDB")).toMatchObject({ pid: expect.any(Number), dataDir });
    expect(readRecords(recordFile).map((r) => r.event)).toEqual(['start']);
    expect(pidAlive(readRecords(recordFile)[0]!.pid)).toBe(true); // and it left it running
  });

  it('SIGTERM stops the bot, then its mongod, and releases the data directory', async () => {
    const [started] = readRecords(recordFile);
    const { logs } = bot!;
    const result = await bot!.stop('SIGTERM');
    bot = undefined;
    expect(result.code).toBe(0);
    // mongod goes last, after everything that may still write to it.
    const order = ['shutting down', 'embedded MongoDB stopped', 'stopped'].map((msg) => logs.findIndex((l) => l.msg === msg));
    expect(order.every((i, n) => i >= 0 && (n === 0 || i > order[n - 1]!))).toBe(true);
    expect(readRecords(recordFile).map((r) => [r.event, r.pid])).toEqual([
      ['start', started!.pid],
      ['stop', started!.pid],
    ]);
    expect(pidAlive(started!.pid)).toBe(false);
    expect(pidAlive(started!.serverPid)).toBe(false);
    expect(existsSync(join(dataDir, HANDOFF_FILE))).toBe(false);
  });

  it('npm run migrate with no bot running starts its own mongod on the same data, then stops it', async () => {
    const run = await runMigrate();
    expect(run.code, run.stdout).toBe(0);
    const records = readRecords(recordFile);
    expect(records.map((r) => r.event)).toEqual(['start', 'stop', 'start', 'stop']);
    expect(argOf(records[2]!, '--dbpath')).toBe(dataDir);
    expect(pidAlive(records[2]!.pid)).toBe(false);
    expect(existsSync(join(dataDir, HANDOFF_FILE))).toBe(false);
  });

  it('SHARD_COUNT=2: the manager starts the one mongod and both shards use it', async () => {
    const before = readRecords(recordFile).length;
    bot = await startBot({ SHARD_COUNT: '2' }, false);
    const shardReady = (id: number) => bot!.waitForLog((l) => l.msg === 'bot ready' && Array.isArray(l.shard) && (l.shard as number[]).includes(id), 40_000);
    const [first, second] = await Promise.all([shardReady(0), shardReady(1)]);

    const records = readRecords(recordFile).slice(before);
    expect(records.map((r) => r.event)).toEqual(['start']);
    // The manager (the process the test started) owns it; the shards are other processes.
    expect(bot.logs.find((l) => l.msg.startsWith('embedded MongoDB ready'))?.pid).toBe(bot.proc.pid);
    expect(readHandoff(dataDir)).toMatchObject({ pid: bot.proc.pid, role: 'bot' });
    expect(new Set([first.pid, second.pid, bot.proc.pid]).size).toBe(3);

    const { logs } = bot;
    const managerPid = bot.proc.pid;
    const result = await bot.stop('SIGTERM');
    bot = undefined;
    expect(result.code).toBe(0);
    // Both shards finished their shutdown before the manager stopped the mongod they share.
    const mongodStopped = logs.findIndex((l) => l.msg === 'embedded MongoDB stopped');
    const shardsStopped = logs.flatMap((l, i) => (l.msg === 'stopped' && l.pid !== managerPid ? [i] : []));
    expect(shardsStopped).toHaveLength(2);
    expect(Math.max(...shardsStopped)).toBeLessThan(mongodStopped);
    expect(readRecords(recordFile).slice(before).map((r) => r.event)).toEqual(['start', 'stop']);
    expect(pidAlive(records[0]!.pid)).toBe(false);
    expect(existsSync(join(dataDir, HANDOFF_FILE))).toBe(false);
    expect(double.schemaViolations).toEqual([]);
  }, 90_000);
});
