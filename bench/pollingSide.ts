/**
 * The polling side of thousands of servers, without a database, in a fresh child process (scale10k's
 * first part): the real SftpPool and one RemoteTree per server (what an idle poll does on the host: the
 * cheap check, and the listings owed), each server checked at its poll interval from a random first
 * moment, for `windowS` after a warm-up of one Free interval. What the bot adds to this per idle poll is
 * the scheduler's work and the MongoDB reads (the end-to-end part measures those).
 *
 * The child prints one JSON line: CPU, RSS, checks done against the schedule, check latency, event-loop
 * delay, and the pool's connections and handshakes.
 */
import { spawn } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pino from 'pino';
import { RemoteTree } from '../src/ingest/discovery.js';
import { SftpPool } from '../src/sftp/index.js';
import { summarize } from './stats.js';

export interface PollingTarget {
  id: string;
  host: string;
  port: number;
  username: string;
  password: string;
  root: string;
  fingerprint: string;
  /** Folder of the server under root (`srv-<n>`). */
  dir: string;
  pollSeconds: number;
}

export interface PollingResult {
  servers: number;
  cap: number;
  windowS: number;
  cpuPct: number;
  rssMax: number;
  heapMax: number;
  checks: number;
  scheduled: number;
  failed: number;
  checkP50: number;
  checkP99: number;
  loopP99Ms: number;
  loopMaxMs: number;
  open: number;
  handshakes: number;
  requests: number;
}

/** Runs the polling side in a child process and resolves with its figures. */
export function measurePollingSide(targets: PollingTarget[], opts: { cap: number; warmupS: number; windowS: number }): Promise<PollingResult> {
  const child = spawn(process.execPath, [...process.execArgv, new URL(import.meta.url).pathname, '--polling-child'], {
    env: { ...process.env, POLLING_OPTS: JSON.stringify(opts) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdin.end(JSON.stringify(targets));
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(line) as PollingResult);
      } catch {
        reject(new Error(`the polling-side process ended with ${code}: ${out.slice(-2000)}`));
      }
    });
  });
}

async function child(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  const targets = JSON.parse(input) as PollingTarget[];
  const opts = JSON.parse(process.env.POLLING_OPTS!) as { cap: number; warmupS: number; windowS: number };
  const pool = new SftpPool({ allowPrivate: true, logger: pino({ level: 'silent' }), globalMax: opts.cap });
  const trees = targets.map((t) => {
    pool.setServer({ serverId: t.id, host: t.host, port: t.port, username: t.username, password: t.password, root: t.root, hostKeyFingerprint: t.fingerprint });
    return new RemoteTree(pool, t.id, { deathlogs: `${t.dir}/actual1/deathlogs`, serverLog: `${t.dir}/Logs/Deadside.log` }, Date.now, () => t.pollSeconds * 1000);
  });
  let measuring = false;
  let stopping = false;
  const times: number[] = [];
  let checks = 0;
  let failed = 0;
  const timers = new Set<NodeJS.Timeout>();
  const loop = (i: number) => {
    const t = targets[i]!;
    const tick = async () => {
      if (stopping) return;
      const t0 = performance.now();
      try {
        await trees[i]!.files({ deadline: Date.now() + 5000 });
        if (measuring) times.push(performance.now() - t0);
      } catch {
        if (measuring) failed++;
      }
      if (measuring) checks++;
      const next = setTimeout(() => {
        timers.delete(next);
        void tick();
      }, Math.max(0, t.pollSeconds * 1000 - (performance.now() - t0)));
      timers.add(next);
    };
    const first = setTimeout(() => {
      timers.delete(first);
      void tick();
    }, Math.random() * t.pollSeconds * 1000);
    timers.add(first);
  };
  targets.forEach((_, i) => loop(i));
  await new Promise((r) => setTimeout(r, opts.warmupS * 1000));
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const opened0 = pool.globalStats().opened;
  const requests0 = pool.globalStats().requests;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  let rssMax = 0;
  let heapMax = 0;
  measuring = true;
  while (performance.now() - start < opts.windowS * 1000) {
    await new Promise((r) => setTimeout(r, 1000));
    const m = process.memoryUsage();
    rssMax = Math.max(rssMax, m.rss);
    heapMax = Math.max(heapMax, m.heapUsed);
  }
  measuring = false;
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  h.disable();
  const g = pool.globalStats();
  const s = summarize(times);
  const result: PollingResult = {
    servers: targets.length,
    cap: opts.cap,
    windowS: wallMs / 1000,
    cpuPct: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
    rssMax,
    heapMax,
    checks,
    scheduled: targets.reduce((n, t) => n + (wallMs / 1000) / t.pollSeconds, 0),
    failed,
    checkP50: s.p50,
    checkP99: s.p99,
    loopP99Ms: h.percentile(99) / 1e6,
    loopMaxMs: h.max / 1e6,
    open: g.open,
    handshakes: g.opened - opened0,
    requests: g.requests - requests0,
  };
  stopping = true;
  for (const t of timers) clearTimeout(t);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await Promise.race([pool.close(), new Promise((r) => setTimeout(r, 10_000))]);
  process.exit(0);
}

if (process.argv.includes('--polling-child')) {
  child().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
