/**
 * The callouts channel end to end: `/server channels callouts:` on a server added through /server add
 * (real sshd), new kills in its killfeed become kill posts and, for a streak and the day's first kill,
 * callouts in their own channel (bot process → discord.js → Discord double); `/server list` shows the
 * channel, and clearing it turns the callouts off. A kill too far for its weapon is posted to the admin
 * channel (`/settings set admin_channel:`) once, with its file and line.
 */
import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordDouble } from '../support/discord-double/index.js';
import { startBotProcess, type BotProcess } from '../support/bot.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { addAndTrust, sshdFields } from '../support/serverFlow.js';
import { startSshd, writeDeadsideTree, type Sshd } from '../support/sshd.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';

const APP = '1510000000000000001';
const GUILD = '1510000000000000100';
const KILLFEED = '1510000000000000111';
const CALLOUTS = '1510000000000000112';
const VOICE = '1510000000000000114';
const ADMINS = '1510000000000000115';
const ADMIN = '1510000000000000301';
const PLAYER = '1510000000000000302';

const WORLD = '79.127.236.1_7020/actual1/deathlogs/world_0';
const CSV = '2025.05.02-00.00.00.csv';

let sshd: Sshd;
let mongo: TestMongo;
let double: DiscordDouble;
let bot: BotProcess;
let serverId = '';

const embedsIn = (channelId: string) => double.channelMessages(channelId).flatMap((m) => m.embeds);
const channels = async (options: Record<string, string>) => (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'channels', options: { server: serverId, ...options } })).reply();
const stored = async () => (await mongo.db.collection('game_servers').findOne({ _id: serverId as never }))?.channels as Record<string, string | null>;

/** A killfeed line of `killer` (a fixed id per name) killing victim `i`, `ago` seconds ago (Deadside writes UTC). */
function freshKill(killer: string, i: number, ago: number): string {
  const d = new Date(Date.now() - ago * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  const ts = `${d.getUTCFullYear()}.${p(d.getUTCMonth() + 1)}.${p(d.getUTCDate())}-${p(d.getUTCHours())}.${p(d.getUTCMinutes())}.${p(d.getUTCSeconds())}`;
  return `${ts};${killer};${'c'.repeat(31)}${killer.length % 10};Victim ${i};${'d'.repeat(31)}${i % 10};AK-SU;${40 + i};PC;PC;`;
}

/** A backfill (a poll now); the command allows 5 uses in 10 s: a refused one waits and asks again. */
async function poll(): Promise<void> {
  for (;;) {
    const ix = await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'backfill', options: { server: serverId } });
    const reply = await ix.waitForReply((m) => /^(✅|⚠️)|going too fast/.test(m.content ?? ''), 30_000);
    if (!reply.content?.includes('going too fast')) return;
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

beforeAll(async () => {
  [sshd, mongo] = await Promise.all([
    startSshd({
      tree: async (root) => {
        await writeDeadsideTree(root, { realCsvs: false });
        await writeFile(path.join(root, WORLD, CSV), '');
      },
    }),
    startMongo(),
  ]);
  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: '1510000000000000002',
    token: 'callouts-e2e-token',
    defaultTimeoutMs: 20_000,
    guilds: [
      {
        id: GUILD,
        name: 'Deadside EU',
        ownerId: ADMIN,
        channels: [
          { id: KILLFEED, name: 'killfeed', type: 'text' },
          { id: CALLOUTS, name: 'callouts', type: 'text' },
          { id: VOICE, name: 'players', type: 'voice' },
          { id: ADMINS, name: 'admins', type: 'text' },
        ],
        members: [
          { id: ADMIN, username: 'admin', manageGuild: true },
          { id: PLAYER, username: 'ace_irl', nick: 'Ace of Spades' },
        ],
      },
    ],
  });
  bot = await startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: APP, mongoUri: mongo.uri, env: { ALLOW_PRIVATE_SFTP_HOSTS: 'true' } });
  await addAndTrust(double, GUILD, ADMIN, sshdFields(sshd, 'EU One'));
  serverId = String((await mongo.db.collection('game_servers').findOne({ guildId: GUILD }))!._id);
}, 90_000);

afterAll(async () => {
  await bot?.stop();
  await double?.stop();
  await Promise.all([mongo?.stop(), sshd?.stop()]);
});

expectEveryRequestHandled(() => double);

