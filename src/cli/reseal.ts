import { ConfigError, loadConfig } from '../config.js';
import { collections } from '../db/collections.js';
import { resolveMongoTarget } from '../db/embedded.js';
import { connectMongo } from '../db/mongo.js';
import { createLogger } from '../logger.js';
import { SecretBox } from '../security/secrets.js';
import { ServerRepo } from '../servers/repo.js';

/**
 * `npm run reseal`: after a SECRETS_KEY rotation, re-seals every stored SFTP password still sealed with an
 * older key under the first (new) one; and binds every password sealed before passwords were bound to their
 * record (src/servers/sealing.ts). Run it once every machine runs with `new,old` (and this version); afterwards
 * `old` can be dropped. The bot never does this at start: a machine still on the old key alone (or an older
 * version) would stop reading them.
 * With MONGODB_URI unset it uses the running bot's embedded mongod, or starts one on MONGODB_DATA_DIR.
 */
try {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const target = await resolveMongoTarget(config, logger, 'npm run reseal');
  try {
    const { client, db } = await connectMongo(target.uri, logger, { attempts: 3 });
    try {
      const cols = collections(db);
      const repo = new ServerRepo(cols.gameServers, cols.pendingServers, new SecretBox(config.SECRETS_KEY));
      const resealed = await repo.resealOldKeys();
      const left = await repo.countToReseal();
      process.stdout.write(`Re-sealed ${resealed} stored credential${resealed === 1 ? '' : 's'} with the current SECRETS_KEY, bound to their servers.\n`);
      if (left) {
        process.stdout.write(`${left} could not be re-sealed (not readable with any key in SECRETS_KEY): their servers ask for the password again.\n`);
      } else if (config.SECRETS_KEY.length > 1) {
        process.stdout.write('Nothing is sealed with an older key any more: remove it from SECRETS_KEY on every machine.\n');
      }
    } finally {
      await client.close();
    }
  } finally {
    await target.release();
  }
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `Re-sealing failed: ${(err as Error).message}`);
  process.exit(1);
}
