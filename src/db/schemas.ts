import { z } from 'zod';
import { TIER_NAMES } from '../premium/tiers.js';

/**
 * Document shapes stored in MongoDB. The zod schemas are the one source: TypeScript types are inferred
 * from them, and documents read back from older versions are parsed through them.
 */
export const guildConfigSchema = z.object({
  _id: z.string(),
  timezone: z.string().default('UTC'),
  locale: z.string().default('en-US'),
  adminRoleId: z.string().nullable().default(null),
  premium: z
    .object({ tier: z.enum(TIER_NAMES as [string, ...string[]]).transform((t) => t as (typeof TIER_NAMES)[number]), expiresAt: z.date().nullable() })
    .default({ tier: 'free', expiresAt: null }),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type GuildConfig = z.infer<typeof guildConfigSchema>;

export const memberStatsSchema = z.object({
  _id: z.string(), // `${guildId}:${userId}`
  guildId: z.string(),
  userId: z.string(),
  commandsUsed: z.number().int().default(0),
  lastCommandAt: z.date().optional(),
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
