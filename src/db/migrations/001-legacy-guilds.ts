import type { Document } from 'mongodb';
import type { Migration } from './types.js';
import { TIER_NAMES, type TierName } from '../../premium/tiers.js';

/**
 * The older Python bot kept guilds in `guilds` as `{ guild_id: <int or string>, premium_tier: 0-3,
 * premium_expires: Date, timezone?, admin_role_id? }`. Copy them into `guild_configs` keyed by the
 * snowflake string. Existing new-style documents win: the migration only fills what is missing.
 */
export const legacyGuilds: Migration = {
  version: 1,
  name: 'legacy-guilds',
  async up(db, logger) {
    const legacy = db.collection<Document>('guilds');
    const target = db.collection<Document>('guild_configs');
    let copied = 0;
    // Python stored snowflakes as int64: read them as BigInt, a JS number would round them.
    for await (const doc of legacy.find({}, { useBigInt64: true })) {
      const guildId = String(doc.guild_id ?? doc._id);
      if (!/^\d{17,20}$/.test(guildId)) {
        logger.warn({ legacyId: String(doc._id) }, 'skipping legacy guild without a valid guild id');
        continue;
      }
      const tierIndex = Number(doc.premium_tier ?? 0);
      const tier: TierName = TIER_NAMES[Math.max(0, Math.min(TIER_NAMES.length - 1, Number.isFinite(tierIndex) ? tierIndex : 0))] ?? 'free';
      const now = new Date();
      await target.updateOne(
        { _id: guildId as unknown as Document['_id'] },
        {
          $setOnInsert: {
            timezone: typeof doc.timezone === 'string' ? doc.timezone : 'UTC',
            locale: 'en-US',
            adminRoleId: doc.admin_role_id != null ? String(doc.admin_role_id) : null,
            premium: { tier, expiresAt: doc.premium_expires instanceof Date ? doc.premium_expires : null },
            createdAt: doc.created_at instanceof Date ? doc.created_at : now,
            updatedAt: now,
          },
        },
        { upsert: true },
      );
      copied++;
    }
    if (copied) logger.info({ copied }, 'legacy guild documents migrated');
  },
};
