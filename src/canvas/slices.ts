/**
 * Long computations in bounded slices, so one member's timelapse never freezes the shard.
 *
 * A computation is a generator that `yield`s at checkpoints (every few thousand units of work, never
 * more than a few milliseconds apart). {@link runSliced} resumes it at once until {@link SLICE_MS} have
 * passed since the last pause, then lets the event loop run (setImmediate); {@link runSync} runs it
 * straight through. The algorithm stays written once, and the timing policy lives here.
 */

export type Steps<T> = Generator<void, T, void>;

/** Longest stretch a sliced computation holds the event loop before letting others run (plus one step). */
export const SLICE_MS = 5;
/** Units of cheap work (array writes, comparisons) between two checkpoints. */
export const CHECKPOINT_EVERY = 4096;

export function runSync<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Runs the steps, yielding to the event loop every `sliceMs`; `onSlice` hears each stretch's length. */
export async function runSliced<T>(steps: Steps<T>, sliceMs = SLICE_MS, onSlice?: (ms: number) => void): Promise<T> {
  let start = performance.now();
  for (;;) {
    const r = steps.next();
    const now = performance.now();
    if (r.done) {
      onSlice?.(now - start);
      return r.value;
    }
    if (now - start >= sliceMs) {
      onSlice?.(now - start);
      await new Promise<void>((resolve) => setImmediate(resolve));
      start = performance.now();
    }
  }
}

/**
 * Indices 0..n-1 ordered by `before` (a strict "a comes before b"), stable. Bottom-up merge sort with
 * checkpoints: O(n log n) comparisons, none of them in one unbounded synchronous stretch. Input that is
 * already in order (the log arrives sorted by time) costs one pass; ordered neighbouring runs are
 * copied without comparing.
 */
export function* sortedIndices(n: number, before: (a: number, b: number) => boolean): Steps<Uint32Array> {
  let src = new Uint32Array(n);
  for (let i = 0; i < n; i++) src[i] = i;
  let ordered = true;
  for (let i = 1; i < n; i++) {
    if (before(i, i - 1)) {
      ordered = false;
      break;
    }
    if (i % CHECKPOINT_EVERY === 0) yield;
  }
  if (ordered) return src;
  let dst = new Uint32Array(n);
  for (let width = 1; width < n; width *= 2) {
    let work = 0;
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      if (mid >= hi || !before(src[mid]!, src[mid - 1]!)) {
        dst.set(src.subarray(lo, hi), lo);
        work += (hi - lo) >> 4; // a memcpy: cheap per element
      } else {
        let i = lo;
        let j = mid;
        let k = lo;
        while (i < mid && j < hi) {
          // Right before left only when strictly earlier: equal keys keep their order (stable).
          dst[k++] = before(src[j]!, src[i]!) ? src[j++]! : src[i++]!;
          if (++work >= CHECKPOINT_EVERY) {
            work = 0;
            yield;
          }
        }
        if (i < mid) dst.set(src.subarray(i, mid), k);
        else if (j < hi) dst.set(src.subarray(j, hi), k);
      }
      if (work >= CHECKPOINT_EVERY) {
        work = 0;
        yield;
      }
    }
    [src, dst] = [dst, src];
  }
  return src;
}
