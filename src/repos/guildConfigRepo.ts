import type { Collection, Filter } from 'mongodb';
import { guildConfigSchema, type GuildConfig } from '../db/schemas.js';
import { isDatabaseUnavailable } from '../errors.js';
import type { GuildFormat } from '../format/guildFormat.js';
import { translator, type Translator } from '../i18n/translate.js';
import { BoundedMap } from '../util/boundedMap.js';
import { effectiveTier, type TierName, type TierStanding } from '../premium/tiers.js';

export type GuildSettingsPatch = Partial<Pick<GuildConfig, 'timezone' | 'locale' | 'adminRoleId' | 'premium' | 'seasonChannelId' | 'linkMode' | 'adminChannelId' | 'economy'>>;

/**
 * Guild configuration, read through a small cache. Every write goes through this repo and drops the
 * cached copy, so a reader in this process never sees a stale value after its own write; the TTL bounds
 * staleness for writes made by another process (another shard). Concurrent misses for one guild share
 * one query (a burst of interactions right after start, or after the entry expired).
 */
export class GuildConfigRepo {
  private readonly cache: BoundedMap<string, { value: GuildConfig; expires: number }>;
  private readonly inFlight = new Map<string, Promise<GuildConfig>>();
  /** Bumped by every write: a read that started before it must not cache what it read. */
  private generation = 0;
  /** Defaults handed out while MongoDB was unreachable, with the error that made them up. */
  private readonly madeUp = new WeakMap<GuildConfig, unknown>();

  constructor(
    private readonly collection: Collection<GuildConfig>,
    private readonly ttlMs = 60_000,
    maxEntries = 10_000,
  ) {
    this.cache = new BoundedMap(maxEntries);
  }

  /** The guild's config; a guild never configured gets the defaults (nothing is written). */
  get(guildId: string): Promise<GuildConfig> {
    const hit = this.cache.get(guildId);
    if (hit && hit.expires > Date.now()) return Promise.resolve(hit.value);
    const pending = this.inFlight.get(guildId);
    if (pending) return pending;
    const read = this.read(guildId).finally(() => {
      if (this.inFlight.get(guildId) === read) this.inFlight.delete(guildId);
    });
    this.inFlight.set(guildId, read);
    return read;
  }

  private async read(guildId: string): Promise<GuildConfig> {
    const generation = this.generation;
    let doc: GuildConfig | null;
    try {
      doc = await this.collection.findOne({ _id: guildId });
    } catch (err) {
      // MongoDB unreachable: the last known settings (even expired), else the defaults, so permission
      // checks and replies that need no other data keep working. Nothing is cached from this.
      if (!isDatabaseUnavailable(err)) throw err;
      const now = new Date();
      const known = this.cache.get(guildId)?.value;
      if (known) return known;
      const defaults = guildConfigSchema.parse({ _id: guildId, createdAt: now, updatedAt: now });
      this.madeUp.set(defaults, err);
      return defaults;
    }
    const now = new Date();
    const value = guildConfigSchema.parse(doc ?? { _id: guildId, createdAt: now, updatedAt: now });
    if (generation === this.generation) {
      this.cache.set(guildId, { value, expires: Date.now() + this.ttlMs });
    }
    return value;
  }

  /** Where a guild's preferred locale in Discord is known (the client's guild cache), set once at start. */
  private preferredLocale: (guildId: string) => string | null | undefined = () => undefined;

  usePreferredLocales(of: (guildId: string) => string | null | undefined): void {
    this.preferredLocale = of;
  }

  /** The guild's words and formats (public posts, feeds, boards): its `/settings` locale, else Discord's. */
  async texts(guildId: string, preferred?: string | null): Promise<Translator> {
    const config = await this.get(guildId);
    return translator({ locale: config.locale ?? preferred ?? this.preferredLocale(guildId), timezone: config.timezone });
  }

  /** A member's words (their Discord client's locale) with the guild's timezone: ephemeral replies. */
  async memberTexts(guildId: string, memberLocale: string): Promise<Translator> {
    return translator({ locale: memberLocale, timezone: (await this.get(guildId)).timezone });
  }

  /** How numbers, durations and dates written as text look in this guild (its locale and timezone). */
  async format(guildId: string): Promise<GuildFormat> {
    return (await this.texts(guildId)).format;
  }

  /**
   * The tier in force: the one read of it (limits, policies, /premium status, /server list). A read only:
   * a change (grant, revoke, expiry) is applied to running servers by GameServers' reconcile.
   */
  async tier(guildId: string, now = new Date()): Promise<TierName> {
    return effectiveTier((await this.get(guildId)).premium, now);
  }

  /** The same tier in force with the downgrade marker the reconcile moves (see `tierSeen` in the guild config schema). */
  async standing(guildId: string, now = new Date()): Promise<TierStanding> {
    const config = await this.get(guildId);
    // Defaults made up during an outage would read as a downgrade: the outage's error instead.
    if (this.madeUp.has(config)) throw this.madeUp.get(config);
    const tier = effectiveTier(config.premium, now);
    return { tier, seen: config.tierSeen ?? 'free', expiresAt: tier === 'free' ? null : config.premium.expiresAt };
  }

  /**
   * Moves the downgrade marker from `from` to `to` unless another use (or process) moved it first: true
   * only for the one caller that moved it, which is then the one that tells the admins.
   */
  async moveTierSeen(guildId: string, from: TierName, to: TierName): Promise<boolean> {
    // Never recorded (null or missing) reads as free.
    const filter: Filter<GuildConfig> = { _id: guildId, tierSeen: from === 'free' ? { $in: [null, 'free'] } : from };
    this.forget(guildId);
    const r = await this.collection.updateOne(filter, { $set: { tierSeen: to, updatedAt: new Date() } });
    // Lost the race (or read a stale copy): the next read is fresh either way.
    this.forget(guildId);
    return r.modifiedCount === 1;
  }

  async update(guildId: string, patch: GuildSettingsPatch): Promise<GuildConfig> {
    const now = new Date();
    this.forget(guildId);
    await this.collection.updateOne(
      { _id: guildId },
      { $set: { ...patch, updatedAt: now }, $setOnInsert: { createdAt: now } },
      { upsert: true },
    );
    this.forget(guildId);
    return this.get(guildId);
  }

  invalidate(guildId: string): void {
    this.forget(guildId);
  }

  /** Drops the cached copy and detaches reads in flight, so nothing read before a write is served after it. */
  private forget(guildId: string): void {
    this.generation++;
    this.cache.delete(guildId);
    this.inFlight.delete(guildId);
  }
}
