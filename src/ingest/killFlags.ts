/**
 * What makes a kill suspicious (/flags): pure rules over one batch's kills, so a replay of the batch
 * flags exactly what its first run did.
 * - `range`: farther than its weapon category plausibly reaches (PLAUSIBLE_RANGE_M in src/deadside/weapons.ts).
 * - `rate`: one killer's kill beyond RATE_MAX_KILLS within RATE_WINDOW_MS (counted within the batch).
 * - `kd`: the batch moved the killer's K/D on the server from below KD_BEFORE_BELOW to above
 *   KD_AFTER_ABOVE with at least KD_MIN_FIGHTS kills and deaths before it (flagged on their last kill of the batch).
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

/** The K/D jump rule between a player's numbers before and after a batch. */
export function kdJump(before: Fights, after: Fights): boolean {
  return before.kills + before.deaths >= KD_MIN_FIGHTS && kd(before) < KD_BEFORE_BELOW && kd(after) > KD_AFTER_ABOVE;
}

/**
 * The flags of each kill (only kills with one are in the map). `fights(killerId)`: the killer's numbers
 * before and after the batch, or null when unknown.
 */
export function flagKills(kills: readonly FlagInput[], fights: (killerId: string) => { before: Fights; after: Fights } | null): Map<string, KillFlag[]> {
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
    const sorted = [...mine].sort((a, b) => a.at.getTime() - b.at.getTime());
    let from = 0;
    for (let i = 0; i < sorted.length; i++) {
      const t = sorted[i]!.at.getTime();
      while (sorted[from]!.at.getTime() <= t - RATE_WINDOW_MS) from++;
      if (i - from + 1 > RATE_MAX_KILLS) add(sorted[i]!.id, 'rate');
    }
    const f = fights(killerId);
    if (f && kdJump(f.before, f.after)) add(mine[mine.length - 1]!.id, 'kd');
  }
  return out;
}
