import type { Collection, Db, Document } from 'mongodb';
import type { Migration } from './types.js';
import type { MigrationPlan } from '../migrate.js';
import { COLLECTION_NAMES } from '../collections.js';
import { keepAside, legacyCollectionsWith, prefixFilter, type LegacyDoc } from '../legacy.js';
import type { GameServer, GuildConfig } from '../schemas.js';
import type { Logger } from '../../logger.js';
import type { SecretBox, SealedSecret } from '../../security/secrets.js';
import { isDuplicateKey } from '../duplicateKey.js';
import { legacyServerId, parseLegacyGuild, secretsFromEnv } from './legacyGuildParse.js';
import { createServer } from './legacyGuildServer.js';

export { legacyServerId, parseLegacyGuild } from './legacyGuildParse.js';

const DEFAULT_TIMEZONE = 'UTC';
/** What migration 001 left; a config without a locale (null) follows Discord's preferred locale. */
const DEFAULT_LOCALE = 'en-US';
const isDefaultLocale = (locale: string | null | undefined) => locale == null || locale === DEFAULT_LOCALE;

/**
 * The older Python bot's guild documents, `{ _id: "guild:<id>", guild_id, name, settings: { prefix,
 * language, timezone, premium }, integrations: { sftp: { enabled, host, port, username, password, base_path } } }`,
 * found by `_id` prefix (src/db/legacy.ts). Migration 001 read them already but only inserted default
 * settings and left the SFTP password in plaintext. Per document, in this order:
 * 1. A plaintext `integrations.sftp.password` is sealed with SECRETS_KEY in place (enabled or not, valid
 *    or not): no plaintext is left in the old document, nor in the copy a reject keeps.
 * 2. An enabled, valid integration becomes a game server (id derived from the legacy id, so a re-run finds
 *    it): root = base_path, the sealed password copied, no host key pinned. Such a server is never polled
 *    until an admin runs `/server test` and trusts its key (key-only check, Trust, then the password);
 *    `status.migrated` makes GameServers tell the admins once.
 * 3. The guild config: created, or filled where it still holds the defaults (timezone `UTC`, locale
 *    `en-US`, as 001 left it); what an admin set is kept. `legacyGuild` marks it, set last.
 * What cannot be converted is kept in `migration_rejects` with the reasons (the integration alone, when the
 * guild settings could be taken). Idempotent and resumable at any point: each step is skipped once done.
 */
export const LEGACY_GUILD_MIGRATION = 'legacy-guild-settings';

export interface GuildMigrationReport {
  collections: string[];
  /** `guild:` documents read. */
  scanned: number;
  /** Documents whose config or server this run wrote (or, in a dry run, would write). */
  migrated: number;
  /** Documents an earlier (maybe interrupted) run had finished. */
  alreadyMigrated: number;
  /** Documents kept aside whole (nothing but the password seal done). */
  rejected: number;
  /** Plaintext passwords sealed in the old documents. */
  passwordsSealed: number;
  /** Game servers created from enabled integrations. */
  serversCreated: number;
  /** Enabled integrations that could not become a server (kept aside with the reasons). */
  integrationsRejected: number;
  /** Integrations with `enabled: false`: no server, password sealed. */
  integrationsDisabled: number;
  /** One line per document: what was done (or would be). Never a password. */
  actions: string[];
}

export interface GuildMigrationOptions {
  /** Seals the passwords; default: SECRETS_KEY from the environment (read only when a password needs it). */
  secrets?: SecretBox;
  /** Reads and reports only; writes nothing. */
  dryRun?: boolean;
  /** Crash tests stop the process after a seal, a server insert, or a whole document. */
  onStep?: (step: 'sealed' | 'server' | 'document') => void;
}


