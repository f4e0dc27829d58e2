/**
 * /stats and /leaderboard speak the reader's language: stat names, board values with their plural
 * forms, and the texts around them come from the catalog (src/i18n/<language>/stats.ts).
 */
import { describe, expect, it } from 'vitest';
import type { PlayerStats } from '../../src/ingest/schemas.js';
import { translator } from '../../src/i18n/translate.js';
import { playerBoardRows } from '../../src/stats/leaderboards.js';
import { leaderboardEmbed, playerEmbed } from '../../src/stats/views.js';
import { msg } from '../../src/i18n/message.js';

const AT = new Date('2025-05-01T12:00:00Z');
const ru = translator({ locale: 'ru' });
const de = translator({ locale: 'de' });

function player(kills: number, name = 'Alpha'): PlayerStats {
  return {
    _id: name,
    guildId: 'g',
    serverId: '*',
    lastSeq: 1,
    type: 'player',
    playerId: name.padEnd(32, '0'),
    name,
    nameLower: name.toLowerCase(),
    platform: 'PC',
    kills,
    deaths: 1,
    otherDeaths: 0,
    suicides: { menu: 0, fall: 0, vehicle: 0, other: 0 },
    suicidesTotal: 0,
    roadkills: 0,
    kdr: kills,
    longestKill: null,
    streak: 0,
    bestStreak: 0,
    weapons: [],
    victims: [],
    killers: [],
    firstSeenAt: AT,
    lastSeenAt: AT,
  };
}

describe('stats in the reader’s words', () => {
  it('writes board values with the language’s plural forms and number format', () => {
    const values = (t = ru) => playerBoardRows([player(1, 'A'), player(3, 'B'), player(5, 'C'), player(1234, 'D')], 'kills', t).map((r) => r.value);
    expect(values()).toEqual([`${ru.format.number(1234)} убийства`, '5 убийств', '3 убийства', '1 убийство']);
    expect(values(de)).toEqual(['1.234 Kills', '5 Kills', '3 Kills', '1 Kill']);
  });

  it('names the fields and fills the texts of a player embed', () => {
    const e = playerEmbed(player(7), new Map(), msg('stats.scope.allServers'), '42', de).toJSON();
    expect(e.fields?.map((f) => f.name)).toContain('Tode');
    expect(e.description).toBe(`Alle Server · verknüpft mit <@42> · zuletzt gesehen <t:${AT.getTime() / 1000}:R>`);
    expect(e.fields?.find((f) => f.name === 'Nemesis')?.value).toBe('keine');
  });

  it('says an empty board is empty', () => {
    expect(leaderboardEmbed('t', [], 0, 'f', ru).toJSON().description).toBe('В этом рейтинге пока никого нет.');
  });
});
