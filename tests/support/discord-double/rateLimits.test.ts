/**
 * The double's rate limits (rateLimits.ts) are Discord's: buckets and the global limit (with Discord's
 * headers), and the invalid-request ban. Raw `fetch` calls play a careless client; the real discord.js
 * client shows a careful one lives within.
 */
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Events, GatewayIntentBits, Routes, type TextChannel } from 'discord.js';
import { APP, api, GUILD, guild, MEMBER, QUIET, startStrictDouble, TEXT, TOKEN } from './helpers.js';
import { DiscordDouble } from './index.js';

let double: DiscordDouble;
let client: Client;

beforeAll(async () => {
  ({ double, client } = await startStrictDouble());
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
