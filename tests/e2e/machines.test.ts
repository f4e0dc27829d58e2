/**
 * Past one machine: bot processes with different SHARD_IDS (of SHARD_COUNT=2) against the Discord double
 * (2 shards) and one database, with a game server per guild on a real sshd.
 *
 * 1. `SHARD_IDS=0` and `SHARD_IDS=1`: each polls only the server of its shard's guild (leases, logs,
 *    backfills), and each kill is posted once.
 * 2. A rebalance: a third process with `SHARD_IDS=0,1` joins (it wins both gateway sessions) while both run:
 *    the servers stay with their lease holders, polled by exactly one process. The holder of shard 0 is
 *    SIGKILLed: within a lease period (plus one renewal) the newcomer takes its server and polls it.
 * 3. Rotating SECRETS_KEY across machines: a bot started with `new,old` re-seals nothing (a machine still
 *    on `old` alone reads every record); `npm run reseal`'s CLI re-seals; then `new` alone reads them.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections } from '../../src/db/collections.js';
import type { ServerLease } from '../../src/db/schemas.js';
import { keyId, SecretBox } from '../../src/security/secrets.js';
import { ServerRepo } from '../../src/servers/repo.js';
import { REPO_ROOT, startBotProcess, TEST_SECRETS_KEY, type BotProcess } from '../support/bot.js';
import { DiscordDouble } from '../support/discord-double/index.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { startSshd, type Sshd } from '../support/sshd.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';

const APP = '1700000000000000001';
const ADMIN = '1700000000000000301';
const LEASE_SECONDS = 3;
const LEASE_MS = LEASE_SECONDS * 1000;
const RENEW_MS = LEASE_MS / 3;

/** A guild id on `shard` of 2: Discord puts guild g on shard (g >> 22) % count. */
function guildOnShard(shard: number, base: bigint): string {
  let id = base;
  while (Number((id >> 22n) % 2n) !== shard) id += 1n << 22n;
  return String(id);
}
const GUILDS = [guildOnShard(0, 1700000000000000100n), guildOnShard(1, 1700000000000000100n)] as const;
const KILLFEEDS = ['1700000000000000110', '1700000000000000111'] as const;
const LIVE = 'actual1/deathlogs/world_0/2025.05.02-00.00.00.csv';

let sshd: Sshd;
let mongo: TestMongo;
let double: DiscordDouble;
const serverIds: string[] = [];
const bots: BotProcess[] = [];

/** A killfeed line happening now (Deadside writes its timestamps in UTC). */
function freshKill(tag: string): string {
  const d = new Date(Date.now() - 5_000);
  const p = (n: number) => String(n).padStart(2, '0');
  const ts = `${d.getUTCFullYear()}.${p(d.getUTCMonth() + 1)}.${p(d.getUTCDate())}-${p(d.getUTCHours())}.${p(d.getUTCMinutes())}.${p(d.getUTCSeconds())}`;
  return `${ts};Killer ${tag};${'f'.repeat(32)};Victim ${tag};${'e'.repeat(32)};AK-74;42;PC;PC;\n`;
}

const lease = (i: number) => mongo.db.collection<ServerLease>('server_leases').findOne({ _id: serverIds[i]! });
/** The pid in a lease's instance (`slot/pid/random`). */
const pidOf = (l: ServerLease | null) => (l ? Number(l.instance.split('/')[1]) : undefined);
const embedsIn = (i: number) => double.channelMessages(KILLFEEDS[i]!).flatMap((m) => m.embeds);
const leaseLogs = (bot: BotProcess) => bot.logs.filter((l) => l.msg === 'server lease taken').map((l) => String(l.serverId));

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function start(shardIds: string): Promise<BotProcess> {
  return startBotProcess({
    apiBase: double.apiBase,
    token: double.token,
    applicationId: APP,
    mongoUri: mongo.uri,
    env: { ALLOW_PRIVATE_SFTP_HOSTS: 'true', SHARD_COUNT: '2', SHARD_IDS: shardIds, LEASE_SECONDS: String(LEASE_SECONDS) },
  }).then((bot) => {
    bots.push(bot);
    return bot;
  });
}

/** `/server backfill` of guild i's server: answered by whichever process holds the guild's shard session. */
async function backfill(i: number): Promise<string> {
  const ix = await double.slash({ guildId: GUILDS[i]!, userId: ADMIN, command: 'server', subcommand: 'backfill', options: { server: serverIds[i]! } });
  const m = await ix.waitForReply((r) => /^(✅|⚠️)/.test(r.content ?? '') || JSON.stringify(r).includes('polled'), 30_000);
  return JSON.stringify(m);
}

