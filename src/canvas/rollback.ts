/**
 * What a rollback restores: the canvas as if one member's recent placements had never happened.
 * Pure, so the rule is tested without a database. Linear passes and one sort: a griefer's 100k+
 * placements must not overflow anything (no spreading of the log into calls or literals).
 */
import { comparePixelOrder } from './board.js';

export interface LoggedPlacement {
  _id: string;
  rev: number;
  seq: number;
  x: number;
  y: number;
  color: number;
  previous: number;
  userId: string;
}

export interface TimedPlacement extends LoggedPlacement {
  at: Date;
}

/** Clocks of racing writers differ by milliseconds: a minute of slack, then the true order decides. */
export const ROLLBACK_CLOCK_SLACK_MS = 60_000;

/**
 * What to read besides the member's own placements (`mine`, non-empty): the other members' placements
 * in these columns since this time can come after the member's first placement on a touched pixel.
 */
export function rollbackScope(mine: readonly TimedPlacement[]): { since: Date; columns: number[] } {
  let earliest = Number.POSITIVE_INFINITY;
  const columns = new Set<number>();
  for (const p of mine) {
    earliest = Math.min(earliest, p.at.getTime());
    columns.add(p.x);
  }
  return { since: new Date(earliest - ROLLBACK_CLOCK_SLACK_MS), columns: Array.from(columns) };
}

/**
 * The log {@link planRollback} needs: the member's placements, and the others' placements on the same
 * pixels that come after the member's first placement there (true order, not clocks).
 */
export function rollbackLog<T extends LoggedPlacement>(mine: readonly T[], others: readonly T[]): T[] {
  const first = new Map<string, T>();
  for (const p of mine) {
    const k = `${p.x}_${p.y}`;
    const f = first.get(k);
    if (!f || comparePixelOrder(p, f) < 0) first.set(k, p);
  }
  const log = mine.slice();
  for (const p of others) {
    const f = first.get(`${p.x}_${p.y}`);
    if (f !== undefined && comparePixelOrder(p, f) > 0) log.push(p);
  }
  return log;
}

export interface RollbackPlan {
  /** Pixels to set, with the colour they get back. */
  restores: Array<{ x: number; y: number; rgb: number }>;
  /** The member's placements that the plan undoes. */
  revertedIds: string[];
}

/**
 * `log` holds the placements (all members) on the pixels the member touched, from the member's first
 * placement in the window on, in any order. For each pixel the member touched, replay that pixel's history without the member's
 * placements, starting from what was under their first one: later placements by others survive, so a
 * pixel someone else painted over keeps that member's colour.
 */
export function planRollback(log: readonly LoggedPlacement[], userId: string): RollbackPlan {
  // Pixels are independent, so only the order of each pixel's own placements matters.
  const sorted = log.slice().sort(comparePixelOrder);
  const touched = new Map<string, { x: number; y: number; rgb: number }>();
  const revertedIds: string[] = [];
  for (const p of sorted) {
    const key = `${p.x}_${p.y}`;
    const state = touched.get(key);
    if (p.userId === userId) {
      revertedIds.push(p._id);
      if (!state) touched.set(key, { x: p.x, y: p.y, rgb: p.previous });
    } else if (state) {
      state.rgb = p.color;
    }
  }
  return { restores: Array.from(touched.values()), revertedIds };
}
