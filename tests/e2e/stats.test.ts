/**
 * /stats, /leaderboard, /link and /unlink through the Discord double and the real bot process. Stats
 * documents are produced by the ingestion engine's own stats model from killfeed lines, then stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections } from '../../src/db/collections.js';
import { parseKillfeedLine } from '../../src/deadside/index.js';
import { ingestCollections } from '../../src/ingest/store.js';
import { StatsWorkingSet } from '../../src/ingest/statsModel.js';
import { SecretBox } from '../../src/security/secrets.js';
import { ServerRepo } from '../../src/servers/repo.js';
import { DiscordDouble, type DoubleMessage } from '../support/discord-double/index.js';
import { startBotProcess, TEST_SECRETS_KEY, type BotProcess } from '../support/bot.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { customIds } from '../support/serverFlow.js';
import { expectEveryRequestHandled } from '../support/doubleChecks.js';

const APP = '1400000000000000001';
const GUILD = '1400000000000000100';
const OTHER_GUILD = '1400000000000000200';
const TEXT = '1400000000000000110';
const ADMIN = '1400000000000000301';
const MEMBER = '1400000000000000302';
const FRIEND = '1400000000000000303';
const OUTSIDER = '1400000000000000304';

const ALPHA = 'a'.repeat(32);
const BRAVO = 'b'.repeat(32);
const CHARLIE = 'c'.repeat(32);
/** Extra players so the kills board needs more than one page. */
const EXTRAS = Array.from({ length: 14 }, (_, i) => ({ id: `e${String(i).padStart(31, '0')}`, name: `Extra ${String(i).padStart(2, '0')}` }));

let mongo: TestMongo;
let double: DiscordDouble;
let bot: BotProcess;
let serverOne: string;
let serverTwo: string;

function line(at: string, killer: [string, string], victim: [string, string], weapon: string, distance: number): string {
  return `${at};${killer[1]};${killer[0]};${victim[1]};${victim[0]};${weapon};${distance};PC;PC;`;
}

async function seedStats(guildId: string, serverId: string, lines: string[]): Promise<void> {
  const set = new StatsWorkingSet({ guildId, serverId }, 1, []);
  for (const l of lines) {
    const r = parseKillfeedLine(l);
    if (!r.ok) throw new Error(r.reason);
    set.applyKill(r.event);
  }
  await ingestCollections(mongo.db).stats.insertMany(set.writes().map((w) => w.doc));
}

function field(message: DoubleMessage, name: string): string | undefined {
  return message.embeds[0]?.fields?.find((f) => f.name === name)?.value;
}

beforeAll(async () => {
  mongo = await startMongo();
  const cols = collections(mongo.db);
  const repo = new ServerRepo(cols.gameServers, cols.pendingServers, new SecretBox(TEST_SECRETS_KEY));
  const server = (guildId: string, name: string) =>
    repo.create(guildId, ADMIN, repo.seal({ name, host: 'game.example.org', port: 22, username: 'u', password: 'pw', root: '/', legacyAlgorithms: false }), 'SHA256:test', null);
  serverOne = (await server(GUILD, 'EU One'))._id;
  serverTwo = (await server(GUILD, 'EU Two'))._id;
  const foreign = (await server(OTHER_GUILD, 'Elsewhere'))._id;

  const a: [string, string] = [ALPHA, 'Alpha'];
  const b: [string, string] = [BRAVO, 'Bravo'];
  const c: [string, string] = [CHARLIE, 'Charlie'];
  await seedStats(GUILD, serverOne, [
    line('2025.05.01-10.00.00', a, b, 'M99', 300),
    line('2025.05.01-10.01.00', a, b, 'AK-74', 50),
    line('2025.05.01-10.02.00', b, a, 'M99', 120),
    ...EXTRAS.map((e, i) => line(`2025.05.01-11.${String(i).padStart(2, '0')}.00`, [e.id, e.name], c, 'Mosin', 10 + i)),
  ]);
  await seedStats(GUILD, serverTwo, [
    line('2025.05.02-10.00.00', a, c, 'SVD', 640),
    line('2025.05.02-10.01.00', a, c, 'SVD', 20),
    line('2025.05.02-10.02.00', a, b, 'SVD', 10),
  ]);
  await seedStats(OTHER_GUILD, foreign, [line('2025.05.02-10.00.00', [ALPHA, 'Alpha'], b, 'SVD', 999)]);
  await cols.memberStats.insertMany([
    { _id: `${GUILD}:${MEMBER}`, guildId: GUILD, userId: MEMBER, commandsUsed: 0, canvasPixelsPlaced: 12 },
    { _id: `${GUILD}:${FRIEND}`, guildId: GUILD, userId: FRIEND, commandsUsed: 0, canvasPixelsPlaced: 30 },
  ]);

  double = await DiscordDouble.start({
    applicationId: APP,
    botUserId: '1400000000000000002',
    token: 'stats-test-token',
    guilds: [
      {
        id: GUILD,
        name: 'Deadside EU',
        ownerId: ADMIN,
        channels: [{ id: TEXT, name: 'stats', type: 'text' }],
        members: [
          { id: ADMIN, username: 'admin', manageGuild: true },
          { id: MEMBER, username: 'member' },
          { id: FRIEND, username: 'friend' },
        ],
      },
      { id: OTHER_GUILD, name: 'Other', ownerId: OUTSIDER, channels: [{ id: '1400000000000000210', name: 'x', type: 'text' }], members: [{ id: OUTSIDER, username: 'outsider' }] },
    ],
  });
  bot = await startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: APP, mongoUri: mongo.uri });
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await double?.stop();
  await mongo?.stop();
});

