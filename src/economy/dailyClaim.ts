/**
 * A /daily claim against the database. The ledger decides who is paid: the claim's key is the member's
 * local day (`daily:<userId>:<YYYY-MM-DD>`), so however many claims race, one entry pays. The streak in
 * `memberStats.daily` follows with a conditional update that only moves it forward (a newer day), so
 * racing claims write the same state once. Each daily entry records the streak it paid for (`ref`):
 * when the stored state lags behind the ledger (a crash between the payment and the streak update),
 * the ledger's entry for yesterday keeps the streak going and a repeat today writes the state.
 */
import type { Collection } from 'mongodb';
import type { MemberStats } from '../db/schemas.js';
import { claimFor, dailyKey, localDay, nextClaimAt, streakOfRef, streakRef, addDays, type DailyState } from './daily.js';
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
  /** Today's claim was paid before (now or by a racing request): nothing moved. */
  | { kind: 'claimed'; day: string; streak: number; nextAt: Date };

const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;

export async function claimDaily(deps: DailyDeps, guildId: string, userId: string, timeZone: string, now = new Date()): Promise<DailyResult> {
  const today = localDay(now, timeZone);
  const _id = `${guildId}:${userId}`;
  const last = (await deps.memberStats.findOne({ _id, guildId }))?.daily ?? null;
  // A later stored day happens when an admin moved the timezone west: that day counts as claimed.
  if (last && last.lastDay >= today) return { kind: 'claimed', day: last.lastDay, streak: last.streak, nextAt: nextClaimAt(last.lastDay, timeZone) };

  const yesterday = addDays(today, -1);
  let yesterdayStreak: number | null = null;
  if (last?.lastDay !== yesterday) {
    // The stored state says the streak broke; the ledger may know better (see the file comment).
    const entry = await deps.ledger.findOne({ _id: entryId(guildId, dailyKey(userId, yesterday)) });
    if (entry && entry.state !== 'refused') yesterdayStreak = streakOfRef(entry.ref);
  }
  const claim = claimFor(today, last, yesterdayStreak);
  const paid = await deps.economy.earn(guildId, userId, claim.amount, 'daily', dailyKey(userId, today), streakRef(claim.streak));
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
