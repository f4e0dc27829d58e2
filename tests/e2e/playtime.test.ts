/**
 * Playtime through the real bot process, OpenSSH's sshd, jongodb and the Discord double: a generated
 * Deadside.log (joins, leaves, timeouts, restarts with players on; moved so it ends a minute ago) and a
 * killfeed naming the same players are read by the bot; the playtime documents equal a reference
 * computed from the same lines, `/stats player` shows the playtime and sessions (all time and today),
 * and `/leaderboard stat:playtime` ranks the players by it (all time and today).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { collections } from '../../src/db/collections.js';
import { seasonId } from '../../src/db/seasonSchemas.js';
import { GUILD_SCOPE, playtimeDocId } from '../../src/ingest/playtimeStore.js';
import { DEFAULT_FORMAT } from '../../src/format/guildFormat.js';
import { ingestCollections } from '../../src/ingest/store.js';
import { SecretBox } from '../../src/security/secrets.js';
import { ServerRepo } from '../../src/servers/repo.js';
import { DiscordDouble } from '../support/discord-double/index.js';
import { startBotProcess, TEST_SECRETS_KEY, type BotProcess } from '../support/bot.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { startSshd, type Sshd } from '../support/sshd.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';
import { generateLog, opened, stamp } from '../ingest/support/playtimeLog.js';
import { lastStamp, playtimeByDay, sessionsOf, shiftLog, type RefDay } from '../ingest/support/playtimeReference.js';

const APP = '1620000000000000001';
const GUILD = '1620000000000000100';
const ADMIN = '1620000000000000301';
const MEMBER = '1620000000000000302';

const raw = generateLog(21, 160);
// Moved to end a minute ago, by whole seconds (the "Log file open" lines have no milliseconds).
const LINES = shiftLog(raw, Math.round((Date.now() - 60_000 - lastStamp(raw)) / 1000) * 1000, { stamp, opened });
const REF = playtimeByDay(sessionsOf(LINES), 0);
const players = [...new Set([...REF.keys()].map((k) => k.split('|')[0]!))];
const nameOf = (id: string) => `P${id.slice(-2)}`;
const dur = (s: number) => DEFAULT_FORMAT.duration(s);
const sessions = (n: number) => `${n} session${n === 1 ? '' : 's'}`;

let sshd: Sshd;
let mongo: TestMongo;
let double: DiscordDouble;
let bot: BotProcess;

/** Each player killed once by the next (so each has a stats document to look up), a second apart. */
function killfeed(): string {
  const t0 = lastStamp(LINES) - players.length * 1000;
  return players
    .map((victim, i) => {
      const killer = players[(i + 1) % players.length]!;
      const ts = stamp(t0 + i * 1000).slice(1, 20);
      return `${ts};${nameOf(killer)};${killer};${nameOf(victim)};${victim};AK-74;40;PC;PC;\n`;
    })
    .join('');
}

beforeAll(async () => {
  expect(players.length).toBeGreaterThan(5);
  [sshd, mongo] = await Promise.all([
    startSshd({
      tree: async (root) => {
        const world = path.join(root, 'srv', 'actual1', 'deathlogs', 'world_0');
        await mkdir(world, { recursive: true });
        await writeFile(path.join(world, `${stamp(lastStamp(LINES) - 3_600_000).slice(1, 20)}.csv`), killfeed());
        await mkdir(path.join(root, 'srv', 'Logs'), { recursive: true });
        await writeFile(path.join(root, 'srv', 'Logs', 'Deadside.log'), `${LINES.join('\n')}\n`);
      },
    }),
    startMongo(),
  ]);
  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: '1620000000000000002',
    token: 'playtime-test-token',
    guilds: [
      {
        id: GUILD,
        name: 'Deadside Playtime',
        ownerId: ADMIN,
        channels: [{ id: '1620000000000000110', name: 'general', type: 'text' }],
        members: [
          { id: ADMIN, username: 'admin', manageGuild: true },
          { id: MEMBER, username: 'member' },
        ],
      },
    ],
  });
  const cols = collections(mongo.db);
  const repo = new ServerRepo(cols.gameServers, cols.pendingServers, new SecretBox(TEST_SECRETS_KEY));
  const input = { name: 'EU One', host: '127.0.0.1', port: sshd.port, username: sshd.username, password: sshd.password, root: path.join(sshd.root, 'srv'), legacyAlgorithms: false };
  await repo.create(GUILD, ADMIN, repo.seal(input), sshd.hostKeyFingerprintSha256, null);
  bot = await startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: APP, mongoUri: mongo.uri, env: { ALLOW_PRIVATE_SFTP_HOSTS: 'true' } });
}, 90_000);

afterAll(async () => {
  await bot?.stop();
  await double?.stop();
  await Promise.all([mongo?.stop(), sshd?.stop()]);
});

expectEveryRequestHandled(() => double);

const today = () => new Date().toISOString().slice(0, 10);
const refOf = (id: string, day: string): RefDay => REF.get(`${id}|${day}`) ?? { seconds: 0, sessions: 0 };
/** The reference's board of a window: by seconds, ties by name. */
const boardOf = (day: string) =>
  players
    .map((id) => ({ id, ...refOf(id, day) }))
    .filter((p) => p.seconds > 0)
    .sort((a, b) => b.seconds - a.seconds || nameOf(a.id).toLowerCase().localeCompare(nameOf(b.id).toLowerCase()));

