/**
 * When timelapses are built: any member may ask, so the work is bounded per process.
 * - Cached per canvas version: asking again about an unchanged canvas returns the same GIF (one board
 *   read, no log read, no build). Only each guild's latest version is kept, within a byte budget.
 * - One build per guild at a time: a member asking while the same canvas version is being built shares
 *   that build; a newer version waits for the running build to finish first.
 * - At most TIMELAPSE_MAX_BUILDS builds run at once across guilds, TIMELAPSE_MAX_WAITING more wait for
 *   a slot; beyond that members are asked to try again.
 */
import { UserError } from '../errors.js';
import { msg } from '../i18n/message.js';

/** Builds running at once in this process (each holds up to TIMELAPSE_MAX_PLACEMENTS log entries). */
export const TIMELAPSE_MAX_BUILDS = 2;
/** Builds waiting for a slot before further ones are refused. */
export const TIMELAPSE_MAX_WAITING = 8;
/** Total size of cached GIFs (each at most TIMELAPSE_LIMITS.maxBytes). */
export const TIMELAPSE_CACHE_BYTES = 32 * 1024 * 1024;

export interface TimelapseBuildsOptions {
  maxBuilds?: number;
  maxWaiting?: number;
  cacheBytes?: number;
}

export interface TimelapseBuildsStats {
  /** Builds started. */
  builds: number;
  /** Answers from the cache. */
  hits: number;
  /** Answers that joined a running build. */
  shared: number;
  /** Requests refused because too many builds were waiting. */
  refused: number;
}

interface Running<R> {
  version: number;
  promise: Promise<R>;
}

export class TimelapseBuilds<R extends { bytes: number }> {
  readonly stats: TimelapseBuildsStats = { builds: 0, hits: 0, shared: 0, refused: 0 };
  private readonly cache = new Map<string, { version: number; result: R }>(); // insertion order = LRU
  private cachedBytes = 0;
  private readonly running = new Map<string, Running<R>>();
  /** Bumped by invalidate(): a build started before must not store its result. */
  private readonly generation = new Map<string, number>();
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly maxBuilds: number;
  private readonly maxWaiting: number;
  private readonly cacheBytes: number;

  constructor(opts: TimelapseBuildsOptions = {}) {
    this.maxBuilds = Math.max(1, opts.maxBuilds ?? TIMELAPSE_MAX_BUILDS);
    this.maxWaiting = Math.max(0, opts.maxWaiting ?? TIMELAPSE_MAX_WAITING);
    this.cacheBytes = opts.cacheBytes ?? TIMELAPSE_CACHE_BYTES;
  }

  /** The result for this guild's canvas at `version` (or newer): cached, shared, or built by `build`. */
  async get(guildId: string, version: number, build: () => Promise<R>): Promise<R> {
    for (;;) {
      const hit = this.cache.get(guildId);
      if (hit && hit.version >= version) {
        this.cache.delete(guildId);
        this.cache.set(guildId, hit);
        this.stats.hits++;
        return hit.result;
      }
      const run = this.running.get(guildId);
      if (run && run.version >= version) {
        this.stats.shared++;
        return run.promise;
      }
      if (!run) return this.start(guildId, version, build);
      // An older version is being built: one build per guild, so wait for it, then look again.
      await run.promise.catch(() => undefined);
    }
  }

  /** Forgets the guild's cached result (its log changed without a new version). */
  invalidate(guildId: string): void {
    this.generation.set(guildId, (this.generation.get(guildId) ?? 0) + 1);
    const hit = this.cache.get(guildId);
    if (hit) {
      this.cache.delete(guildId);
      this.cachedBytes -= hit.result.bytes;
    }
  }

  private start(guildId: string, version: number, build: () => Promise<R>): Promise<R> {
    const gen = this.generation.get(guildId) ?? 0;
    const entry: Running<R> = { version, promise: Promise.resolve(null as unknown as R) };
    entry.promise = (async () => {
      try {
        await this.acquire();
        try {
          this.stats.builds++;
          const result = await build();
          if ((this.generation.get(guildId) ?? 0) === gen) this.store(guildId, version, result);
          return result;
        } finally {
          this.release();
        }
      } finally {
        // Before anyone awaiting this promise resumes: they must find the cache, not this entry.
        if (this.running.get(guildId) === entry) this.running.delete(guildId);
      }
    })();
    this.running.set(guildId, entry);
    return entry.promise;
  }

  private async acquire(): Promise<void> {
    if (this.active < this.maxBuilds) {
      this.active++;
      return;
    }
    if (this.waiting.length >= this.maxWaiting) {
      this.stats.refused++;
      throw new UserError(msg('canvas.timelapse.busy'), 'rate_limit');
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve)); // the slot is handed over by release()
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  private store(guildId: string, version: number, result: R): void {
    const old = this.cache.get(guildId);
    if (old && old.version > version) return; // a slower build of an older version
    if (old) {
      this.cache.delete(guildId);
      this.cachedBytes -= old.result.bytes;
    }
    if (result.bytes > this.cacheBytes) return;
    this.cache.set(guildId, { version, result });
    this.cachedBytes += result.bytes;
    for (const [key, e] of this.cache) {
      if (this.cachedBytes <= this.cacheBytes) break;
      this.cache.delete(key);
      this.cachedBytes -= e.result.bytes;
    }
  }
}
