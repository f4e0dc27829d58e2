/**
 * The older Python bot's documents, as later migrations (004, 005) find them. Its collection names were
 * never documented; each kind of document is recognised by its `_id` prefix (`guild:`, `error:`, `user:`,
 * `canvas:`). The rule: every collection the server lists is searched for the prefix (the bot's own
 * collections are skipped, except `errors`, a name the old bot used too); a server that cannot list its
 * collections (jongodb) is searched in the old bot's known names: `guilds`, `users`, `canvases` and `errors`.
 */
import { MongoServerError, type Db, type Document } from 'mongodb';
import { COLLECTION_NAMES } from './collections.js';

/** The old bot's collection names, searched where the server cannot list its collections. */
export const LEGACY_COLLECTIONS = ['guilds', 'users', 'canvases', 'errors'] as const;
/** Where documents a migration cannot convert are kept, with the reasons (shared with migration 003). */
export const MIGRATION_REJECTS = 'migration_rejects';

/** Legacy ids are strings (`guild:<id>`): a prefix match uses the _id index. */
export type LegacyDoc = Document & { _id: string };

export function prefixFilter(prefix: string): { _id: { $regex: string } } {
  return { _id: { $regex: `^${prefix}:` } };
}

/** The collections holding documents with this `_id` prefix, sorted by name. */
export async function legacyCollectionsWith(db: Pick<Db, 'listCollections' | 'collection'>, prefix: string): Promise<string[]> {
  let names: string[];
  try {
    names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
  } catch (err) {
    // A server without listCollections (jongodb) answers with an error; a lost connection is not that.
    if (!(err instanceof MongoServerError)) throw err;
    names = [...LEGACY_COLLECTIONS];
  }
  const shared = new Set<string>(LEGACY_COLLECTIONS);
  const ours = new Set<string>([...Object.values(COLLECTION_NAMES).filter((n) => !shared.has(n)), MIGRATION_REJECTS]);
  const found: string[] = [];
  for (const name of [...new Set(names)].filter((n) => !ours.has(n) && !n.startsWith('system.')).sort()) {
    if (await db.collection<LegacyDoc>(name).findOne(prefixFilter(prefix))) found.push(name);
  }
  return found;
}

/** A document a migration kept aside (`migration_rejects`), or one it migrated without some parts. */
export interface LegacyReject {
  _id: string; // `<kind>:<collection>:<legacy _id>`
  migration: string;
  collection: string;
  legacyId: string;
  /** False: nothing of it was migrated. True: migrated without the parts `reasons` names. */
  migrated: boolean;
  reasons: string[];
  /**
   * The document as it was read. 004 seals a string password before keeping a copy, but kept non-string
   * ones (numbers, objects) as they were: migration 008 replaces every secret-like field of a copy with a
   * marker, so none is held here once it ran.
   */
  doc: Document;
  at: Date;
}

export function keepAside(db: Db, kind: string, migration: string, collection: string, doc: Document, migrated: boolean, reasons: string[]): Promise<unknown> {
  const _id = `${kind}:${collection}:${String(doc._id)}`;
  const record: Omit<LegacyReject, '_id' | 'at'> = { migration, collection, legacyId: String(doc._id), migrated, reasons, doc };
  // `at` only on insert: a re-run writing the same record changes nothing.
  return db.collection<LegacyReject>(MIGRATION_REJECTS).updateOne({ _id }, { $set: record, $setOnInsert: { at: new Date() } }, { upsert: true });
}

/** Python wrote snowflakes as strings, int64 (BigInt here with useBigInt64) or doubles. */
export function snowflakeOf(value: unknown): string | null {
  const s = typeof value === 'string' || typeof value === 'bigint' || typeof value === 'number' ? String(value).trim() : null;
  return s && /^\d{17,20}$/.test(s) ? s : null;
}

/** Old timestamps: Date, ISO strings, or epoch seconds / milliseconds. Null when none of those. */
export function legacyDate(value: unknown): Date | null {
  let d: Date | null = null;
  if (value instanceof Date) d = value;
  else if (typeof value === 'number' || typeof value === 'bigint') d = new Date(Number(value) * (Number(value) < 1e12 ? 1000 : 1));
  else if (typeof value === 'string' && value.trim()) d = new Date(value.trim());
  return d && !Number.isNaN(d.getTime()) ? d : null;
}