export async function migrateLegacyGuildSettings(db: Db, logger: Logger, options: GuildMigrationOptions = {}): Promise<GuildMigrationReport> {
  const dryRun = options.dryRun ?? false;
  let box = options.secrets;
  const secrets = () => (box ??= secretsFromEnv());
  const servers = db.collection<GameServer>(COLLECTION_NAMES.gameServers);
  const configs = db.collection<GuildConfig>(COLLECTION_NAMES.guildConfigs);
  const report: GuildMigrationReport = {
    collections: await legacyCollectionsWith(db, 'guild'),
    scanned: 0,
    migrated: 0,
    alreadyMigrated: 0,
    rejected: 0,
    passwordsSealed: 0,
    serversCreated: 0,
    integrationsRejected: 0,
    integrationsDisabled: 0,
    actions: [],
  };

  for (const collection of report.collections) {
    const legacy = db.collection<LegacyDoc>(collection);
    // Python stored snowflakes as int64: read them as BigInt, a JS number would round them.
    for await (const doc of legacy.find(prefixFilter('guild'), { useBigInt64: true, sort: { _id: 1 } })) {
      report.scanned++;
      const source = `${collection}:${doc._id}`;
      const done: string[] = [];

      // 1. No plaintext survives, whatever else happens to this document.
      const sftpRaw = (doc.integrations as Document | undefined)?.sftp as Document | undefined;
      if (sftpRaw && typeof sftpRaw.password === 'string' && sftpRaw.password !== '') {
        report.passwordsSealed++;
        done.push('password sealed');
        if (!dryRun) {
          const sealed = secrets().seal(sftpRaw.password);
          // Guarded by the plaintext: a concurrent run that sealed it first wins, and its seal is read back.
          const r = await legacy.updateOne({ _id: doc._id, 'integrations.sftp.password': sftpRaw.password }, { $set: { 'integrations.sftp.password': sealed } });
          sftpRaw.password = r.modifiedCount === 1 ? sealed : (((await legacy.findOne({ _id: doc._id }))?.integrations as Document | undefined)?.sftp as Document | undefined)?.password;
          options.onStep?.('sealed');
        }
      }

      const parsed = parseLegacyGuild(doc);
      if ('reason' in parsed) {
        report.rejected++;
        report.actions.push(`${source}: kept aside: ${parsed.reason}`);
        logger.warn({ collection, legacyId: doc._id, reason: parsed.reason }, 'legacy guild kept aside');
        if (!dryRun) await keepAside(db, 'guilds', LEGACY_GUILD_MIGRATION, collection, doc, false, [parsed.reason]);
        options.onStep?.('document');
        continue;
      }
      const { guildId } = parsed;
      let wrote = false;

      // 2. The game server, from an enabled and valid integration.
      if (parsed.sftp.kind === 'disabled') report.integrationsDisabled++;
      if (parsed.sftp.kind === 'invalid') report.integrationsRejected++;
      if (parsed.sftp.kind === 'ok') {
        const serverId = legacyServerId(collection, doc._id);
        const created = await createServer(servers, {
          serverId,
          guildId,
          source,
          target: parsed.sftp.target,
          // In a dry run the plaintext is still there: nothing is stored, so it is never sealed for nothing.
          password: dryRun ? null : (sftpRaw?.password as SealedSecret),
          dryRun,
        });
        if (created) {
          wrote = true;
          report.serversCreated++;
          done.push(`game server "${created}" (${parsed.sftp.target.host}:${parsed.sftp.target.port}, root ${parsed.sftp.target.root}) awaiting host-key trust`);
          if (!dryRun) options.onStep?.('server');
        }
      }

      // 3. The guild config, marked last: a marked config means every step above is done.
      const config = await configs.findOne({ _id: guildId });
      if (!config?.legacyGuild) {
        const now = new Date();
        const fill: Partial<GuildConfig> = {};
        if (parsed.timezone && (!config || config.timezone === DEFAULT_TIMEZONE)) fill.timezone = parsed.timezone;
        if (parsed.locale && (!config || isDefaultLocale(config.locale))) fill.locale = parsed.locale;
        done.push(`guild config ${config ? 'filled' : 'created'}${Object.entries(fill).map(([k, v]) => `, ${k} ${v}`).join('')}`);
        if (!dryRun) await fillConfig(configs, guildId, config, { ...fill, legacyGuild: source }, now);
        wrote = true;
      }

      if (wrote) report.migrated++;
      else report.alreadyMigrated++;
      report.actions.push(`${source} → guild ${guildId}: ${wrote ? done.join('; ') || 'nothing to change' : 'already migrated'}`);
      if (parsed.notes.length) {
        logger.warn({ collection, legacyId: doc._id, skipped: parsed.notes }, 'legacy guild migrated without some parts');
        report.actions.push(`${source}: not taken: ${parsed.notes.join('; ')}`);
        if (!dryRun) await keepAside(db, 'guilds', LEGACY_GUILD_MIGRATION, collection, doc, true, parsed.notes);
      }
      options.onStep?.('document');
    }
  }
  logger.info({ ...report, actions: undefined }, dryRun ? 'legacy guild settings: dry run' : 'legacy guild settings migrated');
  return report;
}

async function fillConfig(configs: Collection<GuildConfig>, guildId: string, config: GuildConfig | null, set: Partial<GuildConfig>, now: Date): Promise<void> {
  if (!config) {
    try {
      await configs.insertOne({
        _id: guildId,
        timezone: set.timezone ?? DEFAULT_TIMEZONE,
        locale: set.locale ?? null,
        adminRoleId: null,
        premium: { tier: 'free', expiresAt: null },
        legacyGuild: set.legacyGuild,
        createdAt: now,
        updatedAt: now,
      });
      return;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    // Created meanwhile (a command): fill it like one that existed, defaults only.
    const fresh = await configs.findOne({ _id: guildId });
    if (fresh?.timezone !== DEFAULT_TIMEZONE) delete set.timezone;
    if (!isDefaultLocale(fresh?.locale)) delete set.locale;
  }
  // Guarded by the fields read: a setting an admin changed meanwhile is not overwritten.
  const guard: Record<string, unknown> = { _id: guildId, legacyGuild: { $exists: false } };
  if (set.timezone) guard.timezone = DEFAULT_TIMEZONE;
  if (set.locale) guard.locale = { $in: [null, DEFAULT_LOCALE] };
  const r = await configs.updateOne(guard, { $set: { ...set, updatedAt: now } });
  if (r.matchedCount === 0 && (set.timezone || set.locale)) {
    await configs.updateOne({ _id: guildId, legacyGuild: { $exists: false } }, { $set: { legacyGuild: set.legacyGuild, updatedAt: now } });
  }
}

export async function planLegacyGuildSettings(db: Db, logger: Logger): Promise<MigrationPlan> {
  const r = await migrateLegacyGuildSettings(db, logger, { dryRun: true });
  return {
    summary: `${r.scanned} old guild document(s) in ${r.collections.join(', ') || 'no collection'}: ${r.migrated} to migrate, ${r.alreadyMigrated} already done, ${r.rejected} to keep aside; ${r.passwordsSealed} plaintext password(s) to seal; ${r.serversCreated} game server(s) to create (awaiting host-key trust), ${r.integrationsRejected} SFTP integration(s) to keep aside, ${r.integrationsDisabled} disabled`,
    lines: r.actions,
  };
}

export const legacyGuildSettings: Migration & { plan: typeof planLegacyGuildSettings } = {
  version: 4,
  name: LEGACY_GUILD_MIGRATION,
  async up(db, logger) {
    await migrateLegacyGuildSettings(db, logger);
  },
  plan: planLegacyGuildSettings,
};
