/**
 * /stats and /leaderboard embeds stay within Discord's limits whatever a game server's log names its
 * players and weapons, and show those names escaped: one long or hostile name never makes a 400.
 */
import { describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord.js';
import { codePoints, embedLength, LIMITS } from '../../src/discord/limits.js';
import type { PlayerStats, ServerStats, WeaponStats } from '../../src/ingest/schemas.js';
import { PAGE_SIZE, playerBoardRows } from '../../src/stats/leaderboards.js';
import { leaderboardEmbed, playerEmbed, serverEmbed, weaponEmbed } from '../../src/stats/views.js';

const AT = new Date('2025-05-01T12:00:00Z');
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

function player(i: number, name: string): PlayerStats {
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

const names = new Map([
  ['v', `${HOSTILE} ${'v'.repeat(2000)}`],
  ['k', '**k**'.repeat(500)],
]);

describe('stats embeds with hostile names', () => {
  it('a player named @everyone with 1,000-character weapons', () => {
    const e = playerEmbed(player(0, `${HOSTILE}${'x'.repeat(500)}`), names, '[EU] PvP #1 | x2').toJSON();
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
    const weapon = weaponEmbed(w, names, 'All servers').toJSON();
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
    const players = Array.from({ length: PAGE_SIZE }, (_, i) => player(i, `${HOSTILE}${i}${'p'.repeat(1000)}`));
    for (const board of ['kills', 'longest_kill'] as const) {
      const rows = playerBoardRows(players, board);
      const e = leaderboardEmbed('🏆 Longest kill — all servers', rows, 0, 'Page 1/1 · 10 ranked').toJSON();
      withinLimits(e);
      expect(e.description?.split('\n')[0]).toMatch(/^🥇 \*\*@\u200beveryone0p+…\*\* — /);
    }
  });
});