describe('playtime through the real bot', () => {
  it('keeps the reference playtime, shown by /stats player and ranked by /leaderboard stat:playtime', { timeout: 120_000 }, async () => {
    const ingest = ingestCollections(mongo.db);
    await vi.waitFor(
      async () => {
        const docs = await ingest.playtime.find({ guildId: GUILD, serverId: '*', window: 'all' }).toArray();
        expect(new Map(docs.map((d) => [d.playerId, [d.seconds, d.sessions]]))).toEqual(new Map(players.map((id) => [id, [refOf(id, 'all').seconds, refOf(id, 'all').sessions]])));
        expect(await ingest.stats.countDocuments({ guildId: GUILD, type: 'player' })).toBe(players.length);
      },
      { timeout: 90_000, interval: 500 },
    );
    const top = boardOf('all')[0]!;

    const reply = await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'stats', subcommand: 'player', options: { name: nameOf(top.id) } })).reply();
    const embed = reply.embeds[0]!;
    expect(embed.fields?.find((f) => f.name === 'Playtime')?.value).toBe(dur(top.seconds));
    expect(embed.description).toContain(`last seen <t:`);
    expect(embed.description).toContain(sessions(top.sessions));

    const day = refOf(top.id, today());
    const todays = await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'stats', subcommand: 'player', options: { name: nameOf(top.id), window: 'today' } })).reply();
    expect(todays.embeds[0]!.fields?.find((f) => f.name === 'Playtime')?.value).toBe(day.sessions ? dur(day.seconds) : 'none logged yet');

    const board = await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'leaderboard', options: { stat: 'playtime' } })).reply();
    const lines = board.embeds[0]!.description!.split('\n');
    const want = boardOf('all');
    expect(lines).toHaveLength(Math.min(10, want.length));
    lines.forEach((l, i) => expect(l).toContain(`**${nameOf(want[i]!.id)}** — ${dur(want[i]!.seconds)} · ${sessions(want[i]!.sessions)}`));
    expect(board.embeds[0]!.footer?.text).toContain(`${want.length} ranked`);

    const dayBoard = await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'leaderboard', options: { stat: 'playtime', window: 'today' } })).reply();
    const wantDay = boardOf(today());
    const dayLines = wantDay.length ? dayBoard.embeds[0]!.description!.split('\n') : [];
    expect(dayLines).toHaveLength(Math.min(10, wantDay.length));
    dayLines.forEach((l, i) => expect(l).toContain(`**${nameOf(wantDay[i]!.id)}** — ${dur(wantDay[i]!.seconds)}`));

    // A player seen only in Deadside.log (their killfeed documents gone, as if they never killed or died):
    // /stats player still shows their playtime, found by name in any case.
    const quiet = boardOf('all').at(-1)!;
    await ingest.stats.deleteMany({ guildId: GUILD, playerId: quiet.id } as never);
    const logged = (await ingest.playtime.findOne({ guildId: GUILD, serverId: '*', window: 'all', playerId: quiet.id }))!.name;
    const logOnly = (await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'stats', subcommand: 'player', options: { name: logged.toUpperCase() } })).reply()).embeds[0]!;
    expect(logOnly.title?.replace(/\\/g, '')).toBe(logged);
    expect(logOnly.description).toContain('seen in Deadside.log, in no killfeed yet');
    expect(logOnly.fields?.find((f) => f.name === 'Playtime')?.value).toBe(dur(quiet.seconds));
    const nobody = await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'stats', subcommand: 'player', options: { name: 'Nobody At All' } })).reply();
    expect(nobody.embeds).toHaveLength(0);
  });

  it("ranks an ended season's playtime from that season's documents (`season:`), which are not archived", { timeout: 60_000 }, async () => {
    const ingest = ingestCollections(mongo.db);
    const now = new Date();
    await collections(mongo.db).seasons.insertOne({ _id: seasonId(GUILD, 1), guildId: GUILD, number: 1, name: 'Spring', startedAt: new Date(now.getTime() - 86_400_000), startedBy: ADMIN, endedAt: now, archive: [] });
    // What the season's batches would have written: three players, the middle one on longest.
    const season = players.slice(0, 3).map((id, i) => ({ id, seconds: [600, 5400, 120][i]!, sessions: i + 1 }));
    await ingest.playtime.insertMany(
      season.map((p) => ({ _id: playtimeDocId(GUILD, GUILD_SCOPE, 's1', p.id), guildId: GUILD, serverId: GUILD_SCOPE, window: 's1', playerId: p.id, name: nameOf(p.id), nameLower: nameOf(p.id).toLowerCase(), seconds: p.seconds, sessions: p.sessions, seqs: {} })),
    );
    const board = await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'leaderboard', options: { stat: 'playtime', season: '1' } })).reply();
    const lines = board.embeds[0]!.description!.split('\n');
    const want = [...season].sort((a, b) => b.seconds - a.seconds);
    expect(lines).toHaveLength(3);
    lines.forEach((l, i) => expect(l).toContain(`**${nameOf(want[i]!.id)}** — ${dur(want[i]!.seconds)} · ${sessions(want[i]!.sessions)}`));
    expect(JSON.stringify(board.embeds[0])).toContain('Spring');
  });
});
