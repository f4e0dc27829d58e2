/**
 * Time windows of the boards and lookups: `today`, `week` (ISO, Monday first), `month`, `season` and
 * `all`, in the guild's timezone. Each kill counts, besides the all-time documents, in one document per
 * player per window it falls in, keyed by the window it belongs to (`d2026-12-06`, `w2026-W49`,
 * `m2026-12`, `s<seasonId>`): a board of a window is then one indexed range, like the all-time boards.
 * The keys are computed from the event's own time in the timezone frozen into its batch (a replay after
 * a timezone change counts into the same documents). Pure: the ingest engine writes with these keys and
 * the boards read with them.
 */
import { dayOf } from './killFacts.js';

export const WINDOW_NAMES = ['today', 'week', 'month', 'season', 'all'] as const;
export type WindowName = (typeof WINDOW_NAMES)[number];

/** The windows kept as documents of their own (`all` is the all-time documents). */
export type CalendarWindow = Exclude<WindowName, 'all' | 'season'>;

/**
 * What a board or a lookup reads: a window as it stands now, or an archived season (`seasonId`), whose
 * numbers are read from the season's archive rather than from live documents.
 */
export interface WindowChoice {
  name: WindowName;
  /** With `season`: a past season by id (absent: the current one). */
  seasonId?: string;
}

export const ALL_TIME: WindowChoice = { name: 'all' };

/** Calendar parts of a local date `YYYY-MM-DD`. */
function parts(day: string): { y: number; m: number; d: number } {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return { y, m, d };
}

/** The ISO week of a calendar date: its week-based year and week number (weeks start on Monday). */
export function isoWeek(day: string): { year: number; week: number } {
  const { y, m, d } = parts(day);
  // Calendar arithmetic on a UTC date of the same numbers: no timezone or DST can move it.
  const date = new Date(Date.UTC(y, m - 1, d));
  const weekday = date.getUTCDay() || 7; // Monday 1 … Sunday 7
  date.setUTCDate(date.getUTCDate() + 4 - weekday); // the Thursday of this week decides its year
  const year = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return { year, week };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The key of the calendar window an instant falls in, in a timezone. */
export function calendarKey(window: CalendarWindow, at: Date, timeZone: string): string {
  const day = dayOf(at, timeZone);
  if (window === 'today') return `d${day}`;
  if (window === 'month') return `m${day.slice(0, 7)}`;
  const { year, week } = isoWeek(day);
  return `w${year}-W${pad(week)}`;
}

export const seasonKey = (seasonId: string) => `s${seasonId}`;

/**
 * Every window document key an event at `at` counts in: today's, this week's, this month's, and the
 * current season's when a season was started (before any, `season` reads the all-time documents).
 */
export function windowKeysAt(at: Date, timeZone: string, seasonId: string | null | undefined): string[] {
  const keys = (['today', 'week', 'month'] as const).map((w) => calendarKey(w, at, timeZone));
  if (seasonId) keys.push(seasonKey(seasonId));
  return keys;
}

/**
 * The document key a live window reads now; null where the all-time documents answer (`all`, or
 * `season` while no season was started).
 */
export function liveWindowKey(choice: WindowChoice, now: Date, timeZone: string, currentSeasonId: string | null | undefined): string | null {
  if (choice.name === 'all') return null;
  if (choice.name === 'season') return currentSeasonId ? seasonKey(currentSeasonId) : null;
  return calendarKey(choice.name, now, timeZone);
}

/** How long a window's documents are kept after the window began (a day and a week beyond its end). */
export const WINDOW_RETENTION_DAYS = { d: 8, w: 21, m: 62, s: 400 } as const;

/** When a window document may be deleted (the TTL index's date), from the event time that created it. */
export function windowExpiry(key: string, at: Date): Date {
  const days = WINDOW_RETENTION_DAYS[key[0] as keyof typeof WINDOW_RETENTION_DAYS] ?? 400;
  return new Date(at.getTime() + days * 86_400_000);
}
