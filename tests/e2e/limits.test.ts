/**
 * Discord's limits and mentions end to end: the real bot process, the Discord double (which refuses what
 * Discord refuses and records every message body), a MongoDB-wire server and a real sshd. A server named
 * the way real servers are, a player named `@everyone` with a 1,000-character weapon, and kills whose
 * names and weapons are as long as a log line allows: everything arrives, escaped, and no message the
 * bot sent could ping anyone.
 */
import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeName, LIMITS } from '../../src/discord/limits.js';
import { DiscordDouble, type DoubleMessage } from '../support/discord-double/index.js';
import { startBotProcess, type BotProcess } from '../support/bot.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { addAndTrust, sshdFields } from '../support/serverFlow.js';
import { startSshd, writeDeadsideTree, type Sshd } from '../support/sshd.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';

const APP = '1700000000000000001';
const GUILD = '1700000000000000100';
const GENERAL = '1700000000000000110';
const KILLFEED = '1700000000000000111';
const ADMIN = '1700000000000000301';
const MEMBER = '1700000000000000302';

const SERVER_NAME = '[EU] PvP #1 | x2';
const WORLD = '79.127.236.1_7020/actual1/deathlogs/world_0';
const OLD_CSV = '2025.05.01-00.00.00.csv';
const NEW_CSV = '2025.05.02-00.00.00.csv';

const EVERYONE_ID = 'e'.repeat(32);
const BRAVO_ID = 'b'.repeat(32);
/** 1,000 characters, nothing markdown would touch: shown exactly as logged when it fits. */
const LONG_WEAPON = `Railgun ${'r'.repeat(992)}`;

let sshd: Sshd;
let mongo: TestMongo;
let double: DiscordDouble;
let bot: BotProcess;
let serverId = '';

