/**
 * Team kills through the real ingest path: a server added through /server add (real sshd) whose killfeed
 * has kills between two members of one faction (their players linked), made with /faction through the
 * bot process and the Discord double. Those kills are posted as team kills, stored as such, counted in
 * no kills, deaths or K/D (all time and today's window, per server and guild-wide: compared with a
 * reference count over the same lines that leaves them out) and pay no credits. After one of them leaves
 * the faction, their kills count again: membership at the time of the kill decides.
 */
import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections, type Collections } from '../../src/db/collections.js';
import { CREDITS } from '../../src/economy/amounts.js';
import { guildPlayerId } from '../../src/ingest/guildStats.js';
import { playerDocId } from '../../src/ingest/statsDocs.js';
import { guildWindowDocId, windowDocId } from '../../src/ingest/windowDocs.js';
import { calendarKey } from '../../src/ingest/windows.js';
import { ingestCollections } from '../../src/ingest/store.js';
import { DiscordDouble } from '../support/discord-double/index.js';
import { startBotProcess, type BotProcess } from '../support/bot.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { addAndTrust, idStartingWith, sshdFields } from '../support/serverFlow.js';
import { startSshd, writeDeadsideTree, type Sshd } from '../support/sshd.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';

const APP = '1650000000000000001';
const GUILD = '1650000000000000100';
const KILLFEED = '1650000000000000111';
const BOARDS = '1650000000000000112';
const ADMIN = '1650000000000000301';
const ANNA = '1650000000000000302';
const BORIS = '1650000000000000303';
const CLARA = '1650000000000000304';
const WORLD = '79.127.236.1_7020/actual1/deathlogs/world_0';
const CSV = '2025.05.02-00.00.00.csv';

/** The players, each linked to a member; Anna and Boris found one faction, Clara is in none. */
const PLAYERS = { Alpha: { id: 'a'.repeat(32), userId: ANNA }, Bravo: { id: 'b'.repeat(32), userId: BORIS }, Charlie: { id: 'c'.repeat(32), userId: CLARA } } as const;
type Name = keyof typeof PLAYERS;

let sshd: Sshd;
let mongo: TestMongo;
let cols: Collections;
let double: DiscordDouble;
let bot: BotProcess;
let serverId = '';

/** Every kill written to the killfeed, with whether the reference calls it a team kill. */
const written: { killer: Name; victim: Name; at: Date; team: boolean }[] = [];

