/**
 * Shared by the double's own tests of what it refuses as Discord does (rateLimits, componentRules and
 * permissions .test.ts here): a guild with three text channels, raw `fetch` calls that play a careless
 * client, and a double with a logged-in discord.js client, a careful one.
 */
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, Routes } from 'discord.js';
import { DiscordDouble } from './index.js';

export const GUILD = '1700000000000000001';
export const TEXT = '1700000000000000011';
export const QUIET = '1700000000000000012';
export const LOCKED = '1700000000000000013';
export const MEMBER = '1700000000000000101';
export const APP = '1700000000000000900';
export const TOKEN = 'strict-token';

export const guild = {
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

export function api(d: DiscordDouble, method: string, path: string, body?: unknown, auth = true): Promise<Response> {
  return fetch(`${d.apiBase}/v10${path}`, {
    method,
    headers: { ...(auth ? { authorization: `Bot ${TOKEN}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

/** The double with `guild`, a discord.js client logged in to it, and the guild command `/quiet` registered. */
export async function startStrictDouble(): Promise<{ double: DiscordDouble; client: Client }> {
  const double = await DiscordDouble.start({ applicationId: APP, botUserId: '1700000000000000002', token: TOKEN, guilds: [guild] });
  const client = new Client({ intents: [GatewayIntentBits.Guilds], ...double.clientOptions() });
  const ready = once(client, Events.ClientReady);
  await client.login(TOKEN);
  await ready;
  await client.rest.put(Routes.applicationGuildCommands(APP, GUILD), { body: [{ name: 'quiet', description: 'Answered by the test' }] });
  return { double, client };
}
