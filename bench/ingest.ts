/**
 * Ingestion benchmark.
 *   1. Read-and-parse pipeline from a real sshd, without the database: the engine's reader (ranged SFTP
 *      reads of 4 MiB → complete lines) → parseKillfeedLine, over 250k and 1M lines, each measured in a
 *      fresh process: lines/s and peak RSS (equal peaks show memory does not grow with file size).
 *   2. MongoDB round trips per 1,000 lines ingested by the real engine (driver command monitoring),
 *      killfeed and Deadside.log separately; jongodb by default, MONGODB_TEST_URI for a real server.
 *      The Deadside.log is ../shared's reconstruction where present, else the generated one (tests/support/fixtures.ts).
 * Run: `npx tsx bench/ingest.ts` (needs root for sshd, like the SFTP bench). On a failure every child
 * (sshd, jongodb, measuring processes) is stopped and the bench exits non-zero (bench/lifecycle.ts).
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MongoClient } from 'mongodb';
import pino from 'pino';
import { parseKillfeedLine } from '../src/deadside/index.js';
import { SftpPool } from '../src/sftp/index.js';
import { IngestEngine } from '../src/ingest/index.js';
import { readLines } from '../src/ingest/remoteReader.js';
import { startSshd, LOG_FIXTURE, type Sshd } from '../tests/support/sshd.js';
import { startMongo, type TestMongo } from '../tests/support/mongo.js';
import { runBench } from './lifecycle.js';
import { generateLines } from './parse.js';

const logger = pino({ level: 'silent' });

/** Writes `count` lines in 50k-line pieces (run in a child process so the bench's RSS stays its own). */
async function generateFile(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  for (let done = 0, seed = 1; done < count; seed++) {
    const n = Math.min(50_000, count - done);
    const text = generateLines(n, seed);
    if (!out.write(text.endsWith('\n') ? text : `${text}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
    done += n;
  }
  await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())));
}

function generateInChild(file: string, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--generate', file, String(count)], { stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`generator exited with ${code}`))));
  });
}

/** One measurement, in this (fresh) process: read the whole file through the engine's reader and parse it. */
async function measure(file: string): Promise<void> {
  const cfg = JSON.parse(process.env.BENCH_SFTP ?? '') as { host: string; port: number; username: string; password: string; root: string; hostKeyFingerprint: string };
  const pool = new SftpPool({ allowPrivate: true, logger });
  pool.setServer({ serverId: 'bench', ...cfg });
  const run = async () => {
    let lines = 0;
    let kills = 0;
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 10);
    const t0 = performance.now();
    for await (const chunk of readLines(pool, 'bench', file, { offset: 0, line: 0 })) {
      for (const l of chunk.lines) {
        const r = parseKillfeedLine(l.text);
        if (r.ok && r.event.kind === 'kill') kills++;
      }
      lines += chunk.lines.length;
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    const ms = performance.now() - t0;
    clearInterval(sampler);
    return { lines, kills, ms, peakRss };
  };
  const startRss = process.memoryUsage().rss;
  await run(); // warm-up: connection, JIT, page cache
  const r = await run();
  await pool.close();
  process.stdout.write(`${JSON.stringify({ ...r, startRss })}\n`);
}

function measureInChild(file: string, sftp: object): Promise<{ lines: number; ms: number; peakRss: number; startRss: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--measure', file], {
      env: { ...process.env, BENCH_SFTP: JSON.stringify(sftp) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code, signal) => {
      if (code !== 0) return reject(new Error(`measurement exited with ${code ?? signal}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()!));
      } catch {
        reject(new Error(`measurement printed no result: ${out.slice(-500)}`));
      }
    });
  });
}

