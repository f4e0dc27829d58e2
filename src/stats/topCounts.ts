/**
 * The read side's order of a merged count list (weapons, victims, users). Merging a player's or a
 * weapon's per-server documents is write-side code and lives in ingest/merge.ts (the engine builds the
 * guild documents with it); this file keeps the one helper the views and `/stats` use on the result.
 */
import type { Count } from '../ingest/schemas.js';

/** Highest counts first, at most `n`. */
export function topCounts(list: readonly Count[], n: number): Count[] {
  return [...list].sort((a, b) => b.n - a.n).slice(0, n);
}
