/**
 * /audit end to end: the real bot process against the Discord double, a MongoDB-wire server and a real
 * sshd. Admins add a server (Trust & save), change its settings and the bot's settings; /audit lists what
 * they did newest first with who did it, filters by member and kind, pages with buttons, refuses a
 * member, and no stored entry holds the server's password.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordDouble, type DoubleMessage } from '../support/discord-double/index.js';
import { startBotProcess, type BotProcess } from '../support/bot.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { addAndTrust, customIds, sshdFields } from '../support/serverFlow.js';
import { startSshd, writeDeadsideTree, type Sshd } from '../support/sshd.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';

const APP = '1310000000000000001';
const BOT_USER = '1310000000000000002';
const GUILD = '1310000000000000100';
const GUILD_B = '1310000000000000200';
const GENERAL = '1310000000000000110';
const GENERAL_B = '1310000000000000210';
const ADMIN = '1310000000000000301';
const ADMIN2 = '1310000000000000302';
const MEMBER = '1310000000000000303';
const ADMIN_B = '1310000000000000304';
const EPHEMERAL = 1 << 6;

let sshd: Sshd;
let mongo: TestMongo;
let double: DiscordDouble;
let bot: BotProcess;

const description = (m: DoubleMessage) => m.embeds[0]?.description ?? '';
const lines = (m: DoubleMessage) => description(m).split('\n');
const audit = async (userId: string, options: Record<string, string> = {}, guildId = GUILD) => (await double.slash({ guildId, userId, command: 'audit', options })).reply(15_000);

beforeAll(async () => {
  [sshd, mongo] = await Promise.all([startSshd({ tree: async (root) => void (await writeDeadsideTree(root)) }), startMongo()]);
  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: BOT_USER,
    token: 'audit-test-token',
    defaultTimeoutMs: 15_000,
    guilds: [
      {
        id: GUILD,
        name: 'Deadside EU',
        ownerId: ADMIN,
        channels: [{ id: GENERAL, name: 'general', type: 'text' }],
        members: [
          { id: ADMIN, username: 'admin', manageGuild: true },
          { id: ADMIN2, username: 'admin2', manageGuild: true },
          { id: MEMBER, username: 'member' },
        ],
      },
      { id: GUILD_B, name: 'Other community', ownerId: ADMIN_B, channels: [{ id: GENERAL_B, name: 'general', type: 'text' }], members: [{ id: ADMIN_B, username: 'adminb', manageGuild: true }] },
    ],
  });
  bot = await startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: APP, mongoUri: mongo.uri, env: { ALLOW_PRIVATE_SFTP_HOSTS: 'true' } });
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await double?.stop();
  await Promise.all([mongo?.stop(), sshd?.stop()]);
});

expectEveryRequestHandled(() => double);

describe('/audit', () => {
  it('is an admin command and refuses a member', async () => {
    expect(double.commands().find((c) => c.name === 'audit')?.default_member_permissions).toBe(String(1 << 5));
    const denied = await audit(MEMBER);
    expect(((denied.flags ?? 0) & EPHEMERAL) !== 0).toBe(true);
    expect(denied.content).toMatch(/Manage Server/);
    expect(denied.embeds).toHaveLength(0);
  });

  it('lists the admins’ changes newest first with who made them, and stores no password', async () => {
    const empty = await audit(ADMIN);
    expect(description(empty)).toMatch(/Nothing recorded yet/);

    expect((await addAndTrust(double, GUILD, ADMIN, sshdFields(sshd, 'EU One'))).content).toMatch(/saved/);
    const settings = await (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'settings', options: { server: 'EU One', paused: true, killfeed_delay_seconds: 30 } })).reply(15_000);
    expect(settings.content).toMatch(/EU One/);
    const channels = await (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'channels', options: { server: 'EU One', killfeed: GENERAL } })).reply(15_000);
    expect(channels.content).toContain(`<#${GENERAL}>`);
    const set = await (await double.slash({ guildId: GUILD, userId: ADMIN2, command: 'settings', subcommand: 'set', options: { timezone: 'Europe/Berlin' } })).reply(15_000);
    expect(set.embeds[0]?.title).toMatch(/saved/i);

    const page = await audit(ADMIN);
    expect(((page.flags ?? 0) & EPHEMERAL) !== 0).toBe(true);
    const [newest, feeds, middle, oldest] = lines(page);
    expect(lines(page)).toHaveLength(4);
    expect(newest).toMatch(new RegExp(`^<t:\\d+:R> · <@${ADMIN2}> · changed the bot's settings · time zone: Europe/Berlin$`));
    expect(feeds).toMatch(new RegExp(`<@${ADMIN}> · changed a server's feed channels · \\*\\*EU One\\*\\* · killfeed: <#${GENERAL}>$`));
    expect(middle).toMatch(new RegExp(`<@${ADMIN}> · changed a server's settings · \\*\\*EU One\\*\\* · .*paused: ✓`));
    expect(middle).toMatch(/killfeed delay \(s\): 30/);
    expect(oldest).toMatch(new RegExp(`<@${ADMIN}> · saved a server \\(host key trusted\\) · \\*\\*EU One\\*\\* · host key: SHA256:`));
    expect(page.embeds[0]?.footer?.text).toMatch(/^Page 1 of 1 · kept 180 days/);
    // Mentions are shown, never pinged: every message the bot sent parsed none.
    const loud = double.messageBodies.filter((b) => !b.allowedMentions || (b.allowedMentions.parse ?? []).length > 0);
    expect(double.messageBodies.length).toBeGreaterThan(0);
    expect(loud).toEqual([]);

    const stored = await mongo.db.collection('audit_log').find({ guildId: GUILD }).toArray();
    expect(stored).toHaveLength(4);
    expect(JSON.stringify(stored)).not.toContain(sshd.password);
    expect(JSON.stringify(stored)).not.toMatch(/password/i);
  });

  it('filters by member and by kind, the filter carried by the page buttons', async () => {
    const byAdmin2 = await audit(ADMIN, { member: ADMIN2 });
    expect(lines(byAdmin2)[0]).toBe(`Showing: <@${ADMIN2}>`);
    expect(lines(byAdmin2).slice(1)).toHaveLength(1);
    const servers = await audit(ADMIN, { member: ADMIN, kind: 'servers' });
    expect(lines(servers)[0]).toBe(`Showing: <@${ADMIN}> · Game servers`);
    expect(lines(servers).slice(1).every((l) => l.includes(`<@${ADMIN}>`) && l.includes('EU One'))).toBe(true);
    expect(lines(servers).slice(1)).toHaveLength(2);
    expect(description(await audit(ADMIN, { kind: 'canvas' }))).toMatch(/Nothing recorded for this filter/);
    expect(customIds(servers)).toEqual([`audit:page:1:${ADMIN}:servers:p`, `audit:page:2:${ADMIN}:servers:n`]);
  });

  it('pages with ◀ ▶ (another guild’s entries never shown)', async () => {
    const start = Date.now() - 60_000;
    await mongo.db.collection<{ _id: string }>('audit_log').insertMany(
      Array.from({ length: 12 }, (_, i) => ({ _id: `b${String(i).padStart(2, '0')}`, guildId: GUILD_B, actorId: ADMIN_B, kind: 'canvas', action: 'canvas.lock', at: new Date(start + i * 1000) })),
    );
    const first = await audit(ADMIN_B, {}, GUILD_B);
    expect(lines(first)).toHaveLength(10);
    expect(first.embeds[0]?.footer?.text).toMatch(/^Page 1 of 2/);
    expect(description(first)).not.toContain('EU One');
    const next = customIds(first).find((id) => id.endsWith(':n'))!;
    const second = await (await double.clickButton({ userId: ADMIN_B, guildId: GUILD_B, message: first, customId: next })).reply();
    expect(second.embeds[0]?.footer?.text).toMatch(/^Page 2 of 2/);
    expect(lines(second)).toHaveLength(2);
    expect(lines(second).every((l) => l.includes('locked the canvas'))).toBe(true);
  });
});
