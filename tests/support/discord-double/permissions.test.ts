/** The double applies the bot's channel permissions as Discord does (permissions.ts): overwrites and role changes, seen by the discord.js cache too. */
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Events, PermissionFlagsBits, Routes, type Client, type DiscordAPIError, type TextChannel } from 'discord.js';
import { GUILD, LOCKED, startStrictDouble } from './helpers.js';
import { DEFAULT_BOT_PERMISSIONS, Perm, type DiscordDouble } from './index.js';

let double: DiscordDouble;
let client: Client;

beforeAll(async () => {
  ({ double, client } = await startStrictDouble());
});

afterAll(async () => {
  await client?.destroy();
  await double?.stop();
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
