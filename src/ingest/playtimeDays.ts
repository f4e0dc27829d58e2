/**
 * Playtime per player per day, and per window (windows.ts): a closed session (playtimeSessions.ts) is
 * split at the local midnights of the guild's timezone, and each piece counts in its day's document
 * (`d<YYYY-MM-DD>`), its ISO week's and its month's, in the current season's when it falls after the
 * season began, and the session whole in the all-time document (`all`). A session counts once in every
 * document it adds time to (one spanning midnight is a session of both days). Pure: the batch's
 * journaled window context decides the keys, so a replay computes the same additions.
 */
import { dayOf } from './killFacts.js';
import { MAX_SESSION_HOURS, sessionSeconds, type ClosedSession } from './playtimeSessions.js';
import type { WindowContext } from './windowContextSchema.js';
import { calendarKey, seasonKey, WINDOW_RETENTION_DAYS } from './windows.js';

/** The all-time document's key. */
export const PLAYTIME_ALL = 'all';

/** How long a day's playtime is kept after the day (the TTL index's date); other windows keep windows.ts's retention. */
export const PLAYTIME_DAY_RETENTION_DAYS = 400;

/**
 * Most day pieces of one session (sessions are capped at MAX_SESSION_HOURS, 3 local days at most; the
 * guard keeps a longer one given directly cheap): the rest of a longer one counts in its last piece.
 */
export const MAX_SESSION_DAYS = Math.ceil(MAX_SESSION_HOURS / 24) + 2;

/** A local day lasts at most 25 hours (a DST end): the next midnight is searched within this. */
const DAY_SEARCH_MS = 27 * 3_600_000;
const MINUTE = 60_000;

/** One local day's part of a session: its first instant and its whole seconds. */
export interface DayPiece {
  day: string;
  start: Date;
  seconds: number;
}

/**
 * The first instant after `from` whose local day differs from `from`'s (at most `to`, whose day differs):
 * found by halving over whole minutes (every time zone's midnight is one), DST-proof, about 11 look-ups.
 */
function nextDayStart(from: number, to: number, day: string, timeZone: string): number {
  let lo = Math.floor(from / MINUTE);
  let hi = Math.ceil(Math.min(to, from + DAY_SEARCH_MS) / MINUTE);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (dayOf(new Date(mid * MINUTE), timeZone) === day) lo = mid;
    else hi = mid;
  }
  return Math.max(from, Math.min(to, hi * MINUTE));
}

/**
 * A session split at local midnights. Seconds are cumulative whole seconds from the session's start
 * (a piece is the seconds up to its end less those up to its start), so the pieces add up to
 * sessionSeconds exactly.
 */
export function splitByDay(s: ClosedSession, timeZone: string): DayPiece[] {
  const start = s.start.getTime();
  const end = Math.max(start, s.end.getTime());
  const upTo = (t: number) => Math.round((t - start) / 1000);
  const pieces: DayPiece[] = [];
  let cur = start;
  while (pieces.length < MAX_SESSION_DAYS - 1) {
    const day = dayOf(new Date(cur), timeZone);
    if (dayOf(new Date(end), timeZone) === day) break;
    const next = nextDayStart(cur, end, day, timeZone);
    pieces.push({ day, start: new Date(cur), seconds: upTo(next) - upTo(cur) });
    cur = next;
  }
  pieces.push({ day: dayOf(new Date(cur), timeZone), start: new Date(cur), seconds: upTo(end) - upTo(cur) });
  return pieces;
}

/** What a batch adds to one player's document of one window (per server; the guild-wide one gets the same). */
export interface PlaytimeAdd {
  key: string;
  playerId: string;
  /** The player's name as last logged, null when the log never named them. */
  name: string | null;
  seconds: number;
  sessions: number;
  /** When the TTL index may delete the document; null for the all-time one (kept). */
  expireAt: Date | null;
}

/** When a window's playtime document may go: a day's PLAYTIME_DAY_RETENTION_DAYS after it, others as windows.ts keeps them. */
export function playtimeExpiry(key: string, at: Date): Date | null {
  if (key === PLAYTIME_ALL) return null;
  const days = key.startsWith('d') ? PLAYTIME_DAY_RETENTION_DAYS : (WINDOW_RETENTION_DAYS[key[0] as keyof typeof WINDOW_RETENTION_DAYS] ?? PLAYTIME_DAY_RETENTION_DAYS);
  return new Date(at.getTime() + days * 86_400_000);
}

/**
 * The additions of a batch's closed sessions, one per (window, player), in first-seen order. Windows
 * already past their retention at `now` are left out (an old log read late writes nothing the TTL
 * would delete at once).
 */
export function playtimeAdds(sessions: readonly ClosedSession[], ctx: WindowContext, now: Date): PlaytimeAdd[] {
  const out = new Map<string, PlaytimeAdd>();
  for (const s of sessions) {
    const touched = new Set<string>();
    const add = (key: string, seconds: number, at: Date) => {
      const expireAt = playtimeExpiry(key, at);
      if (expireAt && expireAt <= now) return;
      const id = `${key}|${s.eosId}`;
      const a = out.get(id) ?? { key, playerId: s.eosId, name: null, seconds: 0, sessions: 0, expireAt };
      a.seconds += seconds;
      if (!touched.has(id)) a.sessions++;
      touched.add(id);
      if (s.name) a.name = s.name;
      if (expireAt && (!a.expireAt || expireAt > a.expireAt)) a.expireAt = expireAt;
      out.set(id, a);
    };
    add(PLAYTIME_ALL, sessionSeconds(s), s.end);
    for (const p of splitByDay(s, ctx.timeZone)) {
      for (const w of ['today', 'week', 'month'] as const) add(calendarKey(w, p.start, ctx.timeZone), p.seconds, p.start);
      // A piece counts in the season from the season's start on (a session begun before counts its rest).
      if (ctx.seasonId && ctx.seasonStartedAt) {
        const from = Math.max(p.start.getTime(), ctx.seasonStartedAt.getTime());
        const pieceEnd = p.start.getTime() + p.seconds * 1000;
        if (pieceEnd > from || (p.seconds === 0 && p.start >= ctx.seasonStartedAt)) add(seasonKey(ctx.seasonId), Math.max(0, Math.round((pieceEnd - from) / 1000)), p.start);
      }
    }
  }
  return [...out.values()];
}
