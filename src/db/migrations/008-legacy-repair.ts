import type { Db, Document } from 'mongodb';
import type { MigrationPlan, PlannableMigration } from '../migrate.js';
import { COLLECTION_NAMES } from '../collections.js';
import { legacyCollectionsWith, legacyDate, MIGRATION_REJECTS, prefixFilter, type LegacyDoc } from '../legacy.js';
import { sealedSecretSchema } from '../schemas.js';
import { envSchema } from '../../config.js';
import type { Logger } from '../../logger.js';
import { TIER_NAMES, type TierName } from '../../premium/tiers.js';
import { SecretBox } from '../../security/secrets.js';

/**
 * Repairs what applied migrations left (they never re-run, so this one fixes their results in place):
 * 1. Migration 004 sealed only string SFTP passwords: a number (an int64 too) or an object in the old
 *    bot's `integrations.sftp.password` stayed in plaintext. A number is sealed as its digits (what the old
 *    bot would have typed); anything else that is not a seal (an object, a list, a boolean) is no usable
 *    password and is removed. A plaintext string still there (written after 004 ran) is sealed too.
 * 2. 004 and 005 kept copies of such documents in `migration_rejects` (with the plaintext number or object,
 *    or a sealed copy nobody needs): every secret-like field in a kept copy is replaced with a marker.
 * 3. Migration 001 made premium permanent when the old guild had a tier but no readable expiry (it kept
 *    only Date expiries): such premium is treated as expired, from the moment 001 imported it; an expiry
 *    001 could not read (an ISO string, epoch seconds) is taken instead. Only a config still holding
 *    exactly what 001 wrote is changed: a grant or revoke made since wins.
 * Every write is guarded by the value it replaces: a second run (or one after a crash) finds nothing to do.
 */
export const LEGACY_REPAIR_MIGRATION = 'legacy-repair';

/** What replaces a secret in a kept copy: says what was there, holds nothing of it. */
export const REMOVED_SECRET = '[removed by migration 008]';
const SECRET_FIELD = /^(password|passwd|pass|pwd|secret|token|api_?key|private_?key)$/i;
const PASSWORD_PATH = 'integrations.sftp.password';

export interface RepairReport {
  /** Non-string (or leftover plaintext) passwords sealed in the old documents. */
  passwordsSealed: number;
  /** Values that were no password (objects, lists, booleans) removed from the old documents. */
  passwordsRemoved: number;
  /** `migration_rejects` records whose kept copy held a secret, and how many secrets were replaced. */
  rejectsScrubbed: number;
  secretsScrubbed: number;
  /** 001's permanent premium set to expire (or to the old expiry 001 could not read). */
  premiumsExpired: number;
  premiumsDated: number;
  /** One line per change (never a secret). */
  actions: string[];
}

export interface RepairOptions {
  /** Seals the passwords; default: SECRETS_KEY from the environment (read only when one needs sealing). */
  secrets?: SecretBox;
  dryRun?: boolean;
}

function secretsFromEnv(): SecretBox {
  const keys = envSchema.shape.SECRETS_KEY.safeParse(process.env.SECRETS_KEY ?? '');
  if (!keys.success) throw new Error('migration 008 needs SECRETS_KEY (the bot’s key) to seal the old bot’s SFTP passwords');
  return new SecretBox(keys.data);
}

const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v === 'object' ? 'object' : typeof v);

/** Paths (inside `value`) of secret-like fields not scrubbed yet. */
function secretPaths(value: unknown, prefix: string): string[] {
  if (!value || typeof value !== 'object' || value instanceof Date) return [];
  const out: string[] = [];
  for (const [key, v] of Object.entries(value as Document)) {
    const path = `${prefix}.${key}`;
    if (SECRET_FIELD.test(key) && v !== REMOVED_SECRET && v !== null && v !== undefined && v !== '') out.push(path);
    else out.push(...secretPaths(v, path));
  }
  return out;
}

/** The premium migration 001 wrote for an old `guilds` document (its own rule, repeated). */
function premiumBy001(doc: Document): { guildId: string; tier: TierName } | null {
  const guildId = String(doc.guild_id ?? doc._id);
  if (!/^\d{17,20}$/.test(guildId)) return null;
  const index = Number(doc.premium_tier ?? 0);
  const tier = TIER_NAMES[Math.max(0, Math.min(TIER_NAMES.length - 1, Number.isFinite(index) ? index : 0))] ?? 'free';
  return { guildId, tier };
}

