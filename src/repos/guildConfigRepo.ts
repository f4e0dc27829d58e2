import type { Collection } from 'mongodb';
import { guildConfigSchema, type GuildConfig } from '../db/schemas.js';
import { effectiveTier, type TierName } from '../premium/tiers.js';

export type GuildSettingsPatch = Partial<Pick<GuildConfig, 'timezone' | 'locale' | 'adminRoleId' | 'premium'>>;

/**
 * Guild configuration, read through a small cache. Every write goes through this repo and drops the
 * cached copy, so a reader in this process never sees a stale value after its own write; the TTL bounds
 * staleness for writes made by another process (another shard).
 */
export class GuildConfigRepo {
  private readonly cache = new Map<string, { value: GuildConfig; expires: number }>();

  constructor(
    private readonly collection: Collection<GuildConfig>,
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 10_000,
  ) {}

  /** The guild's config; a guild never configured gets the defaults (nothing is written). */
  async get(guildId: string): Promise<GuildConfig> {
    const hit = this.cache.get(guildId);
    if (hit && hit.expires > Date.now()) return hit.value;
    const doc = await this.collection.findOne({ _id: guildId });
    const now = new Date();
    const value = guildConfigSchema.parse(doc ?? { _id: guildId, createdAt: now, updatedAt: now });
    if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(guildId, { value, expires: Date.now() + this.ttlMs });
    return value;
  }

  async tier(guildId: string, now = new Date()): Promise<TierName> {
    return effectiveTier((await this.get(guildId)).premium, now);
  }

  async update(guildId: string, patch: GuildSettingsPatch): Promise<GuildConfig> {
    const now = new Date();
    this.cache.delete(guildId);
    await this.collection.updateOne(
      { _id: guildId },
      { $set: { ...patch, updatedAt: now }, $setOnInsert: { createdAt: now } },
      { upsert: true },
    );
    this.cache.delete(guildId);
    return this.get(guildId);
  }

  invalidate(guildId: string): void {
    this.cache.delete(guildId);
  }
}
