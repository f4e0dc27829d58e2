/**
 * Playtime per player per day from a generated Deadside.log's raw lines (tests/ingest/support/playtimeLog.ts),
 * apart from the code under test: sessions by the same rules as its `reference` (registered →
 * unregistered | connection closed | the last stamp before a restart), split at the local midnights of a
 * zone of fixed offset by calendar arithmetic on milliseconds.
 */
const DAY = 86_400_000;

export interface RefSession {
  id: string;
  start: number;
  end: number;
}

/** Closed sessions, in the order they close. */
export function sessionsOf(lines: readonly string[]): RefSession[] {
  const open = new Map<string, number>();
  const out: RefSession[] = [];
  let last = 0;
  const close = (id: string, end: number) => {
    const start = open.get(id)!;
    out.push({ id, start, end: Math.max(start, end) });
    open.delete(id);
  };
  for (const l of lines) {
    if (l.startsWith('Log file open')) {
      for (const id of [...open.keys()]) close(id, last);
      continue;
    }
    const m = /^\[(\d{4})\.(\d\d)\.(\d\d)-(\d\d)\.(\d\d)\.(\d\d):(\d{3})\]/.exec(l);
    if (!m) continue;
    const [, y, mo, d, h, mi, s, ms] = m.map(Number) as number[];
    const at = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!, ms!);
    const id = /\|([a-f0-9]{32})/.exec(l)?.[1];
    if (!id) continue;
    if (l.includes('successfully registered')) {
      if (!open.has(id)) open.set(id, at);
    } else if ((l.includes('unregistered') || l.includes('CloseBunch')) && open.has(id)) close(id, at);
    last = Math.max(last, at);
  }
  return out;
}

export interface RefDay {
  seconds: number;
  sessions: number;
}

/** `YYYY-MM-DD` of an instant in a zone `offsetMs` ahead of UTC. */
const localDay = (ms: number, offsetMs: number) => new Date(ms + offsetMs).toISOString().slice(0, 10);

/**
 * Seconds and sessions per `<player>|<day>` and per `<player>|all`: each day gets the whole seconds from
 * the session's start to the day's end (or the session's) less those to the day's start.
 */
export function playtimeByDay(sessions: readonly RefSession[], offsetMs: number): Map<string, RefDay> {
  const out = new Map<string, RefDay>();
  const add = (key: string, seconds: number) => {
    const r = out.get(key) ?? { seconds: 0, sessions: 0 };
    r.seconds += seconds;
    r.sessions++;
    out.set(key, r);
  };
  for (const s of sessions) {
    const upTo = (t: number) => Math.round((t - s.start) / 1000);
    add(`${s.id}|all`, upTo(s.end));
    let from = s.start;
    for (;;) {
      const dayEnd = Math.floor((from + offsetMs) / DAY) * DAY + DAY - offsetMs;
      const to = Math.min(dayEnd, s.end);
      add(`${s.id}|${localDay(from, offsetMs)}`, upTo(to) - upTo(from));
      if (dayEnd > s.end) break; // a session ending at midnight sharp also counts (0 s) on the new day, as the bot does
      from = dayEnd;
    }
  }
  return out;
}

/** The lines moved in time by `deltaMs` (both the `[YYYY.MM.DD-HH.MM.SS:mmm]` stamps and "Log file open" lines). */
export function shiftLog(lines: readonly string[], deltaMs: number, render: { stamp(ms: number): string; opened(ms: number): string }): string[] {
  return lines.map((l) => {
    const open = /^Log file open, (\d\d)\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d)$/.exec(l);
    if (open) {
      const [, mo, d, y, h, mi, s] = open.map(Number) as number[];
      return render.opened(Date.UTC(2000 + y!, mo! - 1, d!, h!, mi!, s!) + deltaMs);
    }
    const m = /^\[(\d{4})\.(\d\d)\.(\d\d)-(\d\d)\.(\d\d)\.(\d\d):(\d{3})\]\[\d+\]/.exec(l);
    if (!m) return l;
    const [, y, mo, d, h, mi, s, ms] = m.map(Number) as number[];
    return render.stamp(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!, ms!) + deltaMs) + l.slice(m[0].length);
  });
}

/** The last stamped instant of the lines. */
export function lastStamp(lines: readonly string[]): number {
  let last = 0;
  for (const l of lines) {
    const m = /^\[(\d{4})\.(\d\d)\.(\d\d)-(\d\d)\.(\d\d)\.(\d\d):(\d{3})\]/.exec(l);
    if (m) {
      const [, y, mo, d, h, mi, s, ms] = m.map(Number) as number[];
      last = Math.max(last, Date.UTC(y!, mo! - 1, d!, h!, mi!, s!, ms!));
    }
  }
  return last;
}
