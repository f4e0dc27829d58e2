/**
 * The double refuses what Discord refuses: rate-limit buckets and the global limit (with Discord's
 * headers), the invalid-request ban, component and modal layouts, and channel permissions for the bot.
 * Raw `fetch` calls play a careless client; the real discord.js client shows a careful one lives within.
 */
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Events, GatewayIntentBits, PermissionFlagsBits, Routes, type DiscordAPIError, type TextChannel } from 'discord.js';
import { DiscordDouble, Perm, DEFAULT_BOT_PERMISSIONS } from '../support/discord-double/index.js';

const GUILD = '1700000000000000001';
const TEXT = '1700000000000000011';
const QUIET = '1700000000000000012';
const LOCKED = '1700000000000000013';
const MEMBER = '1700000000000000101';
const APP = '1700000000000000900';
const TOKEN = 'strict-token';

const guild = {
  id: GUILD,
  name: 'Strict',
  ownerId: MEMBER,
  channels: [
    { id: TEXT, name: 'general', type: 'text' as const },
    { id: QUIET, name: 'quiet', type: 'text' as const },
    { id: LOCKED, name: 'locked', type: 'text' as const },
  ],
  members: [{ id: MEMBER, username: 'member' }],
};

let double: DiscordDouble;
let client: Client;