expectEveryRequestHandled(() => double);

describe('/stats', () => {
  it('autocompletes player names from this guild and shows a player across all servers', async () => {
    const choices = await double.autocomplete({ guildId: GUILD, userId: MEMBER, command: 'stats', subcommand: 'player', options: { name: 'al' }, focused: 'name' });
    expect(choices).toEqual([{ name: 'Alpha', value: ALPHA }]);

    const reply = await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'stats', subcommand: 'player', options: { name: ALPHA } })).reply();
    expect(reply.embeds[0]?.title).toBe('Alpha · PC');
    expect(field(reply, 'Kills')).toBe('5');
    expect(field(reply, 'Deaths')).toBe('1');
    expect(field(reply, 'K/D')).toBe('5.00');
    expect(field(reply, 'Longest kill')).toMatch(/^640 m — SVD on Charlie <t:\d+:R>$/);
    expect(field(reply, 'Streak')).toBe('best 3, current 3');
    expect(field(reply, 'Top weapons')).toBe('1. SVD (3)\n2. M99 (1)\n3. AK-74 (1)');
    expect(field(reply, 'Nemesis')).toBe('Bravo (killed you 1×)');
    expect(field(reply, 'Prey')).toBe('Bravo (you killed 3×)');
  });

  it('narrows to one server, chosen from this guild’s servers only', async () => {
    const servers = await double.autocomplete({ guildId: GUILD, userId: MEMBER, command: 'stats', subcommand: 'player', options: { name: 'Alpha', server: '' }, focused: 'server' });
    expect(servers.map((s) => s.name).sort()).toEqual(['EU One', 'EU Two']);
    const reply = await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'stats', subcommand: 'player', options: { name: 'alpha', server: serverTwo } })).reply();
    expect(field(reply, 'Kills')).toBe('3');
    expect(field(reply, 'Deaths')).toBe('0');
    expect(reply.embeds[0]?.description).toContain('EU Two');
  });

  it('never shows another guild’s players', async () => {
    const reply = await (await double.slash({ guildId: OTHER_GUILD, userId: OUTSIDER, command: 'stats', subcommand: 'player', options: { name: 'Alpha' } })).reply();
    expect(field(reply, 'Kills')).toBe('1');
    expect(field(reply, 'Longest kill')).toMatch(/^999 m/);
  });

  it('answers an unknown player with a clear ephemeral message', async () => {
    const reply = await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'stats', subcommand: 'player', options: { name: 'Nobody' } })).reply();
    expect(reply.flags! & 64).toBe(64);
    expect(reply.content).toMatch(/No player called \*\*Nobody\*\*/);
  });

  it('shows a weapon and the server totals', async () => {
    const weapon = await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'stats', subcommand: 'weapon', options: { name: 'svd' } })).reply();
    expect(weapon.embeds[0]?.title).toBe('SVD');
    expect(field(weapon, 'Kills')).toBe('3');
    expect(field(weapon, 'Top users')).toBe('1. Alpha (3)');

    const server = await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'stats', subcommand: 'server' })).reply();
    expect(field(server, 'Kills')).toBe(String(6 + EXTRAS.length));
    expect(field(server, 'Players seen')).toBe(String(3 + EXTRAS.length));
    expect(field(server, 'Busiest weapons')?.split('\n')[0]).toBe(`1. Mosin (${EXTRAS.length})`);
  });
});

