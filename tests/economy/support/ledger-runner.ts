/**
 * The credit ledger in a process of its own, for the crash test: applies the entries given in
 * LEDGER_RUNNER_CONFIG (JSON) one after another and SIGKILLs itself at the CRASH_AT_STEP-th step
 * (an insert, a leg on a balance, or a decision), so a kill lands between any two writes.
 */
import { MongoClient } from 'mongodb';
import { collections } from '../../../src/db/collections.js';
import { CreditLedger, type LedgerInput } from '../../../src/economy/ledger.js';

async function main(): Promise<void> {
  const cfg = JSON.parse(process.env.LEDGER_RUNNER_CONFIG ?? '') as { mongoUri: string; entries: LedgerInput[] };
  const crashAt = Number(process.env.CRASH_AT_STEP ?? 0);
  let steps = 0;
  const client = await new MongoClient(cfg.mongoUri).connect();
  const cols = collections(client.db());
  const ledger = new CreditLedger({ ledger: cols.creditLedger, balances: cols.creditBalances }, (name) => {
    steps++;
    if (crashAt > 0 && steps >= crashAt) {
      process.stdout.write(`CRASH ${steps} ${name}\n`);
      process.kill(process.pid, 'SIGKILL');
    }
  });
  for (const entry of cfg.entries) await ledger.apply(entry);
  process.stdout.write('DONE\n');
  await client.close();
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
