/**
 * A guild's economy settings as pure logic: the defaults are today's amounts, stored values are clamped
 * to their bounds, a change is merged over what was stored and bountyMin ≤ bountyMax is checked; /daily
 * and the kill and pixel credits pay what the guild set (0: nothing); `/eco settings` has one option per
 * setting with the bound as its range.
 */
import { ApplicationCommandOptionType } from 'discord.js';
import type { Collection } from 'mongodb';
import { describe, expect, it } from 'vitest';
import eco from '../../src/commands/eco.js';
import type { PlayerLink } from '../../src/db/schemas.js';
import { CREDITS } from '../../src/economy/amounts.js';
import { claimFor } from '../../src/economy/daily.js';
import { Earnings } from '../../src/economy/earnings.js';
import { dailyAmountIn, ECO_AMOUNTS, ECO_BOUNDS, ecoSettingsOf, ecoSettingsReader, mergeOverrides } from '../../src/economy/settings.js';

/** Today's /daily amounts written out (the reference the settings' defaults must give). */
const dailyAmount = (streak: number) => CREDITS.daily.base + Math.min(CREDITS.daily.maxStreakBonus, (streak - 1) * CREDITS.daily.perStreakDay);

const G = '1870000000000000001';
const U = '1870000000000000011';

describe('ecoSettingsOf', () => {
  it('gives today’s amounts to a guild that changed nothing', () => {
    const s = ecoSettingsOf(null);
    expect(s).toMatchObject({ killCredits: CREDITS.kill, pixelCredits: CREDITS.pixel, dailyBase: CREDITS.daily.base, dailyStreakBonus: CREDITS.daily.perStreakDay, games: false });
    for (const streak of [1, 2, 5, 11, 30]) expect(dailyAmountIn(s, streak)).toBe(dailyAmount(streak));
  });

  it('clamps a stored value out of its bound and keeps bountyMax at least bountyMin', () => {
    expect(ecoSettingsOf({ killCredits: 5_000, pixelCredits: -3 } as never)).toMatchObject({ killCredits: ECO_BOUNDS.killCredits.max, pixelCredits: 0 });
    expect(ecoSettingsOf({ bountyMin: 800, bountyMax: 700 })).toMatchObject({ bountyMin: 800, bountyMax: 800 });
  });
});

describe('mergeOverrides', () => {
  it('keeps what was stored and adds what changed', () => {
    expect(mergeOverrides({ killCredits: 20, games: true }, { dailyBase: 5 })).toEqual({ merged: { killCredits: 20, games: true, dailyBase: 5 }, clash: null });
  });

  it('names the pair when the smallest bounty would exceed the largest, against stored values and defaults too', () => {
    expect(mergeOverrides(null, { bountyMin: 10, bountyMax: 9 }).clash).toEqual({ bountyMin: 10, bountyMax: 9 });
    expect(mergeOverrides({ bountyMax: 500 }, { bountyMin: 501 }).clash).toEqual({ bountyMin: 501, bountyMax: 500 });
    expect(mergeOverrides(null, { bountyMin: ECO_BOUNDS.bountyMax.default + 1 }).clash).toEqual({ bountyMin: ECO_BOUNDS.bountyMax.default + 1, bountyMax: ECO_BOUNDS.bountyMax.default });
    expect(mergeOverrides({ bountyMax: 500 }, { bountyMin: 500 }).clash).toBeNull();
  });
});

describe('the amounts in force', () => {
  it('a daily claim pays the guild’s base and bonus, the bonus still capped', () => {
    const amounts = { dailyBase: 250, dailyStreakBonus: 50 };
    expect(claimFor('2026-12-07', null, null, amounts)).toEqual({ streak: 1, amount: 250 });
    expect(claimFor('2026-12-07', { lastDay: '2026-12-06', streak: 2 }, null, amounts)).toEqual({ streak: 3, amount: 350 });
    expect(claimFor('2026-12-07', { lastDay: '2026-12-06', streak: 40 }, null, amounts).amount).toBe(250 + CREDITS.daily.maxStreakBonus);
    expect(claimFor('2026-12-07', null).amount).toBe(dailyAmount(1));
    // A base of 0 turns /daily off whatever the bonus: day 1 pays nothing, and a day that pays nothing starts no streak.
    expect(claimFor('2026-12-07', null, null, { dailyBase: 0, dailyStreakBonus: 50 }).amount).toBe(0);
  });

  it('kills and pixels pay the guild’s amounts, and nothing at 0', async () => {
    const paid: [string, number, string][] = [];
    const economy = {
      earn: async (_g: string, userId: string, amount: number, _r: string, key: string) => {
        paid.push([userId, amount, key]);
        return {} as never;
      },
      earnBatched: async (_g: string, userId: string, amount: number, _r: string, key: string) => {
        paid.push([userId, amount, key]);
        return {} as never;
      },
    };
    const link = { playerId: 'p1', userId: U, linkedAt: new Date(Date.now() - 60_000) };
    const links = { find: () => ({ toArray: async () => [link] }) } as unknown as Collection<PlayerLink>;
    let stored: Record<string, number> | null = { killCredits: 25, pixelCredits: 3 };
    const earnings = new Earnings({ links, economy, settingsOf: ecoSettingsReader({ get: async () => ({ economy: stored }) }) });
    expect(await earnings.onKills(G, 's1', [{ eventId: 'e1', killerId: 'p1', at: new Date() }])).toBe(1);
    await earnings.onPixelPlaced({ guildId: G, userId: U, placementId: 'x1' });
    expect(paid).toEqual([
      [U, 25, 'kill:s1:e1'],
      [U, 3, 'pixel:x1'],
    ]);
    stored = { killCredits: 0, pixelCredits: 0 };
    expect(await earnings.onKills(G, 's1', [{ eventId: 'e2', killerId: 'p1', at: new Date() }])).toBe(0);
    await earnings.onPixelPlaced({ guildId: G, userId: U, placementId: 'x2' });
    expect(paid).toHaveLength(2);
    // Without a reader: the defaults.
    await new Earnings({ links, economy }).onKills(G, 's1', [{ eventId: 'e3', killerId: 'p1', at: new Date() }]);
    expect(paid[2]).toEqual([U, CREDITS.kill, 'kill:s1:e3']);
  });
});

describe('/eco settings', () => {
  it('has one option per setting, its range the setting’s bound, and a games switch', () => {
    const sub = eco.definition.options!.find((o) => o.name === 'settings') as { options: { type: number; name: string; min_value?: number; max_value?: number }[] };
    const ints = sub.options.filter((o) => o.type === ApplicationCommandOptionType.Integer);
    expect(ints).toHaveLength(ECO_AMOUNTS.length);
    for (const [i, k] of ECO_AMOUNTS.entries()) expect([ints[i]!.min_value, ints[i]!.max_value]).toEqual([ECO_BOUNDS[k].min, ECO_BOUNDS[k].max]);
    expect(sub.options.find((o) => o.name === 'games')?.type).toBe(ApplicationCommandOptionType.Boolean);
    expect(sub.options.length).toBeLessThanOrEqual(25);
  });
});
