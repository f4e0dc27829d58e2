/**
 * /premium end to end: the real bot process against the Discord double, a MongoDB-wire server and a real
 * OpenSSH sshd. An operator (OWNER_IDS) grants and revokes; admins see the limits move; a lapsed grant is
 * made by moving `premium.expiresAt` into the past in MongoDB, as time would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotProcess, type BotProcess } from '../support/bot.js';
import { DiscordDouble, type DoubleMessage } from '../support/discord-double/index.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { addAndTrust, sshdFields } from '../support/serverFlow.js';
import { startSshd, writeDeadsideTree, type Sshd } from '../support/sshd.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';

const APP = '1530000000000000001';
const BOT_USER = '1530000000000000002';
const GUILD = '1530000000000000100';
const GUILD_B = '1530000000000000200';
const GENERAL = '1530000000000000110';
const EVENTS = '1530000000000000111';
const GENERAL_B = '1530000000000000210';
const ADMIN = '1530000000000000301';
const MEMBER = '1530000000000000302';
const OPERATOR = '1530000000000000303';

const EPHEMERAL = 1 << 6;
const DAY = 86_400_000;

let sshd: Sshd;
let mongo: TestMongo;
let double: DiscordDouble;
let bot: BotProcess;

const text = (m: DoubleMessage) => [m.content, ...m.embeds.flatMap((e) => [e.title, e.description, e.footer?.text, ...(e.fields ?? []).flatMap((f) => [f.name, f.value])])].filter(Boolean).join('\n');
const isEphemeral = (m: DoubleMessage) => ((m.flags ?? 0) & EPHEMERAL) !== 0;
const configs = () => mongo.db.collection('guild_configs');
const changes = () => mongo.db.collection('premium_changes');
const gameServers = () => mongo.db.collection('game_servers');
const notices = () => double.channelMessages(EVENTS).filter((m) => /^Premium: now/.test(m.embeds[0]?.title ?? ''));

async function premium(userId: string, subcommand: string, options: Record<string, string | number> = {}, guildId = GUILD): Promise<DoubleMessage> {
  return (await double.slash({ guildId, userId, command: 'premium', subcommand, options })).reply(15_000);
}

async function server(subcommand: string, options: Record<string, string | number | boolean> = {}): Promise<DoubleMessage> {
  return (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand, options })).reply(15_000);
}

beforeAll(async () => {
  [sshd, mongo] = await Promise.all([startSshd({ tree: (root) => writeDeadsideTree(root, { realCsvs: false }).then(() => undefined) }), startMongo()]);
  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: BOT_USER,
    token: 'premium-test-token',
    defaultTimeoutMs: 15_000,
    guilds: [
      {
        id: GUILD,
        name: 'Deadside EU',
        ownerId: ADMIN,
        channels: [
          { id: GENERAL, name: 'general', type: 'text' },
          { id: EVENTS, name: 'events', type: 'text' },
        ],
        members: [
          { id: ADMIN, username: 'admin', manageGuild: true },
          { id: MEMBER, username: 'member' },
          { id: OPERATOR, username: 'operator' },
        ],
      },
      {
        id: GUILD_B,
        name: 'Other community',
        ownerId: OPERATOR,
        channels: [{ id: GENERAL_B, name: 'general', type: 'text' }],
        members: [{ id: OPERATOR, username: 'operator' }],
      },
    ],
  });
  bot = await startBotProcess({
    apiBase: double.apiBase,
    token: double.token,
    applicationId: APP,
    mongoUri: mongo.uri,
    env: { OWNER_IDS: OPERATOR, ALLOW_PRIVATE_SFTP_HOSTS: 'true' },
  });
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await double?.stop();
  await Promise.all([mongo?.stop(), sshd?.stop()]);
});

expectEveryRequestHandled(() => double);

describe('/premium', () => {
  it('is listed for everyone; grant and revoke refuse everyone but the operators, admins included', async () => {
    const def = double.commands().find((c) => c.name === 'premium');
    expect(def?.default_member_permissions ?? null).toBeNull();
    const byAdmin = await premium(ADMIN, 'grant', { guild: GUILD, tier: 'pro', days: 30 });
    const byMember = await premium(MEMBER, 'revoke', { guild: GUILD });
    for (const refused of [byAdmin, byMember]) {
      expect(refused.content).toMatch(/Only the bot operators/);
      expect(isEphemeral(refused)).toBe(true);
    }
    expect(await configs().countDocuments({ 'premium.tier': { $ne: 'free' } })).toBe(0);
    expect(await changes().countDocuments({})).toBe(0);
  });

  it('autocompletes the bot’s guilds (name and id) for an operator, and nothing for a member', async () => {
    const typing = (userId: string, typed: string) =>
      double.autocomplete({ guildId: GUILD, userId, command: 'premium', subcommand: 'grant', options: { guild: typed }, focused: 'guild' });
    const all = await typing(OPERATOR, '');
    expect(all).toEqual([
      { name: `Deadside EU — ${GUILD}`, value: GUILD },
      { name: `Other community — ${GUILD_B}`, value: GUILD_B },
    ]);
    expect((await typing(OPERATOR, 'other')).map((c) => c.value)).toEqual([GUILD_B]);
    expect(await typing(MEMBER, '')).toEqual([]);
    expect(await typing(ADMIN, '')).toEqual([]);
  });

  it('status shows the free tier and its limits to everyone', async () => {
    const status = await premium(MEMBER, 'status');
    expect(isEphemeral(status)).toBe(true);
    expect(status.embeds[0]?.title).toBe('Premium: Free');
    expect(text(status)).toMatch(/up to \*\*1\*\* game server\b/);
    expect(text(status)).toMatch(/every \*\*60 s\*\*/);
    expect(text(status)).toMatch(/32×32/);
    expect(text(status)).not.toMatch(/Last change/);
  });

  it('an operator’s grant is recorded, shown with its expiry, and raises the limits at once', async () => {
    await addAndTrust(double, GUILD, ADMIN, sshdFields(sshd, 'EU 1'));
    expect(text(await server('channels', { server: 'EU 1', events: EVENTS }))).toMatch(/saved/);
    expect(text(await server('add'))).toMatch(/limit of the Free tier \(1\)/);

    const before = Date.now();
    const granted = await premium(OPERATOR, 'grant', { guild: GUILD, tier: 'pro', days: 30 });
    expect(isEphemeral(granted)).toBe(true);
    expect(granted.content).toMatch(new RegExp(`\\*\\*Deadside EU\\*\\* \\(\`${GUILD}\`\\) now has \\*\\*Pro\\*\\* until <t:\\d+:f>`));
    expect(granted.content).toMatch(/it had Free/);
    const stored = await configs().findOne({ _id: GUILD as never });
    expect(stored?.premium.tier).toBe('pro');
    expect(stored?.premium.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 30 * DAY);
    expect(stored?.premium.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 30 * DAY);
    expect(await changes().find({}).toArray()).toEqual([
      expect.objectContaining({ guildId: GUILD, action: 'grant', tier: 'pro', days: 30, previousTier: 'free', byUserId: OPERATOR, at: expect.any(Date) }),
    ]);

    const forMember = await premium(MEMBER, 'status');
    expect(forMember.embeds[0]?.title).toBe('Premium: Pro');
    expect(text(forMember)).toContain(`<t:${Math.floor(stored!.premium.expiresAt.getTime() / 1000)}:R>`);
    expect(text(forMember)).toMatch(/up to \*\*10\*\* game servers/);
    expect(text(forMember)).not.toMatch(/Last change/);
    const forOperator = await premium(OPERATOR, 'status');
    expect(text(forOperator)).toMatch(new RegExp(`Last change\\ngranted \\*\\*Pro\\*\\* for 30 days by <@${OPERATOR}> <t:\\d+:R> \\(was Free\\)`));

    // The grant dropped this process's cached config: the Pro limits hold on the very next command.
    expect((await addAndTrust(double, GUILD, ADMIN, sshdFields(sshd, 'EU 2'))).content).toMatch(/saved/);
    expect((await server('settings', { server: 'EU 1', poll_seconds: 15 })).content).toMatch(/Poll every:\*\* 15 s/);
  });

  it('a lapsed grant: back to Free when it lapses, the newest server paused by the tier, the admins told once', async () => {
    // The grant now ends in 3 s. The bot caches guild configs for up to 60 s; an admin's own settings
    // change reloads it, and a server change reconciles the guild, which sets its timer for the expiry.
    await configs().updateOne({ _id: GUILD as never }, { $set: { 'premium.expiresAt': new Date(Date.now() + 3000) } });
    await (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'settings', subcommand: 'set', options: { timezone: 'UTC' } })).reply();
    await server('settings', { server: 'EU 1', poll_seconds: 15 });
    expect(notices()).toHaveLength(0);
    // Nobody uses the bot meanwhile (reads apply nothing): the reconcile at the expiry pauses and tells.
    await double.waitUntil(() => (notices().length > 0 ? true : undefined), 20_000, 'the reconcile at the expiry');

    const list = text(await server('list'));
    expect(list).toMatch(/EU 2 \(id .+\)\n\*\*Status:\*\* ⏸️ paused by the premium tier/);
    expect(list).toMatch(/every 30s \(Free tier minimum; set to 15s\)/);
    expect(list).toMatch(/2 of 1 server \(Free tier\) · 1 paused by the tier/);
    const [eu1, eu2] = await gameServers().find({ guildId: GUILD }).sort({ createdAt: 1 }).toArray();
    expect(eu1?.status.tierPaused ?? null).toBeNull();
    expect(eu2?.status.tierPaused).toBeInstanceOf(Date);
    expect(eu2?.settings.paused).toBe(false); // the admin's own pause is a different thing

    expect(notices()).toHaveLength(1);
    const notice = text(notices()[0]!);
    expect(notice).toMatch(/Premium: now Free \(was Pro\)/);
    expect(notice).toMatch(/⏸️ \*\*EU 2\*\*/);
    expect(notice).not.toMatch(/EU 1/);

    const status = await premium(MEMBER, 'status');
    expect(status.embeds[0]?.title).toBe('Premium: Free');
    expect(text(status)).toMatch(/\*\*Pro\*\* expired <t:\d+:R>/);
    await server('list');
    expect(text(await server('add'))).toMatch(/limit of the Free tier \(1\)/);
    expect(notices()).toHaveLength(1);
  }, 40_000);

  it('a new grant, from another guild, resumes the paused server by itself', async () => {
    const granted = await premium(OPERATOR, 'grant', { guild: GUILD, tier: 'pro', days: 7 }, GUILD_B);
    expect(granted.content).toMatch(/now has \*\*Pro\*\*.*it had Free/);
    const list = text(await server('list'));
    expect(list).not.toMatch(/paused by the premium tier/);
    expect(list).toMatch(/every 15s/);
    expect((await gameServers().findOne({ guildId: GUILD, name: 'EU 2' }))?.status.tierPaused).toBeNull();
    expect(await changes().countDocuments({ guildId: GUILD, action: 'grant' })).toBe(2);
    expect(notices()).toHaveLength(1);
  });

  it('a revoke is Free at once, recorded, and told to the admins as a new downgrade', async () => {
    expect((await premium(ADMIN, 'revoke', { guild: GUILD })).content).toMatch(/Only the bot operators/);
    const revoked = await premium(OPERATOR, 'revoke', { guild: GUILD });
    expect(revoked.content).toMatch(/\*\*Deadside EU\*\* .* is back on the Free tier \(it had Pro\)/);
    expect((await configs().findOne({ _id: GUILD as never }))?.premium).toEqual({ tier: 'free', expiresAt: null });
    expect(await changes().findOne({ action: 'revoke' })).toMatchObject({ guildId: GUILD, tier: 'free', previousTier: 'pro', byUserId: OPERATOR });
    expect(notices()).toHaveLength(2);
    expect(text(await server('list'))).toMatch(/EU 2 \(id .+\)\n\*\*Status:\*\* ⏸️ paused by the premium tier/);
    expect((await premium(OPERATOR, 'revoke', { guild: GUILD })).content).toMatch(/no premium grant to revoke/);
    expect(text(await premium(OPERATOR, 'status'))).toMatch(new RegExp(`revoked by <@${OPERATOR}> <t:\\d+:R> \\(was Pro\\)`));
    expect(double.schemaViolations).toEqual([]);
  });
});
