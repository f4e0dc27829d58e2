import { describe, expect, it } from 'vitest';
import { parseKillfeedLine, type KillEvent } from '../../src/deadside/index.js';
import type { PlayerStats } from '../../src/ingest/schemas.js';
import { StatsWorkingSet } from '../../src/ingest/statsModel.js';
import { KDR_MIN_FIGHTS, rankPlayers } from '../../src/stats/leaderboards.js';
import { mergeByPlayer, mergePlayers } from '../../src/ingest/merge.js';

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);
const C = 'c'.repeat(32);

function kill(at: string, killer: [string, string], victim: [string, string], weapon: string, distance: number): KillEvent {
  const r = parseKillfeedLine(`${at};${killer[1]};${killer[0]};${victim[1]};${victim[0]};${weapon};${distance};PC;PC;`);
  if (!r.ok) throw new Error(r.reason);
  return r.event;
}

/** Player documents of one server after applying the events, as the engine stores them. */
function serverDocs(serverId: string, events: KillEvent[]): PlayerStats[] {
  const set = new StatsWorkingSet({ guildId: 'g', serverId }, 1, []);
  for (const e of events) set.applyKill(e);
  return set.writes().map((w) => w.doc).filter((d): d is PlayerStats => d.type === 'player');
}

describe('guild-wide merge of per-server player stats', () => {
  const s1 = serverDocs('s1', [
    kill('2025.05.01-10.00.00', [A, 'Alpha'], [B, 'Bravo'], 'M99', 300),
    kill('2025.05.01-10.01.00', [A, 'Alpha'], [B, 'Bravo'], 'AK-74', 50),
    kill('2025.05.01-10.02.00', [B, 'Bravo'], [A, 'Alpha'], 'M99', 120),
  ]);
  const s2 = serverDocs('s2', [
    kill('2025.05.02-10.00.00', [A, 'Alpha'], [C, 'Charlie'], 'SVD', 640),
    kill('2025.05.02-10.01.00', [A, 'Alpha'], [C, 'Charlie'], 'SVD', 20),
    kill('2025.05.02-10.02.00', [A, 'Alpha'], [B, 'Bravo'], 'SVD', 10),
  ]);

  it('sums counts, keeps the longest kill and best streak, and recomputes K/D', () => {
    const alpha = mergePlayers([...s1, ...s2].filter((p) => p.playerId === A));
    expect(alpha).toMatchObject({ serverId: '*', kills: 5, deaths: 1, kdr: 5, bestStreak: 3, streak: 3 });
    expect(alpha.longestKill).toMatchObject({ distance: 640, weapon: 'SVD', victimName: 'Charlie' });
    expect(Object.fromEntries(alpha.weapons.map((w) => [w.id, w.n]))).toEqual({ M99: 1, 'AK-74': 1, SVD: 3 });
    expect(Object.fromEntries(alpha.victims.map((v) => [v.id, v.n]))).toEqual({ [B]: 3, [C]: 2 });
  });

  it('does not change the documents it merges', () => {
    const before = structuredClone(s1);
    mergeByPlayer([...s1, ...s2]);
    expect(s1).toEqual(before);
  });

  it('ranks boards with their eligibility rules', () => {
    const players = mergeByPlayer([...s1, ...s2]);
    expect(rankPlayers(players, 'kills').map((p) => p.name)).toEqual(['Alpha', 'Bravo']);
    expect(rankPlayers(players, 'longest_kill').map((p) => p.longestKill?.distance)).toEqual([640, 120]);
    // Bravo has 1 kill + 3 deaths: below the K/D minimum of fights.
    expect(KDR_MIN_FIGHTS).toBe(5);
    expect(rankPlayers(players, 'kdr').map((p) => p.name)).toEqual(['Alpha']);
    expect(rankPlayers(players, 'deaths').map((p) => p.name)).toEqual(['Bravo', 'Charlie', 'Alpha']);
  });
});
