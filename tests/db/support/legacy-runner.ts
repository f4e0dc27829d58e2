/**
 * Migrations 004 and 005 in a process of their own, for the crash tests: run against MONGO_URI with
 * SECRETS_KEY, SIGKILLing itself at CRASH_AT, `<step>:<n>`: the n-th `sealed` (a password sealed),
 * `server` (a game server inserted), `document` (a guild document done), `copied` (an error record copied,
 * its original not yet removed) or `errdoc` (an error record done). Prints `DONE` when both complete.
 */
import { MongoClient } from 'mongodb';
import { migrateLegacyGuildSettings } from '../../../src/db/migrations/004-legacy-guild-settings.js';
import { migrateLegacyErrors } from '../../../src/db/migrations/005-legacy-errors.js';
import { createLogger } from '../../../src/logger.js';

async function main(): Promise<void> {
  const [step, n] = (process.env.CRASH_AT ?? '').split(':');
  const at = Number(n ?? 0);
  let seen = 0;
  const maybeDie = (name: string) => {
    if (name !== step || ++seen < at) return;
    process.stdout.write(`CRASH ${name} ${seen}\n`);
    process.kill(process.pid, 'SIGKILL');
  };
  const client = await new MongoClient(process.env.MONGO_URI ?? '').connect();
  const logger = createLogger('silent');
  await migrateLegacyGuildSettings(client.db(), logger, { onStep: maybeDie });
  await migrateLegacyErrors(client.db(), logger, { onStep: (s) => maybeDie(s === 'document' ? 'errdoc' : s) });
  process.stdout.write('DONE\n');
  await client.close();
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
