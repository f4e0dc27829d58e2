/** PremiumService over jongodb: what a grant and a revoke store and record, and what status reads back. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections, ensureIndexes, type Collections } from '../../src/db/collections.js';
import { PremiumChangeLog } from '../../src/premium/changes.js';
import { changeSummary, PremiumService } from '../../src/premium/service.js';
import { TIERS } from '../../src/premium/tiers.js';
import { statusEmbed } from '../../src/premium/views.js';
import { ENGLISH } from '../../src/i18n/translate.js';
import { GuildConfigRepo } from '../../src/repos/guildConfigRepo.js';
import { startMongo, type TestMongo } from '../support/mongo.js';

const GUILD = '1520000000000000001';
const OPERATOR = '1520000000000000002';
const DAY = 86_400_000;

let mongo: TestMongo;
let cols: Collections;
let configs: GuildConfigRepo;
let premium: PremiumService;
let now = new Date('2025-06-01T12:00:00Z');
/** Guilds the service asked to apply a grant or revoke to (GameServers.reconcile in the bot). */
const applied: string[] = [];

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  await ensureIndexes(cols);
  configs = new GuildConfigRepo(cols.guildConfigs);
  premium = new PremiumService({
    configs,
    changes: new PremiumChangeLog(cols.premiumChanges),
    tierChanged: async (guildId) => void applied.push(guildId),
    now: () => now,
  });
}, 60_000);

afterAll(async () => {
  await mongo?.stop();
});

describe('PremiumService', () => {
  it('a grant stores the tier until now + days, drops the cached config and records who, when and what was before', async () => {
    expect(await configs.tier(GUILD)).toBe('free'); // cached now
    const change = await premium.grant({ guildId: GUILD, tier: 'pro', days: 30, byUserId: OPERATOR });
    expect(await configs.tier(GUILD, now)).toBe('pro');
    expect((await cols.guildConfigs.findOne({ _id: GUILD }))?.premium).toEqual({ tier: 'pro', expiresAt: new Date(now.getTime() + 30 * DAY) });
    expect(await cols.premiumChanges.find({}).toArray()).toEqual([
      {
        _id: change._id,
        dataVersion: 1,
        guildId: GUILD,
        action: 'grant',
        tier: 'pro',
        days: 30,
        expiresAt: new Date(now.getTime() + 30 * DAY),
        previousTier: 'free',
        previousExpiresAt: null,
        byUserId: OPERATOR,
        at: now,
      },
    ]);
    expect(applied).toEqual([GUILD]);
  });

  it('status: the tier in force, its expiry, and the last change only when asked', async () => {
    const forMember = await premium.status(GUILD);
    expect(forMember).toMatchObject({ tier: 'pro', expired: false, lastChange: null });
    const shown = statusEmbed(forMember, false, ENGLISH).toJSON();
    expect(shown.title).toBe('Premium: Pro');
    expect(shown.description).toContain(`<t:${Math.floor((now.getTime() + 30 * DAY) / 1000)}:R>`);
    expect(shown.fields?.map((f) => f.name)).toEqual(['What it unlocks']);
    expect(shown.fields?.[0]?.value).toMatch(new RegExp(`up to \\*\\*10\\*\\* game servers[\\s\\S]*every \\*\\*${TIERS.pro.minPollSeconds} s\\*\\*[\\s\\S]*128×128[\\s\\S]*every \\*\\*15 s\\*\\*`));

    const forOperator = await premium.status(GUILD, true);
    expect(statusEmbed(forOperator, true, ENGLISH).toJSON().fields?.[1]).toEqual({ name: 'Last change', value: ENGLISH.text(changeSummary(forOperator.lastChange!)) });
    expect(ENGLISH.text(changeSummary(forOperator.lastChange!))).toMatch(new RegExp(`granted \\*\\*Pro\\*\\* for 30 days by <@${OPERATOR}> <t:\\d+:R> \\(was Free\\)`));
  });

  it('an expired grant reads as free, says when it lapsed, and a new grant records free as what was before', async () => {
    now = new Date(now.getTime() + 31 * DAY);
    const lapsed = await premium.status(GUILD);
    expect(lapsed).toMatchObject({ tier: 'free', expired: true });
    expect(statusEmbed(lapsed, false, ENGLISH).toJSON().description).toMatch(/\*\*Pro\*\* expired <t:\d+:R>: the Free limits apply/);
    const change = await premium.grant({ guildId: GUILD, tier: 'enterprise', days: 1, byUserId: OPERATOR });
    expect(change).toMatchObject({ previousTier: 'free', previousExpiresAt: expect.any(Date), tier: 'enterprise' });
  });

  it('a revoke goes back to free at once and is recorded; nothing to revoke is refused', async () => {
    now = new Date(now.getTime() + 60_000);
    const change = await premium.revoke({ guildId: GUILD, byUserId: OPERATOR });
    expect(change).toMatchObject({ action: 'revoke', tier: 'free', days: null, previousTier: 'enterprise' });
    expect(await configs.tier(GUILD, now)).toBe('free');
    expect((await cols.guildConfigs.findOne({ _id: GUILD }))?.premium).toEqual({ tier: 'free', expiresAt: null });
    await expect(premium.revoke({ guildId: GUILD, byUserId: OPERATOR })).rejects.toThrow(/no premium grant to revoke/);
    expect((await premium.status(GUILD, true)).lastChange).toMatchObject({ action: 'revoke', _id: change._id });
    expect(await cols.premiumChanges.countDocuments({})).toBe(3);
  });

  it('refuses what is not a guild id, a free "grant" and days out of range, storing nothing', async () => {
    const grant = (over: Partial<Parameters<PremiumService['grant']>[0]>) => premium.grant({ guildId: GUILD, tier: 'pro', days: 1, byUserId: OPERATOR, ...over });
    await expect(grant({ guildId: 'my server' })).rejects.toThrow(/Discord server id/);
    await expect(grant({ tier: 'free' })).rejects.toThrow(/revoke/);
    await expect(grant({ days: 0 })).rejects.toThrow(/1 to 3650/);
    await expect(grant({ days: 3651 })).rejects.toThrow(/1 to 3650/);
    expect(await cols.premiumChanges.countDocuments({})).toBe(3);
  });
});
