/**
 * Poll scheduling: each server polls every `pollSeconds` from the start of its previous poll (± jitter, so
 * servers added together do not poll together; a slow poll still leaves half an interval before the next),
 * at most `concurrency` polls run at once across all servers, a server never overlaps itself,
 * and stop() waits for running polls.
 *
 * Fairness: jobs belong to a group (the guild). Waiting jobs are started round-robin across groups, and a
 * group runs at most `perGroup` polls at once (by default all slots but one), so a guild with many servers
 * (or one with a huge backlog, polled again at once while it has more to read) never holds every slot:
 * another guild's poll starts at once, or after one poll (bounded by the poll budget) when several wait.
 * One-off runs (runNow: a backfill's polls) wait for a slot under the same rules.
 * The fair line itself is fairQueue.ts; the lag figures lagRing.ts.
 */
import { TIER_NAMES, TIERS } from '../premium/tiers.js';
import { FairQueue } from './fairQueue.js';
import { LagRing, type LagFigures } from './lagRing.js';

export type { LagFigures } from './lagRing.js';

/** The fastest poll interval a server may have (the top tier's floor): what targets and `/server settings` accept. */
export const MIN_POLL_SECONDS = Math.min(...TIER_NAMES.map((t) => TIERS[t].minPollSeconds));

/** 16 slots: ~160 idle polls a second at 100 ms per round trip, and at most 64 MiB of read chunks at once. */
export const POLL_CONCURRENCY = 16;

export interface SchedulerOptions {
  /**
   * Polls running at once across servers (default POLL_CONCURRENCY). A poll mostly waits on a game host
   * (one round trip when idle, 50–150 ms away on real networks), so slots are I/O, not CPU; each reading
   * poll holds at most one read chunk (4 MiB), which bounds the memory of polls at once.
   */
  concurrency?: number;
  /** Polls of one group running at once (default concurrency - 1, at least 1: one slot stays for others). */
  perGroup?: number;
  /** ± fraction of the interval (default 0.05: the delay's worst case stays close to the interval). */
  jitter?: number;
  random?: () => number;
}

export interface ScheduledJob {
  id: string;
  /** Fairness group (the guild); default the job's own id. */
  group?: string;
  intervalMs: number;
  /** `again`: the job stopped on a budget with more to do: queue it again now rather than after the interval. */
  run: () => Promise<void | { again?: boolean }>;
}

interface Entry {
  job: ScheduledJob;
  timer: NodeJS.Timeout | null;
  /** When the armed or queued run was due (Date.now()): its start minus this is its lag. */
  dueAt: number;
  paused: boolean;
  running: boolean;
  /** Queued for a concurrency slot (under `group`). */
  queued: boolean;
  group: string;
}

/** A one-off run of a job id (runNow): queued and limited like scheduled runs, then it is forgotten. */
interface Once {
  once: true;
  id: string;
  group: string;
  start: () => Promise<void>;
  cancel: (err: Error) => void;
}

type Waiter = Entry | Once;

const isOnce = (w: Waiter): w is Once => 'once' in w;
const idOf = (w: Waiter): string => (isOnce(w) ? w.id : w.job.id);

export class PollScheduler {
  private readonly entries = new Map<string, Entry>();
  /** Runs waiting for a slot, served fairly across groups (see the header). */
  private readonly queue: FairQueue<Waiter>;
  private readonly inFlight = new Set<Promise<void>>();
  private active = 0;
  private stopped = false;
  private readonly lags = new LagRing();
  private readonly concurrency: number;
  private readonly jitter: number;
  private readonly random: () => number;

  constructor(options: SchedulerOptions = {}) {
    this.concurrency = Math.max(1, options.concurrency ?? POLL_CONCURRENCY);
    this.queue = new FairQueue(Math.max(1, options.perGroup ?? this.concurrency - 1), idOf);
    this.jitter = options.jitter ?? 0.05;
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
    const e: Entry = { job, timer: null, dueAt: 0, paused: opts.paused ?? false, running: false, queued: false, group: job.group ?? job.id };
    this.entries.set(job.id, e);
    this.arm(e, opts.runNow ? 0 : Math.floor(this.random() * job.intervalMs));
  }

  remove(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    if (e.timer) clearTimeout(e.timer);
    this.entries.delete(id);
    if (e.queued) this.unqueue(e);
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

  /**
   * Run `run` once for job `id` as soon as a slot is free, under the same limits as scheduled runs (the
   * concurrency cap, the group's share, round-robin across groups, never alongside another run of `id`),
   * and resolve with its result. `group`: the fairness group (default the job's, or the id). Rejects
   * when the scheduler is stopped before the run starts.
   */
  runNow<R>(id: string, run: () => Promise<R>, opts: { group?: string } = {}): Promise<R> {
    if (this.stopped) return Promise.reject(new Error('scheduler stopped'));
    const group = opts.group ?? this.entries.get(id)?.group ?? id;
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ once: true, id, group, start: () => run().then(resolve, reject), cancel: reject });
      this.drain();
    });
  }

  isPaused(id: string): boolean {
    return this.entries.get(id)?.paused ?? false;
  }

  get running(): number {
    return this.active;
  }

  /** How late scheduled runs started, from when they were due (timer delays and waiting for a slot). */
  lag(): LagFigures {
    return this.lags.figures();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const e of this.entries.values()) if (e.timer) clearTimeout(e.timer);
    for (const w of this.queue.clear()) if (isOnce(w)) w.cancel(new Error('scheduler stopped'));
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
    e.dueAt = Date.now() + ms;
    e.timer = setTimeout(() => {
      e.timer = null;
      this.enqueue(e);
      this.drain();
    }, ms);
  }

  private enqueue(e: Entry): void {
    e.queued = true;
    e.group = e.job.group ?? e.job.id;
    this.queue.push(e);
  }

  private unqueue(e: Entry): void {
    e.queued = false;
    this.queue.remove(e);
  }

  private drain(): void {
    while (!this.stopped && this.active < this.concurrency) {
      const w = this.queue.next();
      if (!w) return;
      if (isOnce(w)) {
        this.launch(w.id, w.group, w.start, () => undefined);
        continue;
      }
      const e = w;
      e.queued = false;
      if (e.paused || this.entries.get(e.job.id) !== e) continue;
      e.running = true;
      const startedAt = Date.now();
      this.lags.add(Math.max(0, startedAt - e.dueAt));
      let again = false;
      const run = () => e.job.run().then((r) => void (again = !!r?.again));
      this.launch(e.job.id, e.group, run, () => {
        e.running = false;
        const rest = Math.max(this.delay(e.job) - (Date.now() - startedAt), e.job.intervalMs / 2);
        if (this.entries.get(e.job.id) === e) this.arm(e, again ? 0 : rest);
      });
    }
  }

  /** Runs `run` in a slot of `group`; `done` before the next runs are started. */
  private launch(id: string, group: string, run: () => Promise<void>, done: () => void): void {
    this.active++;
    this.queue.started(id, group);
    // A synchronous throw becomes a rejection too: the slot is always given back.
    const p = new Promise<void>((resolve) => resolve(run()))
      .catch(() => undefined) // the job reports its own errors
      .finally(() => {
        this.active--;
        this.queue.ended(id, group);
        this.inFlight.delete(p);
        done();
        this.drain();
      });
    this.inFlight.add(p);
  }
}
