/**
 * /eco through the real bot process and the Discord double: an admin gives, takes (never below zero)
 * and resets (after a confirm that survives a restart; a double click resets once) a member's credits,
 * each one `eco` ledger entry and one audit entry with the actor and the reason; a member is refused.
 * `/eco settings` shows the settings, sets them within their bounds (bountyMin ≤ bountyMax checked), and
 * what it sets is what the economy pays: /daily, /canvas place and the kills the bot reads from a game
 * server over SFTP (OpenSSH's sshd), and the Earnings path reading the same guild config.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections, type Collections } from '../../src/db/collections.js';
import { ECO_BOUNDS } from '../../src/db/economySettingsSchema.js';
import { Earnings } from '../../src/economy/earnings.js';
import { Economy } from '../../src/economy/economy.js';
import { ecoSettingsReader } from '../../src/economy/settings.js';
import { createLogger } from '../../src/logger.js';
import { GuildConfigRepo } from '../../src/repos/guildConfigRepo.js';
import { SecretBox } from '../../src/security/secrets.js';
import { ServerRepo } from '../../src/servers/repo.js';
import { recentKillfeed, writeKillfeedFiles, type ExpectedRow } from '../deadside/generate.js';
import { DiscordDouble, type DoubleMessage } from '../support/discord-double/index.js';
import { startBotProcess, TEST_SECRETS_KEY, type BotProcess } from '../support/bot.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { startSshd, type Sshd } from '../support/sshd.js';
import { idStartingWith } from '../support/serverFlow.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';

const APP = '1660000000000000001';
const GUILD = '1660000000000000100';
const TEXT = '1660000000000000110';
const ADMIN = '1660000000000000301';
const MEMBER = '1660000000000000302';
const RICH = '1660000000000000303';
const DAILY = '1660000000000000304';
const KILLER = '1660000000000000305';
const PAINTER = '1660000000000000306';
const HUNTER = '1660000000000000307';
const BOT_MEMBER = '1660000000000000399';
const PLAYER = 'a'.repeat(32);

let mongo: TestMongo;
let cols: Collections;
let double: DiscordDouble;
let bot: BotProcess;
let economy: Economy;
let sshd: Sshd;
let rows: ExpectedRow[];

const start = () => startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: APP, mongoUri: mongo.uri, env: { ALLOW_PRIVATE_SFTP_HOSTS: 'true' } });
const run = async (userId: string, subcommand: string, options: Record<string, string | number | boolean> = {}) =>
  (await double.slash({ guildId: GUILD, userId, command: 'eco', subcommand, options })).reply();
const click = (userId: string, message: DoubleMessage, customId: string) => double.clickButton({ userId, guildId: GUILD, message, customId });
const balance = (userId: string) => economy.balance(GUILD, userId);
const audits = (action: string) => cols.auditLog.find({ guildId: GUILD, action }).sort({ at: 1 }).toArray();
const ecoEntries = (userId: string) => cols.creditLedger.find({ guildId: GUILD, reason: 'eco', 'legs.userId': userId }).toArray();

beforeAll(async () => {
  // A few recent kills on a game server (one every 5 s of the last ten minutes), read by the bot's backfill.
  rows = recentKillfeed(60, 7, { ageMs: 10 * 60_000, spacingMs: 5000 });
  [sshd, mongo] = await Promise.all([
    startSshd({ tree: (root) => writeKillfeedFiles(path.join(root, 'srv', 'deathlogs'), [['world_1/2025.05.01-00.00.00.csv', rows]]) }),
    startMongo(),
  ]);
  cols = collections(mongo.db);
  economy = new Economy({ cols: { ledger: cols.creditLedger, balances: cols.creditBalances }, logger: createLogger('silent') });
  const now = new Date();
  await cols.guildConfigs.insertOne({ _id: GUILD, timezone: 'UTC', locale: 'en-US', createdAt: now, updatedAt: now } as never);
  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: '1660000000000000002',
    token: 'eco-test-token',
    guilds: [
      {
        id: GUILD,
        name: 'Deadside EU',
        ownerId: ADMIN,
        channels: [{ id: TEXT, name: 'general', type: 'text' }],
        members: [
          { id: ADMIN, username: 'admin', manageGuild: true },
          { id: MEMBER, username: 'member' },
          { id: RICH, username: 'rich' },
          { id: DAILY, username: 'daily' },
          { id: KILLER, username: 'killer' },
          { id: PAINTER, username: 'painter' },
          { id: HUNTER, username: 'hunter' },
          { id: BOT_MEMBER, username: 'another-bot', bot: true },
        ],
      },
    ],
  });
  bot = await start();
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await double?.stop();
  await Promise.all([mongo?.stop(), sshd?.stop()]);
});

expectEveryRequestHandled(() => double);

describe('/eco give, take, reset', () => {
  it('is an admin command: a member is refused and nothing moves', async () => {
    expect(double.commands().find((c) => c.name === 'eco')?.default_member_permissions).toBe(String(1 << 5));
    const denied = await run(MEMBER, 'give', { member: MEMBER, amount: 500, reason: 'me' });
    expect(denied.content).toMatch(/Manage Server/);
    expect(await balance(MEMBER)).toBe(0);
    expect(await cols.auditLog.countDocuments({ guildId: GUILD, kind: 'economy' })).toBe(0);
  });

  it('gives and takes, each one ledger entry with the actor and the reason in the audit log; never below zero', async () => {
    const given = await run(ADMIN, 'give', { member: MEMBER, amount: 300, reason: 'event prize' });
    expect(given.content).toBe(`✅ Gave **300** credits to <@${MEMBER}>. Their balance: **300**.`);
    const taken = await run(ADMIN, 'take', { member: MEMBER, amount: 120, reason: 'refund of a bug' });
    expect(taken.content).toBe(`✅ Took **120** credits from <@${MEMBER}>. Their balance: **180**.`);
    const refused = await run(ADMIN, 'take', { member: MEMBER, amount: 181, reason: 'too much' });
    expect(refused.content).toContain(`<@${MEMBER}> has only **180** credits, so 181 cannot be taken`);
    expect(await balance(MEMBER)).toBe(180);
    expect((await run(ADMIN, 'give', { member: BOT_MEMBER, amount: 5, reason: 'x' })).content).toContain('Bots cannot hold credits');

    const entries = await ecoEntries(MEMBER);
    expect(entries.map((e) => [e.state, e.legs[0]!.amount, e.ref])).toEqual(expect.arrayContaining([['applied', 300, ADMIN], ['applied', -120, ADMIN], ['refused', -181, ADMIN]]));
    expect(entries.every((e) => /^\d+\|eco:\d+$/.test(e._id))).toBe(true);
    expect((await audits('eco.give')).map((a) => [a.actorId, a.target, a.changes])).toEqual([[ADMIN, `<@${MEMBER}>`, { amount: 300, reason: 'event prize', balance: 300 }]]);
    // A refused take changed nothing, so only the applied one is recorded.
    expect((await audits('eco.take')).map((a) => [a.actorId, a.changes])).toEqual([[ADMIN, { amount: 120, reason: 'refund of a bug', balance: 180 }]]);
    const page = await (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'audit', options: { kind: 'economy' } })).reply();
    expect(page.embeds[0]!.description).toContain('gave a member credits');
    expect(page.embeds[0]!.description).toContain('took credits from a member');
  });

  it('resets after a confirm that survives a restart; a double click resets once', { timeout: 60_000 }, async () => {
    await economy.earn(GUILD, RICH, 777, 'kill', 'kill:seed-rich');
    const prompt = await run(ADMIN, 'reset', { member: RICH, reason: 'alt account' });
    expect(prompt.content).toContain(`Take all of <@${RICH}>’s credits (**777** now)?`);
    await bot.stop();
    bot = await start();
    const go = idStartingWith(prompt, 'eco:reset:');
    // Two clicks on the same button at once: one entry under the prompt's key.
    const answers = await Promise.all([click(ADMIN, prompt, go), click(ADMIN, prompt, go)].map(async (c) => (await c).reply()));
    expect(answers.filter((a) => a.content?.includes(`Took all **777** credits from <@${RICH}>`))).toHaveLength(1);
    // The other click finds the entry being entered, or entered: it says so and moves nothing.
    expect(answers.filter((a) => /already being made|already reset/.test(a.content ?? ''))).toHaveLength(1);
    expect(await balance(RICH)).toBe(0);
    const resets = (await ecoEntries(RICH)).filter((e) => e.state === 'applied');
    expect(resets.map((e) => e.legs[0]!.amount)).toEqual([-777]);
    expect((await audits('eco.reset')).map((a) => [a.actorId, a.target, a.changes])).toEqual([[ADMIN, `<@${RICH}>`, { amount: 777, reason: 'alt account', balance: 0 }]]);

    // Credits earned afterwards stay: the prompt's key is spent.
    await economy.earn(GUILD, RICH, 40, 'kill', 'kill:seed-rich-2');
    expect(await balance(RICH)).toBe(40);
    const cancel = await run(ADMIN, 'reset', { member: RICH });
    const kept = await (await click(ADMIN, cancel, idStartingWith(cancel, 'eco:keep:'))).reply();
    expect(kept.content).toBe('Cancelled: nothing was taken.');
    expect(await balance(RICH)).toBe(40);
  });
});

describe('/eco settings', () => {
  it('shows the defaults with their ranges when given no option', async () => {
    const shown = await run(ADMIN, 'settings');
    expect(shown.content).toContain('⚙️ **Economy settings**');
    expect(shown.content).toContain(`Credits per kill (\`kill_credits\`): **${ECO_BOUNDS.killCredits.default}** — default ${ECO_BOUNDS.killCredits.default}, range 0–1,000`);
    expect(shown.content).toContain('Credit games (`games`): **off**');
    expect(shown.content).not.toMatch(/✏️$/m);
  });

  it('refuses a smallest bounty above the largest and changes nothing', async () => {
    const refused = await run(ADMIN, 'settings', { bounty_min: 5000, bounty_max: 4000 });
    expect(refused.content).toContain('The smallest bounty (5,000) cannot be larger than the largest bounty (4,000)');
    expect((await cols.guildConfigs.findOne({ _id: GUILD }))?.economy ?? null).toBeNull();
    expect((await run(MEMBER, 'settings', { kill_credits: 999 })).content).toMatch(/Manage Server/);
  });

  it('sets the amounts: /daily pays the new base, kills the new credits; audited with the reason', async () => {
    const saved = await run(ADMIN, 'settings', { daily_base: 250, daily_streak_bonus: 0, kill_credits: 25, games: true, reason: 'launch week' });
    expect(saved.content).toContain('✅ Saved.');
    expect(saved.content).toContain('Daily base (`daily_base`): **250** — default 100, range 0–10,000 ✏️');
    expect(saved.content).toContain('Credit games (`games`): **on**');
    expect((await cols.guildConfigs.findOne({ _id: GUILD }))?.economy).toEqual({ dailyBase: 250, dailyStreakBonus: 0, killCredits: 25, games: true });
    // A later change keeps the earlier ones.
    await run(ADMIN, 'settings', { bounty_max: 9000 });
    expect((await cols.guildConfigs.findOne({ _id: GUILD }))?.economy).toEqual({ dailyBase: 250, dailyStreakBonus: 0, killCredits: 25, games: true, bountyMax: 9000 });
    const changes = (await audits('eco.settings')).map((a) => [a.actorId, a.changes]);
    expect(changes).toEqual([
      [ADMIN, { dailyBase: 250, dailyStreakBonus: 0, killCredits: 25, games: true, reason: 'launch week' }],
      [ADMIN, { bountyMax: 9000, reason: null }],
    ]);

    const daily = await (await double.slash({ guildId: GUILD, userId: DAILY, command: 'daily' })).reply();
    expect(daily.content).toContain('You claimed **250** credits — day **1** of your streak');
    expect(daily.content).toContain('for **250**');
    expect(await balance(DAILY)).toBe(250);

    // Kill credits: the economy's Earnings path, reading the guild config the bot wrote.
    const now = new Date();
    await cols.playerLinks.insertOne({ _id: `${GUILD}:${PLAYER}`, guildId: GUILD, playerId: PLAYER, playerName: 'Alpha', playerNameLower: 'alpha', userId: KILLER, linkedAt: new Date(now.getTime() - 60_000) } as never);
    const earnings = new Earnings({ links: cols.playerLinks, economy, settingsOf: ecoSettingsReader(new GuildConfigRepo(cols.guildConfigs)) });
    expect(await earnings.onKills(GUILD, 'srv', [{ eventId: 'k1', killerId: PLAYER, at: now }])).toBe(1);
    expect(await balance(KILLER)).toBe(25);
  });

  it('the bot pays what the settings say for pixels and for kills it reads from a game server', { timeout: 90_000 }, async () => {
    await run(ADMIN, 'settings', { pixel_credits: 3, kill_credits: 40 });
    const placed = await (await double.slash({ guildId: GUILD, userId: PAINTER, command: 'canvas', subcommand: 'place', options: { x: 1, y: 1, color: 'red' } })).reply();
    expect(placed.content).toContain('Placed');
    await expect.poll(() => balance(PAINTER), { timeout: 10_000 }).toBe(3);

    // The busiest killer is HUNTER's linked player, linked before every kill in the file.
    const killsBy = new Map<string, number>();
    for (const r of rows) if (r.kind === 'kill') killsBy.set(r.killer!.id, (killsBy.get(r.killer!.id) ?? 0) + 1);
    const [player, kills] = [...killsBy].sort((a, b) => b[1] - a[1])[0]!;
    expect(kills).toBeGreaterThan(1);
    await cols.playerLinks.insertOne({ _id: `${GUILD}:${player}`, guildId: GUILD, userId: HUNTER, playerId: player, playerName: 'Hunter', playerNameLower: 'hunter', linkedAt: new Date(rows[0]!.timestampMs - 60_000) });
    const repo = new ServerRepo(cols.gameServers, cols.pendingServers, new SecretBox(TEST_SECRETS_KEY));
    const input = { name: 'EU One', host: '127.0.0.1', port: sshd.port, username: sshd.username, password: sshd.password, root: path.join(sshd.root, 'srv'), legacyAlgorithms: false };
    await repo.create(GUILD, ADMIN, repo.seal(input), sshd.hostKeyFingerprintSha256, null);
    // A server added while the bot runs is picked up by its next start: the first poll reads the file.
    await bot.stop();
    bot = await start();
    await expect.poll(() => balance(HUNTER), { timeout: 60_000, interval: 500 }).toBe(40 * kills);
    expect(await balance(HUNTER)).toBe(40 * kills);
    expect(await cols.creditLedger.countDocuments({ guildId: GUILD, reason: 'kill', 'legs.userId': HUNTER })).toBe(kills);
  });

  it('a daily base of 0 turns /daily off', async () => {
    await run(ADMIN, 'settings', { daily_base: 0 });
    const off = await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'daily' })).reply();
    expect(off.content).toContain('Daily credits are turned off on this server.');
    expect(await cols.creditLedger.countDocuments({ guildId: GUILD, reason: 'daily', 'legs.userId': MEMBER })).toBe(0);
  });

  it('sent only bodies Discord accepts', () => {
    expect(double.schemaViolations).toEqual([]);
  });
});
