import type { AnyBulkWriteOperation, Db, Document } from 'mongodb';
import type { Logger } from '../../logger.js';
import { COLLECTION_NAMES } from '../collections.js';
import { DATA_VERSION_FIELD, DATA_VERSIONS, UPGRADES, upgradeDocument, type VersionedCollection } from '../dataVersions.js';
import type { PlannableMigration } from '../migrate.js';
import { INGEST_COLLECTION_NAMES } from '../../ingest/store.js';

const BATCH = 500;

const NAMES: Record<VersionedCollection, string> = { ...COLLECTION_NAMES, ...INGEST_COLLECTION_NAMES };

/** Documents older than their collection's version (or without one). */
const behind = (version: number) => ({ $or: [{ [DATA_VERSION_FIELD]: { $exists: false } }, { [DATA_VERSION_FIELD]: { $lt: version } }] });

/**
 * Brings stored documents to their collection's current version: documents without `dataVersion` are
 * version 1; those behind get the fields their upgrade adds and the version, in batches of 500 with one
 * bulk write each. Each write is guarded by the version it read, so a document another process changed
 * meanwhile is simply read again; a killed run resumes with what is still behind. Returns the count.
 */
export async function stampDataVersions(db: Db, logger: Logger, keys: readonly VersionedCollection[] = Object.keys(DATA_VERSIONS) as VersionedCollection[]): Promise<number> {
  let total = 0;
  for (const key of keys) {
    const version = DATA_VERSIONS[key];
    const collection = db.collection(NAMES[key]);
    let count = 0;
    for (;;) {
      const docs = await collection.find(behind(version)).limit(BATCH).toArray();
      if (!docs.length) break;
      const ops: AnyBulkWriteOperation<Document>[] = docs.map((doc) => {
        const upgraded = upgradeDocument(doc, version, UPGRADES[key]);
        const set: Document = { [DATA_VERSION_FIELD]: version };
        for (const [field, value] of Object.entries(upgraded)) if (doc[field] === undefined && value !== undefined) set[field] = value;
        const was = doc[DATA_VERSION_FIELD] as number | undefined;
        return { updateOne: { filter: { _id: doc._id, [DATA_VERSION_FIELD]: was === undefined ? { $exists: false } : was }, update: { $set: set } } };
      });
      const modified = (await collection.bulkWrite(ops, { ordered: false })).modifiedCount;
      count += modified;
      // Every guarded write missed (others keep rewriting these documents): leave them to the next run.
      if (!modified) {
        logger.warn({ collection: NAMES[key], left: docs.length }, 'documents changed while being stamped; left for the next run');
        break;
      }
    }
    if (count) logger.info({ collection: NAMES[key], version, count }, 'documents stamped with their data version');
    total += count;
  }
  return total;
}

export const dataVersions: PlannableMigration = {
  version: 6,
  name: 'data-versions',
  async up(db, logger) {
    await stampDataVersions(db, logger);
  },
  async plan(db) {
    const lines: string[] = [];
    for (const key of Object.keys(DATA_VERSIONS) as VersionedCollection[]) {
      const n = await db.collection(NAMES[key]).countDocuments(behind(DATA_VERSIONS[key]));
      if (n) lines.push(`${NAMES[key]}: ${n} document(s) to bring to version ${DATA_VERSIONS[key]}`);
    }
    return { summary: `${lines.length} collection(s) with documents to stamp with their data version`, lines };
  },
};
