/**
 * What a rollback restores: the canvas as if one member's recent placements had never happened.
 * Pure, so the rule is tested without a database.
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
  const sorted = [...log].sort(comparePixelOrder);
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
  return { restores: [...touched.values()], revertedIds };
}
