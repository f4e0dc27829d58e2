/**
 * /stats and /leaderboard write numbers in the guild's format (its /settings locale): the same player
 * reads `1,234` and `1.50` in en-US, `1.234` and `1,50` in de. Discord timestamps are left to Discord.
 */
import { describe, expect, it } from 'vitest';
import { ENGLISH, translator } from '../../src/i18n/translate.js';
import type { PlayerStats, ServerStats, WeaponStats } from '../../src/ingest/schemas.js';
import { playerBoardRows } from '../../src/stats/leaderboards.js';
import { leaderboardEmbed, playerEmbed, serverEmbed, weaponEmbed } from '../../src/stats/views.js';

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);
const AT = new Date('2025-05-01T12:00:00Z');
const AT_UNIX = AT.getTime() / 1000;

const enUS = translator({ locale: 'en-US', timezone: 'UTC' });
/** German numbers with English words (`en-DE`): the views take a translator, and these check the numbers. */
const de = translator({ locale: 'en-DE', timezone: 'Europe/Berlin' });

function player(over: Partial<PlayerStats>): PlayerStats {
  return {
    _id: 'x',
    guildId: 'g',
    serverId: '*',
    lastSeq: 1,
    type: 'player',
    playerId: A,
    name: 'Alpha',
    nameLower: 'alpha',
    platform: 'PC',
    kills: 0,
    deaths: 0,
    otherDeaths: 0,
    suicides: { menu: 0, fall: 0, vehicle: 0, other: 0 },
    suicidesTotal: 0,
    roadkills: 0,
    kdr: 0,
    longestKill: null,
    streak: 0,
    bestStreak: 0,
    weapons: [],
    victims: [],
    killers: [],
    firstSeenAt: AT,
    lastSeenAt: AT,
    ...over,
  };
}

/** A veteran with four-digit counts: 1234 kills, 822 deaths → K/D 1234 / 822 = 1.501…, shown as 1.50. */
const alpha = player({
  kills: 1234,
  deaths: 822,
  otherDeaths: 1005,
  suicides: { menu: 1000, fall: 150, vehicle: 30, other: 20 },
  suicidesTotal: 1200,
  roadkills: 2500,
  kdr: 1234 / 822,
  longestKill: { distance: 1520.5, weapon: 'SVD', victimId: B, victimName: 'Bravo', at: AT },
  streak: 12,
  bestStreak: 1500,
  weapons: [
    { id: 'M99', n: 134 },
    { id: 'SVD', n: 1100 },
  ],
  victims: [{ id: B, n: 1234 }],
  killers: [{ id: B, n: 2000 }],
});
/** 3 kills, 2 deaths: K/D exactly 1.5 (and 5 fights, enough for the K/D board). */
const bravo = player({ playerId: B, name: 'Bravo', nameLower: 'bravo', kills: 3, deaths: 2, kdr: 1.5, bestStreak: 2 });
const names = new Map([[B, 'Bravo']]);

function fields(embed: { toJSON(): { fields?: { name: string; value: string }[] } }): Record<string, string> {
  return Object.fromEntries((embed.toJSON().fields ?? []).map((f) => [f.name, f.value]));
}

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
  it('write board values in de', () => {
    expect(playerBoardRows([bravo, alpha], 'kills', de)).toEqual([
      { label: 'Alpha', value: '1.234 kills' },
      { label: 'Bravo', value: '3 kills' },
    ]);
    // 1234/822 = 1.501… ranks above 1.5; both read 1,50 once rounded.
    expect(playerBoardRows([bravo, alpha], 'kdr', de)).toEqual([
      { label: 'Alpha', value: '1,50 (1.234/822)' },
      { label: 'Bravo', value: '1,50 (3/2)' },
    ]);
    // deaths board: deaths + other deaths + suicides = 822 + 1005 + 1200.
    expect(playerBoardRows([alpha], 'deaths', de)[0]?.value).toBe('3.027 deaths');
    expect(playerBoardRows([alpha], 'longest_kill', de)[0]?.value).toBe('1.520,5 m with SVD on Bravo');
    expect(playerBoardRows([alpha, bravo], 'best_streak', de).map((r) => r.value)).toEqual(['1.500 kills in a row', '2 kills in a row']);
    expect(playerBoardRows([alpha], 'suicides', de)[0]?.value).toBe('1.200 suicides');
  });

  it('write board values in en-US, the default', () => {
    expect(playerBoardRows([bravo, alpha], 'kdr', enUS).map((r) => r.value)).toEqual(['1.50 (1,234/822)', '1.50 (3/2)']);
    expect(playerBoardRows([alpha], 'kills')[0]?.value).toBe('1,234 kills');
    expect(playerBoardRows([alpha], 'longest_kill', ENGLISH)[0]?.value).toBe('1,520.5 m with SVD on Bravo');
  });

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
