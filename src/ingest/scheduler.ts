/**
 * Poll scheduling: each server polls every `pollSeconds` (± jitter, so servers added together do not poll
 * together), at most `concurrency` polls run at once across all servers, a server never overlaps itself,
 * and stop() waits for running polls.
 */
export interface SchedulerOptions {
  /** Polls running at once across servers (default 4). */
  concurrency?: number;
  /** ± fraction of the interval (default 0.1). */
  jitter?: number;
  random?: () => number;
}

export interface ScheduledJob {
  id: string;
  intervalMs: number;
  run: () => Promise<void>;
}

interface Entry {
  job: ScheduledJob;
  timer: NodeJS.Timeout | null;
  paused: boolean;
  running: boolean;
  /** Queued for a concurrency slot. */
  queued: boolean;
}

export class PollScheduler {
  private readonly entries = new Map<string, Entry>();
  private readonly waiting: Entry[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private active = 0;
  private stopped = false;
  private readonly concurrency: number;
  private readonly jitter: number;
  private readonly random: () => number;

  constructor(options: SchedulerOptions = {}) {
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.jitter = options.jitter ?? 0.1;
    this.random = options.random ?? Math.random;
  }

  /** Add or replace a job; the first run happens after a random part of the interval (spreads boot load). */
  add(job: ScheduledJob, opts: { paused?: boolean; runNow?: boolean } = {}): void {
    const prev = this.entries.get(job.id);
    if (prev) {
      prev.job = job;
      if (opts.paused !== undefined) prev.paused = opts.paused;
      if (!prev.running && !prev.queued) this.arm(prev, this.delay(job));
      return;
    }
    const e: Entry = { job, timer: null, paused: opts.paused ?? false, running: false, queued: false };
    this.entries.set(job.id, e);
    this.arm(e, opts.runNow ? 0 : Math.floor(this.random() * job.intervalMs));
  }

  remove(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    if (e.timer) clearTimeout(e.timer);
    this.entries.delete(id);
    const i = this.waiting.indexOf(e);
    if (i >= 0) this.waiting.splice(i, 1);
  }

  pause(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    e.paused = true;
    if (e.timer) clearTimeout(e.timer);
    e.timer = null;
  }

  resume(id: string, opts: { runNow?: boolean } = {}): void {
    const e = this.entries.get(id);
    if (!e || !e.paused) return;
    e.paused = false;
    if (!e.running && !e.queued) this.arm(e, opts.runNow ? 0 : this.delay(e.job));
  }

  /** Run a job as soon as a slot is free (e.g. after its settings changed). */
  trigger(id: string): void {
    const e = this.entries.get(id);
    if (e && !e.paused && !e.running && !e.queued) this.arm(e, 0);
  }

  isPaused(id: string): boolean {
    return this.entries.get(id)?.paused ?? false;
  }

  get running(): number {
    return this.active;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const e of this.entries.values()) if (e.timer) clearTimeout(e.timer);
    this.waiting.length = 0;
    await Promise.allSettled([...this.inFlight]);
  }

  private delay(job: ScheduledJob): number {
    const j = job.intervalMs * this.jitter;
    return Math.max(0, Math.round(job.intervalMs - j + this.random() * 2 * j));
  }

  private arm(e: Entry, ms: number): void {
    if (e.timer) clearTimeout(e.timer);
    e.timer = null;
    if (this.stopped || e.paused) return;
    e.timer = setTimeout(() => {
      e.timer = null;
      e.queued = true;
      this.waiting.push(e);
      this.drain();
    }, ms);
  }

  private drain(): void {
    while (!this.stopped && this.active < this.concurrency && this.waiting.length) {
      const e = this.waiting.shift()!;
      e.queued = false;
      if (e.paused || this.entries.get(e.job.id) !== e) continue;
      this.active++;
      e.running = true;
      const p = e.job
        .run()
        .catch(() => undefined) // the job reports its own errors
        .finally(() => {
          this.active--;
          e.running = false;
          this.inFlight.delete(p);
          if (this.entries.get(e.job.id) === e) this.arm(e, this.delay(e.job));
          this.drain();
        });
      this.inFlight.add(p);
    }
  }
}
