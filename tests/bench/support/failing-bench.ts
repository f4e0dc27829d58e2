/**
 * A bench that starts children (jongodb, a sleeping process that ignores SIGTERM) and then fails, hangs or
 * succeeds without stopping them, as BENCH_MODE says: for tests/bench/lifecycle.test.ts.
 */
import { spawn } from 'node:child_process';
import { startMongo } from '../../support/mongo.js';
import { runBench } from '../../../bench/lifecycle.js';

async function main(): Promise<void> {
  const mongo = await startMongo();
  const stubborn = spawn('sh', ['-c', 'trap "" TERM; while :; do sleep 1; done'], { stdio: 'ignore' });
  process.stdout.write(`${JSON.stringify({ pids: [stubborn.pid, ...(await import('../../support/procs.js')).descendantsOf(process.pid)] })}\n`);
  void mongo; // never stopped: the lifecycle must do it
  if (process.env.BENCH_MODE === 'fail') throw new Error('bench failed on purpose');
  if (process.env.BENCH_MODE === 'hang') await new Promise(() => undefined);
}

runBench('failing', main, { deadlineMs: Number(process.env.BENCH_DEADLINE ?? 60_000) });
