/**
 * A /daily claim against the database. The ledger decides who is paid: the claim's key is the member's
 * local day (`daily:<userId>:<YYYY-MM-DD>`), so however many claims race, one entry pays. Whether today is
 * claimed already is read from the member's daily entries of the last days (one round trip), each counted
 * for the day it falls on in the guild's timezone now (daily.ts `countedDay`): so moving the timezone east
 * or west never grants a second claim for one calendar day. Each daily entry records the streak it paid
 * for and the claim's moment (`ref`); they also heal a crash between the payment and the streak update
 * (the stored state lags, the ledger knows). The streak in `memberStats.daily` (shown by /profile)
 * follows with a conditional update that only moves it forward, so racing claims write the same state once.
 */
import type { Collection } from 'mongodb';
import type { MemberStats } from '../db/schemas.js';
import { claimedAtOfRef, claimFor, claimWindow, countedDay, dailyKey, localDay, nextClaimAt, streakOfRef, streakRef, type DailyState } from './daily.js';
import type { Economy } from './economy.js';
import { entryId } from './ledger.js';
import type { LedgerEntry } from './schemas.js';

export interface DailyDeps {
  economy: Economy;
  memberStats: Collection<MemberStats>;
  ledger: Collection<LedgerEntry>;
}

export type DailyResult =
  | { kind: 'paid'; day: string; streak: number; amount: number; nextAt: Date }
  /** Today's claim was paid before (now, by a racing request, or under another timezone): nothing moved. */
  | { kind: 'claimed'; day: string; streak: number; nextAt: Date };

const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;

interface LastClaim {
  /** The latest claim, as the day it counts for in the timezone now (daily.ts `countedDay`). */
  last: DailyState | null;
  /** What memberStats.daily holds. */
  stored: DailyState | null;
  /** Today's own entry (key = today), when there is one. */
  todays: DailyState | null;
}

async function lastClaim(deps: DailyDeps, guildId: string, userId: string, today: string, timeZone: string): Promise<LastClaim> {
  const days = claimWindow(today);
  const ids = days.map((d) => entryId(guildId, dailyKey(userId, d)));
  const [stats, entries] = await Promise.all([
    deps.memberStats.findOne({ _id: `${guildId}:${userId}`, guildId }),
    deps.ledger.find({ _id: { $in: ids } }).toArray(),
  ]);
  const stored = stats?.daily ?? null;
  let last = stored;
  let todays: DailyState | null = null;
  for (const entry of entries) {
    const keyDay = days[ids.indexOf(entry._id)];
    if (!keyDay || entry.state === 'refused') continue;
    const streak = streakOfRef(entry.ref) ?? 1;
    if (keyDay === today) todays = { lastDay: today, streak };
    const seen = { lastDay: countedDay(keyDay, claimedAtOfRef(entry.ref), timeZone), streak };
    if (!last || seen.lastDay > last.lastDay || (seen.lastDay === last.lastDay && seen.streak > last.streak)) last = seen;
  }
  return { last, stored, todays };
}

export async function claimDaily(deps: DailyDeps, guildId: string, userId: string, timeZone: string, now = new Date()): Promise<DailyResult> {
  const today = localDay(now, timeZone);
  const { last, stored, todays } = await lastClaim(deps, guildId, userId, today, timeZone);
  // Today (or a later day: the timezone moved west since) already has its claim.
  if (last && last.lastDay >= today) {
    // Today's payment outran its streak update (a crash): the state catches up now.
    if (todays && (!stored || stored.lastDay < today)) await recordDay(deps.memberStats, guildId, userId, todays);
    return { kind: 'claimed', day: last.lastDay, streak: last.streak, nextAt: nextClaimAt(last.lastDay, timeZone) };
  }

  const claim = claimFor(today, last);
  const paid = await deps.economy.earn(guildId, userId, claim.amount, 'daily', dailyKey(userId, today), streakRef(claim.streak, now));
  // A racing or earlier request entered today's claim first: its entry says which streak was paid.
  const streak = streakOfRef(paid.entry.ref) ?? claim.streak;
  await recordDay(deps.memberStats, guildId, userId, { lastDay: today, streak });
  const nextAt = nextClaimAt(today, timeZone);
  if (!paid.fresh) return { kind: 'claimed', day: today, streak, nextAt };
  return { kind: 'paid', day: today, streak, amount: paid.entry.legs[0]!.amount, nextAt };
}

/** Moves the stored streak to `state` unless it already holds that day or a later one. */
async function recordDay(col: Collection<MemberStats>, guildId: string, userId: string, state: DailyState): Promise<void> {
  const filter = { _id: `${guildId}:${userId}`, $or: [{ daily: { $exists: false } }, { 'daily.lastDay': { $lt: state.lastDay } }] };
  // Two attempts: an upsert that meets a document created a moment ago (the usage counter) fails with
  // 11000 once; a second 11000 means the document holds this day or a later one already.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await col.updateOne(filter, { $set: { daily: state }, $setOnInsert: { guildId, userId, commandsUsed: 0 } }, { upsert: true });
      return;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
}
