/**
 * The legacy-profile migration in a process of its own, for the crash test: runs it against MONGO_URI and
 * SIGKILLs itself at the CRASH_AT point, `<step>:<n>`: the n-th `document` (a whole profile done),
 * `credited` (a profile's credits entered, its counters not yet), or ledger step `inserted` / `leg`
 * (inside a credit's writes). Prints `DONE <report json>` when it completes.
 */
import { MongoClient } from 'mongodb';
import { migrateLegacyProfiles } from '../../../src/db/migrations/003-legacy-profiles.js';
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
  const report = await migrateLegacyProfiles(client.db(), createLogger('silent'), { onStep: maybeDie, onLedgerStep: maybeDie });
  process.stdout.write(`DONE ${JSON.stringify(report)}\n`);
  await client.close();
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
