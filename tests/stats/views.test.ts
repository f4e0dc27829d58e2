/**
 * /stats and /leaderboard embeds (src/stats/views.ts):
 * - in the guild's format (its /settings locale): the same player reads `1,234` and `1.50` in en-US,
 *   `1.234` and `1,50` in de; Discord timestamps are left to Discord;
 * - within Discord's limits whatever a game server's log names its players and weapons, those names
 *   shown escaped: one long or hostile name never makes a 400;
 * - in the reader's language: stat names and the texts around them come from the catalog
 *   (src/i18n/<language>/stats.ts).
 * (Board values: tests/stats/leaderboards.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord.js';
import { codePoints, embedLength, LIMITS } from '../../src/discord/limits.js';
import { msg } from '../../src/i18n/message.js';
import { translator } from '../../src/i18n/translate.js';
import type { PlayerStats, ServerStats, WeaponStats } from '../../src/ingest/schemas.js';
import { PAGE_SIZE, playerBoardRows } from '../../src/stats/leaderboards.js';
import { leaderboardEmbed, playerEmbed, serverEmbed, weaponEmbed } from '../../src/stats/views.js';
import { A, alpha, AT, AT_UNIX, B, bravo, de, enUS, fields, names, playerWithKills } from './helpers.js';

describe('player embed', () => {
  it('writes counts, K/D and distance in de', () => {
    const f = fields(playerEmbed(alpha, names, 'All servers', undefined, de));
    expect(f.Kills).toBe('1.234');
    expect(f.Deaths).toBe('822 (+1.005 other)');
    expect(f['K/D']).toBe('1,50');
    expect(f.Suicides).toBe('1.200 (menu 1.000, fall 150, vehicle 30, other 20)');
    expect(f.Streak).toBe('best 1.500, current 12');
    expect(f.Roadkills).toBe('2.500');
    expect(f['Top weapons']).toBe('1. SVD (1.100)\n2. M99 (134)');
    expect(f.Nemesis).toBe('Bravo (killed you 2.000×)');
    expect(f.Prey).toBe('Bravo (you killed 1.234×)');
    // The distance is a number like any other; the timestamp stays Discord's, read in each member's own time.
    expect(f['Longest kill']).toBe(`1.520,5 m — SVD on Bravo <t:${AT_UNIX}:R>`);
  });

  it('writes the same player in en-US', () => {
    const f = fields(playerEmbed(alpha, names, 'All servers', undefined, enUS));
    expect(f.Kills).toBe('1,234');
    expect(f.Deaths).toBe('822 (+1,005 other)');
    expect(f['K/D']).toBe('1.50');
    expect(f.Streak).toBe('best 1,500, current 12');
    expect(f['Top weapons']).toBe('1. SVD (1,100)\n2. M99 (134)');
    expect(f['Longest kill']).toBe(`1,520.5 m — SVD on Bravo <t:${AT_UNIX}:R>`);
  });

  it('uses en-US when no guild format is given', () => {
    const f = fields(playerEmbed(alpha, names, 'All servers'));
    expect(f.Kills).toBe('1,234');
    expect(f['K/D']).toBe('1.50');
    expect(playerEmbed(alpha, names, 'EU One', '123').toJSON().description).toBe(`EU One · linked to <@123> · last seen <t:${AT_UNIX}:R>`);
  });
});

describe('leaderboard rows', () => {
  it('render in the board embed, ranks in the guild’s format too', () => {
    const rows = playerBoardRows([bravo, alpha], 'kills', de);
    expect(leaderboardEmbed('🏆 Kills — all servers', rows, 0, 'Page 1/1 · 2 ranked', de).toJSON().description).toBe(
      '🥇 **Alpha** — 1.234 kills\n🥈 **Bravo** — 3 kills',
    );
    // Page 101 of a large board starts at rank 1001.
    const deep = leaderboardEmbed('t', rows, 1000, 'f', de).toJSON().description;
    expect(deep).toBe('`1.001.` **Alpha** — 1.234 kills\n`1.002.` **Bravo** — 3 kills');
    const deepUS = leaderboardEmbed('t', playerBoardRows([bravo, alpha], 'kills', enUS), 1000, 'f', enUS).toJSON().description;
    expect(deepUS).toBe('`1,001.` **Alpha** — 1,234 kills\n`1,002.` **Bravo** — 3 kills');
    // Ranks under 10 keep their padding to two characters.
    expect(leaderboardEmbed('t', rows, 3, 'f', de).toJSON().description?.split('\n')[0]).toBe('` 4.` **Alpha** — 1.234 kills');
  });
});

describe('weapon and server embeds', () => {
  const svd: WeaponStats = {
    _id: 'w',
    guildId: 'g',
    serverId: '*',
    lastSeq: 1,
    type: 'weapon',
    weapon: 'SVD',
    kills: 4321,
    longestKill: { distance: 1520.5, killerId: A, killerName: 'Alpha', victimName: 'Bravo', at: AT },
    users: [{ id: B, n: 1100 }],
  };
  const server: ServerStats = {
    _id: 's',
    guildId: 'g',
    serverId: 's1',
    lastSeq: 1,
    type: 'server',
    kills: 12_345,
    otherDeaths: 2000,
    suicides: 1001,
    roadkills: 0,
    killfeedLines: 0,
    lastEvents: [{ type: 'mission', text: 'Mission started', at: AT }],
    players: { online: 1000, queued: 1500, max: 1200 },
  };

  it('writes weapon counts and distances in de', () => {
    const f = fields(weaponEmbed(svd, names, 'All servers', de));
    expect(f.Kills).toBe('4.321');
    expect(f['Top users']).toBe('1. Bravo (1.100)');
    expect(f['Longest kill']).toBe(`1.520,5 m — Alpha on Bravo <t:${AT_UNIX}:R>`);
  });

  it('writes server totals in de and en-US', () => {
    const inDe = fields(serverEmbed('EU', [server], [svd], 23_456, de));
    expect([inDe.Kills, inDe.Suicides, inDe['Other deaths'], inDe['Players seen']]).toEqual(['12.345', '1.001', '2.000', '23.456']);
    expect(inDe['Online now']).toBe('1.000/1.200 (1.500 queued)');
    expect(inDe['Busiest weapons']).toBe('1. SVD (4.321)');
    expect(inDe['Last events']).toBe(`<t:${AT_UNIX}:R> Mission started`);
    const inUS = fields(serverEmbed('EU', [server, { ...server, kills: 5 }], [svd], 23_456, enUS));
    expect([inUS.Kills, inUS['Players seen']]).toEqual(['12,350', '23,456']);
  });
});

const LONG_WEAPON = `W_${'w'.repeat(998)}`;
const HOSTILE = '@everyone';

function withinLimits(e: APIEmbed): void {
  const fits = (s: string | undefined, max: number) => s === undefined || expect(codePoints(s)).toBeLessThanOrEqual(max);
  fits(e.title, LIMITS.title);
  fits(e.description, LIMITS.description);
  fits(e.footer?.text, LIMITS.footer);
  for (const f of e.fields ?? []) {
    fits(f.name, LIMITS.fieldName);
    fits(f.value, LIMITS.fieldValue);
  }
  expect(embedLength(e)).toBeLessThanOrEqual(LIMITS.embedTotal);
  expect(JSON.stringify(e)).not.toContain('@everyone');
}


function hostilePlayer(i: number, name: string): PlayerStats {
  const id = String(i).padStart(32, '0');
  return {
    _id: id,
    guildId: 'g',
    serverId: '*',
    lastSeq: 1,
    type: 'player',
    playerId: id,
    name,
    nameLower: name.toLowerCase(),
    platform: 'PC',
    kills: 100 - i,
    deaths: 1,
    otherDeaths: 0,
    suicides: { menu: 0, fall: 0, vehicle: 0, other: 0 },
    suicidesTotal: 0,
    roadkills: 0,
    kdr: 100 - i,
    longestKill: { distance: 1000 - i, weapon: `${LONG_WEAPON}${i}`, victimId: 'v', victimName: `${HOSTILE} ${'v'.repeat(500)}`, at: AT },
    streak: 1,
    bestStreak: 1,
    weapons: [1, 2, 3].map((n) => ({ id: `${LONG_WEAPON}${n}`, n })),
    victims: [{ id: 'v', n: 3 }],
    killers: [{ id: 'k', n: 2 }],
    firstSeenAt: AT,
    lastSeenAt: AT,
  };
}

const hostileNames = new Map([
  ['v', `${HOSTILE} ${'v'.repeat(2000)}`],
  ['k', '**k**'.repeat(500)],
]);


describe('stats embeds with hostile names', () => {
  it('a player named @everyone with 1,000-character weapons', () => {
    const e = playerEmbed(hostilePlayer(0, `${HOSTILE}${'x'.repeat(500)}`), hostileNames, '[EU] PvP #1 | x2').toJSON();
    withinLimits(e);
    expect(e.title).toMatch(/^@\u200beveryonex+…/);
    expect(e.description).toMatch(/^\\\[EU\\\] PvP #1 \\\| x2 · last seen/);
    expect(e.fields?.find((f) => f.name === 'Top weapons')?.value.split('\n')).toHaveLength(3);
  });

  it('a 1,000-character weapon and the server totals', () => {
    const w: WeaponStats = {
      _id: 'w',
      guildId: 'g',
      serverId: '*',
      lastSeq: 1,
      type: 'weapon',
      weapon: LONG_WEAPON,
      kills: 5,
      longestKill: { distance: 1, killerId: 'k', killerName: `${HOSTILE}${'k'.repeat(900)}`, victimName: `${HOSTILE}${'v'.repeat(900)}`, at: AT },
      users: [{ id: 'v', n: 5 }, { id: 'k', n: 4 }],
    };
    const weapon = weaponEmbed(w, hostileNames, 'All servers').toJSON();
    withinLimits(weapon);
    expect(weapon.title).toMatch(/^W\\_w+…$/);
    const server: ServerStats = {
      _id: 's',
      guildId: 'g',
      serverId: 's1',
      lastSeq: 1,
      type: 'server',
      kills: 1,
      otherDeaths: 0,
      suicides: 0,
      roadkills: 0,
      killfeedLines: 0,
      lastEvents: Array.from({ length: 5 }, () => ({ type: 'mission', text: `${HOSTILE}${'e'.repeat(2000)}`, at: AT })),
      players: { online: 1, queued: 0, max: 10 },
    };
    withinLimits(serverEmbed(`${HOSTILE} — all game servers`, [server], Array.from({ length: 5 }, () => w), 1).toJSON());
  });

  it('a leaderboard page of ten maximal rows', () => {
    const players = Array.from({ length: PAGE_SIZE }, (_, i) => hostilePlayer(i, `${HOSTILE}${i}${'p'.repeat(1000)}`));
    for (const board of ['kills', 'longest_kill'] as const) {
      const rows = playerBoardRows(players, board);
      const e = leaderboardEmbed('🏆 Longest kill — all servers', rows, 0, 'Page 1/1 · 10 ranked').toJSON();
      withinLimits(e);
      expect(e.description?.split('\n')[0]).toMatch(/^🥇 \*\*@\u200beveryone0p+…\*\* — /);
    }
  });
});

const ru = translator({ locale: 'ru' });
const german = translator({ locale: 'de' });

describe('stats in the reader’s words', () => {
  it('names the fields and fills the texts of a player embed', () => {
    const e = playerEmbed(playerWithKills(7), new Map(), msg('stats.scope.allServers'), '42', german).toJSON();
    expect(e.fields?.map((f) => f.name)).toContain('Tode');
    expect(e.description).toBe(`Alle Server · verknüpft mit <@42> · zuletzt gesehen <t:${AT.getTime() / 1000}:R>`);
    expect(e.fields?.find((f) => f.name === 'Nemesis')?.value).toBe('keine');
  });

  it('says an empty board is empty', () => {
    expect(leaderboardEmbed('t', [], 0, 'f', ru).toJSON().description).toBe('В этом рейтинге пока никого нет.');
  });
});
