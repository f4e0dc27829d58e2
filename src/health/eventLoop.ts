/**
 * Event-loop delay for /metrics: how long callbacks waited for the loop (Node's monitorEventLoopDelay,
 * sampled every 20 ms), as p50/p99/max over the last full minute (the current minute while none ended
 * yet). A stall anywhere in the process (a big listing, a render, a GC pause) shows here first.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** The window the figures cover. */
export const EVENT_LOOP_WINDOW_MS = 60_000;

export class EventLoopLag {
  private readonly h: IntervalHistogram = monitorEventLoopDelay({ resolution: 20 });
  private last: { p50: number; p99: number; max: number } | null = null;
  private timer: NodeJS.Timeout | null = null;

  start(): this {
    this.h.enable();
    this.timer = setInterval(() => {
      this.last = this.read();
      this.h.reset();
    }, EVENT_LOOP_WINDOW_MS);
    this.timer.unref();
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.h.disable();
  }

  /** Seconds, from the histogram's nanoseconds (0 before the first sample). */
  private read(): { p50: number; p99: number; max: number } {
    const s = (ns: number) => (Number.isFinite(ns) ? ns / 1e9 : 0);
    return this.h.count ? { p50: s(this.h.percentile(50)), p99: s(this.h.percentile(99)), max: s(this.h.max) } : { p50: 0, p99: 0, max: 0 };
  }

  gauges(): Record<string, number> {
    const f = this.last ?? this.read();
    return { tower_event_loop_lag_p50_seconds: f.p50, tower_event_loop_lag_p99_seconds: f.p99, tower_event_loop_lag_max_seconds: f.max };
  }
}
