/**
 * Players, weapons and translators shared by the stats view and board tests (views.test.ts,
 * leaderboards.test.ts here).
 */
import { translator } from '../../src/i18n/translate.js';
import type { PlayerStats } from '../../src/ingest/schemas.js';
import { newPlayer } from '../../src/ingest/statsDocs.js';

export const A = 'a'.repeat(32);
export const B = 'b'.repeat(32);
export const AT = new Date('2025-05-01T12:00:00Z');
export const AT_UNIX = AT.getTime() / 1000;

export const enUS = translator({ locale: 'en-US', timezone: 'UTC' });
/** German numbers with English words (`en-DE`): the views take a translator, and these check the numbers. */
export const de = translator({ locale: 'en-DE', timezone: 'Europe/Berlin' });

export function player(over: Partial<PlayerStats>): PlayerStats {
  // A guild-wide player (serverId `*`) seen once, as the engine makes a new one.
  return { ...newPlayer({ guildId: 'g', serverId: '*' }, A, 'Alpha', AT), _id: 'x', lastSeq: 1, platform: 'PC', ...over };
}

/** A veteran with four-digit counts: 1234 kills, 822 deaths → K/D 1234 / 822 = 1.501…, shown as 1.50. */
export const alpha = player({
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
export const bravo = player({ playerId: B, name: 'Bravo', nameLower: 'bravo', kills: 3, deaths: 2, kdr: 1.5, bestStreak: 2 });
export const names = new Map([[B, 'Bravo']]);

export function fields(embed: { toJSON(): { fields?: { name: string; value: string }[] } }): Record<string, string> {
  return Object.fromEntries((embed.toJSON().fields ?? []).map((f) => [f.name, f.value]));
}

/** A player with `kills` kills and one death, named `name` (the reader's-words tests). */
export function playerWithKills(kills: number, name = 'Alpha'): PlayerStats {
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
