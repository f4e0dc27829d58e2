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

  it('counts the killer’s kills stored before the batch: a spree split over batches flags as in one', () => {
    const spree = Array.from({ length: RATE_MAX_KILLS + 3 }, (_, i) => kill(`p${i}`, { at: at(i) }));
    const whole = flagKills(spree, noFights);
    expect([...whole.keys()]).toEqual([`p${RATE_MAX_KILLS}`, `p${RATE_MAX_KILLS + 1}`, `p${RATE_MAX_KILLS + 2}`]);
    const parts = [spree.slice(0, 3), spree.slice(3, 6), spree.slice(6)];
    const split = new Map(parts.flatMap((part, p) => [...flagKills(part, noFights, new Map([['k', parts.slice(0, p).flat().map((k) => k.at)]]))]));
    expect(split).toEqual(whole);
    // Without what was stored, no batch alone holds more than RATE_MAX_KILLS.
    expect(parts.some((part) => flagKills(part, noFights).size > 0)).toBe(false);
    // Stored kills of another killer, or past the window, count for nothing; stored kills themselves are never flagged.
    expect(flagKills(parts[2]!, noFights, new Map([['other', spree.map((k) => k.at)]])).size).toBe(0);
    expect(flagKills([kill('late', { at: at(30) })], noFights, new Map([['k', spree.map((k) => k.at)]])).size).toBe(0);
  });

  it('flags a K/D jump on the killer’s last kill of the batch, once: when the batch takes it past the bar', () => {
    const n = (start: [number, number], before: [number, number], after: [number, number]) => ({
      dayStart: { kills: start[0], deaths: start[1] },
      before: { kills: before[0], deaths: before[1] },
      after: { kills: after[0], deaths: after[1] },
    });
    expect(kdJump(n([10, 10], [10, 10], [111, 10]))).toBe(true);
    // Spread over polls: passing the bar in this batch counts, from the day's start.
    expect(kdJump(n([10, 10], [100, 10], [102, 10]))).toBe(true);
    // Already past it before the batch (flagged then), too few fights at the day's start, already high then, or not high enough after.
    expect(kdJump(n([10, 10], [102, 10], [104, 10]))).toBe(false);
    expect(kdJump(n([5, 5], [5, 5], [100, 5]))).toBe(false);
    expect(kdJump(n([40, 10], [40, 10], [200, 10]))).toBe(false);
    expect(kdJump(n([10, 10], [10, 10], [100, 10]))).toBe(false);
    const spread = [kill('a', { at: at(0) }), kill('b', { at: at(60) })];
    const flags = flagKills(spread, () => n([10, 10], [10, 10], [111, 10]));
    expect([...flags]).toEqual([['b', ['kd']]]);
  });
});
