/**
 * The old bot's documents through the real bot process (migrations at start), the Discord double and a
 * real OpenSSH sshd: its SFTP integration becomes a game server awaiting trust, which is listed as such,
 * not polled and never sent a password; the admins are told once (also across a restart); `/server test`
 * → Trust key pins the key, logs in with the migrated (sealed) password, and the server is polled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTION_NAMES } from '../../src/db/collections.js';
import { LEGACY_COLLECTIONS, MIGRATION_REJECTS } from '../../src/db/legacy.js';
import { SecretBox } from '../../src/security/secrets.js';
import { DiscordDouble, type DoubleMessage } from '../support/discord-double/index.js';
import { startBotProcess, TEST_SECRETS_KEY, type BotProcess } from '../support/bot.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { idStartingWith } from '../support/serverFlow.js';
import { startSshd, writeDeadsideTree, type Sshd } from '../support/sshd.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';

const APP = '1310000000000000001';
const BOT_USER = '1310000000000000002';
const GUILD = '1310000000000000100';
const GENERAL = '1310000000000000110';
const ADMIN = '1310000000000000301';

let sshd: Sshd;
let mongo: TestMongo;
let double: DiscordDouble;
let bot: BotProcess;

const text = (m: DoubleMessage) => [m.content, ...m.embeds.flatMap((e) => [e.title, e.description, ...(e.fields ?? []).flatMap((f) => [f.name, f.value])])].filter(Boolean).join('\n');
const servers = () => mongo.db.collection('game_servers');
const notices = () => double.channelMessages(GENERAL).filter((m) => /Game server from the old bot/.test(m.embeds[0]?.title ?? ''));

function startBot(): Promise<BotProcess> {
  return startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: APP, mongoUri: mongo.uri, env: { ALLOW_PRIVATE_SFTP_HOSTS: 'true' } });
}

async function slashReply(subcommand: string, options: Record<string, string> = {}): Promise<DoubleMessage> {
  return (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand, options })).reply(15_000);
}

async function everyDocument(): Promise<string> {
  const names = [...new Set([...Object.values(COLLECTION_NAMES), ...LEGACY_COLLECTIONS, MIGRATION_REJECTS])];
  let all = '';
  for (const name of names) all += JSON.stringify(await mongo.db.collection(name).find({}).toArray());
  return all;
}

beforeAll(async () => {
  [sshd, mongo] = await Promise.all([startSshd({ tree: (root) => writeDeadsideTree(root).then(() => undefined) }), startMongo()]);
  // The old bot's documents, exactly as its users have them.
  await mongo.db.collection('guilds').insertOne({
    _id: `guild:${GUILD}`,
    guild_id: GUILD,
    name: 'Old Guild',
    settings: { prefix: '!', language: 'en', timezone: 'Europe/Berlin', premium: false },
    integrations: { sftp: { enabled: true, host: '127.0.0.1', port: sshd.port, username: sshd.username, password: sshd.password, base_path: sshd.root } },
  } as never);
  await mongo.db.collection('errors').insertOne({
    _id: 'error:abcdef1234567890',
    id: 'abcdef1234567890',
    timestamp: '2025-05-01T12:00:00Z',
    category: 'sftp',
    error_type: 'ConnectionError',
    error_message: 'Connection refused',
    fingerprint: 'sftp:connection:1',
    context: { guild_id: GUILD, user_id: ADMIN },
  } as never);
  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: BOT_USER,
    token: 'legacy-test-token',
    defaultTimeoutMs: 15_000,
    guilds: [{ id: GUILD, name: 'Old Guild', ownerId: ADMIN, channels: [{ id: GENERAL, name: 'general', type: 'text' }], members: [{ id: ADMIN, username: 'admin', manageGuild: true }] }],
  });
  bot = await startBot();
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await double?.stop();
  await Promise.all([mongo?.stop(), sshd?.stop()]);
});

expectEveryRequestHandled(() => double);

describe('the old bot’s SFTP integration, migrated at start', () => {
  it('becomes a server awaiting trust: listed so, not polled, no password sent, the plaintext gone everywhere', async () => {
    const raw = await servers().findOne({ guildId: GUILD });
    expect(raw).toMatchObject({ host: '127.0.0.1', port: sshd.port, username: sshd.username, root: sshd.root, hostKeyFingerprint: null, status: { migrated: { noticeSent: true } } });
    expect(new SecretBox(TEST_SECRETS_KEY).open(raw!.password)).toBe(sshd.password);
    expect(await everyDocument()).not.toContain(sshd.password);
    expect(await mongo.db.collection('guild_configs').findOne({ _id: GUILD as never })).toMatchObject({ timezone: 'Europe/Berlin' });
    expect(await mongo.db.collection('legacy_errors').countDocuments({})).toBe(1);

    const list = await slashReply('list');
    expect(text(list)).toMatch(/host key not trusted yet \(run `\/server test`\)/);
    const backfill = await slashReply('backfill', { server: String(raw!._id) });
    expect(text(backfill)).toMatch(/is not being polled by the bot yet/);
    expect(sshd.acceptedCount()).toBe(0);
    expect(bot.output()).not.toContain(sshd.password);
  });

  it('the admins are told once, also after a restart', async () => {
    const [notice] = await double.waitForChannelMessages(GENERAL, (ms) => ms.length >= 1);
    expect(notices()).toHaveLength(1);
    expect(text(notice!)).toMatch(/Run `\/server test`.*\*\*Trust key\*\*/s);
    expect(text(notice!)).toContain(`127.0.0.1:${sshd.port}`);
    await bot.stop();
    bot = await startBot();
    await new Promise((r) => setTimeout(r, 300));
    expect(notices()).toHaveLength(1);
  });

  it('/server test shows the key (key-only check); Trust key pins it, logs in with the migrated password, and it is polled', { timeout: 150_000 }, async () => {
    const raw = await servers().findOne({ guildId: GUILD });
    const test = await slashReply('test', { server: String(raw!._id) });
    expect(text(test)).toContain(sshd.hostKeyFingerprintSha256);
    expect(text(test)).toMatch(/no host key trusted yet/);
    expect(sshd.acceptedCount()).toBe(0);

    const trust = await double.clickButton({ userId: ADMIN, guildId: GUILD, message: test, customId: idStartingWith(test, 'server:retrust:') });
    const done = await trust.waitForReply((m) => /trusted/.test(m.content ?? ''), 15_000);
    expect(done.content).toMatch(/the login works/);
    expect(sshd.acceptedCount()).toBeGreaterThanOrEqual(1);
    expect(await servers().findOne({ _id: raw!._id })).toMatchObject({ hostKeyFingerprint: sshd.hostKeyFingerprintSha256 });

    // Polled: a backfill (an ordinary poll of the engine) reads the server's files with the stored password.
    const ix = await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'backfill', options: { server: String(raw!._id) } });
    // The real server files where ../shared exists (2,050 lines, with the playtime of every session): on jongodb
    // a backfill of them takes 25–35 s on a 2-core box, so the wait is generous; what is checked is the outcome.
    expect((await ix.waitForReply((m) => /done/.test(m.content ?? ''), 90_000)).content).toMatch(/Backfill of .+ done/);
    const after = await servers().findOne({ _id: raw!._id });
    expect(after?.status.lastPollAt).toBeInstanceOf(Date);
    expect(after?.status.linesRead).toBeGreaterThan(0);
    expect(text(await slashReply('list'))).not.toMatch(/not trusted/);
    expect(await everyDocument()).not.toContain(sshd.password);
    expect(double.schemaViolations).toEqual([]);
  });
});