export async function repairLegacy(db: Db, logger: Logger, options: RepairOptions = {}): Promise<RepairReport> {
  const dryRun = options.dryRun ?? false;
  let box = options.secrets;
  const secrets = () => (box ??= secretsFromEnv());
  const report: RepairReport = { passwordsSealed: 0, passwordsRemoved: 0, rejectsScrubbed: 0, secretsScrubbed: 0, premiumsExpired: 0, premiumsDated: 0, actions: [] };

  // 1. Old guild documents: no plaintext, no non-password, is left where 004 looked.
  for (const collection of await legacyCollectionsWith(db, 'guild')) {
    const legacy = db.collection<LegacyDoc>(collection);
    for await (const doc of legacy.find(prefixFilter('guild'), { useBigInt64: true, sort: { _id: 1 } })) {
      const value: unknown = (doc.integrations as Document | undefined)?.sftp?.password;
      if (value === undefined || value === null || value === '' || sealedSecretSchema.safeParse(value).success) continue;
      const seal = typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint';
      const guard = { _id: doc._id, [PASSWORD_PATH]: value };
      if (seal) report.passwordsSealed++;
      else report.passwordsRemoved++;
      report.actions.push(`${collection}:${doc._id}: ${seal ? `${kindOf(value)} password sealed` : `${kindOf(value)} in place of a password removed`}`);
      if (dryRun) continue;
      const update = seal ? { $set: { [PASSWORD_PATH]: secrets().seal(String(value)) } } : { $unset: { [PASSWORD_PATH]: '' } };
      await legacy.updateOne(guard, update);
    }
  }

  // 2. Kept copies: their secrets are replaced, the rest (what an operator reads to fix a document) stays.
  const rejects = db.collection<LegacyDoc>(MIGRATION_REJECTS);
  for await (const reject of rejects.find({}, { useBigInt64: true, sort: { _id: 1 } })) {
    const paths = secretPaths(reject.doc, 'doc');
    if (!paths.length) continue;
    report.rejectsScrubbed++;
    report.secretsScrubbed += paths.length;
    report.actions.push(`${MIGRATION_REJECTS}:${reject._id}: ${paths.join(', ')} removed from the kept copy`);
    if (!dryRun) await rejects.updateOne({ _id: reject._id }, { $set: Object.fromEntries(paths.map((p) => [p, REMOVED_SECRET])) });
  }

  // 3. Migration 001's premium without an expiry. 001 read every document of `guilds`, prefixed or not.
  const imported001 = (await db.collection<{ _id: number; appliedAt: Date }>(COLLECTION_NAMES.migrations).findOne({ _id: 1 }))?.appliedAt ?? new Date();
  const configs = db.collection<{ _id: string }>(COLLECTION_NAMES.guildConfigs);
  for await (const doc of db.collection('guilds').find({}, { useBigInt64: true, sort: { _id: 1 } })) {
    const by001 = premiumBy001(doc);
    if (!by001 || by001.tier === 'free' || doc.premium_expires instanceof Date) continue;
    const filter = { _id: by001.guildId, 'premium.tier': by001.tier, 'premium.expiresAt': null };
    if (!(await configs.findOne(filter))) continue;
    const unread = legacyDate(doc.premium_expires);
    const expiresAt = unread ?? imported001;
    if (unread) report.premiumsDated++;
    else report.premiumsExpired++;
    report.actions.push(`guild ${by001.guildId}: ${by001.tier} premium ${unread ? `expires at the old expiry ${unread.toISOString()}` : `had no expiry: expired since its import (${expiresAt.toISOString()})`}`);
    if (!dryRun) await configs.updateOne(filter, { $set: { 'premium.expiresAt': expiresAt, updatedAt: new Date() } });
  }

  logger.info({ ...report, actions: undefined }, dryRun ? 'legacy repair: dry run' : 'legacy repair done');
  return report;
}

export async function planLegacyRepair(db: Db, logger: Logger): Promise<MigrationPlan> {
  const r = await repairLegacy(db, logger, { dryRun: true });
  return {
    summary: `${r.passwordsSealed} old SFTP password(s) still in plaintext to seal, ${r.passwordsRemoved} non-password value(s) to remove; ${r.secretsScrubbed} secret(s) to remove from ${r.rejectsScrubbed} kept document(s) in ${MIGRATION_REJECTS}; ${r.premiumsExpired} permanent premium(s) from migration 001 to expire, ${r.premiumsDated} to date with the old expiry`,
    lines: r.actions,
  };
}

export const legacyRepair: PlannableMigration = {
  version: 8,
  name: LEGACY_REPAIR_MIGRATION,
  async up(db, logger) {
    await repairLegacy(db, logger);
  },
  plan: planLegacyRepair,
};