async function roundTrips(): Promise<{ killfeed: number; log: number; kfLines: number; logLines: number }> {
  // Inputs first: nothing is started yet if one is missing.
  const rows = generateLines(3000, 77).split('\n').filter(Boolean);
  const logText = await readFile(LOG_FIXTURE, 'utf8');
  let mongo: TestMongo | undefined;
  let client: MongoClient | undefined;
  let sshd: Sshd | undefined;
  const pool = new SftpPool({ allowPrivate: true, logger });
  try {
    mongo = await startMongo();
    const c = (client = await new MongoClient(mongo.uri, { monitorCommands: true }).connect());
    let commands = 0;
    c.on('commandStarted', () => commands++);
    const s = (sshd = await startSshd({
      tree: async (root) => {
        await mkdir(path.join(root, 'srv', 'actual1', 'deathlogs', 'world_0'), { recursive: true });
        await writeFile(path.join(root, 'srv', 'actual1', 'deathlogs', 'world_0', '2025.05.01-00.00.00.csv'), `${rows.join('\n')}\n`);
        await mkdir(path.join(root, 'srv', 'Logs'), { recursive: true });
      },
    }));
    pool.setServer({ serverId: 'rt', host: s.host, port: s.port, username: s.username, password: s.password, root: s.root, hostKeyFingerprint: s.hostKeyFingerprintSha256 });
    const engine = new IngestEngine({
      db: c.db(),
      remote: pool,
      rest: { get: async () => ({}), post: async () => undefined, patch: async () => undefined },
      logger,
    });
    engine.setTarget({
      guildId: 'g',
      serverId: 'rt',
      poolKey: 'rt',
      settings: { showSuicides: true, killfeedDelaySeconds: 0, maxFeedAgeSeconds: null },
      channels: { killfeed: '1', events: '2', connections: '3' },
      paths: { deathlogs: 'srv/actual1/deathlogs', serverLog: 'srv/Logs/Deadside.log' },
    });
    const before = commands;
    const r1 = await engine.pollNow('rt');
    const kf = commands - before;
    await writeFile(path.join(s.root, 'srv', 'Logs', 'Deadside.log'), logText);
    const before2 = commands;
    const r2 = await engine.pollNow('rt');
    const lg = commands - before2;
    if (!r1.ok || !r2.ok) throw new Error(r1.error ?? r2.error ?? 'poll failed');
    return { killfeed: kf, log: lg, kfLines: r1.linesRead, logLines: r2.linesRead };
  } finally {
    await pool.close().catch(() => undefined);
    await client?.close().catch(() => undefined);
    await Promise.all([sshd?.stop(), mongo?.stop()].map((p) => p?.catch(() => undefined)));
  }
}

const mib = (n: number) => `${(n / 1048576).toFixed(0)} MiB`;

export async function main(): Promise<void> {
  const sizes = (process.env.BENCH_INGEST_SIZES ?? '250000,1000000').split(',').map(Number);
  const sshd = await startSshd({ tree: async (root) => void (await mkdir(path.join(root, 'kf'), { recursive: true })) });
  try {
    const sftp = { host: sshd.host, port: sshd.port, username: sshd.username, password: sshd.password, root: sshd.root, hostKeyFingerprint: sshd.hostKeyFingerprintSha256 };
    console.log('read-and-parse pipeline from sshd (no database): ranged SFTP reads (4 MiB) → complete lines → parseKillfeedLine');
    for (const n of sizes) {
      const file = path.join(sshd.root, 'kf', `${n}.csv`);
      await generateInChild(file, n);
      const bytes = (await stat(file)).size;
      const r = await measureInChild(`kf/${n}.csv`, sftp);
      console.log(
        `  ${n.toLocaleString('en')} lines (${mib(bytes)}): ${Math.round(r.lines / (r.ms / 1000)).toLocaleString('en')} lines/s, ` +
          `${(bytes / 1048576 / (r.ms / 1000)).toFixed(0)} MiB/s, ${r.ms.toFixed(0)} ms; RSS at start ${mib(r.startRss)}, peak ${mib(r.peakRss)}`,
      );
    }
  } finally {
    await sshd.stop();
  }
  const rt = await roundTrips();
  console.log('MongoDB round trips (command monitoring, jongodb unless MONGODB_TEST_URI), target <= 10 per 1,000 lines:');
  console.log(`  killfeed: ${rt.killfeed} for ${rt.kfLines} lines = ${((rt.killfeed / rt.kfLines) * 1000).toFixed(1)} per 1,000 lines`);
  console.log(`  Deadside.log: ${rt.log} for ${rt.logLines} lines = ${((rt.log / rt.logLines) * 1000).toFixed(1)} per 1,000 lines`);
}


if (process.argv[2] === '--measure') {
  measure(process.argv[3]!).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
} else if (process.argv[2] === '--generate') {
  generateFile(process.argv[3]!, Number(process.argv[4])).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
} else if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runBench('ingest', main);
}
