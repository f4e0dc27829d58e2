/**
 * What makes a kill suspicious (/flags): pure rules over one batch's kills and what was stored before
 * it, so a replay of the batch flags exactly what its first run did.
 * - `range`: farther than its weapon category plausibly reaches (PLAUSIBLE_RANGE_M in src/deadside/weapons.ts).
 * - `rate`: one killer's kill beyond RATE_MAX_KILLS within RATE_WINDOW_MS, counting the killer's kills
 *   already stored from earlier batches (a poll reads a few seconds of the file: a spree spans polls).
 * - `kd`: the killer's K/D on the server (all time) passed KD_AFTER_ABOVE with this batch (it was at most
 *   that before the batch, above it after) while at the start of the day (the guild's timezone; the day
 *   of their last kill of the batch) it was below KD_BEFORE_BELOW with at least KD_MIN_FIGHTS kills and
 *   deaths. Flagged on their last kill of the batch. Measured from the day's start rather than from the
 *   batch, a jump spread over many polls of a day counts; flagged once, when it passes the bar. For
 *   kills older than the day windows' retention (a backfill) the numbers before the batch stand in.
 */
import { plausibleRange } from '../deadside/weapons.js';

export const KILL_FLAGS = ['range', 'rate', 'kd'] as const;
export type KillFlag = (typeof KILL_FLAGS)[number];

/** More kills than this by one killer within RATE_WINDOW_MS is not humanly possible (a grenade kills a few at once). */
export const RATE_MAX_KILLS = 5;
export const RATE_WINDOW_MS = 10_000;
/** The K/D jump rule's thresholds (see above). */
export const KD_MIN_FIGHTS = 20;
export const KD_BEFORE_BELOW = 2;
export const KD_AFTER_ABOVE = 10;

/** One player-versus-player kill of the batch, in file order. */
export interface FlagInput {
  id: string;
  killerId: string;
  at: Date;
  weapon: string;
  distance: number;
}

/** A player's kills and deaths (player-versus-player) on the server. */
export interface Fights {
  kills: number;
  deaths: number;
}

/** True when a kill at `distance` metres is beyond what its weapon plausibly reaches. */
export function pastRange(weapon: string, distance: number): boolean {
  const max = plausibleRange(weapon);
  return max !== null && distance > max;
}

const kd = (f: Fights) => f.kills / Math.max(1, f.deaths);

/** A player's numbers for the K/D rule: at the start of the day, before the batch and after it. */
export interface KdNumbers {
  dayStart: Fights;
  before: Fights;
  after: Fights;
}

/** The K/D jump rule (see above). */
export function kdJump(n: KdNumbers): boolean {
  const { dayStart, before, after } = n;
  return dayStart.kills + dayStart.deaths >= KD_MIN_FIGHTS && kd(dayStart) < KD_BEFORE_BELOW && kd(before) <= KD_AFTER_ABOVE && kd(after) > KD_AFTER_ABOVE;
}

/**
 * The flags of each kill (only kills with one are in the map). `fights(killerId)`: the killer's numbers
 * for the K/D rule, or null when unknown. `earlier`: per killer, the instants of their kills
 * stored before the batch within RATE_WINDOW_MS of (and not after) their first kill of it; the latest
 * RATE_MAX_KILLS are enough (priorKillWindows in killEvents.ts).
 */
export function flagKills(kills: readonly FlagInput[], fights: (killerId: string) => KdNumbers | null, earlier: ReadonlyMap<string, readonly Date[]> = new Map()): Map<string, KillFlag[]> {
  const out = new Map<string, KillFlag[]>();
  const add = (id: string, flag: KillFlag) => {
    const list = out.get(id) ?? [];
    if (!list.includes(flag)) list.push(flag);
    out.set(id, list);
  };
  const byKiller = new Map<string, FlagInput[]>();
  for (const k of kills) {
    if (pastRange(k.weapon, k.distance)) add(k.id, 'range');
    const mine = byKiller.get(k.killerId) ?? [];
    mine.push(k);
    byKiller.set(k.killerId, mine);
  }
  for (const [killerId, mine] of byKiller) {
    // The stored kills first (stable sort: at the same second they came earlier in the file); only the batch's are flagged.
    const prior = (earlier.get(killerId) ?? []).map((at) => ({ id: null, at }));
    const sorted = [...prior, ...mine].sort((a, b) => a.at.getTime() - b.at.getTime());
    let from = 0;
    for (let i = 0; i < sorted.length; i++) {
      const { id, at } = sorted[i]!;
      while (sorted[from]!.at.getTime() <= at.getTime() - RATE_WINDOW_MS) from++;
      if (id !== null && i - from + 1 > RATE_MAX_KILLS) add(id, 'rate');
    }
    const f = fights(killerId);
    if (f && kdJump(f)) add(mine[mine.length - 1]!.id, 'kd');
  }
  return out;
}
