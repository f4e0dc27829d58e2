import { createHash, randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import type { Logger } from '../logger.js';
import { collections } from './collections.js';
import type { Migration } from './migrations/types.js';

const LOCK_ID = 'migrations';

export function migrationChecksum(m: Migration): string {
  return createHash('sha256').update(`${m.version}:${m.name}:${m.up.toString()}`).digest('hex');
}

export interface MigrateOptions {
  lockTtlMs?: number;
  waitForLockMs?: number;
  owner?: string;
}

export interface MigrateResult {
  applied: number[];
  skipped: number[];
  checksumMismatches: number[];
}

/**
 * Applies pending migrations in order, recording each with its checksum. A lock document (unique _id,
 * with an expiry so a crashed holder does not block forever) makes sure two processes never run them
 * at once; the loser waits for the lock and then finds nothing left to do.
 */
export async function runMigrations(db: Db, migrations: Migration[], logger: Logger, options: MigrateOptions = {}): Promise<MigrateResult> {
  const cols = collections(db);
  const owner = options.owner ?? randomUUID();
  const lockTtlMs = options.lockTtlMs ?? 5 * 60_000;
  const deadline = Date.now() + (options.waitForLockMs ?? 10 * 60_000);
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  if (new Set(sorted.map((m) => m.version)).size !== sorted.length) throw new Error('duplicate migration versions');

  while (!(await tryLock(db, owner, lockTtlMs))) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the migration lock held by another process');
    await new Promise((r) => setTimeout(r, 200));
  }
  const result: MigrateResult = { applied: [], skipped: [], checksumMismatches: [] };
  try {
    const done = new Map((await cols.migrations.find({}).toArray()).map((r) => [r._id, r]));
    for (const m of sorted) {
      const checksum = migrationChecksum(m);
      const record = done.get(m.version);
      if (record) {
        result.skipped.push(m.version);
        if (record.checksum !== checksum) {
          result.checksumMismatches.push(m.version);
          logger.warn({ version: m.version, name: m.name }, 'an applied migration changed since it ran (checksum differs); not re-running it');
        }
        continue;
      }
      const started = Date.now();
      logger.info({ version: m.version, name: m.name }, 'applying migration');
      await m.up(db, logger);
      // Renew the lock between migrations so a long run is not taken over.
      await cols.locks.updateOne({ _id: LOCK_ID, owner }, { $set: { expiresAt: new Date(Date.now() + lockTtlMs) } });
      await cols.migrations.insertOne({ _id: m.version, name: m.name, checksum, appliedAt: new Date(), durationMs: Date.now() - started });
      result.applied.push(m.version);
    }
  } finally {
    await cols.locks.deleteOne({ _id: LOCK_ID, owner });
  }
  return result;
}

async function tryLock(db: Db, owner: string, ttlMs: number): Promise<boolean> {
  const locks = collections(db).locks;
  const expiresAt = new Date(Date.now() + ttlMs);
  try {
    await locks.insertOne({ _id: LOCK_ID, owner, expiresAt });
    return true;
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
  }
  // Held: take it over only if its holder let it expire (crashed).
  const res = await locks.updateOne({ _id: LOCK_ID, expiresAt: { $lt: new Date() } }, { $set: { owner, expiresAt } });
  return res.modifiedCount === 1;
}
