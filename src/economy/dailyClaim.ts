/**
 * A /daily claim against the database. The ledger decides who is paid: the claim's key is the member's
 * local day (`daily:<userId>:<YYYY-MM-DD>`), so however many claims race, one entry pays. Whether today is
 * claimed already, and the streak a claim goes on from, is ./dailyStatus.ts's decision (the one /profile
 * shows): the member's daily entries of the last days, each counted for the day it falls on in the
 * guild's timezone now (daily.ts `countedDay`), so moving the timezone east or west never grants a second
 * claim for one calendar day. Each daily entry records the streak it paid for and the claim's moment
 * (`ref`); they also heal a crash between the payment and the streak update (the stored state lags, the
 * ledger knows). The streak in `memberStats.daily` follows with a conditional update that only moves it
 * forward (MemberStatsRepo.recordDaily), so racing claims write the same state once.
 */
import type { Collection } from 'mongodb';
import type { MemberStatsRepo } from '../repos/memberStatsRepo.js';
import { claimFor, dailyKey, nextClaimAt, streakOfRef, streakRef, type DailyAmounts } from './daily.js';
import { readDailyStatus } from './dailyStatus.js';
import type { Economy } from './economy.js';
import type { LedgerEntry } from './schemas.js';

export interface DailyDeps {
  economy: Economy;
  memberStats: Pick<MemberStatsRepo, 'get' | 'recordDaily'>;
  ledger: Collection<LedgerEntry>;
  /** The guild's daily base and streak bonus (`/eco settings`); left out: the defaults. */
  amounts?: DailyAmounts;
}

export type DailyResult =
  | { kind: 'paid'; day: string; streak: number; amount: number; nextAt: Date }
  /** Today's claim was paid before (now, by a racing request, or under another timezone): nothing moved. */
  | { kind: 'claimed'; day: string; streak: number; nextAt: Date }
  /** The guild's settings make this claim pay nothing (a daily base of 0): nothing entered, streak untouched. */
  | { kind: 'off'; day: string; streak: number; nextAt: Date };

export async function claimDaily(deps: DailyDeps, guildId: string, userId: string, timeZone: string, now = new Date()): Promise<DailyResult> {
  const { today, last, claimed, stored, todays } = await readDailyStatus(deps, guildId, userId, timeZone, now);
  // Today (or a later day: the timezone moved west since) already has its claim.
  if (claimed && last) {
    // Today's payment outran its streak update (a crash): the state catches up now.
    if (todays && (!stored || stored.lastDay < today)) await deps.memberStats.recordDaily(guildId, userId, todays);
    return { kind: 'claimed', day: last.lastDay, streak: last.streak, nextAt: nextClaimAt(last.lastDay, timeZone) };
  }

  const claim = claimFor(today, last, null, deps.amounts);
  if (claim.amount <= 0) return { kind: 'off', day: today, streak: last?.streak ?? 0, nextAt: nextClaimAt(today, timeZone) };
  const paid = await deps.economy.earn(guildId, userId, claim.amount, 'daily', dailyKey(userId, today), streakRef(claim.streak, now));
  // A racing or earlier request entered today's claim first: its entry says which streak was paid.
  const streak = streakOfRef(paid.entry.ref) ?? claim.streak;
  await deps.memberStats.recordDaily(guildId, userId, { lastDay: today, streak });
  const nextAt = nextClaimAt(today, timeZone);
  if (!paid.fresh) return { kind: 'claimed', day: today, streak, nextAt };
  return { kind: 'paid', day: today, streak, amount: paid.entry.legs[0]!.amount, nextAt };
}
