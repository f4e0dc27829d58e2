/**
 * Step 3 of a batch (batchApplier.ts): its stats documents in one bulkWrite. A document read before is
 * updated only under the `lastSeq` it was read with, so a concurrent or replayed writer cannot apply a
 * batch twice; a new one is inserted with $setOnInsert (a crashed run's insert is kept).
 */
import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import { ConcurrentWriterError } from './batchTypes.js';
import type { StatsDoc } from './schemas.js';

/** A document to write and the `lastSeq` it was read with (undefined: it did not exist). */
export interface StatsWrite {
  doc: StatsDoc;
  readSeq: number | undefined;
}

/** Writes them; false when there was nothing to write. Throws ConcurrentWriterError when a guard matched nothing. */
export async function writeStats(col: Collection<StatsDoc>, writes: readonly StatsWrite[]): Promise<boolean> {
  if (!writes.length) return false;
  const ops: AnyBulkWriteOperation<StatsDoc>[] = writes.map(({ doc, readSeq }) => {
    const { _id, ...rest } = doc;
    return readSeq === undefined
      ? { updateOne: { filter: { _id }, update: { $setOnInsert: rest }, upsert: true } }
      : { updateOne: { filter: { _id, lastSeq: readSeq }, update: { $set: rest } } };
  });
  const r = await col.bulkWrite(ops, { ordered: false });
  // A guarded update that matched nothing means another writer moved the document since our read:
  // leave the batch pending (a replay skips what is already applied and redoes the rest).
  if (r.matchedCount + r.upsertedCount < ops.length) throw new ConcurrentWriterError(writes[0]!.doc.serverId);
  return true;
}
