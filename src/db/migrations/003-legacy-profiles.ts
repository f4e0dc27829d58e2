import { isDuplicateKey } from '../duplicateKey.js';
import { MongoServerError, type Db, type Document } from 'mongodb';
import type { Migration } from './types.js';
import { COLLECTION_NAMES } from '../collections.js';
import type { MemberStats } from '../schemas.js';
import { earnSettled } from '../../economy/earnings.js';
import { Economy } from '../../economy/economy.js';
import type { LedgerStepHook } from '../../economy/ledger.js';
import type { CreditBalance, LedgerEntry } from '../../economy/schemas.js';
import type { Logger } from '../../logger.js';

/**
 * The older Python bot kept one global profile per Discord user: `{ _id: "user:<id>", user_id, guilds:
 * [guild ids], stats: { commands_used, canvas_pixels_placed }, inventory: { credits, colors: ["#RRGGBB"] } }`.
 * Everything is per guild now. The mapping:
 * - credits: the whole amount to the profile's home guild, the first valid one of `guilds`, once. Old
 *   credits could be spent anywhere, so one balance keeps all of their buying power (a split could leave
 *   every guild's share below any price); paying each guild would multiply them.
 * - commands used and pixels placed: added to the home guild's counters, for the same reason (the numbers
 *   are the member's, counted once).
 * - colours: owned in every guild of `guilds`, as they were usable everywhere before; ownership multiplies
 *   nothing. Strings that are not `#RRGGBB` are skipped and reported.
 * Idempotent and resumable, per document: the credits are one ledger entry under `migration:user:<id>`;
 * the counters are added by one update guarded by a marker (`legacyProfile`) set in the same write; colours
 * are a set. A profile that cannot be migrated stays where it is and is recorded in `migration_rejects`
 * with the reason (as are the skipped parts of a profile migrated otherwise).
 */

/** Where the profiles are when the server cannot list its collections (jongodb). */
export const LEGACY_PROFILES_FALLBACK = 'users';
export const MIGRATION_REJECTS = 'migration_rejects';

export interface MigrationReject {
  _id: string; // `profiles:<collection>:<legacy _id>`
  migration: 'legacy-profiles';
  collection: string;
  legacyId: string;
  /** False: nothing of it was migrated. True: migrated without the parts `reasons` names. */
  migrated: boolean;
  reasons: string[];
  doc: Document;
  at: Date;
}

export interface ProfileMigrationReport {
  collections: string[];
  /** Profiles read. */
  scanned: number;
  /** Profiles whose credits or counters this run wrote. */
  migrated: number;
  /** Profiles found already migrated by an earlier (maybe interrupted) run. */
  alreadyMigrated: number;
  /** Profiles kept aside in migration_rejects. */
  rejected: number;
  /** Credits of the profiles migrated, by this run or an earlier one. */
  credits: number;
  /** Colour strings that were not `#RRGGBB`. */
  colorsSkipped: number;
}

/** Test hooks: crash tests stop the process after a profile's credits or after the whole profile. */
export interface ProfileMigrationHooks {
  onStep?: (step: 'credited' | 'document') => void;
  onLedgerStep?: LedgerStepHook;
}

const SNOWFLAKE = /^\d{17,20}$/;
/** Profiles' ids are strings (`user:<id>`); a prefix match uses the _id index. */
type LegacyDoc = Document & { _id: string };
const PROFILE_IDS = { _id: { $regex: '^user:' } };
const HEX_COLOR = /^#([0-9a-fA-F]{6})$/;

interface LegacyProfile {
  userId: string;
  guilds: string[];
  credits: number;
  commandsUsed: number;
  pixelsPlaced: number;
  colors: number[];
  /** What was skipped (bad colours, bad guild ids): the rest is migrated. */
  notes: string[];
  colorsSkipped: number;
}

/** Python wrote ints as int32/int64 (BigInt here) or doubles; a count must be a whole number ≥ 0. */
function count(value: unknown, field: string): number | string {
  if (value === undefined || value === null) return 0;
  const n = typeof value === 'bigint' ? Number(value) : value;
  if (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0) return n;
  return `${field} is not a whole number ≥ 0 (${String(value)})`;
}

function idString(value: unknown): string | null {
  if (typeof value === 'string' || typeof value === 'bigint' || typeof value === 'number') return String(value);
  return null;
}

/** The profile in today's terms, or why it cannot be migrated. */
export function parseLegacyProfile(doc: Document): LegacyProfile | { reason: string } {
  const fromId = /^user:(\d{17,20})$/.exec(String(doc._id))?.[1];
  if (!fromId) return { reason: '_id is not user:<snowflake>' };
  const userId = doc.user_id === undefined || doc.user_id === null ? fromId : idString(doc.user_id);
  if (userId !== fromId) return { reason: `user_id ${String(doc.user_id)} does not match the _id` };
  const notes: string[] = [];
  const guilds: string[] = [];
  for (const g of Array.isArray(doc.guilds) ? (doc.guilds as unknown[]) : []) {
    const id = idString(g);
    if (id && SNOWFLAKE.test(id)) {
      if (!guilds.includes(id)) guilds.push(id);
    } else notes.push(`guild id ${String(g)} skipped`);
  }
  if (!guilds.length) return { reason: 'no valid guild in guilds: nowhere to put per-guild credits and stats' };
  const stats = (doc.stats ?? {}) as Document;
  const inventory = (doc.inventory ?? {}) as Document;
  const credits = count(inventory.credits, 'inventory.credits');
  const commandsUsed = count(stats.commands_used, 'stats.commands_used');
  const pixelsPlaced = count(stats.canvas_pixels_placed, 'stats.canvas_pixels_placed');
  for (const v of [credits, commandsUsed, pixelsPlaced]) if (typeof v === 'string') return { reason: v };
  const colors: number[] = [];
  let colorsSkipped = 0;
  for (const c of Array.isArray(inventory.colors) ? (inventory.colors as unknown[]) : []) {
    const m = typeof c === 'string' ? HEX_COLOR.exec(c.trim()) : null;
    if (!m) {
      colorsSkipped++;
      notes.push(`colour ${JSON.stringify(c)} skipped: not #RRGGBB`);
      continue;
    }
    const rgb = Number.parseInt(m[1]!, 16);
    if (!colors.includes(rgb)) colors.push(rgb);
  }
  return { userId, guilds, credits: credits as number, commandsUsed: commandsUsed as number, pixelsPlaced: pixelsPlaced as number, colors, notes, colorsSkipped };
}

