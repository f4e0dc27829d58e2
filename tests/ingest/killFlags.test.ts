/** The suspicious-kill rules (src/ingest/killFlags.ts): range per weapon category, kill rate, K/D jump. */
import { describe, expect, it } from 'vitest';
import { flagKills, kdJump, pastRange, RATE_MAX_KILLS, RATE_WINDOW_MS, type FlagInput } from '../../src/ingest/killFlags.js';

const at = (s: number) => new Date(Date.UTC(2025, 4, 1, 10, 0, 0) + s * 1000);
const kill = (id: string, over: Partial<FlagInput> = {}): FlagInput => ({ id, killerId: 'k', at: at(0), weapon: 'AK-SU', distance: 30, ...over });
const noFights = () => null;

describe('kill flags', () => {
  it('flags a kill past its weapon category’s plausible range only', () => {
    expect(pastRange('Combat Knife', 9)).toBe(false);
    expect(pastRange('Combat Knife', 900)).toBe(true);
    expect(pastRange('Mosin', 900)).toBe(false);
    expect(pastRange('AK-SU', 801)).toBe(true);
    // An unknown weapon has no bound.
    expect(pastRange('Railgun 3000', 5000)).toBe(false);
    const flags = flagKills([kill('near', { weapon: 'Combat Knife', distance: 9 }), kill('far', { weapon: 'Combat Knife', distance: 900 })], noFights);
    expect(flags.get('near')).toBeUndefined();
    expect(flags.get('far')).toEqual(['range']);
  });

  it(`flags one killer's kills beyond ${RATE_MAX_KILLS} within the rate window`, () => {
    const burst = Array.from({ length: RATE_MAX_KILLS + 2 }, (_, i) => kill(`b${i}`, { at: at(i) }));
    const flags = flagKills(burst, noFights);
    expect([...flags.keys()]).toEqual([`b${RATE_MAX_KILLS}`, `b${RATE_MAX_KILLS + 1}`]);
    expect(flags.get(`b${RATE_MAX_KILLS}`)).toEqual(['rate']);
    // The same kills spread past the window, or shared between killers, raise nothing.
    const spread = Array.from({ length: RATE_MAX_KILLS + 2 }, (_, i) => kill(`s${i}`, { at: at((i * RATE_WINDOW_MS) / 1000 / 2) }));
    expect(flagKills(spread, noFights).size).toBe(0);
    const shared = Array.from({ length: RATE_MAX_KILLS + 2 }, (_, i) => kill(`x${i}`, { at: at(i), killerId: `k${i % 2}` }));
    expect(flagKills(shared, noFights).size).toBe(0);
  });

  it('flags a K/D jump on the killer’s last kill of the batch', () => {
    expect(kdJump({ kills: 10, deaths: 10 }, { kills: 111, deaths: 10 })).toBe(true);
    // Too few fights before, already high before, or not high enough after: no jump.
    expect(kdJump({ kills: 5, deaths: 5 }, { kills: 100, deaths: 5 })).toBe(false);
    expect(kdJump({ kills: 40, deaths: 10 }, { kills: 200, deaths: 10 })).toBe(false);
    expect(kdJump({ kills: 10, deaths: 10 }, { kills: 100, deaths: 10 })).toBe(false);
    const spread = [kill('a', { at: at(0) }), kill('b', { at: at(60) })];
    const flags = flagKills(spread, () => ({ before: { kills: 10, deaths: 10 }, after: { kills: 111, deaths: 10 } }));
    expect([...flags]).toEqual([['b', ['kd']]]);
  });
});
