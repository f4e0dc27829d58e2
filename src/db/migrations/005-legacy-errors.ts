import type { Db, Document } from 'mongodb';
import type { Migration } from './types.js';
import type { MigrationPlan } from '../migrate.js';
import { COLLECTION_NAMES } from '../collections.js';
import { keepAside, legacyCollectionsWith, legacyDate, prefixFilter, snowflakeOf, type LegacyDoc } from '../legacy.js';
import type { LegacyErrorRecord } from '../schemas.js';
import type { Logger } from '../../logger.js';

/**
 * The older Python bot's error records, `{ _id: "error:<id>", id, timestamp: ISO string, category,
 * error_type, error_message, fingerprint, context: { guild_id, user_id, … } }`, found by `_id` prefix
 * (src/db/legacy.ts), most likely in `errors`, the name the bot's own records use. They go to
 * `legacy_errors`, not `errors`: there the 90-day expiry counts from `at`, so records older than 90 days
 * would be deleted at once (and the old ones would join the bot's fingerprint counts). In `legacy_errors`
 * they keep their own time and expire 90 days after the import. Originals found in `errors` are removed
 * once copied (or kept aside); originals in any other collection stay, like every other old document.
 * A record without a valid time, or whose `id` contradicts its `_id`, is kept in `migration_rejects`.
 * Idempotent and resumable: the copy is an upsert that never changes an existing record, then the delete.
 */
export const LEGACY_ERROR_MIGRATION = 'legacy-errors';

export interface ErrorMigrationReport {
  collections: string[];
  scanned: number;
  /** Copied to legacy_errors by this run (or, in a dry run, to copy). */
  imported: number;
  /** Found in legacy_errors already (an earlier, interrupted run). */
  alreadyImported: number;
  /** Kept aside in migration_rejects. */
  rejected: number;
  /** Originals removed from the bot's `errors` collection. */
  removedFromErrors: number;
  /** Only the rejects and a few samples: error collections can be large. */
  actions: string[];
}

export interface ErrorMigrationOptions {
  dryRun?: boolean;
  /** Crash tests stop the process after a copy, or after a whole record. */
  onStep?: (step: 'copied' | 'document') => void;
}

const MAX_ACTION_LINES = 50;

const text = (v: unknown, fallback: string) => (typeof v === 'string' && v.trim() ? v : fallback);

/** The record in today's terms, or why it cannot be migrated. */
export function parseLegacyError(doc: Document, source: string, importedAt: Date): LegacyErrorRecord | { reason: string } {
  const fromId = /^error:([A-Za-z0-9_-]{1,64})$/.exec(String(doc._id))?.[1];
  if (!fromId) return { reason: '_id is not error:<id>' };
  if (doc.id !== undefined && doc.id !== null && String(doc.id) !== fromId) return { reason: `id ${JSON.stringify(String(doc.id))} does not match the _id` };
  const at = legacyDate(doc.timestamp);
  if (!at) return { reason: `timestamp ${JSON.stringify(String(doc.timestamp))} is not a date` };
  const { guild_id: guild, user_id: user, ...context } = (doc.context && typeof doc.context === 'object' ? doc.context : {}) as Document;
  const category = text(doc.category, 'legacy');
  const name = text(doc.error_type, 'Error');
  return {
    _id: String(doc._id),
    guildId: snowflakeOf(guild),
    userId: snowflakeOf(user),
    command: typeof context.command === 'string' ? context.command : null,
    category,
    fingerprint: text(doc.fingerprint, `${category}:${name}`),
    name,
    message: typeof doc.error_message === 'string' ? doc.error_message : '',
    at,
    // An id that is not a snowflake stays visible here rather than being lost.
    context: { ...context, ...(guild != null && !snowflakeOf(guild) ? { guild_id: guild } : {}), ...(user != null && !snowflakeOf(user) ? { user_id: user } : {}) },
    source,
    importedAt,
  };
}

export async function migrateLegacyErrors(db: Db, logger: Logger, options: ErrorMigrationOptions = {}): Promise<ErrorMigrationReport> {
  const dryRun = options.dryRun ?? false;
  const target = db.collection<LegacyErrorRecord>(COLLECTION_NAMES.legacyErrors);
  const report: ErrorMigrationReport = { collections: await legacyCollectionsWith(db, 'error'), scanned: 0, imported: 0, alreadyImported: 0, rejected: 0, removedFromErrors: 0, actions: [] };
  let omitted = 0;
  const note = (line: string) => {
    if (report.actions.length < MAX_ACTION_LINES) report.actions.push(line);
    else omitted++;
  };

  for (const collection of report.collections) {
    const source = db.collection<LegacyDoc>(collection);
    // In the bot's own `errors` an original would be read by its telemetry: it moves out.
    const move = collection === COLLECTION_NAMES.errors;
    const importedAt = new Date();
    for await (const doc of source.find(prefixFilter('error'), { useBigInt64: true, sort: { _id: 1 } })) {
      report.scanned++;
      const record = parseLegacyError(doc, collection, importedAt);
      if ('reason' in record) {
        report.rejected++;
        note(`${collection}:${doc._id}: kept aside: ${record.reason}`);
        logger.warn({ collection, legacyId: doc._id, reason: record.reason }, 'legacy error record kept aside');
        if (!dryRun) await keepAside(db, 'errors', LEGACY_ERROR_MIGRATION, collection, doc, false, [record.reason]);
      } else {
        const exists = dryRun ? await target.findOne({ _id: record._id }) : null;
        // $setOnInsert: a record imported before (with its importedAt) is never changed.
        const fresh = dryRun ? !exists : (await target.updateOne({ _id: record._id }, { $setOnInsert: record }, { upsert: true })).upsertedCount === 1;
        if (fresh) report.imported++;
        else report.alreadyImported++;
        if (fresh) note(`${collection}:${doc._id} → legacy_errors (${record.category}, ${record.at.toISOString()})`);
        if (!dryRun) options.onStep?.('copied');
      }
      if (move) {
        report.removedFromErrors++;
        if (!dryRun) await source.deleteOne({ _id: doc._id });
      }
      if (!dryRun) options.onStep?.('document');
    }
  }
  if (omitted) report.actions.push(`… and ${omitted} more`);
  logger.info({ ...report, actions: undefined }, dryRun ? 'legacy errors: dry run' : 'legacy errors migrated');
  return report;
}

export async function planLegacyErrors(db: Db, logger: Logger): Promise<MigrationPlan> {
  const r = await migrateLegacyErrors(db, logger, { dryRun: true });
  return {
    summary: `${r.scanned} old error record(s) in ${r.collections.join(', ') || 'no collection'}: ${r.imported} to copy to legacy_errors, ${r.alreadyImported} already there, ${r.rejected} to keep aside; ${r.removedFromErrors} to remove from errors`,
    lines: r.actions,
  };
}

export const legacyErrors: Migration & { plan: typeof planLegacyErrors } = {
  version: 5,
  name: LEGACY_ERROR_MIGRATION,
  async up(db, logger) {
    await migrateLegacyErrors(db, logger);
  },
  plan: planLegacyErrors,
};