beforeAll(async () => {
  [sshd, mongo] = await Promise.all([
    startSshd({
      tree: async (root) => {
        for (const s of ['s0', 's1']) {
          await mkdir(path.dirname(path.join(root, s, LIVE)), { recursive: true });
          await writeFile(path.join(root, s, LIVE), '');
        }
      },
    }),
    startMongo(),
  ]);
  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: '1700000000000000002',
    token: 'machines-test-token',
    shards: 2,
    defaultTimeoutMs: 20_000,
    guilds: GUILDS.map((id, i) => ({
      id,
      name: `Deadside ${i}`,
      ownerId: ADMIN,
      channels: [{ id: KILLFEEDS[i]!, name: 'killfeed', type: 'text' as const }],
      members: [{ id: ADMIN, username: 'admin', manageGuild: true }],
    })),
  });
  // The servers as /server add stores them (that flow has its own tests).
  const cols = collections(mongo.db);
  const repo = new ServerRepo(cols.gameServers, cols.pendingServers, new SecretBox(TEST_SECRETS_KEY));
  for (const [i, guildId] of GUILDS.entries()) {
    const input = { name: `Server ${i}`, host: '127.0.0.1', port: sshd.port, username: sshd.username, password: sshd.password, root: path.join(sshd.root, `s${i}`), legacyAlgorithms: false };
    const id = (await repo.create(guildId, ADMIN, repo.seal(input), sshd.hostKeyFingerprintSha256, null))._id;
    await repo.setChannels(guildId, id, { killfeed: KILLFEEDS[i]! });
    serverIds.push(id);
  }
}, 60_000);

afterAll(async () => {
  await Promise.all(bots.map((b) => b.stop('SIGKILL')));
  await double?.stop();
  await Promise.all([mongo?.stop(), sshd?.stop()]);
});

expectEveryRequestHandled(() => double);

describe('several machines', () => {
  let p0: BotProcess;
  let p1: BotProcess;

  it('polls each guild’s server in the process holding its shard, and only there', { timeout: 90_000 }, async () => {
    [p0, p1] = await Promise.all([start('0'), start('1')]);
    const pids = [p0.proc.pid, p1.proc.pid];
    for (const i of [0, 1]) await until(async () => pidOf(await lease(i)) === pids[i], 10_000, `server ${i} leased by process ${i}`);
    expect(leaseLogs(p0)).toEqual([serverIds[0]]);
    expect(leaseLogs(p1)).toEqual([serverIds[1]]);
    expect(p0.logs.find((l) => l.msg === 'bot ready')).toMatchObject({ gameServers: 1, shard: [0] });
    expect(p1.logs.find((l) => l.msg === 'bot ready')).toMatchObject({ gameServers: 1, shard: [1] });
    // Command sync is once-per-bot work: only the holder of shard 0 does it.
    const synced = (bot: BotProcess) => bot.logs.some((l) => /^slash commands (registered|unchanged)/.test(l.msg));
    expect([synced(p0), synced(p1)]).toEqual([true, false]);

    for (const i of [0, 1]) await appendFile(path.join(sshd.root, `s${i}`, LIVE), freshKill(`one-${i}`));
    for (const i of [0, 1]) expect(await backfill(i)).toMatch(/✅/);
    for (const i of [0, 1]) await until(() => embedsIn(i).length >= 1 || undefined, 15_000, `kill posted in guild ${i}`);
    // Leases renewed a few times over: still the same holders, nothing posted twice.
    await new Promise((r) => setTimeout(r, RENEW_MS * 3));
    for (const i of [0, 1]) {
      expect(pidOf(await lease(i))).toBe(pids[i]);
      expect(embedsIn(i)).toHaveLength(1);
      expect(JSON.stringify(embedsIn(i))).toContain(`Victim one-${i}`);
    }
  });

  it('during a rebalance each server stays with one process; a SIGKILLed holder’s server is taken over within a lease period', { timeout: 120_000 }, async () => {
    // A newcomer runs both shards while both old processes still run (it wins both gateway sessions).
    const p2 = await start('0,1');
    await until(() => p2.logs.filter((l) => l.msg === 'server polled by another process').length >= 2 || undefined, 10_000, 'the newcomer seeing both servers held');
    expect(p2.logs.find((l) => l.msg === 'bot ready')).toMatchObject({ gameServers: 0, shard: [0, 1] });
    // A few renewals while all three run: the holders keep their servers; the newcomer polls neither.
    await new Promise((r) => setTimeout(r, RENEW_MS * 3));
    expect(pidOf(await lease(0))).toBe(p0.proc.pid);
    expect(pidOf(await lease(1))).toBe(p1.proc.pid);
    expect(leaseLogs(p2)).toEqual([]);
    // Commands now reach the newcomer: it does not poll a server another process holds.
    expect(await backfill(0)).toContain('not being polled by the bot yet');

    // The holder of server 0 dies without a word.
    const killedAt = Date.now();
    const { signal } = await p0.stop('SIGKILL');
    expect(signal).toBe('SIGKILL');
    const taken = await until(async () => (pidOf(await lease(0)) === p2.proc.pid ? Date.now() : undefined), LEASE_MS * 3, 'the newcomer taking server 0');
    // Expiry (at most a lease period after the last renewal) plus the newcomer's next renewal, plus slack for a busy machine.
    expect(taken - killedAt).toBeLessThan(LEASE_MS + RENEW_MS + 2_000);
    // The log line follows the database write: wait for it to arrive through the process's stdout.
    await until(() => leaseLogs(p2).length > 0 || undefined, 5_000, 'the newcomer logging the lease it took');
    expect(leaseLogs(p2)).toEqual([serverIds[0]]);
    // Server 1's holder still lives: it keeps it.
    expect(pidOf(await lease(1))).toBe(p1.proc.pid);

    await appendFile(path.join(sshd.root, 's0', LIVE), freshKill('two-0'));
    expect(await backfill(0)).toMatch(/✅/);
    await until(() => embedsIn(0).length >= 2 || undefined, 15_000, 'the second kill posted');
    await new Promise((r) => setTimeout(r, RENEW_MS * 2));
    expect(embedsIn(0)).toHaveLength(2);
    expect(embedsIn(1)).toHaveLength(1);
    expect(double.schemaViolations).toEqual([]);
    await Promise.all([p1.stop(), p2.stop()]);
  });
});

