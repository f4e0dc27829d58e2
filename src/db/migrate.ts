import { isDuplicateKey } from './duplicateKey.js';
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

/** What a pending migration would do (`npm run migrate -- --dry-run`): a one-line summary and details. */
export interface MigrationPlan {
  summary: string;
  lines: string[];
}

/** A migration that can tell what it would do without writing (optional: older ones cannot). */
export type PlannableMigration = Migration & { plan?(db: Db, logger: Logger): Promise<MigrationPlan> };

export interface PlannedMigrations {
  /** Pending migrations in order, each with its plan, or null where it has none. */
  pending: Array<{ version: number; name: string; plan: MigrationPlan | null }>;
  applied: number[];
  checksumMismatches: number[];
}

/**
 * The dry run: which migrations are pending and what each would do. Reads only: no lock, no record, no
 * change. Each plan reads the database as it is now, so a plan after a pending one that has no plan
 * (001–003) may differ in details (e.g. a guild config 001 would create first).
 */
export async function planMigrations(db: Db, migrations: PlannableMigration[], logger: Logger): Promise<PlannedMigrations> {
  const done = new Map((await collections(db).migrations.find({}).toArray()).map((r) => [r._id, r]));
  const result: PlannedMigrations = { pending: [], applied: [], checksumMismatches: [] };
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    const record = done.get(m.version);
    if (record) {
      result.applied.push(m.version);
      if (record.checksum !== migrationChecksum(m)) result.checksumMismatches.push(m.version);
      continue;
    }
    result.pending.push({ version: m.version, name: m.name, plan: m.plan ? await m.plan(db, logger) : null });
  }
  return result;
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
    if (!isDuplicateKey(err)) throw err;
  }
  // Held: take it over only if its holder let it expire (crashed).
  const res = await locks.updateOne({ _id: LOCK_ID, expiresAt: { $lt: new Date() } }, { $set: { owner, expiresAt } });
  return res.modifiedCount === 1;
}
