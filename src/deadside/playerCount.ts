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
import type { ServerLogEvent } from './serverLog.js';

export interface PlayerCountSnapshot {
  online: number;
  queued: number;
  max: number | null;
}

/** Serialisable state. Version field for future migrations. */
export interface PlayerCountState {
  v: 1;
  online: string[];
  queued: string[];
  max: number | null;
  /** ISO time of the last serverStart applied, null if none seen. */
  serverStartedAt: string | null;
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
    (o.serverStartedAt === null || typeof o.serverStartedAt === 'string')
  );
}

export class PlayerCounter {
  private readonly online: Set<string>;
  private readonly queued: Set<string>;
  private max: number | null;
  private serverStartedAt: string | null;

  constructor(state: PlayerCountState = emptyPlayerCountState()) {
    this.online = new Set(state.online);
    this.queued = new Set(state.queued);
    this.max = state.max;
    this.serverStartedAt = state.serverStartedAt;
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
        this.queued.add(event.eosId);
        return true;
      case 'joined': {
        const q = this.queued.delete(event.eosId);
        if (this.online.has(event.eosId)) return q;
        this.online.add(event.eosId);
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

  snapshot(): PlayerCountSnapshot {
    return { online: this.online.size, queued: this.queued.size, max: this.max };
  }

  /** EOS ids currently online (insertion order). */
  onlineIds(): string[] {
    return [...this.online];
  }

  queuedIds(): string[] {
    return [...this.queued];
  }

  toJSON(): PlayerCountState {
    return {
      v: 1,
      online: [...this.online],
      queued: [...this.queued],
      max: this.max,
      serverStartedAt: this.serverStartedAt,
    };
  }
}
