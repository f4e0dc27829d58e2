/**
 * /daily and /profile take one decision about a member's streak (src/economy/dailyStatus.ts), so they
 * agree in the cases where they used to part: a claim only the ledger knows of (a crash between the
 * payment and the streak update), today's claim only in the ledger, and a claim made ahead under a
 * timezone east of the one in force now. Against a MongoDB-wire server, with /profile's sources wired as
 * the command wires them.
 */
import { describe, expect, it } from 'vitest';
import { dailyAmountIn, ecoSettingsOf } from '../../src/economy/settings.js';

const dailyAmount = (streak: number) => dailyAmountIn(ecoSettingsOf(null), streak);
import { dailyKey, streakRef } from '../../src/economy/daily.js';
import { claimDaily } from '../../src/economy/dailyClaim.js';
import { dailyStatus, readDailyEntries, readDailyStatus } from '../../src/economy/dailyStatus.js';
import { gatherProfile, type ProfileSources } from '../../src/profile/data.js';
import { useEconomyWorld } from './world.js';

const G = '1830000000000000001';
const A = '1830000000000000011';

const world = useEconomyWorld();

/** The streak /profile shows at `now`: its sources as src/commands/profile.ts wires them. */
async function profileStreak(timeZone: string, now: Date): Promise<number> {
  const src: ProfileSources = {
    balance: (g, u) => world.economy.balance(g, u),
    rank: (g, u) => world.economy.rank(g, u),
    memberStats: (g, u) => world.deps.memberStats.get(g, u),
    dailyEntries: (g, u, today) => readDailyEntries(world.cols.creditLedger, g, u, today),
    links: async () => [],
    claims: async () => [],
    player: async () => null,
  };
  return (await gatherProfile(src, G, A, { timeZone, now })).streak;
}

const storeDaily = (lastDay: string, streak: number) =>
  world.cols.memberStats.insertOne({ _id: `${G}:${A}`, guildId: G, userId: A, commandsUsed: 0, daily: { lastDay, streak } });

describe('the daily status /daily and /profile share', () => {
  it('continues a streak whose last claim is only in the ledger: /profile shows it, /daily goes on from it', async () => {
    // Stored: day 3 on the 8th. The ledger: the 9th paid as day 4, its streak update lost to a crash.
    await storeDaily('2026-03-08', 3);
    await world.economy.earn(G, A, dailyAmount(4), 'daily', dailyKey(A, '2026-03-09'), streakRef(4, new Date('2026-03-09T12:00:00Z')));
    const now = new Date('2026-03-10T12:00:00Z');
    // memberStats.daily alone (what /profile read before) says the streak is over.
    expect(dailyStatus({ guildId: G, userId: A, timeZone: 'UTC', now, stored: { lastDay: '2026-03-08', streak: 3 }, entries: [] }).streak).toBe(0);
    const before = await readDailyStatus(world.deps, G, A, 'UTC', now);
    expect(before).toMatchObject({ today: '2026-03-10', claimed: false, streak: 4, last: { lastDay: '2026-03-09', streak: 4 } });
    expect(await profileStreak('UTC', now)).toBe(4);
    expect(await claimDaily(world.deps, G, A, 'UTC', now)).toMatchObject({ kind: 'paid', streak: 5, amount: dailyAmount(5) });
    expect(await profileStreak('UTC', now)).toBe(5);
    expect(await readDailyStatus(world.deps, G, A, 'UTC', now)).toMatchObject({ claimed: true, streak: 5 });
  });

  it('agrees on today’s claim when only the ledger has it', async () => {
    await storeDaily('2026-03-09', 2);
    await world.economy.earn(G, A, dailyAmount(3), 'daily', dailyKey(A, '2026-03-10'), streakRef(3, new Date('2026-03-10T08:00:00Z')));
    const now = new Date('2026-03-10T20:00:00Z');
    expect(await readDailyStatus(world.deps, G, A, 'UTC', now)).toMatchObject({ claimed: true, streak: 3, todays: { lastDay: '2026-03-10', streak: 3 } });
    expect(await profileStreak('UTC', now)).toBe(3);
    expect(await claimDaily(world.deps, G, A, 'UTC', now)).toMatchObject({ kind: 'claimed', streak: 3 });
    // The claim caught the stored state up: both sources now say the same.
    expect((await world.deps.memberStats.get(G, A))?.daily).toEqual({ lastDay: '2026-03-10', streak: 3 });
  });

  it('keeps a streak claimed ahead under an eastern timezone alive after a move west', async () => {
    // 16:00 UTC on the 10th is the 11th in Tokyo: the claim counts for the 11th.
    expect(await claimDaily(world.deps, G, A, 'Asia/Tokyo', new Date('2026-03-10T16:00:00Z'))).toMatchObject({ kind: 'paid', day: '2026-03-11', streak: 1 });
    // Moved to Los Angeles, where it is still the 10th: /daily says claimed, and /profile shows the streak.
    const now = new Date('2026-03-10T17:00:00Z');
    expect(await claimDaily(world.deps, G, A, 'America/Los_Angeles', now)).toMatchObject({ kind: 'claimed', day: '2026-03-11', streak: 1 });
    expect(await profileStreak('America/Los_Angeles', now)).toBe(1);
  });

  it('shows no streak once a day was missed, and /daily starts over', async () => {
    await world.economy.earn(G, A, dailyAmount(6), 'daily', dailyKey(A, '2026-03-07'), streakRef(6, new Date('2026-03-07T12:00:00Z')));
    await storeDaily('2026-03-07', 6);
    const now = new Date('2026-03-10T12:00:00Z');
    expect(await profileStreak('UTC', now)).toBe(0);
    expect(await readDailyStatus(world.deps, G, A, 'UTC', now)).toMatchObject({ claimed: false, streak: 0 });
    expect(await claimDaily(world.deps, G, A, 'UTC', now)).toMatchObject({ kind: 'paid', streak: 1 });
  });
});
