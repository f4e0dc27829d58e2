/**
 * Where a `window:` of /flags begins: the first instant of today, this ISO week or this month in the
 * guild's timezone, or the current season's start.
 */
import { startOfDay } from '../../economy/daily.js';
import { dayOf } from '../../ingest/killFacts.js';
import type { WindowName } from '../../ingest/windows.js';

/**
 * The window's first instant; null: no lower bound (kill events are kept 90 days anyway). `seasonStart`:
 * the current season's start, null before the first season, when `season` means all time (as on the boards).
 */
export function windowStart(window: WindowName, now: Date, timeZone: string, seasonStart: Date | null): Date | null {
  if (window === 'all') return null;
  if (window === 'season') return seasonStart;
  const day = dayOf(now, timeZone);
  if (window === 'today') return startOfDay(day, timeZone);
  if (window === 'month') return startOfDay(`${day.slice(0, 7)}-01`, timeZone);
  // Calendar arithmetic on a UTC date of the same numbers: back to this week's Monday.
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() || 7) - 1));
  return startOfDay(d.toISOString().slice(0, 10), timeZone);
}
