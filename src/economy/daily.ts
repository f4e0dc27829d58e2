/**
 * The /daily rule as pure functions: which local day a moment falls on in the guild's timezone (the
 * bot's one `localDay`), when the next day begins there, and how a streak goes on or resets. Days are
 * `YYYY-MM-DD` strings, which sort and compare like the dates they name. Every function takes the moment
 * it is about (no hidden clock). Where a member's streak stands now is ./dailyStatus.ts.
 */
import { BoundedMap } from '../util/boundedMap.js';
import { dailyAmountIn, ecoSettingsOf, type EcoSettings } from './settings.js';

const DAY_MS = 86_400_000;

/** One formatter per timezone: building Intl formatters is costly and a guild claims often. */
const partsFormatters = new BoundedMap<string, Intl.DateTimeFormat>(500);

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    partsFormatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock fields of `t` in `timeZone`. */
function wallClock(t: number, timeZone: string): { y: number; m: number; d: number; h: number; min: number; s: number } {
  const p = Object.fromEntries(partsFormatter(timeZone).formatToParts(t).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), h: Number(p.hour), min: Number(p.minute), s: Number(p.second) };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The calendar day of `at` in `timeZone`, `YYYY-MM-DD`. */
export function localDay(at: Date, timeZone: string): string {
  const w = wallClock(at.getTime(), timeZone);
  return `${pad(w.y, 4)}-${pad(w.m)}-${pad(w.d)}`;
}

function parseDay(day: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new Error(`not a day: ${day}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

/** `day` moved by `days` calendar days (calendar arithmetic: no timezone involved). */
export function addDays(day: string, days: number): string {
  return new Date(parseDay(day) + days * DAY_MS).toISOString().slice(0, 10);
}

/** How far `timeZone`'s wall clock is ahead of UTC at `t` (negative west of Greenwich). */
function offsetAt(t: number, timeZone: string): number {
  const w = wallClock(t, timeZone);
  return Date.UTC(w.y, w.m - 1, w.d, w.h, w.min, w.s) - Math.floor(t / 1000) * 1000;
}

/**
 * The first moment of `day` in `timeZone`: local midnight, or, where a DST change skips midnight (e.g.
 * America/Santiago in September), the first instant the local date reads `day`.
 */
export function startOfDay(day: string, timeZone: string): Date {
  const utcMidnight = parseDay(day);
  // Two passes: the offset at the guess can differ from the offset at the answer across a DST change.
  let t = utcMidnight - offsetAt(utcMidnight, timeZone);
  t = utcMidnight - offsetAt(t, timeZone);
  // Offsets are whole quarter hours everywhere today; step to the first quarter hour of `day`.
  const QUARTER = 15 * 60_000;
  while (localDay(new Date(t), timeZone) < day) t += QUARTER;
  while (localDay(new Date(t - QUARTER), timeZone) === day) t -= QUARTER;
  return new Date(t);
}

/** When the day after `day` begins in `timeZone`: the moment the next /daily opens. */
export function nextClaimAt(day: string, timeZone: string): Date {
  return startOfDay(addDays(day, 1), timeZone);
}

/** What a member's last claim left (memberStats.daily). */
export interface DailyState {
  lastDay: string;
  streak: number;
}

/**
 * The streak a claim on `today` reaches: one more than the last claim's when that was yesterday, else a
 * new streak of 1 (a missed day resets it). `yesterdayStreak` is the streak of a claim on yesterday
 * known from elsewhere (the ledger) when the stored state lags behind it.
 */
export function streakFor(today: string, last: DailyState | null | undefined, yesterdayStreak: number | null = null): number {
  const yesterday = addDays(today, -1);
  if (last && last.lastDay === yesterday) return last.streak + 1;
  if (yesterdayStreak !== null) return yesterdayStreak + 1;
  return 1;
}

/** The idempotency key of a member's claim on a local day (one payment per day, however often asked). */
export function dailyKey(userId: string, day: string): string {
  return `daily:${userId}:${day}`;
}

/**
 * The streak a daily entry was paid for, kept in the entry's `ref` (`streak:<n>`), and the moment of the
 * claim (`;at:<ms>`, the claimer's clock), which says which day the claim falls on in another timezone.
 */
export const streakRef = (streak: number, at?: Date) => (at ? `streak:${streak};at:${at.getTime()}` : `streak:${streak}`);

export function streakOfRef(ref: string | null | undefined): number | null {
  const m = /^streak:(\d+)(?:;|$)/.exec(ref ?? '');
  return m ? Number(m[1]) : null;
}

/** The claim's moment from its ref; null for entries written before it was recorded. */
export function claimedAtOfRef(ref: string | null | undefined): Date | null {
  const m = /;at:(\d+)$/.exec(ref ?? '');
  return m ? new Date(Number(m[1])) : null;
}

/**
 * The days whose claims can fall on today or yesterday in the timezone in force, whatever it was when they
 * were made: local dates of one moment differ by at most 2 days between timezones (UTC−12 to UTC+14).
 */
export function claimWindow(today: string): string[] {
  return [-3, -2, -1, 0, 1, 2].map((d) => addDays(today, d));
}

/**
 * The day a claim counts for under the guild's timezone now. The rule a member can rely on: one claim per
 * calendar day of the timezone in force, and moving the timezone never opens a second claim on a day that
 * already has one. So a claim counts for its own day (its ledger key: a west move cannot claim that day
 * again) and for the day its moment falls on in the new timezone (an east move that turns "yesterday
 * 23:00" into "today 08:00" does not reopen today), whichever is later. At worst the next claim waits for
 * the following local midnight (up to a day longer once), and the streak goes on across the move. A gap
 * of hours (instead of days) would break the plain rule "claim again after midnight".
 */
export function countedDay(keyDay: string, at: Date | null, timeZone: string): string {
  const moment = at ? localDay(at, timeZone) : keyDay;
  return moment > keyDay ? moment : keyDay;
}

/** The guild's daily amounts (`/eco settings`); left out: the defaults. */
export type DailyAmounts = Pick<EcoSettings, 'dailyBase' | 'dailyStreakBonus'>;

/** What a claim on `today` pays and the streak it reaches. */
export function claimFor(today: string, last: DailyState | null | undefined, yesterdayStreak: number | null = null, amounts?: DailyAmounts): { streak: number; amount: number } {
  const streak = streakFor(today, last, yesterdayStreak);
  return { streak, amount: dailyAmountIn(amounts ?? ecoSettingsOf(null), streak) };
}
