/**
 * Premium grants and revokes by the bot's operators, and a guild's premium status. The grant itself lives in
 * the guild config (`premium: { tier, expiresAt }`, written through GuildConfigRepo, which drops this
 * process's cached copy); every change is also recorded in `premium_changes`. The tier in force is one pure
 * read (GuildConfigRepo.tier, effectiveTier at that moment); a grant or revoke is applied to what this
 * process runs for the guild through `tierChanged` (GameServers.reconcile), an expiry by GameServers' sweep.
 */
import type { GuildConfig } from '../db/schemas.js';
import { UserError } from '../errors.js';
import { msg } from '../i18n/message.js';
import type { Msg } from '../i18n/types.js';
import type { GuildConfigRepo } from '../repos/guildConfigRepo.js';
import type { PremiumChange, PremiumChangeLog } from './changes.js';
import { effectiveTier, tierName, type TierName } from './tiers.js';

export const MAX_GRANT_DAYS = 3650;
const DAY_MS = 86_400_000;
const SNOWFLAKE = /^\d{17,20}$/;

export interface PremiumServiceParts {
  /** The guild config; `tier` is the one read of the tier in force (a read: it changes nothing). */
  configs: Pick<GuildConfigRepo, 'get' | 'update' | 'invalidate' | 'tier'>;
  changes: PremiumChangeLog;
  /**
   * A grant or revoke was stored: applied to what this process runs for the guild (GameServers.reconcile:
   * its pollers, servers paused by the tier, the downgrade notice) before grant and revoke return.
   */
  tierChanged(guildId: string): Promise<void>;
  now?: () => Date;
}

export interface PremiumStatus {
  tier: TierName;
  /** The stored grant (it may have expired: then `tier` is free). */
  stored: GuildConfig['premium'];
  expired: boolean;
  lastChange: PremiumChange | null;
}

export class PremiumService {
  constructor(private readonly parts: PremiumServiceParts) {}

  private now(): Date {
    return this.parts.now?.() ?? new Date();
  }

  /** The guild's tier in force and its grant; the last grant or revoke only when asked (operators). */
  async status(guildId: string, withLastChange = false): Promise<PremiumStatus> {
    const [tier, config, lastChange] = await Promise.all([
      this.parts.configs.tier(guildId, this.now()),
      this.parts.configs.get(guildId),
      withLastChange ? this.parts.changes.last(guildId) : null,
    ]);
    const stored = config.premium;
    return { tier, stored, expired: stored.tier !== 'free' && tier === 'free', lastChange };
  }

  /** Gives a guild a tier for `days` from now (replacing its current grant), and records who did it. */
  async grant(input: { guildId: string; tier: TierName; days: number; byUserId: string }): Promise<PremiumChange> {
    const { guildId, tier, days, byUserId } = input;
    assertGuildId(guildId);
    if (tier === 'free') throw new UserError(msg('economy.premium.freeNoGrant'), 'validation');
    if (!Number.isInteger(days) || days < 1 || days > MAX_GRANT_DAYS) throw new UserError(msg('economy.premium.badDays', { max: String(MAX_GRANT_DAYS) }), 'validation');
    const before = await this.fresh(guildId);
    const at = this.now();
    const expiresAt = new Date(at.getTime() + days * DAY_MS);
    await this.parts.configs.update(guildId, { premium: { tier, expiresAt } });
    const change = await this.parts.changes.record({ guildId, action: 'grant', tier, days, expiresAt, ...previous(before, at), byUserId, at });
    await this.parts.tierChanged(guildId);
    return change;
  }

  /** Takes a guild's premium away at once; a guild without a grant is refused (nothing to record). */
  async revoke(input: { guildId: string; byUserId: string }): Promise<PremiumChange> {
    const { guildId, byUserId } = input;
    assertGuildId(guildId);
    const before = await this.fresh(guildId);
    if (before.premium.tier === 'free') throw new UserError(msg('economy.premium.nothingToRevoke'), 'not_found');
    const at = this.now();
    await this.parts.configs.update(guildId, { premium: { tier: 'free', expiresAt: null } });
    const change = await this.parts.changes.record({ guildId, action: 'revoke', tier: 'free', days: null, expiresAt: null, ...previous(before, at), byUserId, at });
    await this.parts.tierChanged(guildId);
    return change;
  }

  /** The stored config, not a cached copy: the record's "previous tier" must be what was really there. */
  private fresh(guildId: string): Promise<GuildConfig> {
    this.parts.configs.invalidate(guildId);
    return this.parts.configs.get(guildId);
  }
}

function previous(config: GuildConfig, at: Date): Pick<PremiumChange, 'previousTier' | 'previousExpiresAt'> {
  return { previousTier: effectiveTier(config.premium, at), previousExpiresAt: config.premium.expiresAt };
}

function assertGuildId(guildId: string): void {
  if (!SNOWFLAKE.test(guildId)) throw new UserError(msg('economy.premium.badGuildId'), 'validation');
}

/** "granted Pro for 30 days by …", "revoked by …": a change in a few words, for replies and /premium status. */
export function changeSummary(change: PremiumChange): Msg {
  const common = { by: `<@${change.byUserId}>`, when: `<t:${Math.floor(change.at.getTime() / 1000)}:R>`, was: tierName(change.previousTier) };
  return change.action === 'grant'
    ? msg('economy.premium.change.granted', { ...common, tier: tierName(change.tier), count: change.days ?? 0 })
    : msg('economy.premium.change.revoked', common);
}
