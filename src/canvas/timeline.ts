/** The timeline order of a placement log, for ./history.ts: by time, each pixel in its true order. */
import { CHECKPOINT_EVERY, sortedIndices, type Steps } from './slices.js';

/**
 * Timeline order of a placement log: by time, except that each pixel's own placements keep their true
 * order (rev, seq) — two members racing on one pixel can have clocks a millisecond apart. Returns
 * indices into the inputs. O(n log n) with checkpoints, no per-placement copies: the i-th time slot
 * taken on a pixel gets that pixel's i-th placement.
 */
export function* timelineSteps(cell: Float64Array, at: Float64Array, rev: Float64Array, seq: Float64Array): Steps<Uint32Array> {
  const n = cell.length;
  const byTime = yield* sortedIndices(n, (a, b) => at[a]! < at[b]!);
  const byPixel = yield* sortedIndices(n, (a, b) => {
    const ca = cell[a]!;
    const cb = cell[b]!;
    if (ca !== cb) return ca < cb;
    const ra = rev[a]!;
    const rb = rev[b]!;
    return ra < rb || (ra === rb && seq[a]! < seq[b]!);
  });
  // Each pixel's placements are one run of byPixel; `next` points at the run's first unused entry.
  const next = new Map<number, number>();
  for (let k = n - 1; k >= 0; k--) {
    next.set(cell[byPixel[k]!]!, k);
    if (k % CHECKPOINT_EVERY === 0) yield;
  }
  const out = new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    const c = cell[byTime[k]!]!;
    const pos = next.get(c)!;
    out[k] = byPixel[pos]!;
    next.set(c, pos + 1);
    if (k % CHECKPOINT_EVERY === 0) yield;
  }
  return out;
}