const stamp = (d: Date) => {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}.${p(d.getUTCMonth() + 1)}.${p(d.getUTCDate())}-${p(d.getUTCHours())}.${p(d.getUTCMinutes())}.${p(d.getUTCSeconds())}`;
};

/** Appends kills (seconds ago) to the live CSV; `team`: the reference's rule, both members in one faction now. */
async function writeKills(kills: [Name, Name, number][], team: (k: Name, v: Name) => boolean): Promise<void> {
  const lines = kills.map(([killer, victim, ago]) => {
    const at = new Date(Math.floor(Date.now() / 1000) * 1000 - ago * 1000);
    written.push({ killer, victim, at, team: team(killer, victim) });
    return `${stamp(at)};${killer};${PLAYERS[killer].id};${victim};${PLAYERS[victim].id};AK-SU;42;PC;PC;`;
  });
  await appendFile(path.join(sshd.root, WORLD, CSV), `${lines.join('\n')}\n`);
}

/** A backfill (a poll now); a refused one (rate limit) waits and asks again. */
async function poll(): Promise<void> {
  for (;;) {
    const ix = await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'backfill', options: { server: serverId } });
    const reply = await ix.waitForReply((m) => /^(✅|⚠️)|going too fast/.test(m.content ?? ''), 30_000);
    if (!reply.content?.includes('going too fast')) return;
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

const faction = async (userId: string, subcommand: string, options: Record<string, string> = {}) => (await double.slash({ guildId: GUILD, userId, command: 'faction', subcommand, options })).reply();
/** `/leaderboard stat: window: faction:true`, asked by each member in turn (the command's rate limit is per member). */
let asker = 0;
const board_ = async (stat: string, window: string) =>
  (await double.slash({ guildId: GUILD, userId: [ANNA, BORIS, CLARA][asker++ % 3]!, command: 'leaderboard', options: { stat, window, faction: true } })).reply();
const balance = async (userId: string) => (await cols.creditBalances.findOne({ _id: `${GUILD}:${userId}` }))?.credits ?? 0;
/** A tagged name as a post's title has it. */
const WOLF = (name: string) => `\\[WOLF\\] ${name}`;
const embeds = () => double.channelMessages(KILLFEED).flatMap((m) => m.embeds);

/** The reference: kills and deaths per player over the written kills, team kills left out; per window key too. */
function reference(key?: string): Map<string, { kills: number; deaths: number }> {
  const out = new Map<string, { kills: number; deaths: number }>();
  const get = (n: Name) => out.get(PLAYERS[n].id) ?? out.set(PLAYERS[n].id, { kills: 0, deaths: 0 }).get(PLAYERS[n].id)!;
  for (const k of written) {
    if (k.team || (key && calendarKey('today', k.at, 'UTC') !== key)) continue;
    get(k.killer).kills++;
    get(k.victim).deaths++;
  }
  return out;
}

/** Kills and deaths of the players in the stored documents of these ids. */
async function storedCounts(ids: (id: string) => string, windows: boolean): Promise<Map<string, { kills: number; deaths: number }>> {
  const ing = ingestCollections(mongo.db);
  const out = new Map<string, { kills: number; deaths: number }>();
  for (const p of Object.values(PLAYERS)) {
    const d = (windows ? await ing.windows.findOne({ _id: ids(p.id) }) : await ing.stats.findOne({ _id: ids(p.id) })) as { kills?: number; deaths?: number } | null;
    if (d && ((d.kills ?? 0) > 0 || (d.deaths ?? 0) > 0)) out.set(p.id, { kills: d.kills ?? 0, deaths: d.deaths ?? 0 });
  }
  return out;
}

async function expectCountsAsReference(): Promise<void> {
  const all = reference();
  expect(await storedCounts((p) => playerDocId(serverId, p), false)).toEqual(all);
  expect(await storedCounts((p) => guildPlayerId(GUILD, p), false)).toEqual(all);
  const key = calendarKey('today', written.at(-1)!.at, 'UTC');
  expect(await storedCounts((p) => windowDocId(serverId, key, p), true)).toEqual(reference(key));
  expect(await storedCounts((p) => guildWindowDocId(GUILD, key, p), true)).toEqual(reference(key));
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
  cols = collections(mongo.db);
  const linkedAt = new Date(Date.now() - 3_600_000);
  await cols.playerLinks.insertMany(
    Object.entries(PLAYERS).map(([name, p]) => ({ _id: `${GUILD}:${p.id}`, guildId: GUILD, userId: p.userId, playerId: p.id, playerName: name, playerNameLower: name.toLowerCase(), linkedAt })),
  );
  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: '1650000000000000002',
    token: 'factions-teamkill-token',
    defaultTimeoutMs: 20_000,
    guilds: [
      {
        id: GUILD,
        name: 'Deadside EU',
        ownerId: ADMIN,
        channels: [
          { id: KILLFEED, name: 'killfeed', type: 'text' },
          { id: BOARDS, name: 'boards', type: 'text' },
        ],
        members: [
          { id: ADMIN, username: 'admin', manageGuild: true },
          { id: ANNA, username: 'anna' },
          { id: BORIS, username: 'boris' },
          { id: CLARA, username: 'clara' },
        ],
      },
    ],
  });
  bot = await startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: APP, mongoUri: mongo.uri, env: { ALLOW_PRIVATE_SFTP_HOSTS: 'true' } });
  await addAndTrust(double, GUILD, ADMIN, sshdFields(sshd, 'EU One'));
  serverId = String((await mongo.db.collection('game_servers').findOne({ guildId: GUILD }))!._id);
  await double.slash({ guildId: GUILD, userId: ADMIN, command: 'server', subcommand: 'channels', options: { server: serverId, killfeed: KILLFEED } });
  // Anna founds [WOLF]; Boris accepts her invitation.
  expect((await faction(ANNA, 'create', { name: 'Wolves', tag: 'WOLF' })).content).toContain('**[WOLF] Wolves** is founded');
  const invite = await faction(ANNA, 'invite', { member: BORIS });
  const joined = await (await double.clickButton({ guildId: GUILD, userId: BORIS, message: invite, customId: idStartingWith(invite, 'faction:join:') })).reply();
  expect(joined.content).toContain('joined **[WOLF] Wolves**');
}, 120_000);

afterAll(async () => {
  await bot?.stop();
  await double?.stop();
  await Promise.all([mongo?.stop(), sshd?.stop()]);
});

expectEveryRequestHandled(() => double);

describe('team kills', () => {
  it('are posted as team kills, stored as such, left out of every count and pay nothing', { timeout: 90_000 }, async () => {
    const inWolves = (k: Name, v: Name) => [k, v].every((n) => n === 'Alpha' || n === 'Bravo');
    // The kills happen after Boris joined (a kill from before it is no team kill: membership at its time).
    await new Promise((r) => setTimeout(r, 7_500));
    await writeKills(
      [
        ['Alpha', 'Charlie', 6],
        ['Alpha', 'Bravo', 5],
        ['Charlie', 'Bravo', 4],
        ['Bravo', 'Alpha', 3],
        ['Alpha', 'Charlie', 2],
        ['Bravo', 'Charlie', 1],
      ],
      inWolves,
    );
    await poll();
    const posts = await double.waitUntil(() => (embeds().length >= 6 ? embeds() : undefined), 20_000, 'six kill posts');
    const team = posts.filter((e) => e.description?.startsWith('🤝 Team kill'));
    expect(team).toHaveLength(2);
    expect(team[0]!.description).toContain('🤝 Team kill: both in **[WOLF]**. It counts no kill, no death and pays nothing.');
    // Tags before the members' players' names (escaped like the names: Discord shows `[WOLF] Alpha`); no streak or K/D on a team kill's post.
    expect(team[0]!.title).toContain(WOLF('Alpha'));
    expect(team[0]!.fields?.some((f) => f.name === 'K/D')).toBe(false);
    expect(posts.some((e) => e.title?.includes('Charlie') && e.title.includes(WOLF('Alpha')))).toBe(true);

    await expectCountsAsReference();
    expect(reference().get(PLAYERS.Alpha.id)).toEqual({ kills: 2, deaths: 0 });
    const events = await ingestCollections(mongo.db).killEvents.find({ guildId: GUILD }).toArray();
    expect(events.filter((e) => e.teamKill).map((e) => [e.killerName, e.victimName])).toEqual([
      ['Alpha', 'Bravo'],
      ['Bravo', 'Alpha'],
    ]);
    // Credits for the kills of linked players: none for a team kill.
    expect(await balance(ANNA)).toBe(2 * CREDITS.kill);
    expect(await balance(BORIS)).toBe(1 * CREDITS.kill);
    expect(await balance(CLARA)).toBe(1 * CREDITS.kill);
    expect(await cols.creditLedger.countDocuments({ guildId: GUILD, reason: 'kill' })).toBe(4);
    // The faction board adds up Alpha and Bravo without their team kills (5 kills and 3 deaths with them).
    for (const window of ['all', 'today']) {
      const board = (await board_('kills', window)).embeds[0]!;
      expect(board.title).toBe(`🛡️ Factions by Kills · ${window === 'all' ? 'All time' : 'Today'}`);
      expect(board.description).toBe('**1.** [WOLF] Wolves · 3 kills, 1 deaths, K/D 3.00');
    }
    // A backfill reads nothing new: the journaled decision stands, nothing counts or pays twice.
    await poll();
    await expectCountsAsReference();
    expect(await balance(ANNA)).toBe(2 * CREDITS.kill);
  });

  it('counts kills again once a member has left the faction (membership at the time of the kill)', { timeout: 90_000 }, async () => {
    expect((await faction(BORIS, 'leave')).content).toBe('You left **Wolves**.');
    await new Promise((r) => setTimeout(r, 1_500)); // the next kills' whole-second stamps are after the leave
    await writeKills([['Alpha', 'Bravo', 0]], () => false);
    await poll();
    const post = await double.waitUntil(() => (embeds().length >= 7 ? embeds()[6] : undefined), 20_000, 'the seventh kill post');
    expect(post.description ?? '').not.toContain('Team kill');
    expect(post.title).toContain(WOLF('Alpha'));
    expect(post.title).not.toContain(WOLF('Bravo'));
    await expectCountsAsReference();
    expect(await balance(ANNA)).toBe(3 * CREDITS.kill);
    // /faction info adds up Anna's player only (Boris left): team kills never in it.
    const info = (await faction(CLARA, 'info', { name: 'wolf' })).embeds[0]!;
    expect(info.fields?.find((f) => f.name === 'Kills')?.value).toBe(String(reference().get(PLAYERS.Alpha.id)!.kills));
    // Clara's faction joins the board: ranked by kills, and by K/D.
    expect((await faction(CLARA, 'create', { name: 'Ravens', tag: 'RVN' })).content).toContain('**[RVN] Ravens** is founded');
    const byKills = (await board_('kills', 'all')).embeds[0]!.description!.split('\n');
    expect(byKills).toEqual(['**1.** [WOLF] Wolves · 3 kills, 0 deaths, K/D 3.00', '**2.** [RVN] Ravens · 1 kills, 3 deaths, K/D 0.33']);
    const byKd = (await board_('kdr', 'today')).embeds[0]!.description!.split('\n');
    expect(byKd.map((l) => l.split(' · ')[0])).toEqual(['**1.** [WOLF] Wolves', '**2.** [RVN] Ravens']);
    expect((await board_('longest_kill', 'all')).content).toContain('Factions are ranked by kills or K/D only.');
    // The player board shows the tags of the players' members' factions (Bravo's member left his).
    const players = JSON.stringify((await (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'leaderboard', options: { stat: 'kills' } })).reply()).embeds[0]);
    expect(players).toContain(JSON.stringify(WOLF('Alpha')).slice(1, -1));
    expect(players).toContain(JSON.stringify('\\[RVN\\] Charlie').slice(1, -1));
    expect(players).not.toContain('WOLF\\\\] Bravo');
    // A posted board (/board) shows the same tags.
    const posted = await (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'board', subcommand: 'post', options: { channel: BOARDS, stat: 'kills', window: 'all' } })).reply();
    expect(posted.content ?? JSON.stringify(posted.embeds)).not.toMatch(/refused|can't|cannot/i);
    const board = await double.waitUntil(() => double.channelMessages(BOARDS)[0], 10_000, 'the posted board');
    expect(JSON.stringify(board.embeds)).toContain(JSON.stringify(WOLF('Alpha')).slice(1, -1));
    expect(double.schemaViolations).toEqual([]);
  });
});
