/**
 * /daily's rule (pure: local days in a timezone, the next claim's moment across DST, streaks) and the
 * claim against a MongoDB-wire server: one payment per local day however many claims race, the streak
 * goes on across days and resets after a missed one, and a crash between the payment and the streak
 * update is healed from the ledger.
 */
import { describe, expect, it } from 'vitest';
import { dailyAmountIn, ecoSettingsOf } from '../../src/economy/settings.js';

const dailyAmount = (streak: number) => dailyAmountIn(ecoSettingsOf(null), streak);
import { addDays, claimedAtOfRef, claimFor, claimWindow, countedDay, dailyKey, localDay, nextClaimAt, startOfDay, streakFor, streakOfRef, streakRef } from '../../src/economy/daily.js';
import { claimDaily } from '../../src/economy/dailyClaim.js';
import { useEconomyWorld } from './world.js';

const G = '1810000000000000001';
const A = '1810000000000000011';

describe('the day rule', () => {
  it('reads the local day in the guild’s timezone', () => {
    const at = new Date('2026-03-10T23:30:00Z');
    expect(localDay(at, 'UTC')).toBe('2026-03-10');
    expect(localDay(at, 'Europe/Berlin')).toBe('2026-03-11');
    expect(localDay(at, 'America/Los_Angeles')).toBe('2026-03-10');
    expect(localDay(at, 'Pacific/Kiritimati')).toBe('2026-03-11');
    expect(localDay(new Date('2026-03-10T10:00:00Z'), 'Pacific/Pago_Pago')).toBe('2026-03-09');
  });

  it('does calendar arithmetic across months and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
  });

  it('opens the next claim at the next local midnight, DST days included', () => {
    expect(nextClaimAt('2026-03-10', 'UTC').toISOString()).toBe('2026-03-11T00:00:00.000Z');
    expect(nextClaimAt('2026-03-10', 'Europe/Berlin').toISOString()).toBe('2026-03-10T23:00:00.000Z');
    // Berlin moves to summer time on 2026-03-29: the 30th starts at UTC+2.
    expect(nextClaimAt('2026-03-29', 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(nextClaimAt('2026-10-25', 'Europe/Berlin').toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(nextClaimAt('2026-03-10', 'Asia/Kolkata').toISOString()).toBe('2026-03-10T18:30:00.000Z');
    expect(nextClaimAt('2026-03-10', 'Asia/Kathmandu').toISOString()).toBe('2026-03-10T18:15:00.000Z');
    // Santiago skips midnight when DST starts (2024-09-08 00:00 → 01:00): the day begins at 01:00 local.
    const skipped = startOfDay('2024-09-08', 'America/Santiago');
    expect(skipped.toISOString()).toBe('2024-09-08T04:00:00.000Z');
    expect(localDay(skipped, 'America/Santiago')).toBe('2024-09-08');
    expect(localDay(new Date(skipped.getTime() - 1), 'America/Santiago')).toBe('2024-09-07');
  });

  it('continues a streak from yesterday, resets it after a missed day, and pays by the table', () => {
    expect(streakFor('2026-03-10', null)).toBe(1);
    expect(streakFor('2026-03-10', { lastDay: '2026-03-09', streak: 4 })).toBe(5);
    expect(streakFor('2026-03-10', { lastDay: '2026-03-08', streak: 4 })).toBe(1);
    expect(streakFor('2026-03-10', { lastDay: '2026-03-08', streak: 4 }, 6)).toBe(7);
    expect(claimFor('2026-03-10', { lastDay: '2026-03-09', streak: 2 })).toEqual({ streak: 3, amount: dailyAmount(3) });
    expect(dailyAmount(1)).toBeLessThan(dailyAmount(2));
    expect(dailyKey(A, '2026-03-10')).toBe(`daily:${A}:2026-03-10`);
    expect(streakOfRef(streakRef(12))).toBe(12);
    expect(streakOfRef(null)).toBeNull();
    const at = new Date('2026-03-10T23:00:00Z');
    expect(streakRef(3, at)).toBe(`streak:3;at:${at.getTime()}`);
    expect(streakOfRef(streakRef(3, at))).toBe(3);
    expect(claimedAtOfRef(streakRef(3, at))).toEqual(at);
    expect(claimedAtOfRef(streakRef(3))).toBeNull();
  });

  it('counts a claim for the later of its own day and the day its moment falls on in the timezone now', () => {
    const at = new Date('2026-03-10T23:00:00Z'); // the 10th in UTC, the 11th in Tokyo
    expect(countedDay('2026-03-10', at, 'UTC')).toBe('2026-03-10');
    expect(countedDay('2026-03-10', at, 'Asia/Tokyo')).toBe('2026-03-11');
    // Claimed as the 11th in Tokyo, read in Los Angeles (still the 10th there): its own day stays claimed.
    expect(countedDay('2026-03-11', at, 'America/Los_Angeles')).toBe('2026-03-11');
    expect(countedDay('2026-03-10', null, 'Asia/Tokyo')).toBe('2026-03-10');
    expect(claimWindow('2026-03-01')).toEqual(['2026-02-26', '2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02', '2026-03-03']);
  });
});

describe('claimDaily', () => {
  const world = useEconomyWorld();

  const day = (d: string, time = '12:00:00') => new Date(`${d}T${time}Z`);

  it('pays once a day, goes on across days and starts over after a missed day', async () => {
    const first = await claimDaily(world.deps, G, A, 'UTC', day('2026-03-10'));
    expect(first).toMatchObject({ kind: 'paid', streak: 1, amount: dailyAmount(1), nextAt: new Date('2026-03-11T00:00:00Z') });
    expect(await claimDaily(world.deps, G, A, 'UTC', day('2026-03-10', '23:59:59'))).toMatchObject({ kind: 'claimed', streak: 1 });
    expect(await claimDaily(world.deps, G, A, 'UTC', day('2026-03-11', '00:00:01'))).toMatchObject({ kind: 'paid', streak: 2, amount: dailyAmount(2) });
    expect(await claimDaily(world.deps, G, A, 'UTC', day('2026-03-12'))).toMatchObject({ kind: 'paid', streak: 3, amount: dailyAmount(3) });
    // The 13th is missed.
    expect(await claimDaily(world.deps, G, A, 'UTC', day('2026-03-14'))).toMatchObject({ kind: 'paid', streak: 1, amount: dailyAmount(1) });
    expect(await world.economy.balance(G, A)).toBe(dailyAmount(1) * 2 + dailyAmount(2) + dailyAmount(3));
    expect((await world.cols.memberStats.findOne({ _id: `${G}:${A}` }))?.daily).toEqual({ lastDay: '2026-03-14', streak: 1 });
  });

  it('counts days in the guild’s timezone', async () => {
    // 23:30 UTC is already the next day in Berlin: two claims an hour apart are two days there.
    expect(await claimDaily(world.deps, G, A, 'Europe/Berlin', new Date('2026-03-10T22:30:00Z'))).toMatchObject({ kind: 'paid', day: '2026-03-10', streak: 1 });
    const next = await claimDaily(world.deps, G, A, 'Europe/Berlin', new Date('2026-03-10T23:30:00Z'));
    expect(next).toMatchObject({ kind: 'paid', day: '2026-03-11', streak: 2, nextAt: new Date('2026-03-11T23:00:00Z') });
    expect(await world.cols.creditLedger.countDocuments({ _id: { $in: [`${G}|daily:${A}:2026-03-10`, `${G}|daily:${A}:2026-03-11`] } })).toBe(2);
  });

  it('pays one of many concurrent claims and tells the others it is claimed', async () => {
    await claimDaily(world.deps, G, A, 'UTC', day('2026-03-09'));
    const results = await Promise.all(Array.from({ length: 10 }, () => claimDaily(world.deps, G, A, 'UTC', day('2026-03-10'))));
    expect(results.filter((r) => r.kind === 'paid')).toHaveLength(1);
    expect(results.every((r) => r.streak === 2)).toBe(true);
    expect(await world.economy.balance(G, A)).toBe(dailyAmount(1) + dailyAmount(2));
    expect((await world.cols.memberStats.findOne({ _id: `${G}:${A}` }))?.daily).toEqual({ lastDay: '2026-03-10', streak: 2 });
  });

  it('moving the timezone east grants no second claim for the day; the next one opens at midnight there, the streak going on', async () => {
    // 23:00 UTC on the 10th is 08:00 on the 11th in Tokyo.
    expect(await claimDaily(world.deps, G, A, 'UTC', new Date('2026-03-10T23:00:00Z'))).toMatchObject({ kind: 'paid', day: '2026-03-10', streak: 1 });
    const moved = await claimDaily(world.deps, G, A, 'Asia/Tokyo', new Date('2026-03-10T23:30:00Z'));
    expect(moved).toEqual({ kind: 'claimed', day: '2026-03-11', streak: 1, nextAt: new Date('2026-03-11T15:00:00Z') });
    expect(await claimDaily(world.deps, G, A, 'Pacific/Kiritimati', new Date('2026-03-11T09:00:00Z'))).toMatchObject({ kind: 'claimed' });
    expect(await claimDaily(world.deps, G, A, 'Asia/Tokyo', new Date('2026-03-11T15:00:01Z'))).toMatchObject({ kind: 'paid', day: '2026-03-12', streak: 2 });
    expect(await world.economy.balance(G, A)).toBe(dailyAmount(1) + dailyAmount(2));
  });

  it('moving the timezone west grants no second claim either, not even for the day it claimed ahead', async () => {
    // 16:00 UTC on the 10th is 01:00 on the 11th in Tokyo, 09:00 on the 10th in Los Angeles.
    expect(await claimDaily(world.deps, G, A, 'Asia/Tokyo', new Date('2026-03-10T16:00:00Z'))).toMatchObject({ kind: 'paid', day: '2026-03-11', streak: 1 });
    expect(await claimDaily(world.deps, G, A, 'America/Los_Angeles', new Date('2026-03-10T17:00:00Z'))).toEqual({
      kind: 'claimed',
      day: '2026-03-11',
      streak: 1,
      nextAt: new Date('2026-03-12T07:00:00Z'),
    });
    expect(await claimDaily(world.deps, G, A, 'America/Los_Angeles', new Date('2026-03-11T08:00:00Z'))).toMatchObject({ kind: 'claimed', day: '2026-03-11' });
    expect(await claimDaily(world.deps, G, A, 'America/Los_Angeles', new Date('2026-03-12T07:00:01Z'))).toMatchObject({ kind: 'paid', day: '2026-03-12', streak: 2 });
    expect(await world.economy.balance(G, A)).toBe(dailyAmount(1) + dailyAmount(2));
  });

  it('under any sequence of timezone moves, no two paid claims share a calendar day of the timezone in force', async () => {
    const zones = ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC', 'Asia/Tokyo', 'America/Los_Angeles', 'Asia/Kathmandu', 'Pacific/Chatham'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    // Three members, each asking every hour for 8 days, the timezone moved at random before each attempt.
    for (const member of [A, `${A}2`, `${A}3`]) {
      const paid: Array<{ at: Date; zone: string }> = [];
      for (let h = 0; h < 8 * 24; h++) {
        const at = new Date(Date.UTC(2026, 4, 1) + h * 3_600_000);
        const zone = zones[next() % zones.length]!;
        if ((await claimDaily(world.deps, G, member, zone, at)).kind === 'paid') paid.push({ at, zone });
      }
      for (const [i, q] of paid.entries()) {
        for (const p of paid.slice(0, i)) expect(localDay(p.at, q.zone), `${p.at.toISOString()} and ${q.at.toISOString()} in ${q.zone}`).not.toBe(localDay(q.at, q.zone));
      }
      // Still about one claim a day: a move delays a claim by a day at most, and 8 UTC days span 10 local dates.
      expect(paid.length).toBeGreaterThanOrEqual(4);
      expect(paid.length).toBeLessThanOrEqual(10); // local dates from Apr 30 (UTC−11) to May 9 (UTC+14)
    }
  });

  it('heals a crash between the payment and the streak update from the ledger', async () => {
    await claimDaily(world.deps, G, A, 'UTC', day('2026-03-09'));
    // The 10th was paid (streak 2) but the process died before the streak was stored.
    await world.economy.earn(G, A, dailyAmount(2), 'daily', dailyKey(A, '2026-03-10'), streakRef(2));
    // A repeat the same day pays nothing and stores the streak…
    expect(await claimDaily(world.deps, G, A, 'UTC', day('2026-03-10', '18:00:00'))).toMatchObject({ kind: 'claimed', streak: 2 });
    expect((await world.cols.memberStats.findOne({ _id: `${G}:${A}` }))?.daily).toEqual({ lastDay: '2026-03-10', streak: 2 });
    // …and without a repeat, the next day still continues the streak.
    await world.economy.earn(G, A, dailyAmount(3), 'daily', dailyKey(A, '2026-03-11'), streakRef(3));
    expect(await claimDaily(world.deps, G, A, 'UTC', day('2026-03-12'))).toMatchObject({ kind: 'paid', streak: 4, amount: dailyAmount(4) });
    expect(await world.economy.balance(G, A)).toBe(dailyAmount(1) + dailyAmount(2) + dailyAmount(3) + dailyAmount(4));
  });
});
