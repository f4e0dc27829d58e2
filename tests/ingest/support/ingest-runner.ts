/**
 * The real ingestion pipeline in a process of its own, for the crash test: SftpPool → IngestEngine →
 * MongoDB → discord.js REST → the Discord double. Config comes as JSON in INGEST_RUNNER_CONFIG.
 * With CRASH_AT_STEP=N the process SIGKILLs itself at the N-th step (a step is any database write of a
 * batch, or either side of a REST post), so kills land between any two writes. CRASH_ON=ingest|post counts
 * only batch writes or only the two sides of posts (posts far outnumber batch writes). Prints `DONE` when every
 * line is applied and every feed message is posted.
 */
import { REST } from 'discord.js';
import { MongoClient } from 'mongodb';
import { createLogger } from '../../../src/logger.js';
import { SftpPool } from '../../../src/sftp/index.js';
import { IngestEngine, type IngestTarget, type RestLike } from '../../../src/ingest/index.js';

export interface RunnerConfig {
  mongoUri: string;
  sftp: { host: string; port: number; username: string; password: string; root: string; hostKeyFingerprint: string };
  apiBase: string;
  token: string;
  target: IngestTarget;
  batchLines: number;
}

async function main(): Promise<void> {
  const cfg = JSON.parse(process.env.INGEST_RUNNER_CONFIG ?? '') as RunnerConfig;
  const crashAt = Number(process.env.CRASH_AT_STEP ?? 0);
  const crashOn = process.env.CRASH_ON ?? 'any';
  let steps = 0;
  const step = (name: string) => {
    if (crashOn !== 'any' && crashOn !== (name.endsWith('-post') ? 'post' : 'ingest')) return;
    // The kill facts' write (once per batch, skipped by its replays) is not a step here, so the crash
    // test's steps stay in the same order; tests/ingest/integration/killPostsCompact.test.ts crashes there.
    if (name === 'facts') return;
    steps++;
    if (crashAt > 0 && steps >= crashAt) {
      process.stdout.write(`CRASH ${steps} ${name}\n`);
      process.kill(process.pid, 'SIGKILL');
    }
  };
  const logger = createLogger(process.env.LOG_LEVEL ?? 'silent');
  const client = await new MongoClient(cfg.mongoUri).connect();
  const pool = new SftpPool({ allowPrivate: true, logger });
  pool.setServer({ serverId: cfg.target.poolKey, ...cfg.sftp });
  const real = new REST({ api: cfg.apiBase }).setToken(cfg.token);
  const rest: RestLike = {
    async post(route, options) {
      step('before-post');
      const r = await real.post(route, options);
      step('after-post');
      return r;
    },
    get: (route) => real.get(route),
    patch: (route, options) => real.patch(route, options),
  };
  const engine = new IngestEngine({
    db: client.db(),
    remote: pool,
    rest,
    logger,
    batchLines: cfg.batchLines,
    onStep: step,
    sender: { idleMs: 20 },
  });
  engine.setTarget({ ...cfg.target, pollSeconds: 3600 });
  await engine.start();
  for (;;) {
    const r = await engine.pollNow(cfg.target.serverId);
    if (!r.ok) throw new Error(r.error ?? 'poll failed');
    engine.sender.wake();
    const unsent = await engine.cols.outbox.countDocuments({ sentAt: null });
    if (r.linesRead === 0 && unsent === 0) break;
    if (r.linesRead === 0) await new Promise((res) => setTimeout(res, 20));
  }
  await engine.stop();
  await pool.close();
  await client.close();
  process.stdout.write(`DONE ${steps}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
