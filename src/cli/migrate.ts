import { ConfigError, loadConfig } from '../config.js';
import { runMigrations } from '../db/migrate.js';
import { MIGRATIONS } from '../db/migrations/index.js';
import { connectMongo } from '../db/mongo.js';
import { createLogger } from '../logger.js';

/** `npm run migrate`: applies pending migrations (the bot also does this at start). */
try {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const { client, db } = await connectMongo(config.MONGODB_URI, logger, { attempts: 3 });
  try {
    const result = await runMigrations(db, MIGRATIONS, logger);
    process.stdout.write(`Applied: ${result.applied.join(', ') || 'none'}; already applied: ${result.skipped.join(', ') || 'none'}.\n`);
  } finally {
    await client.close();
  }
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `Migration failed: ${(err as Error).message}`);
  process.exit(1);
}
