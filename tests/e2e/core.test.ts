/**
 * Bot core end to end: the real bot process (the `npm start` entry) against the local Discord double
 * and a real MongoDB-wire server. Members drive it through slash commands, buttons and modals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordDouble, type DoubleMessage } from '../support/discord-double/index.js';
import { startBotProcess, type BotProcess } from '../support/bot.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';
import { loadCommandModules } from '../../src/framework/registry.js';

const APP = '1200000000000000001';
const BOT_USER = '1200000000000000002';
const GUILD = '1200000000000000100';
const TEXT = '1200000000000000110';
const MODS = '1200000000000000120';
const ADMIN = '1200000000000000201';
const MEMBER = '1200000000000000202';
const MODERATOR = '1200000000000000203';
const SPAMMER = '1200000000000000204';
const UNLUCKY = '1200000000000000205';
const PATIENT = '1200000000000000206';
const OPERATOR = '1200000000000000207';

const EPHEMERAL = 1 << 6;
const COMMANDS_ROUTE = /^\/applications\/\d+\/(guilds\/\d+\/)?commands$/;

function description(message: DoubleMessage): string {
  return message.embeds.map((e) => e.description ?? '').join('\n');
}

function isEphemeral(message: DoubleMessage): boolean {
  return ((message.flags ?? 0) & EPHEMERAL) !== 0;
}

let mongo: TestMongo;
let double: DiscordDouble;
let bot: BotProcess;
let healthPort: number;
/** A /help reply with a Search button, kept to click again after a restart. */
let oldHelp: DoubleMessage;
/** The id the member was shown when a handler failed. */
let errorId: string;

async function startBot(env: Record<string, string> = {}): Promise<BotProcess> {
  return startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: APP, mongoUri: mongo.uri, env: { HEALTH_PORT: '0', OWNER_IDS: OPERATOR, ...env } });
}

beforeAll(async () => {
  mongo = await startMongo();
  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: BOT_USER,
    token: 'core-test-token',
    guilds: [
      {
        id: GUILD,
        name: 'Deadside EU',
        ownerId: ADMIN,
        channels: [{ id: TEXT, name: 'general', type: 'text' }],
        roles: [{ id: MODS, name: 'Mods' }],
        members: [
          { id: ADMIN, username: 'admin', manageGuild: true },
          { id: MEMBER, username: 'member' },
          { id: MODERATOR, username: 'moderator', roles: [MODS] },
          { id: SPAMMER, username: 'spammer' },
          { id: UNLUCKY, username: 'unlucky' },
          { id: PATIENT, username: 'patient' },
          { id: OPERATOR, username: 'operator' },
        ],
      },
    ],
  });
  bot = await startBot();
  const listening = await bot.waitForLog((l) => l.msg === 'health server listening');
  healthPort = listening.port as number;
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await double?.stop();
  await mongo?.stop();
});

expectEveryRequestHandled(() => double);

