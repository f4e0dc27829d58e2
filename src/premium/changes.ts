import { randomBytes } from 'node:crypto';
import type { Collection } from 'mongodb';
import { z } from 'zod';
import { TIER_NAMES, type TierName } from './tiers.js';

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

/** The operators' record of premium changes, newest first per guild. */
export class PremiumChangeLog {
  constructor(private readonly collection: Collection<PremiumChange>) {}

  async record(change: Omit<PremiumChange, '_id'>): Promise<PremiumChange> {
    const doc = premiumChangeSchema.parse({ _id: randomBytes(9).toString('base64url'), ...change });
    await this.collection.insertOne(doc);
    return doc;
  }

  async last(guildId: string): Promise<PremiumChange | null> {
    const [doc] = await this.collection.find({ guildId }).sort({ at: -1 }).limit(1).toArray();
    return doc ? premiumChangeSchema.parse(doc) : null;
  }
}
