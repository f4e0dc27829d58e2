import { z } from 'zod';
import { TIER_NAMES, type TierName } from '../premium/tiers.js';

const tierName = z.enum(TIER_NAMES as [string, ...string[]]).transform((t) => t as TierName);

/**
 * One grant or revoke by a bot operator (`premium_changes`): who, when, which guild, what it became and
 * what was in force before. Written once, never changed: the guild config holds only the current state.
 */
export const premiumChangeSchema = z.object({
  _id: z.string(),
  guildId: z.string(),
  action: z.enum(['grant', 'revoke']),
  /** The tier stored by the change (`free` for a revoke). */
  tier: tierName,
  days: z.number().int().nullable(),
  expiresAt: z.date().nullable(),
  /** The tier in force just before (an expired grant counts as free). */
  previousTier: tierName,
  previousExpiresAt: z.date().nullable(),
  byUserId: z.string(),
  at: z.date(),
});
export type PremiumChange = z.infer<typeof premiumChangeSchema>;