describe('the callouts channel', () => {
  it('is set with /server channels callouts: (text channels only) and shown in the reply', async () => {
    const reply = await channels({ killfeed: KILLFEED, callouts: CALLOUTS });
    expect(reply.content).toMatch(/Channels of \*\*EU One\*\* saved/);
    expect(reply.content).toContain(`**callouts:** <#${CALLOUTS}>`);
    expect(await stored()).toMatchObject({ killfeed: KILLFEED, callouts: CALLOUTS, events: null });
    // Discord itself offers only text channels for callouts.
    await expect(double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'channels', options: { server: serverId, callouts: VOICE } })).rejects.toThrow(/channel type 2 not allowed/);
  });

  it('gets a streak of 5 and the day’s first kill as posts of their own, beside every kill post', async () => {
    const lines = Array.from({ length: 5 }, (_, i) => freshKill('Ace', i, 30 - i));
    await appendFile(path.join(sshd.root, WORLD, CSV), `${lines.join('\n')}\n`);
    await poll();
    const callouts = await double.waitUntil(() => (embedsIn(CALLOUTS).length >= 2 ? embedsIn(CALLOUTS) : undefined), 10_000, 'two callouts');
    expect(callouts.map((e) => e.title)).toEqual(['🌅 Ace drew first blood today', '🔥 Ace is on a 5-kill streak!']);
    expect(callouts[1]!.description).toBe('**Ace** killed **Victim 4** · AK-SU · Rifle · 44 m');
    await double.waitUntil(() => (embedsIn(KILLFEED).length >= 5 ? true : undefined), 10_000, 'five kill posts');
    await poll(); // nothing new: nothing more
    await new Promise((r) => setTimeout(r, 500));
    expect(embedsIn(CALLOUTS)).toHaveLength(2);
    expect(embedsIn(KILLFEED)).toHaveLength(5);
    expect(double.schemaViolations).toEqual([]);
  });

  it('shows in /server list, and clear: callouts turns them off (the killfeed stays)', async () => {
    const list = await (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'list' })).reply();
    const field = list.embeds[0]?.fields?.find((f) => f.name.startsWith('EU One'))?.value ?? '';
    expect(field).toContain(`killfeed <#${KILLFEED}> · callouts <#${CALLOUTS}> ·`);

    const cleared = await channels({ clear: 'callouts' });
    expect(cleared.content).toContain('**callouts:** off');
    expect(await stored()).toMatchObject({ killfeed: KILLFEED, callouts: null });
    const lines = Array.from({ length: 5 }, (_, i) => freshKill('Ace', 5 + i, 10 - i));
    await appendFile(path.join(sshd.root, WORLD, CSV), `${lines.join('\n')}\n`);
    await poll();
    await double.waitUntil(() => (embedsIn(KILLFEED).length >= 10 ? true : undefined), 10_000, 'ten kill posts');
    // The 10-kill streak is in the kill post only.
    expect(JSON.stringify(embedsIn(KILLFEED).at(-1))).toContain('10 kills in a row');
    expect(embedsIn(CALLOUTS)).toHaveLength(2);
  });

  it('names the member linked to a player in its kill posts, as text (never a ping)', async () => {
    // Links made at once (open mode; the default approval mode is tested in tests/e2e/links.test.ts).
    await (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'settings', subcommand: 'set', options: { link_mode: 'open' } })).reply();
    const linked = await (await double.slash({ guildId: GUILD, userId: PLAYER, command: 'link', options: { player: 'Ace' } })).reply();
    expect(linked.content).toContain('Ace');
    await appendFile(path.join(sshd.root, WORLD, CSV), `${freshKill('Ace', 20, 2)}\n`);
    await poll();
    const post = await double.waitUntil(() => (embedsIn(KILLFEED).length >= 11 ? embedsIn(KILLFEED).at(-1) : undefined), 10_000, 'the linked kill post');
    expect(post.description?.split('\n')[0]).toBe('👤 Ace is Ace of Spades');
    expect(JSON.stringify(post)).not.toContain(`<@${PLAYER}>`);
  });

  it('posts a kill too far for its weapon to the admin channel, once, with its file and line', async () => {
    await (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'settings', subcommand: 'set', options: { admin_channel: ADMINS } })).reply();
    const knife = freshKill('Ace', 30, 1).replace(';AK-SU;70;', ';Combat Knife;900;');
    expect(knife).toContain('Combat Knife;900');
    await appendFile(path.join(sshd.root, WORLD, CSV), `${knife}\n`);
    await poll();
    const post = await double.waitUntil(() => embedsIn(ADMINS)[0], 10_000, 'the admin post');
    expect(post.title).toBe('🚩 Suspicious kill: Ace → Victim 30');
    expect(post.description).toContain('Combat Knife · 900 m (max 10 m) · too far');
    expect(post.description).toMatch(new RegExp(`\`.*${CSV.replace(/\./g, '\\.')}:\\d+\``));
    await poll();
    await new Promise((r) => setTimeout(r, 500));
    expect(embedsIn(ADMINS)).toHaveLength(1);
  });
});
