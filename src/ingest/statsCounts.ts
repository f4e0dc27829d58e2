/**
 * The count arrays of a stats document (weapons, victims, killers of a player; users of a weapon):
 * bumped per kill, capped before a write, and read for the top entry. Arrays, not objects: weapon
 * names may contain `.` or `$`. Pure, so a replayed batch counts and trims the same way.
 */
import type { Count } from './schemas.js';

/**
 * Increment a count in an array map. `index` caches a Map per array: busy players' victim lists reach
 * hundreds of entries.
 */
export function bump(list: Count[], id: string, index?: WeakMap<Count[], Map<string, Count>>): void {
  let byId = index?.get(list);
  if (index && !byId && list.length > 32) {
    byId = new Map(list.map((c) => [c.id, c]));
    index.set(list, byId);
  }
  const c = byId ? byId.get(id) : list.find((x) => x.id === id);
  if (c) c.n++;
  else {
    const added = { id, n: 1 };
    list.push(added);
    byId?.set(id, added);
  }
}

/**
 * Entries kept in each count array of a stats document. Without a cap a document passes MongoDB's 16 MB
 * after ~250K distinct ids (a fake flood) and can never be written again. Only the top entries are shown
 * (nemesis, prey, top 3 weapons, top 5 users); totals come from the scalar fields (kills, deaths, kdr),
 * never from these arrays.
 */
export const COUNTS_KEEP = 100;

/**
 * Cuts `list` to its `keep` highest counts, in their order; returns the sum of the counts dropped. Among
 * equal counts the earliest entries go first, so a newcomer (at the end) gets its chance to climb.
 */
export function capCounts(list: Count[], keep: number = COUNTS_KEEP): { kept: Count[]; dropped: number } {
  if (list.length <= keep) return { kept: list, dropped: 0 };
  const order = list.map((_, i) => i).sort((a, b) => list[a]!.n - list[b]!.n || a - b);
  const gone = new Set(order.slice(0, list.length - keep));
  let dropped = 0;
  for (const i of gone) dropped += list[i]!.n;
  return { kept: list.filter((_, i) => !gone.has(i)), dropped };
}

/** The entry with the highest count (ties: first reached), or null. */
export function topCount(list: readonly Count[]): Count | null {
  let best: Count | null = null;
  for (const c of list) if (!best || c.n > best.n) best = c;
  return best;
}