describe('rotating SECRETS_KEY across machines', () => {
  const OLD = TEST_SECRETS_KEY;
  const NEW = Buffer.alloc(32, 99).toString('base64');
  const GUILD = '1700000000000000500';
  let db: TestMongo;
  let single: DiscordDouble;
  let id = '';

  beforeAll(async () => {
    db = await startMongo();
    single = await DiscordDouble.start({
      applicationId: APP,
      botUserId: '1700000000000000002',
      token: 'rotation-test-token',
      defaultTimeoutMs: 20_000,
      guilds: [{ id: GUILD, name: 'Rotation', ownerId: ADMIN, channels: [{ id: '1700000000000000510', name: 'general', type: 'text' }], members: [{ id: ADMIN, username: 'admin', manageGuild: true }] }],
    });
    const cols = collections(db.db);
    const repo = new ServerRepo(cols.gameServers, cols.pendingServers, new SecretBox(OLD));
    const input = { name: 'Sealed', host: '127.0.0.1', port: sshd.port, username: sshd.username, password: sshd.password, root: path.join(sshd.root, 's0'), legacyAlgorithms: false };
    id = (await repo.create(GUILD, ADMIN, repo.seal(input), sshd.hostKeyFingerprintSha256, null))._id;
  }, 30_000);

  afterAll(async () => {
    await single?.stop();
    await db?.stop();
  });

  expectEveryRequestHandled(() => single);

  const kid = async () => (await db.db.collection('game_servers').findOne({ _id: id as never }))?.password.kid as string;
  const run = (keys: string) =>
    startBotProcess({ apiBase: single.apiBase, token: single.token, applicationId: APP, mongoUri: db.uri, env: { ALLOW_PRIVATE_SFTP_HOSTS: 'true', SECRETS_KEY: keys } });
  /** Reads the stored password: polled, not marked unreadable. */
  async function readsIt(keys: string): Promise<BotProcess> {
    const bot = await run(keys);
    expect(bot.logs.find((l) => l.msg === 'bot ready')).toMatchObject({ gameServers: 1 });
    expect(bot.logs.filter((l) => /cannot be opened/.test(l.msg))).toEqual([]);
    expect((await db.db.collection('game_servers').findOne({ _id: id as never }))?.status.credentialsUnreadable ?? null).toBeNull();
    return bot;
  }

  it('re-seals only when told (the reseal CLI), so machines still on the old key keep working', { timeout: 90_000 }, async () => {
    // A machine restarted with `new,old`: nothing is re-sealed, it says what to run instead.
    const rotated = await readsIt(`${NEW},${OLD}`);
    expect(rotated.logs.find((l) => /sealed with an older SECRETS_KEY/.test(l.msg))).toMatchObject({ records: 1 });
    expect(rotated.output()).toContain('npm run reseal');
    await rotated.stop();
    expect(await kid()).toBe(keyId(Buffer.from(OLD, 'base64')));
    // A machine not restarted yet (old key only) still reads it.
    await (await readsIt(OLD)).stop();

    // Every machine has `new,old`: the operator runs the command.
    const tsx = pathToFileURL(createRequire(path.join(REPO_ROOT, 'package.json')).resolve('tsx')).href;
    const cli = spawn(process.execPath, ['--import', tsx, path.join(REPO_ROOT, 'src', 'cli', 'reseal.ts')], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', DISCORD_TOKEN: single.token, DISCORD_APPLICATION_ID: APP, MONGODB_URI: db.uri, SECRETS_KEY: `${NEW},${OLD}`, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    cli.stdout.on('data', (c: Buffer) => (out += c.toString()));
    cli.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((r) => cli.once('exit', r));
    expect(out).toContain('Re-sealed 1 stored credential with the current SECRETS_KEY');
    expect(code).toBe(0);
    expect(await kid()).toBe(keyId(Buffer.from(NEW, 'base64')));

    // Then the old key can go: the new one alone reads it, and nothing is left to re-seal.
    const renewed = await readsIt(NEW);
    expect(renewed.logs.some((l) => /sealed with an older SECRETS_KEY/.test(l.msg))).toBe(false);
    await renewed.stop();
  });
});