/** The collections holding `user:` profiles: every listed one that has some, or `users` where listing is refused. */
export async function legacyProfileCollections(db: Pick<Db, 'listCollections' | 'collection'>): Promise<string[]> {
  let names: string[];
  try {
    names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
  } catch (err) {
    // A server without listCollections (jongodb) answers with an error; a lost connection is not that.
    if (!(err instanceof MongoServerError)) throw err;
    names = [LEGACY_PROFILES_FALLBACK];
  }
  const ours = new Set<string>([...Object.values(COLLECTION_NAMES), MIGRATION_REJECTS]);
  const found: string[] = [];
  for (const name of names.filter((n) => !ours.has(n) && !n.startsWith('system.')).sort()) {
    if (await db.collection<LegacyDoc>(name).findOne(PROFILE_IDS)) found.push(name);
  }
  return found;
}


export async function migrateLegacyProfiles(db: Db, logger: Logger, hooks: ProfileMigrationHooks = {}): Promise<ProfileMigrationReport> {
  const economy = new Economy({
    cols: { ledger: db.collection<LedgerEntry>(COLLECTION_NAMES.creditLedger), balances: db.collection<CreditBalance>(COLLECTION_NAMES.creditBalances) },
    logger,
    onStep: hooks.onLedgerStep,
  });
  const memberStats = db.collection<MemberStats>(COLLECTION_NAMES.memberStats);
  const rejects = db.collection<MigrationReject>(MIGRATION_REJECTS);
  const report: ProfileMigrationReport = { collections: await legacyProfileCollections(db), scanned: 0, migrated: 0, alreadyMigrated: 0, rejected: 0, credits: 0, colorsSkipped: 0 };

  const keepAside = (collection: string, doc: Document, migrated: boolean, reasons: string[]) => {
    const _id = `profiles:${collection}:${String(doc._id)}`;
    const record = { migration: 'legacy-profiles' as const, collection, legacyId: String(doc._id), migrated, reasons, doc, at: new Date() };
    return rejects.updateOne({ _id }, { $set: record }, { upsert: true });
  };

  for (const collection of report.collections) {
    // Python stored snowflakes as int64: read them as BigInt, a JS number would round them.
    for await (const doc of db.collection<LegacyDoc>(collection).find(PROFILE_IDS, { useBigInt64: true, sort: { _id: 1 } })) {
      report.scanned++;
      const p = parseLegacyProfile(doc);
      if ('reason' in p) {
        report.rejected++;
        logger.warn({ collection, legacyId: String(doc._id), reason: p.reason }, 'legacy profile kept aside');
        await keepAside(collection, doc, false, [p.reason]);
        continue;
      }
      const home = p.guilds[0]!;
      let wrote = false;
      if (p.credits > 0) {
        const r = await earnSettled(economy, home, p.userId, p.credits, 'migration', `migration:user:${p.userId}`, String(doc._id));
        wrote = r.fresh;
        report.credits += p.credits;
      }
      hooks.onStep?.('credited');
      try {
        // The marker is set by the same write that adds the counters: a re-run matches nothing, and its
        // upsert then meets the existing document (11000).
        await memberStats.updateOne(
          { _id: `${home}:${p.userId}`, legacyProfile: { $exists: false } },
          {
            $inc: { commandsUsed: p.commandsUsed, canvasPixelsPlaced: p.pixelsPlaced },
            $set: { legacyProfile: String(doc._id) },
            $setOnInsert: { guildId: home, userId: p.userId },
            ...(p.colors.length ? { $addToSet: { ownedColors: { $each: p.colors } } } : {}),
          },
          { upsert: true },
        );
        wrote = true;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      if (p.colors.length) {
        for (const guildId of p.guilds.slice(1)) {
          const colorsOf = () =>
            memberStats.updateOne(
              { _id: `${guildId}:${p.userId}` },
              { $addToSet: { ownedColors: { $each: p.colors } }, $setOnInsert: { guildId, userId: p.userId, commandsUsed: 0 } },
              { upsert: true },
            );
          // Two upserts of a new document can race (11000): the second attempt updates it.
          await colorsOf().catch((err: unknown) => (isDuplicateKey(err) ? colorsOf() : Promise.reject(err)));
        }
      }
      if (wrote) report.migrated++;
      else report.alreadyMigrated++;
      report.colorsSkipped += p.colorsSkipped;
      if (p.notes.length) {
        logger.warn({ collection, legacyId: String(doc._id), skipped: p.notes }, 'legacy profile migrated without some parts');
        await keepAside(collection, doc, true, p.notes);
      }
      hooks.onStep?.('document');
    }
  }
  logger.info(report, 'legacy profiles migrated');
  return report;
}

export const legacyProfiles: Migration = {
  version: 3,
  name: 'legacy-profiles',
  async up(db, logger) {
    await migrateLegacyProfiles(db, logger);
  },
};
