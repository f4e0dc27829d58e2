/**
 * Where a member's /daily stands in the guild's timezone now: the streak still alive, and whether today
 * is claimed. The one decision both /daily (./dailyClaim.ts, before it pays) and /profile (the streak it
 * shows) take, from the same two sources, so they never disagree:
 *
 * - the stored state (`memberStats.daily`), which a crash between a payment and its streak update can
 *   leave behind;
 * - the member's daily ledger entries of the last days, each recording the streak it paid for and the
 *   claim's moment (daily.ts `streakRef`), each counted for the day it falls on in the timezone now
 *   (daily.ts `countedDay`). A claim only the ledger knows of counts as much as a stored one.
 *
 * A streak is alive while its last claim is today or yesterday (or a later day: the timezone moved west
 * since); a streak left from an earlier day is 0, not a streak the member has.
 */
import type { Collection } from 'mongodb';
import type { MemberStatsRepo } from '../repos/memberStatsRepo.js';
import { addDays, claimedAtOfRef, claimWindow, countedDay, dailyKey, localDay, streakOfRef, type DailyState } from './daily.js';
import { entryId } from './ledgerMarkers.js';
import type { LedgerEntry } from './schemas.js';

/** A daily ledger entry, as far as the status reads it. */
export type DailyEntry = Pick<LedgerEntry, '_id' | 'state' | 'ref'>;

export interface DailyStatus {
  /** The guild's local day now. */
  today: string;
  /** The latest claim, as the day it counts for in the timezone now; null: never claimed. */
  last: DailyState | null;
  /** Today (or a later day) has its claim: /daily pays nothing more until the next local midnight. */
  claimed: boolean;
  /** The streak still alive today (0 once a day was missed, or never claimed). */
  streak: number;
  /** What memberStats.daily holds. */
  stored: DailyState | null;
  /** Today's own entry (key = today), when there is one. */
  todays: DailyState | null;
}

/** The `_id`s of the member's daily entries that can count for today or yesterday (daily.ts `claimWindow`). */
export function dailyEntryIds(guildId: string, userId: string, today: string): string[] {
  return claimWindow(today).map((d) => entryId(guildId, dailyKey(userId, d)));
}

/** The member's daily entries around `today` (one round trip on the `_id` index). */
export function readDailyEntries(ledger: Collection<LedgerEntry>, guildId: string, userId: string, today: string): Promise<DailyEntry[]> {
  return ledger.find({ _id: { $in: dailyEntryIds(guildId, userId, today) } }).toArray();
}

export interface DailyStatusInput {
  guildId: string;
  userId: string;
  timeZone: string;
  now: Date;
  /** memberStats.daily (absent: never stored). */
  stored: DailyState | null | undefined;
  /** The member's daily entries around today (readDailyEntries); others are ignored. */
  entries: readonly DailyEntry[];
}

/** The decision: the stored state and the ledger's claims, read in the guild's timezone at `now`. */
export function dailyStatus({ guildId, userId, timeZone, now, stored, entries }: DailyStatusInput): DailyStatus {
  const today = localDay(now, timeZone);
  const days = claimWindow(today);
  const ids = dailyEntryIds(guildId, userId, today);
  let last = stored ?? null;
  let todays: DailyState | null = null;
  for (const entry of entries) {
    const keyDay = days[ids.indexOf(entry._id)];
    if (!keyDay || entry.state === 'refused') continue;
    const streak = streakOfRef(entry.ref) ?? 1;
    if (keyDay === today) todays = { lastDay: today, streak };
    const seen = { lastDay: countedDay(keyDay, claimedAtOfRef(entry.ref), timeZone), streak };
    if (!last || seen.lastDay > last.lastDay || (seen.lastDay === last.lastDay && seen.streak > last.streak)) last = seen;
  }
  const claimed = last !== null && last.lastDay >= today;
  const streak = last && last.lastDay >= addDays(today, -1) ? last.streak : 0;
  return { today, last, claimed, streak, stored: stored ?? null, todays };
}

export interface DailyStatusSources {
  memberStats: Pick<MemberStatsRepo, 'get'>;
  ledger: Collection<LedgerEntry>;
}

/** The member's status read from both sources at once (two round trips in parallel). */
export async function readDailyStatus(src: DailyStatusSources, guildId: string, userId: string, timeZone: string, now = new Date()): Promise<DailyStatus> {
  const today = localDay(now, timeZone);
  const [stats, entries] = await Promise.all([src.memberStats.get(guildId, userId), readDailyEntries(src.ledger, guildId, userId, today)]);
  return dailyStatus({ guildId, userId, timeZone, now, stored: stats?.daily, entries });
}
