/**
 * Fixed-window rate limits per (guild, member, key), in memory. Interactions for one guild always
 * reach the same shard process, so a per-process limiter sees all of a member's uses in that guild.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number; windowMs: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes one use; returns ms until the next use is allowed, or 0 when this one is allowed. */
  take(key: string, uses: number, windowMs: number): number {
    const t = this.now();
    const w = this.windows.get(key);
    if (!w || t - w.start >= windowMs) {
      this.windows.set(key, { start: t, count: 1, windowMs });
      this.sweep(t);
      return 0;
    }
    if (w.count < uses) {
      w.count++;
      return 0;
    }
    return w.start + windowMs - t;
  }

  private lastSweep = 0;
  /** Drops windows that ended (each by its own length: an hour's window outlives a sweep of 10-second ones). */
  private sweep(t: number): void {
    if (t - this.lastSweep < 60_000) return;
    this.lastSweep = t;
    for (const [k, w] of this.windows) if (t - w.start >= w.windowMs) this.windows.delete(k);
  }
}
