/**
 * Players online / queued / max, derived from Deadside.log events.
 *
 * - online: players registered and not yet unregistered since the last server start;
 * - queued: join requests not yet registered, nor closed (UChannel::Close), since the last server start;
 * - max: the last `-playersmaxcount=N` seen (kept across restarts: the next command line overwrites it).
 *
 * Sets of EOS ids rather than counters: duplicate lines do not double-count, and events about players
 * the machine has never seen (e.g. tailing started mid-session) never push a count below zero.
 * The state is plain JSON (`toJSON()` / `PlayerCounter.fromJSON()`) so it can be persisted and resumed.
 */
import { BoundedMap } from '../util/boundedMap.js';
import type { ServerLogEvent } from './serverLogEvents.js';

export interface PlayerCountSnapshot {
  online: number;
  queued: number;
  max: number | null;
}

/**
 * Most ids kept in each of the online and queued sets. A real Deadside server holds at most ~100 players,
 * but only "Log file open" clears the sets: a log faking hundreds of thousands of registrations would grow
 * the persisted state past MongoDB's 16 MB document limit and stop ingestion for good. Past the cap the
 * oldest id is dropped (and counted in `dropped`): each set is a BoundedMap of this capacity.
 */
export const MAX_TRACKED_PLAYERS = 10_000;

/** Serialisable state. Version field for future migrations. */
export interface PlayerCountState {
  v: 1;
  online: string[];
  queued: string[];
  max: number | null;
  /** ISO time of the last serverStart applied, null if none seen. */
  serverStartedAt: string | null;
  /** Ids dropped over the caps since tracking began (absent while none were). */
  dropped?: number;
}

export function emptyPlayerCountState(): PlayerCountState {
  return { v: 1, online: [], queued: [], max: null, serverStartedAt: null };
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/** Validate an unknown value (e.g. read back from a database) as a PlayerCountState. */
export function isPlayerCountState(v: unknown): v is PlayerCountState {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    o.v === 1 &&
    isStringArray(o.online) &&
    isStringArray(o.queued) &&
    (o.max === null || (typeof o.max === 'number' && Number.isInteger(o.max) && o.max > 0)) &&
    (o.serverStartedAt === null || typeof o.serverStartedAt === 'string') &&
    (o.dropped === undefined || (typeof o.dropped === 'number' && Number.isInteger(o.dropped) && o.dropped >= 0))
  );
}

/** A set of ids, oldest first, holding at most `cap` (the ids given fit: the caller cut them). */
function idsOf(ids: readonly string[], cap: number): BoundedMap<string, true> {
  const out = new BoundedMap<string, true>(cap);
  for (const id of ids) out.set(id, true);
  return out;
}

export class PlayerCounter {
  /** Ids as the keys of a BoundedMap (values unused): at the cap, adding one drops the oldest. */
  private readonly online: BoundedMap<string, true>;
  private readonly queued: BoundedMap<string, true>;
  private max: number | null;
  private serverStartedAt: string | null;
  private droppedIds: number;
  private readonly cap: number;

  constructor(state: PlayerCountState = emptyPlayerCountState(), options: { cap?: number } = {}) {
    this.cap = Math.max(1, options.cap ?? MAX_TRACKED_PLAYERS);
    // A state saved before the cap existed may hold more: keep the newest.
    this.online = idsOf(state.online.length > this.cap ? state.online.slice(-this.cap) : state.online, this.cap);
    this.queued = idsOf(state.queued.length > this.cap ? state.queued.slice(-this.cap) : state.queued, this.cap);
    this.max = state.max;
    this.serverStartedAt = state.serverStartedAt;
    this.droppedIds = (state.dropped ?? 0) + Math.max(0, state.online.length - this.cap) + Math.max(0, state.queued.length - this.cap);
  }

  /** Resume from persisted JSON; throws on a value that is not a PlayerCountState. */
  static fromJSON(value: unknown): PlayerCounter {
    if (!isPlayerCountState(value)) throw new TypeError('not a PlayerCountState');
    return new PlayerCounter(value);
  }

  /** Apply one event. Returns true when the snapshot may have changed. */
  apply(event: ServerLogEvent): boolean {
    switch (event.type) {
      case 'serverStart':
        this.online.clear();
        this.queued.clear();
        this.serverStartedAt = event.timestamp.toISOString();
        return true;
      case 'maxPlayers':
        if (this.max === event.max) return false;
        this.max = event.max;
        return true;
      case 'queued':
        if (this.online.has(event.eosId) || this.queued.has(event.eosId)) return false;
        this.addCapped(this.queued, event.eosId);
        return true;
      case 'joined': {
        const q = this.queued.delete(event.eosId);
        if (this.online.has(event.eosId)) return q;
        this.addCapped(this.online, event.eosId);
        return true;
      }
      case 'left': {
        const q = this.queued.delete(event.eosId);
        return this.online.delete(event.eosId) || q;
      }
      case 'connectionClosed':
        // Closes a pending (queued) connection; for a registered player the unregister line does the work.
        return this.queued.delete(event.eosId);
      default:
        return false;
    }
  }

  /** Adds an id not in `ids`; at the cap the oldest one (first inserted) goes, and is counted. */
  private addCapped(ids: BoundedMap<string, true>, id: string): void {
    if (ids.size >= ids.capacity) this.droppedIds++;
    ids.set(id, true);
  }

  isOnline(id: string): boolean {
    return this.online.has(id);
  }

  isQueued(id: string): boolean {
    return this.queued.has(id);
  }

  /** Ids dropped over the caps since tracking began. */
  get dropped(): number {
    return this.droppedIds;
  }

  snapshot(): PlayerCountSnapshot {
    return { online: this.online.size, queued: this.queued.size, max: this.max };
  }

  /** EOS ids currently online (insertion order). */
  onlineIds(): string[] {
    return [...this.online.keys()];
  }

  queuedIds(): string[] {
    return [...this.queued.keys()];
  }

  toJSON(): PlayerCountState {
    return {
      v: 1,
      online: [...this.online.keys()],
      queued: [...this.queued.keys()],
      max: this.max,
      serverStartedAt: this.serverStartedAt,
      ...(this.droppedIds > 0 ? { dropped: this.droppedIds } : {}),
    };
  }
}
