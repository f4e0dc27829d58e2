/** The team-kill rule as a pure function (src/factions/teamKills.ts): links at the kill's time, stints covering it. */
import { describe, expect, it } from 'vitest';
import { factionAt, teamKillIds, type KillPair } from '../../src/factions/teamKills.js';

const t = (min: number) => new Date(Date.UTC(2025, 4, 1, 10, min));
const links = [
  { playerId: 'pa', userId: 'ua', linkedAt: t(0) },
  { playerId: 'pb', userId: 'ub', linkedAt: t(0) },
  { playerId: 'pc', userId: 'uc', linkedAt: t(30) },
];
const stints = [
  { userId: 'ua', factionId: 'F', joinedAt: t(0), leftAt: null },
  // ub was in F from 0 to 20, then in G from 20 on.
  { userId: 'ub', factionId: 'F', joinedAt: t(0), leftAt: t(20) },
  { userId: 'ub', factionId: 'G', joinedAt: t(20), leftAt: null },
  { userId: 'uc', factionId: 'F', joinedAt: t(0), leftAt: null },
];
const kill = (eventId: string, killerId: string, victimId: string, min: number): KillPair => ({ eventId, killerId, victimId, at: t(min) });

describe('team kills', () => {
  it('finds the faction a member was in at an instant (joined at or before, left after)', () => {
    const ub = stints.filter((s) => s.userId === 'ub');
    expect(factionAt(ub, t(10))).toBe('F');
    expect(factionAt(ub, t(20))).toBe('G');
    expect(factionAt(ub, t(-1))).toBeNull();
  });

  it('is a team kill only when both players were linked to members of one faction at the kill', () => {
    const kills = [
      kill('k1', 'pa', 'pb', 10), // both in F at 10: team kill
      kill('k2', 'pa', 'pb', 25), // ub moved to G at 20: not
      kill('k3', 'pb', 'pa', 19), // still both in F
      kill('k4', 'pa', 'pc', 10), // pc linked only at 30: not
      kill('k5', 'pa', 'pc', 40), // linked and both in F: team kill
      kill('k6', 'pa', 'px', 10), // an unlinked victim
      kill('k7', 'pa', 'pa', 10), // no one kills themself as a team kill
    ];
    expect(teamKillIds(kills, links, stints)).toEqual(['k1', 'k3', 'k5']);
  });

  it('finds none without stints or links', () => {
    expect(teamKillIds([kill('k1', 'pa', 'pb', 10)], [], stints)).toEqual([]);
    expect(teamKillIds([kill('k1', 'pa', 'pb', 10)], links, [])).toEqual([]);
  });
});