/** Deadside's killfeed timestamp (UTC) of `d`. */
function deadsideTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}.${p(d.getUTCMonth() + 1)}.${p(d.getUTCDate())}-${p(d.getUTCHours())}.${p(d.getUTCMinutes())}.${p(d.getUTCSeconds())}`;
}

/** A kill happening now whose names and weapon exceed what a title and a field hold; `i` marks it. */
function maximalKill(i: number): { line: string; weapon: string; killer: string; victim: string } {
  const killer = `Killer${i} ${'k'.repeat(300)}`;
  const victim = `Victim${i} ${'v'.repeat(300)}`;
  const weapon = `Weapon${i} ${'w'.repeat(1100)}`;
  const id = (c: string) => `${c.repeat(31)}${i}`;
  return { killer, victim, weapon, line: `${deadsideTime(new Date(Date.now() - 1000 * (30 - i)))};${killer};${id('c')};${victim};${id('d')};${weapon};${40 + i};PC;PC;` };
}

async function slash(command: string, subcommand: string | undefined, options: Record<string, string | number> = {}, userId = ADMIN): Promise<DoubleMessage> {
  const ix = await double.slash({ guildId: GUILD, userId, command, ...(subcommand ? { subcommand } : {}), options });
  return ix.reply(20_000);
}

async function backfill(): Promise<DoubleMessage> {
  const ix = await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'backfill', options: { server: serverId } });
  return ix.waitForReply((m) => /^(✅|⚠️)/.test(m.content ?? ''), 30_000);
}

const killfeedEmbeds = () => double.channelMessages(KILLFEED).flatMap((m) => m.embeds);

beforeAll(async () => {
  [sshd, mongo] = await Promise.all([
    startSshd({
      tree: async (root) => {
        await writeDeadsideTree(root, { realCsvs: false });
        // History (months old: counted in stats, not posted): @everyone kills three times with a 1,000-character weapon.
        const history = [
          `2025.05.01-10.00.00;@everyone;${EVERYONE_ID};Bravo;${BRAVO_ID};${LONG_WEAPON};300;PC;PC;`,
          `2025.05.01-10.01.00;@everyone;${EVERYONE_ID};Bravo;${BRAVO_ID};${LONG_WEAPON};420;PC;PC;`,
          `2025.05.01-10.02.00;Bravo;${BRAVO_ID};@everyone;${EVERYONE_ID};AK-74;12;PC;PC;`,
          `2025.05.01-10.03.00;@everyone;${EVERYONE_ID};Bravo;${BRAVO_ID};${LONG_WEAPON};999;PC;PC;`,
        ];
        await writeFile(path.join(root, WORLD, OLD_CSV), history.map((l) => `${l}\n`).join(''));
        await writeFile(path.join(root, WORLD, NEW_CSV), '');
      },
    }),
    startMongo(),
  ]);
  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: '1700000000000000002',
    token: 'limits-test-token',
    defaultTimeoutMs: 20_000,
    guilds: [
      {
        id: GUILD,
        name: 'Deadside EU',
        ownerId: ADMIN,
        channels: [
          { id: GENERAL, name: 'general', type: 'text' },
          { id: KILLFEED, name: 'killfeed', type: 'text' },
        ],
        members: [
          { id: ADMIN, username: 'admin', manageGuild: true },
          { id: MEMBER, username: 'member' },
        ],
      },
    ],
  });
  bot = await startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: APP, mongoUri: mongo.uri, env: { ALLOW_PRIVATE_SFTP_HOSTS: 'true' } });
}, 90_000);

afterAll(async () => {
  await bot?.stop();
  await double?.stop();
  await Promise.all([mongo?.stop(), sshd?.stop()]);
});

expectEveryRequestHandled(() => double);

describe('Discord limits and mentions through the real bot', () => {
  it('accepts a server named `[EU] PvP #1 | x2`, stores it as typed and shows it escaped', async () => {
    const saved = await addAndTrust(double, GUILD, ADMIN, sshdFields(sshd, SERVER_NAME));
    const shown = escapeName(SERVER_NAME);
    expect(shown).toBe('\\[EU\\] PvP #1 \\| x2');
    expect(saved.content).toContain(`**${shown}**`);
    const doc = await mongo.db.collection('game_servers').findOne({ guildId: GUILD });
    expect(doc?.name).toBe(SERVER_NAME);
    serverId = String(doc!._id);

    const list = await slash('server', 'list');
    expect(list.embeds[0]?.fields?.[0]?.name).toBe(`${shown} (id ${serverId})`);
    // Autocomplete shows the name as typed (Discord renders no markdown there).
    const byName = await double.autocomplete({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'test', options: { server: 'pvp' }, focused: 'server' });
    expect(byName[0]?.name).toMatch(/^\[EU\] PvP #1 \| x2 — 127\.0\.0\.1:\d+$/);
  });

  it('counts a player named @everyone with a 1,000-character weapon; /stats player and /leaderboard show it escaped', async () => {
    await slash('server', 'channels', { server: serverId, killfeed: KILLFEED });
    const done = await backfill();
    expect(done.content).toMatch(/^✅/);

    const choices = await double.autocomplete({ guildId: GUILD, userId: MEMBER, command: 'stats', subcommand: 'player', options: { name: '@every' }, focused: 'name' });
    expect(choices).toEqual([{ name: '@everyone', value: EVERYONE_ID }]);
    const stats = await slash('stats', 'player', { name: EVERYONE_ID }, MEMBER);
    const embed = stats.embeds[0]!;
    expect(embed.title).toBe('@\u200beveryone · PC');
    expect(embed.fields?.find((f) => f.name === 'Kills')?.value).toBe('3');
    expect(embed.fields?.find((f) => f.name === 'Top weapons')?.value).toMatch(/^1\. Railgun r+… \(3\)$/);
    expect(embed.fields?.find((f) => f.name === 'Longest kill')?.value).toMatch(/^999 m — Railgun r+… on Bravo <t:\d+:R>$/);

    const kills = await slash('leaderboard', undefined, { stat: 'kills' }, MEMBER);
    expect(kills.embeds[0]?.description?.split('\n')[0]).toBe('🥇 **@\u200beveryone** — 3 kills');
    const longest = await slash('leaderboard', undefined, { stat: 'longest_kill', server: serverId }, MEMBER);
    expect(longest.embeds[0]?.title).toBe(`🏆 Longest kill — ${escapeName(SERVER_NAME)}`);
    expect(longest.embeds[0]?.description?.split('\n')[0]).toMatch(/^🥇 \*\*@\u200beveryone\*\* — 999 m with Railgun r+… on Bravo$/);
  });

  it('posts ten kills with maximal names and weapons in full, across as many messages as Discord allows', async () => {
    const kills = Array.from({ length: 10 }, (_, i) => maximalKill(i));
    await appendFile(path.join(sshd.root, WORLD, NEW_CSV), kills.map((k) => `${k.line}\n`).join(''));
    await backfill();
    await double.waitUntil(() => (killfeedEmbeds().length >= 10 ? true : undefined), 20_000, 'ten kills posted');
    await new Promise((r) => setTimeout(r, 300));
    const messages = double.channelMessages(KILLFEED);
    expect(messages.length).toBeGreaterThan(1);
    const embeds = killfeedEmbeds();
    expect(embeds).toHaveLength(10);
    embeds.forEach((e, i) => {
      const k = kills[i]!;
      // The weapon field holds as much of the weapon as a field can beside its category: all 1,024 characters used.
      const weapon = e.fields?.find((f) => f.name === 'Weapon')?.value ?? '';
      expect([...weapon]).toHaveLength(LIMITS.fieldValue);
      expect(weapon).toBe(`${k.weapon.slice(0, LIMITS.fieldValue - ' · Other'.length - 1)}… · Other`);
      expect(e.title).toBe(`${k.killer.slice(0, 119)}… killed ${k.victim.slice(0, 119)}…`);
    });
  });

  it('every message and interaction response carried allowed_mentions that parse nothing; Discord refused none', () => {
    expect(double.schemaViolations).toEqual([]);
    const bodies = double.messageBodies;
    expect([...new Set(bodies.map((b) => b.kind))]).toEqual(expect.arrayContaining(['callback', 'webhook-edit', 'channel']));
    const loud = bodies.filter((b) => !b.allowedMentions || (b.allowedMentions.parse ?? []).some((p) => ['everyone', 'roles', 'users'].includes(p)));
    expect(loud.map((b) => `${b.kind} ${b.method} ${b.path}`)).toEqual([]);
    expect(bodies.filter((b) => b.request.status >= 400).map((b) => `${b.request.status} ${b.path}`)).toEqual([]);
  });
});
