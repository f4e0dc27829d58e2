import { z } from 'zod';
import { TIER_NAMES } from '../premium/tiers.js';
import { ecoOverridesSchema } from './economySettingsSchema.js';

/**
 * Document shapes stored in MongoDB. The zod schemas are the one source: TypeScript types are inferred
 * from them, and documents read back from older versions are parsed through them.
 */
export const guildConfigSchema = z.object({
  _id: z.string(),
  timezone: z.string().default('UTC'),
  /** The words and formats of the guild's public posts; null: the guild's preferred locale in Discord. */
  locale: z.string().nullable().default(null),
  adminRoleId: z.string().nullable().default(null),
  /** Where a season's final boards are posted when the next begins (`/season channel`); null: nowhere. */
  seasonChannelId: z.string().nullish(),
  /** `/link`: `approval` (default) files a claim an admin approves; `open` links at once a player nobody holds. */
  linkMode: z.enum(['approval', 'open']).nullish(),
  /** Where new link claims are announced to admins (`/settings set admin_channel`); null: nowhere. */
  adminChannelId: z.string().nullish(),
  /** `/eco settings`: only the amounts and switches an admin changed (src/economy/settings.ts has the defaults and bounds). */
  economy: ecoOverridesSchema.nullish(),
  premium: z
    .object({ tier: z.enum(TIER_NAMES as [string, ...string[]]).transform((t) => t as (typeof TIER_NAMES)[number]), expiresAt: z.date().nullable() })
    .default({ tier: 'free', expiresAt: null }),
  /**
   * The downgrade marker: the highest tier in force since the admins were last told of a downgrade
   * (absent or null: never recorded, read as free). The use that first finds the tier in force below it
   * moves it down with a conditional update, and only that use posts the notice (GameServers, tier section).
   */
  tierSeen: z.enum(TIER_NAMES as [string, ...string[]]).transform((t) => t as (typeof TIER_NAMES)[number]).nullish(),
  /** The old bot's guild document (`<collection>:guild:<id>`) whose settings migration 004 took; set last, once. */
  legacyGuild: z.string().optional(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type GuildConfig = z.infer<typeof guildConfigSchema>;

/** A guild the bot was removed from (`guild_departures`): its data is kept until `leftAt` + 30 days. */
export const guildDepartureSchema = z.object({ _id: z.string(), leftAt: z.date() });
export type GuildDeparture = z.infer<typeof guildDepartureSchema>;

export const memberStatsSchema = z.object({
  _id: z.string(), // `${guildId}:${userId}`
  guildId: z.string(),
  userId: z.string(),
  commandsUsed: z.number().int().default(0),
  lastCommandAt: z.date().optional(),
  /** Pixels placed on the guild canvas (counted by CanvasService). */
  canvasPixelsPlaced: z.number().int().optional(),
  /** Canvas colours (0xRRGGBB) the member owns beyond the free palette; written by the shop. */
  ownedColors: z.array(z.number().int()).optional(),
  /** Other shop items the member owns (ids of src/economy/shop.ts). */
  ownedItems: z.array(z.string()).optional(),
  /** The profile card background in use (an owned `background` item id). */
  profileBackground: z.string().nullable().optional(),
  /** The old bot's profile (`user:<id>`) whose counters were added here by migration 003. */
  legacyProfile: z.string().optional(),
  /** /daily: the last claimed day (`YYYY-MM-DD` in the guild's timezone) and the streak it ended. */
  daily: z.object({ lastDay: z.string(), streak: z.number().int() }).optional(),
});
export type MemberStats = z.infer<typeof memberStatsSchema>;

export const errorRecordSchema = z.object({
  _id: z.string(), // E-XXXX, what the member sees
  guildId: z.string().nullable(),
  userId: z.string().nullable(),
  command: z.string().nullable(),
  category: z.string(),
  fingerprint: z.string(),
  name: z.string(),
  message: z.string(),
  stack: z.string().optional(),
  at: z.date(),
});
export type ErrorRecord = z.infer<typeof errorRecordSchema>;

/**
 * An error record of the old bot (`legacy_errors`, migration 005), kept apart from `errors`: its 90-day
 * expiry counts from `at` and would delete old records at once. These expire 90 days after `importedAt`.
 */
export const legacyErrorSchema = errorRecordSchema.omit({ stack: true }).extend({
  _id: z.string(), // the old `error:<id>`
  /** The old `context` without guild_id and user_id (already in guildId / userId). */
  context: z.record(z.string(), z.unknown()),
  /** The collection it came from. */
  source: z.string(),
  importedAt: z.date(),
});
export type LegacyErrorRecord = z.infer<typeof legacyErrorSchema>;

export const migrationRecordSchema = z.object({
  _id: z.number().int(), // version
  name: z.string(),
  checksum: z.string(),
  appliedAt: z.date(),
  durationMs: z.number(),
});
export type MigrationRecord = z.infer<typeof migrationRecordSchema>;

export const lockSchema = z.object({ _id: z.string(), owner: z.string(), expiresAt: z.date() });
export type LockDocument = z.infer<typeof lockSchema>;

export const metaSchema = z.object({ _id: z.string(), value: z.string(), updatedAt: z.date() });
export type MetaDocument = z.infer<typeof metaSchema>;

/**
 * Who polls a game server (`server_leases`, `_id` = the server id): src/servers/leases.ts. `holder` is the
 * process's slot (host + shard ids), `instance` one run of it; valid until `expiresAt`, renewed well before.
 */
export const serverLeaseSchema = z.object({
  _id: z.string(),
  guildId: z.string(),
  holder: z.string(),
  instance: z.string(),
  /** When `instance` started: a newer run of the same slot takes its leases at once (a restart after a crash). */
  startedAt: z.date(),
  expiresAt: z.date(),
  renewedAt: z.date(),
});
export type ServerLease = z.infer<typeof serverLeaseSchema>;

/**
 * A member's in-game player (`/link`), per guild (`player_links`): approved links only (claims waiting for an
 * admin are in `link_claims`, ./linkSchemas.ts). `linkedAt` is when the link took effect (approval).
 * A player link as version 1 wrote it: kept to prove (tests/db) that version 2 stays readable by it.
 */
export const playerLinkSchemaV1 = z.object({
  _id: z.string(), // `${guildId}:${playerId}` (links made before alts existed: `${guildId}:${userId}`)
  guildId: z.string(),
  userId: z.string(),
  playerId: z.string(), // the Deadside EOS id
  playerName: z.string(),
  linkedAt: z.date(),
});

/** A player name as stats match it (`ingest_stats.nameLower`, `/stats player name:`): trimmed, lower case. */
export const normalisePlayerName = (name: string): string => name.trim().toLowerCase();

/** Version 2 (src/db/dataVersions.ts): adds `playerNameLower`; version-1 links are upgraded on read. */
export const playerLinkSchema = playerLinkSchemaV1.extend({
  playerNameLower: z.string(),
  /** The count slot the link took (src/stats/linkSlots.ts); absent on links written before it. */
  linkSlot: z.string().optional(),
});
export type PlayerLink = z.infer<typeof playerLinkSchema>;


export { gameServerSchema, pendingServerSchema, sealedSecretSchema, type GameServer, type PendingServer } from './gameServerSchemas.js';
