import { describe, expect, it } from 'vitest';
import { parseKillfeedLine, type KillEvent } from '../../src/deadside/index.js';
import { afterRevenge, dayOf, isKillMilestone, isStreakMilestone, labelsOf, LAST_KILLERS_KEEP, withKiller } from '../../src/ingest/killFacts.js';
import type { KillFacts } from '../../src/ingest/schemas.js';

const kill = (weapon: string, distance: number): KillEvent => {
  const r = parseKillfeedLine(`2025.05.01-10.00.00;A;${'a'.repeat(32)};B;${'b'.repeat(32)};${weapon};${distance};`);
  if (!r.ok) throw new Error(r.reason);
  return r.event;
};
const facts = (over: Partial<KillFacts> = {}): KillFacts => ({ id: 'e', streak: 1, kills: 1, deaths: 0, ended: 0, revenge: false, firstOfDay: false, ...over });

describe('kill facts', () => {
  it('remembers the last killers, newest first, bounded; a revenge takes one off', () => {
    let list = withKiller(undefined, 'x');
    list = withKiller(list, 'y');
    list = withKiller(list, 'x');
    expect(list).toEqual(['x', 'y']);
    for (let i = 0; i < 50; i++) list = withKiller(list, `p${i}`);
    expect(list).toHaveLength(LAST_KILLERS_KEEP);
    expect(list[0]).toBe('p49');
    expect(afterRevenge(['x', 'y'], 'y')).toEqual({ revenge: true, list: ['x'] });
    expect(afterRevenge(['x'], 'z')).toEqual({ revenge: false, list: ['x'] });
    expect(afterRevenge(undefined, 'z')).toEqual({ revenge: false, list: [] });
  });

  it('finds the local day, UTC for an unknown timezone', () => {
    const at = new Date(Date.UTC(2025, 4, 1, 15, 0, 0));
    expect(dayOf(at, 'UTC')).toBe('2025-05-01');
    expect(dayOf(at, 'Asia/Tokyo')).toBe('2025-05-02');
    expect(dayOf(new Date(Date.UTC(2025, 4, 1, 14, 59, 59)), 'Asia/Tokyo')).toBe('2025-05-01');
    expect(dayOf(at, 'America/Los_Angeles')).toBe('2025-05-01');
    expect(dayOf(at, 'Mars/Olympus')).toBe('2025-05-01');
  });

  it('has milestones at streaks 5, 10, 15… and the 100th, 500th and every 1,000th kill', () => {
    expect([4, 5, 6, 10, 15, 20, 21].map(isStreakMilestone)).toEqual([false, true, false, true, true, true, false]);
    expect([99, 100, 101, 500, 999, 1000, 2000, 2500].map(isKillMilestone)).toEqual([false, true, false, true, false, true, true, false]);
  });

  it('labels a kill in a fixed order, long shots from the given distance and never for a roadkill', () => {
    const all = labelsOf(kill('M99', 300), facts({ revenge: true, ended: 7, streak: 10, kills: 1000, firstOfDay: true }), 250).map((l) => l.kind);
    expect(all).toEqual(['revenge', 'streakEnded', 'longShot', 'streak', 'kills', 'firstOfDay']);
    expect(labelsOf(kill('M99', 249.9), facts(), 250)).toEqual([]);
    expect(labelsOf(kill('M99', 250), facts(), 250)).toEqual([{ kind: 'longShot', distance: 250 }]);
    expect(labelsOf(kill('M99', 120), facts(), 100)).toEqual([{ kind: 'longShot', distance: 120 }]);
    expect(labelsOf(kill('land_vehicle', 900), facts(), 100)).toEqual([]);
    expect(labelsOf(kill('AK-SU', 5), facts({ ended: 4, streak: 4 }))).toEqual([]);
  });
});