describe('a running bot', () => {
  it('registers its commands at start, admin commands behind Manage Server', () => {
    const commands = double.commands();
    expect(commands.map((c) => c.name).sort()).toEqual(expect.arrayContaining(['about', 'help', 'settings']));
    expect(commands.find((c) => c.name === 'settings')?.default_member_permissions).toBe(String(1 << 5));
    expect(commands.find((c) => c.name === 'help')?.default_member_permissions).toBeNull();
    expect(double.requestsTo('PUT', COMMANDS_ROUTE)).toHaveLength(1);
  });

  it('registers a command alias (/top for /leaderboard) as a command of its own, the others as declared', async () => {
    const registered = new Map(double.commands().map((c) => [c.name, c]));
    const modules = await loadCommandModules();
    expect([...registered.keys()].sort()).toEqual([...modules.keys(), 'top'].sort());
    // The alias: the same options as /leaderboard, under its former name.
    const { id: _a, version: _v, name: _n, description, description_localizations: topWords, ...top } = registered.get('top')!;
    const { id: _b, version: _w, name: _m, description: current, description_localizations: words, ...leaderboard } = registered.get('leaderboard')!;
    expect(top).toEqual(leaderboard);
    expect(description).toBe(`Now /leaderboard: ${String(current)}`);
    // In every language Discord shows, the same note before the command's own description.
    const ru = (words as Record<string, string>).ru!;
    expect((topWords as Record<string, string>).ru).toBe(`Теперь /leaderboard: ${ru}`.slice(0, 100));
    expect(Object.keys(topWords as object).sort()).toEqual(['de', 'pl', 'pt-BR', 'ru']);
    // Every other command exactly as its module declares it (aliases add, never change).
    const canonical = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;
    for (const [name, module] of modules) {
      const got = registered.get(name)!;
      for (const [key, value] of Object.entries(module.definition)) expect(canonical(got[key]), `${name}.${key}`).toEqual(canonical(value));
    }
  });

  it('/help lists only what this member may use', async () => {
    const forAdmin = await (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'help' })).reply();
    const forMember = await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'help' })).reply();
    expect(isEphemeral(forAdmin) && isEphemeral(forMember)).toBe(true);
    expect(description(forAdmin)).toContain('/settings set');
    expect(description(forAdmin)).toContain('/about');
    expect(description(forMember)).toContain('/about');
    expect(description(forMember)).not.toContain('/settings');
  });

  it('/about shows version, uptime, shard and latency', async () => {
    const reply = await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'about' })).reply();
    const fields = Object.fromEntries((reply.embeds[0]?.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields.Version).toMatch(/^\d+\.\d+\.\d+/);
    expect(fields.Uptime).toMatch(/\d+s$/);
    expect(fields.Shard).toBe('0 of 1');
    expect(fields['Gateway latency']).toBeDefined();
    expect(fields.Servers).toBe('1');
  });

  it('denies an admin command to a member at run time, and honours the admin role once set', async () => {
    const denied = await (await double.slash({ guildId: GUILD, userId: MODERATOR, command: 'settings', subcommand: 'view' })).reply();
    expect(isEphemeral(denied)).toBe(true);
    expect(denied.content).toMatch(/Manage Server/);
    expect(denied.embeds).toHaveLength(0);

    const badZone = await (
      await double.slash({ guildId: GUILD, userId: ADMIN, command: 'settings', subcommand: 'set', options: { timezone: 'Mars/Olympus' } })
    ).reply();
    expect(badZone.content).toMatch(/not a timezone/);

    const saved = await (
      await double.slash({ guildId: GUILD, userId: ADMIN, command: 'settings', subcommand: 'set', options: { admin_role: MODS, timezone: 'Europe/Berlin' } })
    ).reply();
    expect(saved.embeds[0]?.title).toBe('Settings saved');
    const stored = await mongo.db.collection('guild_configs').findOne({ _id: GUILD as never });
    expect(stored).toMatchObject({ adminRoleId: MODS, timezone: 'Europe/Berlin' });

    const allowed = await (await double.slash({ guildId: GUILD, userId: MODERATOR, command: 'settings', subcommand: 'view' })).reply();
    expect(allowed.embeds[0]?.fields?.find((f) => f.name === 'Admin role')?.value).toBe(`<@&${MODS}>`);
    const help = await (await double.slash({ guildId: GUILD, userId: MODERATOR, command: 'help' })).reply();
    expect(description(help)).toContain('/settings view');

    // The admin role grants admin commands, not the choice of who holds them.
    const grab = await (
      await double.slash({ guildId: GUILD, userId: MODERATOR, command: 'settings', subcommand: 'set', options: { admin_role: GUILD, timezone: 'UTC' } })
    ).reply();
    expect(grab.content).toMatch(/Only members with \*\*Manage Server\*\* can change the admin role/);
    expect(await mongo.db.collection('guild_configs').findOne({ _id: GUILD as never })).toMatchObject({ adminRoleId: MODS, timezone: 'Europe/Berlin' });
    const zone = await (await double.slash({ guildId: GUILD, userId: MODERATOR, command: 'settings', subcommand: 'set', options: { timezone: 'Asia/Tokyo' } })).reply();
    expect(zone.embeds[0]?.title).toBe('Settings saved');
  });

  it('rate-limits a member who repeats a command too fast, with a relative time', async () => {
    for (let i = 0; i < 5; i++) {
      const ok = await (await double.slash({ guildId: GUILD, userId: SPAMMER, command: 'about' })).reply();
      expect(ok.embeds[0]?.title).toBe('Tower of Temptation');
    }
    const limited = await (await double.slash({ guildId: GUILD, userId: SPAMMER, command: 'about' })).reply();
    expect(isEphemeral(limited)).toBe(true);
    expect(limited.content).toMatch(/too fast.*<t:\d+:R>/);
    // The limit is per member: someone else is not slowed down.
    const other = await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'about' })).reply();
    expect(other.embeds).toHaveLength(1);
  });

  it('turns an error inside a handler into a friendly ephemeral message with an error id', async () => {
    // Discord fails the handler's reply with 5xx until discord.js gives up: the handler throws.
    double.failNext({ method: 'POST', path: /^\/interactions\/\d+\/[^/]+\/callback$/, status: 503, times: 4 });
    const ix = await double.slash({ guildId: GUILD, userId: UNLUCKY, command: 'about' });
    const reply = await ix.reply(10_000);
    expect(isEphemeral(reply)).toBe(true);
    const id = /\*\*(E-[0-9A-Z]{4,})\*\*/.exec(reply.content)?.[1];
    expect(id, reply.content).toBeDefined();
    expect(reply.content).not.toMatch(/at .*\.ts:\d+|HTTPError|stack/i);
    errorId = id!;
    const record = await mongo.db.collection('errors').findOne({ _id: id as never });
    expect(record).toMatchObject({ guildId: GUILD, userId: UNLUCKY, command: 'about' });
    expect(JSON.stringify(record)).not.toContain(double.token);
  });

  it('lets admins find that error by its id, and operators see where it happened', async () => {
    const show = await (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'errors', subcommand: 'show', options: { id: errorId.toLowerCase() } })).reply();
    const fields = Object.fromEntries((show.embeds[0]?.fields ?? []).map((f) => [f.name, f.value]));
    expect(show.embeds[0]?.title).toBe(`Error ${errorId}`);
    expect(fields).toMatchObject({ Command: '`/about`', Member: `<@${UNLUCKY}>` });
    expect(fields.Seen).toMatch(/^1× \(cause `[0-9a-f]{12}`\)$/);
    expect(fields['What failed']).toContain('HTTPError: Service Unavailable');
    expect(fields['Where (operators only)']).toBeUndefined();

    const recent = await (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'errors', subcommand: 'recent' })).reply();
    expect(recent.embeds[0]?.description).toMatch(new RegExp(`^\\*\\*1×\\*\\* \`/about\` — .* as \`${errorId}\`$`));

    const forOperator = await (await double.slash({ guildId: GUILD, userId: OPERATOR, command: 'errors', subcommand: 'show', options: { id: errorId } })).reply();
    expect(forOperator.embeds[0]?.fields?.find((f) => f.name === 'Where (operators only)')?.value).toMatch(/at /);

    const denied = await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'errors', subcommand: 'show', options: { id: errorId } })).reply();
    expect(denied.content).toMatch(/Manage Server/);
    const missing = await (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'errors', subcommand: 'show', options: { id: 'E-ZZZZ' } })).reply();
    expect(missing.content).toMatch(/No error `E-ZZZZ` was recorded in this server/);
  });

  it('answers once when the reply is still in flight at the automatic-defer time', async () => {
    // Discord rate-limits the reply for 2.5 s: discord.js waits and resends it. The chain's safety-net
    // defer (at 2 s) must see the reply as already sent, or one of the two fails as "already acknowledged".
    const callback = /^\/interactions\/\d+\/[^/]+\/callback$/;
    double.failNext({ method: 'POST', path: callback, status: 429, retryAfter: 2.5 });
    const ix = await double.slash({ guildId: GUILD, userId: PATIENT, command: 'about' });
    const reply = await ix.reply(10_000);
    expect(reply.embeds[0]?.title).toBe('Tower of Temptation');
    await new Promise((r) => setTimeout(r, 300));
    const sent = double.requestsTo('POST', callback).filter((r) => r.path.includes(ix.id));
    expect(sent.map((r) => r.status)).toEqual([429, 204]);
    expect(ix.callbacks().map((c) => c.type)).toEqual([4]);
    expect(ix.followUps()).toHaveLength(0);
  });

  it('round-trips a button and a modal: /help → Search → submit', async () => {
    const help = await (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'help' })).reply();
    oldHelp = help;
    const click = await double.clickButton({ userId: ADMIN, guildId: GUILD, message: help, customId: 'help:search' });
    const modal = await click.modal();
    expect(modal.custom_id).toBe('help:search');
    const submit = await double.submitModal({ guildId: GUILD, userId: ADMIN, customId: 'help:search', fields: { query: 'settings' } });
    const result = await submit.reply();
    expect(isEphemeral(result)).toBe(true);
    expect(result.embeds[0]?.title).toContain('settings');
    expect(description(result)).toContain('/settings view');
    expect(description(result)).not.toContain('/about');

    const memberHelp = await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'help' })).reply();
    await (await double.clickButton({ userId: MEMBER, guildId: GUILD, message: memberHelp, customId: 'help:search' })).modal();
    const none = await (await double.submitModal({ guildId: GUILD, userId: MEMBER, customId: 'help:search', fields: { query: 'settings' } })).reply();
    expect(description(none)).toMatch(/No command you can use/);
  });

  it('counts commands used per member', async () => {
    const doc = await mongo.db.collection('member_stats').findOne({ _id: `${GUILD}:${SPAMMER}` as never });
    // Five /about calls went through; the rate-limited one did not count.
    expect(doc?.commandsUsed).toBe(5);
  });

  it('serves /healthz and Prometheus /metrics', async () => {
    const health = await fetch(`http://127.0.0.1:${healthPort}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', checks: { discord: true, mongodb: true } });
    const metrics = await (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text();
    expect(metrics).toMatch(/tower_interactions_total\{command="about",outcome="ok"\} ([6-9]|\d\d)/);
    expect(metrics).toMatch(/tower_interactions_total\{command="about",outcome="rate_limited"\} 1/);
    expect(metrics).toMatch(/tower_interactions_total\{command="settings view",outcome="denied"\} 1/);
    expect(metrics).toMatch(/tower_interaction_duration_seconds_count\{command="help"\} \d+/);
  });

  it('sent only bodies Discord accepts and answered every interaction', () => {
    expect(double.schemaViolations).toEqual([]);
    for (const ix of double.interactionsSent()) expect(ix.callbacks().some((c) => c.status < 300), ix.id).toBe(true);
  });
});

describe('process lifecycle', () => {
  it('exits cleanly within 10 s on SIGTERM in the middle of an interaction', async () => {
    const pending = double.slash({ guildId: GUILD, userId: ADMIN, command: 'help' });
    const stopped = await bot.stop('SIGTERM');
    await pending.catch(() => undefined);
    expect(stopped.code).toBe(0);
    expect(stopped.ms).toBeLessThan(10_000);
    expect(bot.logs.some((l) => l.msg === 'stopped')).toBe(true);
    await expect(fetch(`http://127.0.0.1:${healthPort}/healthz`)).rejects.toThrow();
  });

  it('skips command sync on a restart with unchanged definitions, and old buttons still work', async () => {
    const before = double.requestsTo('PUT', COMMANDS_ROUTE).length;
    bot = await startBot();
    expect(double.requestsTo('PUT', COMMANDS_ROUTE).length).toBe(before);
    expect(bot.logs.some((l) => /commands unchanged/.test(l.msg))).toBe(true);
    const click = await double.clickButton({ userId: ADMIN, guildId: GUILD, message: oldHelp, customId: 'help:search' });
    expect((await click.modal()).custom_id).toBe('help:search');
  });

  it('refuses a bad environment with one message listing every problem, exit code 1, no secret printed', async () => {
    const secret = 'not-base64-and-secret!';
    const broken = await startBotProcess({
      apiBase: double.apiBase,
      token: '',
      applicationId: 'abc',
      mongoUri: mongo.uri,
      env: { SECRETS_KEY: secret, HEALTH_PORT: 'seventy' },
      waitReady: false,
    });
    const { code } = await broken.exited;
    expect(code).toBe(1);
    const out = broken.output();
    for (const name of ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID', 'SECRETS_KEY', 'HEALTH_PORT']) expect(out).toContain(name);
    expect(out).not.toContain(secret);
  });
});
