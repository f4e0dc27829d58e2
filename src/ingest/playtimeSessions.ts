/**
 * Play sessions from Deadside.log: a session opens when a player registers (joins) and closes when they
 * unregister (leave), when the log shows their connection closed (a timeout leaves no unregister line),
 * or at a server restart. A restart closes every open session at the last logged event before it, so the
 * downtime between the old log's end and "Log file open" is never counted. Pure and deterministic: a
 * replayed batch closes the same sessions.
 */
import type { ServerLogEvent } from '../deadside/index.js';

/**
 * The longest session counted: a player on for two days without a leave, timeout or restart line is a
 * log that lost lines (or a hostile one); the rest is not counted. It also bounds what one session costs
 * (at most 3 local days, so 3 day documents, to split and write).
 */
export const MAX_SESSION_HOURS = 48;
const MAX_SESSION_MS = MAX_SESSION_HOURS * 3_600_000;

/** A closed session: who, when it started and ended (server time, UTC). */
export interface ClosedSession {
  eosId: string;
  start: Date;
  end: Date;
  /** The player's name as logged when it closed (set by applyLogEvents; null when never named). */
  name?: string | null;
}

/** Open sessions: EOS id → ISO start, only for players online (pruned with the online list, so bounded by its cap). */
export type OpenSessions = Record<string, string>;

export class SessionTracker {
  readonly open: OpenSessions;
  readonly closed: ClosedSession[] = [];
  /** Time of the last stamped event applied (where a restart closes the sessions left open). */
  lastAt: string | null;

  constructor(open: OpenSessions | undefined, lastAt: string | null | undefined) {
    this.open = { ...(open ?? {}) };
    this.lastAt = lastAt ?? null;
  }

  /**
   * Apply one event; returns the session it closed, if any. A join opens a session whenever none is open:
   * after a timeout the player is still in the online list (only the unregister line removes them), and
   * their next registration starts a new session.
   */
  apply(e: ServerLogEvent): ClosedSession | null {
    let closed: ClosedSession | null = null;
    if (e.type === 'serverStart') {
      const end = this.lastAt ?? e.timestamp.toISOString();
      for (const id of Object.keys(this.open)) this.close(id, new Date(end));
      this.lastAt = e.timestamp.toISOString();
      return null;
    }
    const at = e.timestamp;
    if (e.type === 'joined' && this.open[e.eosId] === undefined) this.open[e.eosId] = e.timestamp.toISOString();
    else if ((e.type === 'left' || e.type === 'connectionClosed') && this.open[e.eosId] !== undefined) closed = this.close(e.eosId, e.timestamp);
    if (at && (this.lastAt === null || at.toISOString() > this.lastAt)) this.lastAt = at.toISOString();
    return closed;
  }

  private close(id: string, end: Date): ClosedSession {
    const start = new Date(this.open[id]!);
    delete this.open[id];
    // A clock step back (server time set earlier) must not give a negative session, nor a lost leave an endless one.
    const capped = Math.min(Math.max(end.getTime(), start.getTime()), start.getTime() + MAX_SESSION_MS);
    const s: ClosedSession = { eosId: id, start, end: new Date(capped) };
    this.closed.push(s);
    return s;
  }

  /** Forget sessions of players no longer online (dropped over the counter's caps). */
  prune(isOnline: (id: string) => boolean): void {
    for (const id of Object.keys(this.open)) if (!isOnline(id)) delete this.open[id];
  }
}

/** Whole seconds of a session. */
export function sessionSeconds(s: ClosedSession): number {
  return Math.max(0, Math.round((s.end.getTime() - s.start.getTime()) / 1000));
}
