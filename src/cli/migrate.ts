import { ConfigError, loadConfig } from '../config.js';
import { planMigrations, runMigrations, type PlannedMigrations } from '../db/migrate.js';
import { MIGRATIONS } from '../db/migrations/index.js';
import { resolveMongoTarget } from '../db/embedded.js';
import { connectMongo } from '../db/mongo.js';
import { createLogger } from '../logger.js';

/**
 * `npm run migrate`: applies pending migrations (the bot also does this at start). With MONGODB_URI unset
 * it uses the running bot's embedded mongod, or starts one on MONGODB_DATA_DIR for the run.
 * `npm run migrate -- --dry-run` prints what the pending ones would do and writes nothing.
 */
const dryRun = process.argv.slice(2).includes('--dry-run');

function printPlan(p: PlannedMigrations): void {
  const out: string[] = [`Dry run: nothing was written. Already applied: ${p.applied.join(', ') || 'none'}.`];
  if (p.checksumMismatches.length) out.push(`Changed since applied (not re-run): ${p.checksumMismatches.join(', ')}.`);
  if (!p.pending.length) out.push('Nothing to apply.');
  for (const m of p.pending) {
    out.push(`Would apply ${String(m.version).padStart(3, '0')} ${m.name}: ${m.plan ? m.plan.summary : 'runs as a whole (it has no dry-run plan)'}`);
    for (const line of m.plan?.lines ?? []) out.push(`  - ${line}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

try {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const target = await resolveMongoTarget(config, logger, 'npm run migrate');
  try {
    const { client, db } = await connectMongo(target.uri, logger, { attempts: 3 });
    try {
      if (dryRun) printPlan(await planMigrations(db, MIGRATIONS, logger));
      else {
        const result = await runMigrations(db, MIGRATIONS, logger);
        process.stdout.write(`Applied: ${result.applied.join(', ') || 'none'}; already applied: ${result.skipped.join(', ') || 'none'}.\n`);
      }
    } finally {
      await client.close();
    }
  } finally {
    await target.release();
  }
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `Migration failed: ${(err as Error).message}`);
  process.exit(1);
}
