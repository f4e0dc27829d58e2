/**
 * /server end to end: the real bot process against the Discord double, a MongoDB-wire server and a
 * real OpenSSH sshd on loopback. Admins drive it with slash commands, modals, buttons and selects.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordDouble, type DoubleMessage, type InteractionHandle } from '../support/discord-double/index.js';
import { startBotProcess, type BotProcess } from '../support/bot.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { startRecordingSsh } from '../support/recordingSsh.js';
import { addAndTrust as addAndTrustForm, customIds, idStartingWith, sshdFields, submitAdd as submitAddForm } from '../support/serverFlow.js';
import { freePort, KILLFEED_FIXTURES, startSshd, writeDeadsideTree, type Sshd } from '../support/sshd.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';

const APP = '1300000000000000001';
const BOT_USER = '1300000000000000002';
const GUILD = '1300000000000000100';
const GUILD_B = '1300000000000000200';
const GENERAL = '1300000000000000110';
const EVENTS = '1300000000000000111';
const KILLFEED = '1300000000000000112';
const VOICE = '1300000000000000113';
const GENERAL_B = '1300000000000000210';
const ADMIN = '1300000000000000301';
const ADMIN2 = '1300000000000000302';
const MEMBER = '1300000000000000303';
const ADMIN_B = '1300000000000000304';

const EPHEMERAL = 1 << 6;
const CSV = '2025.05.01-00.00.00.csv';
const CSV_REMOTE = `79.127.236.1_7020/actual1/deathlogs/world_0/${CSV}`;

let sshd: Sshd;
let mongo: TestMongo;
let double: DiscordDouble;
let bot: BotProcess;
let serverId = '';

const text = (m: DoubleMessage) => [m.content, ...m.embeds.flatMap((e) => [e.title, e.description, e.footer?.text, ...(e.fields ?? []).flatMap((f) => [f.name, f.value])])].filter(Boolean).join('\n');
const isEphemeral = (m: DoubleMessage) => ((m.flags ?? 0) & EPHEMERAL) !== 0;
const servers = () => mongo.db.collection('game_servers');

function startBot(env: Record<string, string | undefined>): Promise<BotProcess> {
  return startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: APP, mongoUri: mongo.uri, env });
}

const submitAdd = (userId: string, fields: Record<string, string>, guildId = GUILD): Promise<InteractionHandle> => submitAddForm(double, guildId, userId, fields);
const goodFields = (name: string, over: Record<string, string> = {}) => sshdFields(sshd, name, over);
const addAndTrust = (userId: string, name: string, guildId = GUILD): Promise<DoubleMessage> => addAndTrustForm(double, guildId, userId, sshdFields(sshd, name));

async function slashReply(userId: string, subcommand: string, options: Record<string, string | number | boolean> = {}, guildId = GUILD): Promise<DoubleMessage> {
  const ix = await double.slash({ guildId, userId, command: 'server', subcommand, options });
  return ix.reply(15_000);
}

beforeAll(async () => {
  [sshd, mongo] = await Promise.all([
    startSshd({
      tree: async (root) => {
        await writeDeadsideTree(root);
        await writeFile(path.join(root, 'big.bin'), Buffer.alloc(9 * 1024 * 1024, 7));
        await mkdir(path.join(root, 'many'));
        for (let i = 0; i < 40; i++) await writeFile(path.join(root, 'many', `file-${String(i).padStart(2, '0')}.txt`), `file ${i}\n`);
      },
    }),
    startMongo(),
  ]);
  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: BOT_USER,
    token: 'server-test-token',
    defaultTimeoutMs: 15_000,
    guilds: [
      {
        id: GUILD,
        name: 'Deadside EU',
        ownerId: ADMIN,
        channels: [
          { id: GENERAL, name: 'general', type: 'text' },
          { id: EVENTS, name: 'events', type: 'text' },
          { id: KILLFEED, name: 'killfeed', type: 'text' },
          { id: VOICE, name: 'players', type: 'voice' },
        ],
        members: [
          { id: ADMIN, username: 'admin', manageGuild: true },
          { id: ADMIN2, username: 'admin2', manageGuild: true },
          { id: MEMBER, username: 'member' },
        ],
      },
      {
        id: GUILD_B,
        name: 'Other community',
        ownerId: ADMIN_B,
        channels: [{ id: GENERAL_B, name: 'general', type: 'text' }],
        members: [{ id: ADMIN_B, username: 'adminb', manageGuild: true }],
      },
    ],
  });
  bot = await startBot({ ALLOW_PRIVATE_SFTP_HOSTS: 'true' });
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await double?.stop();
  await Promise.all([mongo?.stop(), sshd?.stop()]);
});

expectEveryRequestHandled(() => double);

describe('/server with a real sshd', () => {
  it('is an admin command: Manage Server by default and re-checked at run time', async () => {
    const def = double.commands().find((c) => c.name === 'server');
    expect(def?.default_member_permissions).toBe(String(1 << 5));
    const denied = await slashReply(MEMBER, 'list');
    expect(isEphemeral(denied)).toBe(true);
    expect(denied.content).toMatch(/Manage Server/);
  });

  it('bad input and unreachable hosts each get a clear ephemeral message', async () => {
    const closed = await freePort();
    const cases: Array<[Record<string, string>, RegExp]> = [
      [goodFields('x', { address: `127.0.0.1:${closed}` }), new RegExp(`127\\.0\\.0\\.1:${closed}`)],
      [goodFields('x', { address: 'no-such-host.invalid' }), /could not resolve host "no-such-host\.invalid"/],
      [goodFields('x', { address: '127.0.0.1:70000' }), /port must be a whole number from 1 to 65535/],
    ];
    for (const [fields, expected] of cases) {
      const reply = await (await submitAdd(ADMIN2, fields)).reply(15_000);
      expect(text(reply)).toMatch(expected);
      expect(isEphemeral(reply)).toBe(true);
      expect(reply.components ?? []).toHaveLength(0);
    }
    // A wrong password: the key-only check sends none; the login after Trust fails and saves nothing.
    const failedPasswords = () => (sshd.logs().match(/Failed password/g) ?? []).length;
    const prompt = await (await submitAdd(ADMIN2, goodFields('x', { password: 'wrong-password' }))).reply(15_000);
    expect(text(prompt)).toContain(sshd.hostKeyFingerprintSha256);
    expect(failedPasswords()).toBe(0);
    const click = await double.clickButton({ userId: ADMIN2, message: prompt, customId: idStartingWith(prompt, 'server:trust:') });
    const closedPrompt = await click.waitForReply((m) => /authentication failed/.test(m.content ?? ''), 15_000);
    expect(closedPrompt.content).toMatch(/check the username and password.*Nothing was saved/);
    expect(closedPrompt.components ?? []).toHaveLength(0);
    expect(failedPasswords()).toBe(1);
    expect(await servers().countDocuments({})).toBe(0);
  });

  it('add: modal → fingerprint (no login yet) → Trust & save → login, files found → stored encrypted → listed', async () => {
    const accepted = sshd.acceptedCount();
    const submit = await submitAdd(ADMIN, goodFields('EU 1'));
    const prompt = await submit.reply(15_000);
    expect(isEphemeral(prompt)).toBe(true);
    const shown = text(prompt);
    expect(shown).toContain(sshd.hostKeyFingerprintSha256);
    expect(shown).toMatch(/No password has been sent yet/);
    expect(customIds(prompt).every((id) => !id.includes(sshd.password))).toBe(true);
    // Nothing is saved, and nobody logged in, before the admin trusts the key.
    expect(await servers().countDocuments({})).toBe(0);
    expect(sshd.acceptedCount()).toBe(accepted);

    const click = await double.clickButton({ userId: ADMIN, message: prompt, customId: idStartingWith(prompt, 'server:trust:') });
    const saved = await click.waitForReply((m) => /saved/.test(m.content ?? ''), 15_000);
    expect(saved.components ?? []).toHaveLength(0);
    expect(saved.content).toContain('/79.127.236.1_7020/actual1/deathlogs/world_0');
    expect(saved.content).toMatch(/2 CSV files/);
    expect(saved.content).toContain('/79.127.236.1_7020/Logs/Deadside.log');
    expect(sshd.acceptedCount()).toBe(accepted + 1);

    const raw = await servers().findOne({ guildId: GUILD });
    expect(raw).not.toBeNull();
    serverId = String(raw!._id);
    expect(raw).toMatchObject({
      name: 'EU 1',
      host: '127.0.0.1',
      port: sshd.port,
      username: sshd.username,
      root: sshd.root,
      hostKeyFingerprint: sshd.hostKeyFingerprintSha256,
      password: { v: 1, kid: expect.any(String), iv: expect.any(String), tag: expect.any(String), ct: expect.any(String) },
      settings: { pollSeconds: 0, paused: false },
      status: { hostKeyMismatch: null, linesRead: 0 },
    });
    expect(JSON.stringify(raw)).not.toContain(sshd.password);
    expect(await mongo.db.collection('pending_server_adds').countDocuments({})).toBe(0);
    // The password never reached Discord or the logs.
    expect(double.requests.some((r) => JSON.stringify(r.body ?? '').includes(sshd.password))).toBe(false);
    expect(bot.output()).not.toContain(sshd.password);

    const list = await slashReply(ADMIN, 'list');
    expect(isEphemeral(list)).toBe(true);
    expect(text(list)).toMatch(/EU 1 \(id .+\)/);
    expect(text(list)).toContain(`127.0.0.1:${sshd.port}`);
    expect(text(list)).toMatch(/waiting for the first poll/);
    expect(text(list)).toMatch(/1 of 1 server \(Free tier\)/);
    expect(double.schemaViolations).toEqual([]);
  });

  it('legacy-only hosts: a hint without legacy_algorithms, a working prompt with it', async () => {
    const legacy = await startSshd({ legacyOnly: true, tree: async (root) => void (await writeDeadsideTree(root, { savedVariant: true })) });
    try {
      const fields = { ...goodFields('Old host'), address: `127.0.0.1:${legacy.port}`, root: legacy.root };
      const refused = await (await submitAdd(ADMIN_B, fields, GUILD_B)).reply(15_000);
      expect(text(refused)).toMatch(/only offer legacy algorithms \(turn on `legacy_algorithms`/);

      const ix = await double.slash({ guildId: GUILD_B, userId: ADMIN_B, command: 'server', subcommand: 'add', options: { legacy_algorithms: true } });
      const modal = await ix.modal();
      const prompt = await (await double.submitModal({ guildId: GUILD_B, userId: ADMIN_B, customId: modal.custom_id, fields })).reply(15_000);
      expect(text(prompt)).toContain(legacy.rsaHostKeyFingerprintSha256);
      const trust = await double.clickButton({ userId: ADMIN_B, message: prompt, customId: idStartingWith(prompt, 'server:trust:') });
      expect((await trust.waitForReply((m) => /saved/.test(m.content ?? ''), 15_000)).content).toContain('/Deadside/Saved/actual1/deathlogs/world_0');
      // Removed again: the next tests need guild B without a server.
      const ask = await slashReply(ADMIN_B, 'remove', { server: 'Old host' }, GUILD_B);
      const rm = await double.clickButton({ userId: ADMIN_B, message: ask, customId: idStartingWith(ask, 'server:rm:') });
      await rm.waitForReply((m) => /removed/.test(m.content ?? ''));
    } finally {
      await legacy.stop();
    }
  });

  it('Cancel saves nothing; the free tier allows one server', async () => {
    const limited = await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'add' });
    const reply = await limited.reply();
    expect(text(reply)).toMatch(/limit of the Free tier \(1\)/);
    expect(isEphemeral(reply)).toBe(true);

    const submit = await submitAdd(ADMIN_B, goodFields('Other'), GUILD_B);
    const prompt = await submit.reply(15_000);
    const cancel = await double.clickButton({ userId: ADMIN_B, message: prompt, customId: idStartingWith(prompt, 'server:cancel:') });
    expect((await cancel.waitForReply((m) => /Cancelled/.test(m.content ?? ''))).components ?? []).toHaveLength(0);
    expect(await servers().countDocuments({ guildId: GUILD_B })).toBe(0);
    expect(await mongo.db.collection('pending_server_adds').countDocuments({})).toBe(0);
  });

  it('autocomplete and server: resolve only this guild’s servers', async () => {
    await addAndTrust(ADMIN_B, 'B side', GUILD_B);
    const a = await double.autocomplete({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'test', options: { server: '' }, focused: 'server' });
    expect(a.map((c) => c.value)).toEqual([serverId]);
    expect(a[0]?.name).toMatch(/^EU 1 — 127\.0\.0\.1:/);
    const b = await double.autocomplete({ guildId: GUILD_B, userId: ADMIN_B, command: 'server', subcommand: 'browse', options: { server: 'b' }, focused: 'server' });
    expect(b.map((c) => c.name)).toEqual([expect.stringMatching(/^B side/)]);
    // Guild B's admin cannot reach guild A's server by id.
    const cross = await slashReply(ADMIN_B, 'browse', { server: serverId }, GUILD_B);
    expect(text(cross)).toMatch(/no server .* in this Discord server/);
  });

  it('autocomplete keeps the command’s access rule and a rate limit: names and addresses stay with admins', async () => {
    const typing = (userId: string) => double.autocomplete({ guildId: GUILD, userId, command: 'server', subcommand: 'test', options: { server: '' }, focused: 'server' });
    expect(await typing(MEMBER)).toEqual([]);
    // An admin typing fast: suggestions until the limit (20 per 10 s), then none rather than a flood of queries.
    const answers = [];
    for (let i = 0; i < 22; i++) answers.push((await typing(ADMIN2)).length);
    expect(answers.slice(0, 20).every((n) => n === 1)).toBe(true);
    expect(answers.slice(20)).toEqual([0, 0]);
  });

  it('channels: text feeds and a voice player count', async () => {
    const reply = await slashReply(ADMIN, 'channels', { server: 'eu 1', events: EVENTS, killfeed: KILLFEED, playercount: VOICE });
    expect(reply.content).toMatch(/Channels of \*\*EU 1\*\* saved/);
    expect(await servers().findOne({ _id: serverId as never })).toMatchObject({
      channels: { events: EVENTS, killfeed: KILLFEED, playercount: VOICE, connections: null },
    });
    // Discord itself only offers voice channels for playercount.
    await expect(double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'channels', options: { server: serverId, playercount: GENERAL } })).rejects.toThrow(
      /channel type 0 not allowed/,
    );
  });

  it('settings: the tier sets the fastest poll', async () => {
    expect(text(await slashReply(ADMIN, 'settings', { server: serverId, poll_seconds: 10 }))).toMatch(/every 30 seconds at most often/);
    const ok = await slashReply(ADMIN, 'settings', { server: serverId, poll_seconds: 120, show_suicides: false, killfeed_delay_seconds: 5 });
    expect(ok.content).toMatch(/Poll every:\*\* 120 s/);
    expect(await servers().findOne({ _id: serverId as never })).toMatchObject({ settings: { pollSeconds: 120, showSuicides: false, killfeedDelaySeconds: 5, paused: false } });
    expect(ok.content).toContain('**kill posts:** rich · **long shot from:** 250 m');
    const kills = await slashReply(ADMIN, 'settings', { server: serverId, style: 'compact', longshot_metres: 400 });
    expect(kills.content).toContain('**kill posts:** compact · **long shot from:** 400 m');
    expect(await servers().findOne({ _id: serverId as never })).toMatchObject({ settings: { pollSeconds: 120, killfeedStyle: 'compact', longshotMetres: 400 } });
    await expect(double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'settings', options: { server: serverId, longshot_metres: 10 } })).rejects.toThrow();
    await slashReply(ADMIN, 'settings', { server: serverId, style: 'rich', longshot_metres: 250 });
  });

  it('browse: folders open from the menu, pages turn with buttons', async () => {
    const root = await slashReply(ADMIN, 'browse', { server: serverId });
    expect(root.embeds[0]?.footer?.text).toBe('/');
    expect(text(root)).toContain('📁 **79.127.236.1\\_7020/**'); // markdown-escaped
    const open = await double.selectMenu({ userId: ADMIN, message: root, customId: idStartingWith(root, 'server:bopen:'), values: ['many'] });
    const page1 = await open.waitForReply((m) => m.embeds[0]?.footer?.text === '/many');
    expect(page1.embeds[0]?.title).toMatch(/page 1\/3 \(40 items\)/);
    expect(page1.embeds[0]?.description).toContain('file-00.txt');
    expect(page1.embeds[0]?.description).not.toContain('file-15.txt');
    const nextId = customIds(page1).find((id) => id.startsWith('server:bpage:') && id.split(':')[3] === '1')!;
    const next = await double.clickButton({ userId: ADMIN, message: page1, customId: nextId });
    const page2 = await next.waitForReply((m) => /page 2\/3/.test(m.embeds[0]?.title ?? ''));
    expect(page2.embeds[0]?.description).toContain('file-15.txt');
    expect(page2.embeds[0]?.description).not.toContain('file-00.txt');
    const up = await double.clickButton({ userId: ADMIN, message: page2, customId: idStartingWith(page2, 'server:bup:') });
    await up.waitForReply((m) => m.embeds[0]?.footer?.text === '/');
    expect(customIds(page2).every((id) => id.length <= 100)).toBe(true);

    const escape = await slashReply(ADMIN, 'browse', { server: serverId, path: '../..' });
    expect(text(escape)).toMatch(/outside this server's root folder/);
    // Another admin: /server browse allows 5 uses per 10 s per member.
    expect(text(await slashReply(ADMIN2, 'browse', { server: serverId, path: 'big.bin' }))).toMatch(/`\/big\.bin` is a file, not a folder/);
    expect(text(await slashReply(ADMIN2, 'browse', { server: serverId, path: 'missing' }))).toMatch(/`\/missing` does not exist/);
  });

  it('download: bytes identical; `..` and oversize refused', async () => {
    const reply = await slashReply(ADMIN, 'download', { server: serverId, path: CSV_REMOTE });
    expect(reply.attachments[0]?.filename).toBe(CSV);
    expect(reply.files[0]?.data.equals(await readFile(path.join(KILLFEED_FIXTURES, CSV)))).toBe(true);
    expect(isEphemeral(reply)).toBe(true);

    const escape = await slashReply(ADMIN, 'download', { server: serverId, path: '../../../etc/passwd' });
    expect(text(escape)).toMatch(/outside this server's root folder/);
    expect(escape.attachments).toHaveLength(0);
    const big = await slashReply(ADMIN, 'download', { server: serverId, path: 'big.bin' });
    expect(text(big)).toMatch(/is 9 MB, above the download limit of 8 MB/);
    expect(big.attachments).toHaveLength(0);
  });

  it('edit: prefilled without the password; blank keeps it', async () => {
    const before = await servers().findOne({ _id: serverId as never });
    const ix = await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'edit', options: { server: serverId } });
    const modal = await ix.modal();
    expect(JSON.stringify(modal)).not.toContain(sshd.password);
    expect(JSON.stringify(modal)).toContain('EU 1');
    const submit = await double.submitModal({ guildId: GUILD, userId: ADMIN, customId: modal.custom_id, fields: { name: 'EU one', password: '' } });
    expect((await submit.reply(15_000)).content).toMatch(/EU one\*\* updated .*password kept/);
    const after = await servers().findOne({ _id: serverId as never });
    expect(after).toMatchObject({ name: 'EU one', password: before!.password, hostKeyFingerprint: sshd.hostKeyFingerprintSha256 });
  });

  it('edit to another host: the stored password never leaves the bot; a typed one only after Trust', async () => {
    const other = await startRecordingSsh();
    try {
      const edit = async (password: string) => {
        const modal = await (await double.slash({ guildId: GUILD, userId: ADMIN2, command: 'server', subcommand: 'edit', options: { server: serverId } })).modal();
        return (await double.submitModal({ guildId: GUILD, userId: ADMIN2, customId: modal.custom_id, fields: { address: `127.0.0.1:${other.port}`, password } })).reply(15_000);
      };
      expect(text(await edit(''))).toMatch(/another host key .* type the password again/);
      const prompt = await edit('typed-for-the-new-host');
      expect(text(prompt)).toContain(other.fingerprint);
      expect(other.authAttempts).toBe(0);
      const trust = await double.clickButton({ userId: ADMIN2, message: prompt, customId: idStartingWith(prompt, 'server:trust:') });
      expect((await trust.waitForReply((m) => /Nothing was saved/.test(m.content ?? ''), 15_000)).content).toMatch(/authentication failed/);
      expect(other.passwords.map((p) => p.password)).toEqual(['typed-for-the-new-host']);
      expect(await servers().findOne({ _id: serverId as never })).toMatchObject({ port: sshd.port, hostKeyFingerprint: sshd.hostKeyFingerprintSha256 });
    } finally {
      await other.stop();
    }
  });

  it('a changed host key is refused, blocks the server, alerts admins once; /server test re-trusts', async () => {
    const oldKey = sshd.hostKeyFingerprintSha256;
    await sshd.rotateHostKey();
    const newKey = sshd.hostKeyFingerprintSha256;
    expect(newKey).not.toBe(oldKey);

    const refused = await slashReply(ADMIN, 'browse', { server: serverId });
    expect(text(refused)).toMatch(/host key of \*\*EU one\*\* changed/);
    expect(isEphemeral(refused)).toBe(true);
    const alerts = await double.waitForChannelMessages(EVENTS, (ms) => ms.length >= 1);
    expect(text(alerts[0]!)).toContain('Host key changed: EU one');
    expect(text(alerts[0]!)).toContain(newKey);
    expect(await servers().findOne({ _id: serverId as never })).toMatchObject({ hostKeyFingerprint: oldKey, status: { hostKeyMismatch: { presented: newKey } } });

    // Blocked: no connection is even tried, and no second alert.
    const accepted = sshd.acceptedCount();
    expect(text(await slashReply(ADMIN, 'download', { server: serverId, path: CSV_REMOTE }))).toMatch(/host key .* changed/);
    expect(sshd.acceptedCount()).toBe(accepted);

    const test = await slashReply(ADMIN, 'test', { server: serverId });
    expect(text(test)).toContain(oldKey);
    expect(text(test)).toContain(newKey);
    expect(double.channelMessages(EVENTS)).toHaveLength(1);
    const trust = await double.clickButton({ userId: ADMIN, message: test, customId: idStartingWith(test, 'server:retrust:') });
    expect((await trust.waitForReply((m) => /trusted/.test(m.content ?? ''))).content).toContain(newKey);
    expect(await servers().findOne({ _id: serverId as never })).toMatchObject({ hostKeyFingerprint: newKey, status: { hostKeyMismatch: null } });

    const ok = await slashReply(ADMIN, 'test', { server: serverId });
    expect(text(ok)).toMatch(/connection OK/);
    expect(text(ok)).toMatch(/matches the pinned key/);
    expect(text(await slashReply(ADMIN, 'browse', { server: serverId }))).toContain('79.127.236.1\\_7020/');
  });

  it('remove: confirm deletes the server and its credentials', async () => {
    const prompt = await slashReply(ADMIN, 'remove', { server: serverId });
    const keep = await double.clickButton({ userId: ADMIN, message: prompt, customId: idStartingWith(prompt, 'server:rmno:') });
    await keep.waitForReply((m) => /Kept/.test(m.content ?? ''));
    expect(await servers().countDocuments({ guildId: GUILD })).toBe(1);

    const again = await slashReply(ADMIN, 'remove', { server: serverId });
    const rm = await double.clickButton({ userId: ADMIN, message: again, customId: idStartingWith(again, 'server:rm:') });
    await rm.waitForReply((m) => /removed/.test(m.content ?? ''));
    expect(await servers().countDocuments({ guildId: GUILD })).toBe(0);
    expect(await servers().countDocuments({ guildId: GUILD_B })).toBe(1);
    expect(text(await slashReply(ADMIN, 'list'))).toMatch(/No game server yet/);
    expect(double.schemaViolations).toEqual([]);
  });

  it('no password anywhere: logs, Discord traffic, telemetry, database', async () => {
    const everything = [
      bot.output(),
      JSON.stringify(double.requests.map((r) => r.body ?? null)),
      JSON.stringify(await mongo.db.collection('errors').find({}).toArray()),
      JSON.stringify(await servers().find({}).toArray()),
    ].join('\n');
    for (const secret of [sshd.password, 'wrong-password']) expect(everything).not.toContain(secret);
  });

  it('private and loopback hosts are refused unless ALLOW_PRIVATE_SFTP_HOSTS=true', async () => {
    await bot.stop();
    bot = await startBot({ ALLOW_PRIVATE_SFTP_HOSTS: undefined });
    const before = sshd.acceptedCount();
    for (const [address, kind] of [
      [`127.0.0.1:${sshd.port}`, 'loopback'],
      ['10.20.30.40', 'private'],
    ] as const) {
      const reply = await (await submitAdd(ADMIN, goodFields('Private', { address }))).reply(15_000);
      expect(text(reply)).toMatch(new RegExp(`a ${kind} address: only public addresses are allowed`));
      expect(isEphemeral(reply)).toBe(true);
    }
    expect(sshd.acceptedCount()).toBe(before);
    expect(double.schemaViolations).toEqual([]);
  });
});