describe('/leaderboard', () => {
  it('pages with buttons that edit the board in place', async () => {
    const ix = await double.slash({ guildId: GUILD, userId: MEMBER, command: 'leaderboard', options: { stat: 'kills' } });
    const first = await ix.reply();
    const lines = first.embeds[0]!.description!.split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('🥇 **Alpha** — 5 kills');
    expect(first.embeds[0]?.footer?.text).toMatch(/^Page 1\/2 · 16 ranked/);

    const next = customIds(first).find((id) => id.startsWith('leaderboard:page:') && id.endsWith(':n'));
    const click = await double.clickButton({ userId: FRIEND, guildId: GUILD, message: first, customId: next! });
    const second = await click.reply();
    expect(second.id).toBe(first.id);
    expect(second.embeds[0]?.footer?.text).toMatch(/^Page 2\/2/);
    expect(second.embeds[0]!.description!.split('\n')).toHaveLength(6);
  });

  it('answers its former name /top with the same board and an ephemeral note giving the new name', async () => {
    const current = await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'leaderboard', options: { stat: 'kills', server: 'EU Two' } })).reply();
    const ix = await double.slash({ guildId: GUILD, userId: MEMBER, command: 'top', options: { stat: 'kills', server: 'EU Two' } });
    const former = await ix.reply();
    expect(former.embeds).toEqual(current.embeds);
    expect(former.components).toEqual(current.components);
    expect(former.flags ?? 0).toBe(current.flags ?? 0);
    const note = await ix.waitForFollowUp();
    expect(note.content).toBe('`/top` is now `/leaderboard`.');
    expect((note.flags ?? 0) & (1 << 6)).not.toBe(0);
  });

  it('ranks members by pixels placed', async () => {
    const reply = await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'leaderboard', options: { stat: 'pixels' } })).reply();
    expect(reply.embeds[0]!.description!.split('\n')).toEqual([`🥇 **<@${FRIEND}>** — 30 pixels`, `🥈 **<@${MEMBER}>** — 12 pixels`]);
  });

  it('ranks longest kills on one server', async () => {
    const reply = await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'leaderboard', options: { stat: 'longest_kill', server: 'EU Two' } })).reply();
    expect(reply.embeds[0]?.title).toBe('🏆 Longest kill — EU Two');
    expect(reply.embeds[0]!.description!.split('\n')[0]).toBe('🥇 **Alpha** — 640 m with SVD on Charlie');
  });
});

describe('/link and /unlink', () => {
  it('links a member to a player once, refuses a second claim, and unlinks', async () => {
    // Links made at once (open mode; the default approval mode is tested in tests/e2e/links.test.ts).
    await (await double.slash({ guildId: GUILD, userId: ADMIN, command: 'settings', subcommand: 'set', options: { link_mode: 'open' } })).reply();
    const linked = await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'link', options: { player: ALPHA } })).reply();
    expect(linked.content).toMatch(/linked to \*\*Alpha\*\*/);
    const stats = await (await double.slash({ guildId: GUILD, userId: FRIEND, command: 'stats', subcommand: 'player', options: { name: 'Alpha' } })).reply();
    expect(stats.embeds[0]?.description).toContain(`linked to <@${MEMBER}>`);

    const claimed = await (await double.slash({ guildId: GUILD, userId: FRIEND, command: 'link', options: { player: 'Alpha' } })).reply();
    expect(claimed.flags! & 64).toBe(64);
    expect(claimed.content).toMatch(/already linked to <@/);

    const unlinked = await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'unlink' })).reply();
    expect(unlinked.content).toMatch(/Unlinked from \*\*Alpha\*\*/);
    const again = await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'unlink' })).reply();
    expect(again.content).toMatch(/not linked/);
    expect(await mongo.db.collection('player_links').countDocuments({ guildId: GUILD })).toBe(0);
  });

  it('shows a member’s players together with /stats player member:', async () => {
    // Alpha (main) and Charlie (alt), linked in open mode; the free tier allows two players.
    await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'link', options: { player: ALPHA } })).reply();
    await (await double.slash({ guildId: GUILD, userId: MEMBER, command: 'link', options: { player: CHARLIE } })).reply();
    const reply = await (await double.slash({ guildId: GUILD, userId: FRIEND, command: 'stats', subcommand: 'player', options: { member: MEMBER } })).reply();
    expect(reply.embeds[0]?.title).toBe('member: 2 players');
    // Alpha 5 kills + Charlie 0; deaths Alpha 1 + Charlie 2 + the extras' 14 kills of Charlie.
    expect(field(reply, 'Kills')).toBe('5');
    expect(field(reply, 'Deaths')).toBe(String(1 + 2 + EXTRAS.length));
    expect(field(reply, 'Players')?.split('\n')).toEqual([
      '**Alpha** — kills 5 · deaths 1 · K/D 5.00',
      `**Charlie** — kills 0 · deaths ${2 + EXTRAS.length} · K/D 0.00`,
    ]);
    const nobody = await (await double.slash({ guildId: GUILD, userId: FRIEND, command: 'stats', subcommand: 'player', options: { member: FRIEND } })).reply();
    expect(nobody.flags! & 64).toBe(64);
    expect(nobody.content).toContain('has no linked player');
    const neither = await (await double.slash({ guildId: GUILD, userId: FRIEND, command: 'stats', subcommand: 'player', options: {} })).reply();
    expect(neither.content).toContain('Give a player `name:` or a `member:`');
  });

  it('sent only bodies Discord accepts', () => {
    expect(double.schemaViolations).toEqual([]);
  });
});