function api(d: DiscordDouble, method: string, path: string, body?: unknown, auth = true): Promise<Response> {
  return fetch(`${d.apiBase}/v10${path}`, {
    method,
    headers: { ...(auth ? { authorization: `Bot ${TOKEN}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

beforeAll(async () => {
  double = await DiscordDouble.start({ applicationId: APP, botUserId: '1700000000000000002', token: TOKEN, guilds: [guild] });
  client = new Client({ intents: [GatewayIntentBits.Guilds], ...double.clientOptions() });
  const ready = once(client, Events.ClientReady);
  await client.login(TOKEN);
  await ready;
  await client.rest.put(Routes.applicationGuildCommands(APP, GUILD), { body: [{ name: 'quiet', description: 'Answered by the test' }] });
});

afterAll(async () => {
  await client?.destroy();
  await double?.stop();
});

describe('rate limits', () => {
  it('answers each route with its bucket headers, and 429 past 5 messages per 5 s in a channel', async () => {
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await api(double, 'POST', `/channels/${TEXT}/messages`, { content: `burst ${i}` }));
    expect(answers.slice(0, 5).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.slice(0, 5).map((r) => r.headers.get('x-ratelimit-remaining'))).toEqual(['4', '3', '2', '1', '0']);
    expect(new Set(answers.map((r) => r.headers.get('x-ratelimit-bucket'))).size).toBe(1);
    expect(answers[0]!.headers.get('x-ratelimit-limit')).toBe('5');
    expect(Number(answers[0]!.headers.get('x-ratelimit-reset-after'))).toBeGreaterThan(4);
    const limited = answers[5]!;
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-scope')).toBe('user');
    const body = (await limited.json()) as { retry_after: number; global: boolean };
    expect(body.global).toBe(false);
    expect(body.retry_after).toBeGreaterThan(0);
    expect(double.invalidRequests.at(-1)?.path).toBe(`/channels/${TEXT}/messages`);
    expect(double.channelMessages(TEXT)).toHaveLength(5);
  });

  it('discord.js waits for the bucket instead: 7 posts to one channel arrive in order with no 429', async () => {
    const channel = client.channels.cache.get(QUIET) as TextChannel;
    const invalid = double.invalidRequests.length;
    for (let i = 0; i < 7; i++) await channel.send(`in order ${i}`);
    expect(double.channelMessages(QUIET).map((m) => m.content)).toEqual(Array.from({ length: 7 }, (_, i) => `in order ${i}`));
    expect(double.invalidRequests.length).toBe(invalid);
  }, 20_000);

  it('limits a bot token to its global rate; interaction endpoints are not bound by it', async () => {
    const tight = await DiscordDouble.start({ applicationId: APP, botUserId: '1700000000000000002', token: TOKEN, guilds: [guild], rateLimits: { globalPerSecond: 5 } });
    const other = new Client({ intents: [GatewayIntentBits.Guilds], ...tight.clientOptions() });
    try {
      const ready = once(other, Events.ClientReady);
      await other.login(TOKEN);
      await ready;
      await other.rest.put(Routes.applicationGuildCommands(APP, GUILD), { body: [{ name: 'quiet', description: 'Answered by the test' }] });
      await new Promise((r) => setTimeout(r, 1_100)); // a fresh global window
      const paths = ['/users/@me', '/gateway/bot', '/applications/@me', `/channels/${TEXT}`, `/guilds/${GUILD}`, `/guilds/${GUILD}/channels`];
      const answers = await Promise.all(paths.map((p) => api(tight, 'GET', p)));
      expect(answers.filter((r) => r.status === 200)).toHaveLength(5);
      const limited = answers.find((r) => r.status === 429)!;
      expect(limited.headers.get('x-ratelimit-global')).toBe('true');
      expect(limited.headers.get('x-ratelimit-scope')).toBe('global');
      expect(((await limited.json()) as { global: boolean }).global).toBe(true);
      // An interaction callback carries no bot token: answered although the global limit is used up.
      const ix = await tight.slash({ guildId: GUILD, userId: MEMBER, command: 'quiet' });
      const cb = await api(tight, 'POST', `/interactions/${ix.id}/${ix.token}/callback`, { type: 4, data: { content: 'ok' } }, false);
      expect(cb.status).toBe(204);
    } finally {
      await other.destroy();
      await tight.stop();
    }
  });

  it('bans a bot that keeps making invalid requests; a looser limit than Discord is refused', async () => {
    const strict = await DiscordDouble.start({
      applicationId: APP,
      botUserId: '1700000000000000002',
      token: TOKEN,
      guilds: [guild],
      rateLimits: { invalidRequests: { limit: 3, windowMs: 60_000 } },
    });
    try {
      for (let i = 0; i < 3; i++) expect((await api(strict, 'GET', '/users/@me', undefined, false)).status).toBe(401);
      const banned = await api(strict, 'GET', '/users/@me');
      expect(banned.status).toBe(429);
      expect(((await banned.json()) as { message: string }).message).toMatch(/blocked from accessing our API temporarily/);
      expect(strict.rateLimits.banned()).toBe(true);
    } finally {
      await strict.stop();
    }
    await expect(DiscordDouble.start({ applicationId: APP, botUserId: '1', token: TOKEN, rateLimits: { globalPerSecond: 10_000 } })).rejects.toThrow(/looser than Discord/);
    await expect(DiscordDouble.start({ applicationId: APP, botUserId: '1', token: TOKEN, rateLimits: { channelMessages: { limit: 50, windowMs: 5_000 } } })).rejects.toThrow(/looser/);
  });
});

describe('component and modal layout', () => {
  const row = (...components: unknown[]) => ({ type: 1, components });
  const button = (id: string) => ({ type: 2, style: 1, label: id, custom_id: id });
  const select = (id: string) => ({ type: 3, custom_id: id, options: [{ label: 'a', value: 'a' }] });
  const input = (id: string) => ({ type: 4, custom_id: id, label: id, style: 1 });

  it('refuses 6 action rows and a row mixing buttons and a select (400, 50035); 5 rows are fine', async () => {
    const violations = double.schemaViolations.length;
    const six = await api(double, 'POST', `/channels/${LOCKED}/messages`, { content: 'x', components: Array.from({ length: 6 }, (_, i) => row(button(`b${i}`))) });
    expect(six.status).toBe(400);
    expect(((await six.json()) as { code: number }).code).toBe(50035);
    const mixed = await api(double, 'POST', `/channels/${LOCKED}/messages`, { content: 'x', components: [row(button('b'), select('s'))] });
    expect(mixed.status).toBe(400);
    const five = await api(double, 'POST', `/channels/${LOCKED}/messages`, { content: 'x', components: [...Array.from({ length: 4 }, (_, i) => row(button(`b${i}`))), row(select('s'))] });
    expect(five.status).toBe(200);
    expect(double.schemaViolations.slice(violations).map((v) => v.issues[0]?.message)).toEqual([
      'Must be 5 or fewer in length.',
      'An action row holds one select menu, or up to 5 buttons, not both.',
    ]);
    double.schemaViolations.splice(violations);
  });

  it('refuses a modal with 6 rows or two text inputs in one row; one input per row is fine', async () => {
    const violations = double.schemaViolations.length;
    const modal = (components: unknown[]) => ({ type: 9, data: { custom_id: 'm', title: 'Form', components } });
    const answer = async (body: unknown) => {
      const ix = await double.slash({ guildId: GUILD, userId: MEMBER, command: 'quiet' });
      return (await api(double, 'POST', `/interactions/${ix.id}/${ix.token}/callback`, body, false)).status;
    };
    expect(await answer(modal(Array.from({ length: 6 }, (_, i) => row(input(`i${i}`)))))).toBe(400);
    expect(await answer(modal([row(input('a'), input('b'))]))).toBe(400);
    expect(await answer(modal([row(input('a')), row(input('b'))]))).toBe(204);
    expect(double.schemaViolations.slice(violations)).toHaveLength(2);
    double.schemaViolations.splice(violations);
  });
});

describe('channel permissions of the bot', () => {
  const post = (body: object) => client.rest.post(Routes.channelMessages(LOCKED), { body }).then(() => 200, (e: DiscordAPIError) => e.code);
  const updated = () => once(client, Events.ChannelUpdate);

  it('refuses embeds without Embed Links (50013), everything without View Channel (50001); the cache sees the same', async () => {
    let seen = updated();
    double.setBotChannelPermissions(LOCKED, { deny: Perm.EmbedLinks });
    await seen;
    const channel = client.channels.cache.get(LOCKED) as TextChannel;
    expect(channel.permissionsFor(client.user!)?.has(PermissionFlagsBits.EmbedLinks)).toBe(false);
    expect(await post({ embeds: [{ title: 'kill' }] })).toBe(50013);
    expect(await post({ content: 'plain text is allowed' })).toBe(200);
    seen = updated();
    double.setBotChannelPermissions(LOCKED, { deny: Perm.ViewChannel });
    await seen;
    expect(await post({ content: 'x' })).toBe(50001);
    expect(double.botPermissionsIn(LOCKED)).toBe(0n);
    seen = updated();
    double.setBotChannelPermissions(LOCKED, {});
    await seen;
    expect(await post({ embeds: [{ title: 'kill' }] })).toBe(200);
    expect(double.invalidRequests.filter((r) => r.status === 403)).toHaveLength(2);
  });

  it('follows role changes (GUILD_ROLE_UPDATE): the bot role without Send Messages posts nowhere', async () => {
    const role = double.botRoleId(GUILD);
    const seen = once(client, Events.GuildRoleUpdate);
    double.setRolePermissions(GUILD, role, DEFAULT_BOT_PERMISSIONS & ~Perm.SendMessages & ~Perm.SendMessagesInThreads);
    await seen;
    expect(client.guilds.cache.get(GUILD)?.roles.cache.get(role)?.permissions.has(PermissionFlagsBits.SendMessages)).toBe(false);
    // @everyone still allows Send Messages: the bot's own role alone does not take it away.
    expect(await post({ content: 'x' })).toBe(200);
    double.setChannelOverwrites(LOCKED, [{ id: GUILD, type: 0, allow: '0', deny: String(Perm.SendMessages) }]);
    expect(await post({ content: 'x' })).toBe(50013);
    double.setRolePermissions(GUILD, role, DEFAULT_BOT_PERMISSIONS);
    double.setChannelOverwrites(LOCKED, []);
    expect(await post({ content: 'x' })).toBe(200);
  });
});
