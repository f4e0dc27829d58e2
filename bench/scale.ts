/**
 * 1,000 game servers on one 2-core machine (`npm run bench -- scale`; needs root for sshd).
 *
 * The real bot (src/main.ts, against the Discord double, its MONGODB_URI through a wire counter) polls
 * SCALE_SERVERS game servers, each its own login and folder tree (so the pool cannot share a connection
 * between two), served by SCALE_SSHD OpenSSH instances with MaxStartups raised. Every server polls at the
 * Free floor (TIERS.free.minPollSeconds) — 40 Enterprise guilds of 25 servers, each server's pollSeconds
 * set to the Free floor — while 5 % of them (SCALE_GROWING) get killfeed lines at random moments.
 * After a warm-up (a first full round of polls) it measures for SCALE_SECONDS (default 180):
 *   - the bot's CPU % of one core (utime+stime of the node process running src/main.ts) and RSS;
 *   - open SSH connections (ESTABLISHED to the sshd ports) and handshakes per minute (sshd "Accepted");
 *   - schedule lag p50/p99/max and polls from the bot's /metrics (n/a where the bot has no such metric);
 *   - MongoDB round trips per idle poll (client→server wire messages, heartbeats apart);
 *   - kill-to-post p50/p99 of the growing servers (append → POST at the double).
 * Before the bot starts, in a fresh child process: the client-side cost of one new connection (TCP + SSH
 * handshake + login + SFTP channel, then close: CPU ms and wall ms, SCALE_HANDSHAKES of them) and of
 * keeping connections open (RSS per idle open connection, CPU of their keepalives), with the sshd side's
 * CPU per handshake and memory per open connection beside it: the numbers behind "keep idle connections
 * open or reconnect".
 *
 * Env: SCALE_SERVERS (1000), SCALE_SSHD (4), SCALE_SECONDS (180), SCALE_GROWING (0.05), SCALE_HANDSHAKES
 * (200), SCALE_IDLE_SECONDS (30), SCALE_PARTS (`cost,bot`: which parts run), SFTP_MAX_CONNECTIONS (passed
 * to the bot; unset = the bot's default), MONGODB_TEST_URI (a real MongoDB instead of jongodb).
 * Targets: bot CPU < GOAL_CPU % of one core, schedule lag p99 < GOAL_LAG_P99_S (a figure the bot does not
 * report is n/a, not judged). Exits non-zero when one is MISSED and on a real failure (the bot died,
 * nothing was polled, no kill was posted at all): bench/targets.ts.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { runInNewContext } from 'node:vm';
import v8 from 'node:v8';
import type { Collection, CollectionOptions, Db, Document } from 'mongodb';
import { TIERS } from '../src/premium/tiers.js';
import { SftpConnection, type SftpServerConfig } from '../src/sftp/connection.js';
import { startBotProcess, type BotProcess } from '../tests/support/bot.js';
import { DiscordDouble } from '../tests/support/discord-double/index.js';
import { startMongo, type TestMongo } from '../tests/support/mongo.js';
import { HEARTBEAT_COMMANDS, startMongoWireCounter, type MongoWireCounter } from '../tests/support/mongoWire.js';
import { establishedTo, freePort, startSshd, type Sshd } from '../tests/support/sshd.js';
import { Fleet } from './fleet.js';
import { runBench } from './lifecycle.js';
import { summarize } from './stats.js';
import { Targets } from './targets.js';

const int = (name: string, dflt: number): number => {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number`);
  return n;
};

const SERVERS = Math.max(1, Math.floor(int('SCALE_SERVERS', 1000)));
const SSHD_COUNT = Math.max(1, Math.floor(int('SCALE_SSHD', 4)));
const WINDOW_S = int('SCALE_SECONDS', 180);
const GROWING = int('SCALE_GROWING', 0.05);
const HANDSHAKES = Math.floor(int('SCALE_HANDSHAKES', 200));
const IDLE_S = int('SCALE_IDLE_SECONDS', 30);
const PARTS = new Set((process.env.SCALE_PARTS ?? 'cost,bot').split(',').map((s) => s.trim()));
const MAX_CONNECTIONS = process.env.SFTP_MAX_CONNECTIONS || undefined;
const INTERVAL_S = TIERS.free.minPollSeconds;
const GOAL_CPU = 50; // % of one core
const GOAL_LAG_P99_S = 5;
const SSHD_CONFIG = ['MaxStartups 1000:30:2000', 'MaxSessions 10', 'LoginGraceTime 60'];

// ---------------------------------------------------------------- /proc

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();
const PAGE = 4096;

interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  /** utime + stime, ms. */
  cpuMs: number;
  /** cutime + cstime (children already reaped), ms. */
  childCpuMs: number;
  rss: number;
}

function parseStat(pid: number, text: string): ProcStat {
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const f = text.slice(close + 2).split(' ');
  // fields after comm: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14) … rss(21)
  const t = (i: number) => (Number(f[i]) * 1000) / CLK_TCK;
  return { pid, ppid: Number(f[1]), comm, cpuMs: t(11) + t(12), childCpuMs: t(13) + t(14), rss: Number(f[21]) * PAGE };
}

function statOf(pid: number): ProcStat | undefined {
  try {
    return parseStat(pid, readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Every process, one pass over /proc. */
function allStats(): Map<number, ProcStat> {
  const out = new Map<number, ProcStat>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = statOf(Number(name));
    if (s) out.set(s.pid, s);
  }
  return out;
}

function treeOf(root: number, stats: Map<number, ProcStat>): ProcStat[] {
  const kids = new Map<number, ProcStat[]>();
  for (const s of stats.values()) {
    const list = kids.get(s.ppid);
    if (list) list.push(s);
    else kids.set(s.ppid, [s]);
  }
  const out: ProcStat[] = [];
  const first = stats.get(root);
  if (!first) return out;
  const queue = [first];
  while (queue.length) {
    const p = queue.shift()!;
    out.push(p);
    queue.push(...(kids.get(p.pid) ?? []));
  }
  return out;
}

/**
 * A single-threaded process's own CPU time, exact (/proc/<pid>/schedstat: ns on the CPU). utime+stime are
 * whole clock ticks: an sshd session process that runs a few ms in all shows 0 before and after a window,
 * so a sum of tick deltas over a thousand of them reads 0 % however busy they are together.
 */
function runMs(p: ProcStat): number {
  try {
    return Number(readFileSync(`/proc/${p.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return p.cpuMs;
  }
}

/**
 * CPU of a tree of single-threaded processes (sshd) so far: live processes' own time (exact) plus what
 * they reaped (cutime+cstime: the dead children's whole time, so each ms is counted once).
 */
const treeCpuMs = (tree: ProcStat[]) => tree.reduce((n, p) => n + runMs(p) + p.childCpuMs, 0);

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

function vmRss(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function pss(pid: number): number {
  try {
    const m = /Pss:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function limitsOf(pid: number | 'self'): Record<string, string> {
  const out: Record<string, string> = {};
  try {
    for (const line of readFileSync(`/proc/${pid}/limits`, 'utf8').split('\n').slice(1)) {
      const m = /^(.+?)\s{2,}(\S+)\s+(\S+)/.exec(line);
      if (m) out[m[1]!.trim()] = `${m[2]}/${m[3]}`;
    }
  } catch {
    /* gone */
  }
  return out;
}

const readNum = (file: string): number => {
  try {
    return Number(readFileSync(file, 'utf8').trim().split(/\s+/)[0]);
  } catch {
    return NaN;
  }
};

const memAvailable = (): number => {
  const m = /MemAvailable:\s+(\d+) kB/.exec(readFileSync('/proc/meminfo', 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
};

// ---------------------------------------------------------------- formatting

const MiB = 1024 * 1024;
const mib = (n: number) => (Number.isFinite(n) ? `${(n / MiB).toFixed(1)} MiB` : 'n/a');
const kib = (n: number) => (Number.isFinite(n) ? `${(n / 1024).toFixed(0)} KiB` : 'n/a');
const num = (n: number | undefined, digits = 1) => (n === undefined || !Number.isFinite(n) ? 'n/a' : n.toFixed(digits));
const sec = (ms: number | undefined) => (ms === undefined || !Number.isFinite(ms) ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);

function table(rows: [string, string, string?][]): void {
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  for (const [a, b, c] of rows) console.log(`  ${a.padEnd(w0)}  ${b.padStart(w1)}${c ? `   ${c}` : ''}`);
}

// ---------------------------------------------------------------- machine limits

/**
 * What 1,000 connections need: the bot holds one socket each (plus MongoDB, the gateway); OpenSSH 9.2 runs
 * three processes per open SFTP connection (the privileged monitor, the user's session, internal-sftp;
 * a fourth, the pre-auth child, during the handshake), ~2 MiB of PSS together. Raises this process's
 * RLIMIT_NOFILE where it can (inherited by the sshd listeners, jongodb and the bot: all are its children)
 * and reports the rest.
 */
function checkLimits(): string[] {
  const notes: string[] = [];
  // Sockets at once: the bot's SSH connections, the cost process's, the bench's proxies; sshd's children
  // have descriptor tables of their own.
  const needFiles = SERVERS + 1000;
  const [soft, hard] = (limitsOf('self')['Max open files'] ?? '0/0').split('/').map((v) => (v === 'unlimited' ? Infinity : Number(v))) as [number, number];
  let files = `${soft}/${hard}`;
  const want = Math.max(needFiles, 65_536);
  for (const target of [`${want}:${want}`, `${hard}:${hard}`]) {
    if (soft >= Math.min(want, hard) && target !== `${want}:${want}`) break;
    try {
      execFileSync('prlimit', ['--pid', String(process.pid), `--nofile=${target}`], { stdio: 'pipe' });
      files = `${files} -> ${limitsOf('self')['Max open files']}`;
      break;
    } catch {
      /* the hard limit needs CAP_SYS_RESOURCE: try the soft one up to the hard one */
    }
  }
  const now = Number((limitsOf('self')['Max open files'] ?? '0').split('/')[0]);
  notes.push(
    `RLIMIT_NOFILE (inherited by sshd, jongodb and the bot: all are the bench's children): ${files}; ~${needFiles} needed` +
      (now < needFiles ? '  WARNING: too low (raising the hard limit needs CAP_SYS_RESOURCE)' : ''),
  );
  const procs = readdirSync('/proc').filter((n) => /^\d+$/.test(n)).length;
  const needProcs = 3 * SERVERS + SSHD_COUNT + 50; // sshd: monitor, session, sftp per connection
  const pidMax = readNum('/proc/sys/kernel/pid_max');
  const threadsMax = readNum('/proc/sys/kernel/threads-max');
  const nproc = limitsOf('self')['Max processes'];
  notes.push(`processes: ${procs} now, ~${needProcs} more for ${SERVERS} sshd connections; pid_max ${pidMax}, threads-max ${threadsMax}, RLIMIT_NPROC ${nproc}`);
  if (needProcs + procs > pidMax * 0.9) {
    try {
      writeFileSync('/proc/sys/kernel/pid_max', String(4 * (needProcs + procs)));
      notes.push(`raised kernel.pid_max to ${readNum('/proc/sys/kernel/pid_max')}`);
    } catch {
      notes.push('WARNING: pid_max is too low and could not be raised');
    }
  }
  notes.push(
    `memory available ${mib(memAvailable())}; net.core.somaxconn ${readNum('/proc/sys/net/core/somaxconn')}; ` +
      `ephemeral ports ${readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().replace(/\s+/, '-')}; ` +
      `sshd: ${SSHD_CONFIG.join(', ')} (sshd's listen backlog is 128)`,
  );
  return notes;
}

// ---------------------------------------------------------------- sshd instances

interface SshdInfo {
  sshd: Sshd;
  /** The listener's pid (found by its config path). */
  pid: number;
}

function listenerPid(sshd: Sshd): number {
  const cfg = path.join(path.dirname(sshd.root), 'sshd_config');
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const cmd = cmdline(Number(name));
    if (cmd.includes('-D') && cmd.includes(cfg)) return Number(name);
  }
  throw new Error(`sshd listener for ${cfg} not found`);
}

function sshdSide(infos: SshdInfo[]): { cpuMs: number; processes: number; pss: number } {
  const stats = allStats();
  let cpuMs = 0;
  let processes = 0;
  let mem = 0;
  for (const i of infos) {
    const tree = treeOf(i.pid, stats);
    cpuMs += treeCpuMs(tree);
    processes += tree.length;
    for (const p of tree) mem += pss(p.pid);
  }
  return { cpuMs, processes, pss: mem };
}

const sshdCpuMs = (infos: SshdInfo[]) => {
  const stats = allStats();
  return infos.reduce((n, i) => n + treeCpuMs(treeOf(i.pid, stats)), 0);
};

// ---------------------------------------------------------------- connection cost (child process)

interface CostTarget extends SftpServerConfig {
  hostKeyFingerprint: string;
}

type CostLine =
  | { phase: 'handshake'; n: number; warmup: number; cpuMs: number; userMs: number; systemMs: number; wallMs: number; openWallMs: number; rssAfter: number }
  | { phase: 'open'; n: number; failed: number; openMs: number; rssBefore: number; rssAfter: number; heapBefore: number; heapAfter: number }
  | { phase: 'idle'; seconds: number; cpuMs: number; alive: number; rss: number };

/**
 * In a fresh process: HANDSHAKES sequential open+close against the first target, then every target opened
 * at once (held idle for IDLE_S, RSS before/after), one JSON line per phase on stdout.
 */
async function costChild(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  const targets = JSON.parse(input) as CostTarget[];
  const handshakes = Number(process.env.BENCH_SCALE_HANDSHAKES ?? 200);
  const idleS = Number(process.env.BENCH_SCALE_IDLE ?? 30);
  v8.setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const say = (line: CostLine) => process.stdout.write(`${JSON.stringify(line)}\n`);
  const settle = async () => {
    gc();
    await new Promise((r) => setTimeout(r, 300));
    gc();
  };
  const first = targets[0]!;
  const open = (t: CostTarget) => SftpConnection.open(t, { connectTimeoutMs: 60_000, opTimeoutMs: 60_000 });

  // 1. One connection after another: what a reconnecting poll pays before its first request.
  const warmup = Math.min(20, handshakes);
  for (let i = 0; i < warmup; i++) await (await open(first)).close();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let openWallMs = 0;
  for (let i = 0; i < handshakes; i++) {
    const s = performance.now();
    const conn = await open(first);
    openWallMs += performance.now() - s;
    await conn.close();
  }
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  await settle();
  say({ phase: 'handshake', n: handshakes, warmup, cpuMs: (c.user + c.system) / 1000, userMs: c.user / 1000, systemMs: c.system / 1000, wallMs, openWallMs, rssAfter: process.memoryUsage().rss });
  // The parent reads sshd's CPU now: nothing of ours may start or end a session meanwhile.
  await new Promise((r) => setTimeout(r, 3000));

  // 2. Every target open at once, idle: RSS per connection and the keepalives' CPU.
  await settle();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  const conns: SftpConnection[] = [];
  let failed = 0;
  const t1 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < targets.length) {
        const t = targets[next++]!;
        try {
          conns.push(await open(t));
        } catch {
          failed++;
        }
      }
    }),
  );
  const openMs = performance.now() - t1;
  await settle();
  say({ phase: 'open', n: conns.length, failed, openMs, rssBefore, rssAfter: process.memoryUsage().rss, heapBefore, heapAfter: process.memoryUsage().heapUsed });
  const c1 = process.cpuUsage();
  await new Promise((r) => setTimeout(r, idleS * 1000));
  const ci = process.cpuUsage(c1);
  say({ phase: 'idle', seconds: idleS, cpuMs: (ci.user + ci.system) / 1000, alive: conns.filter((x) => x.alive).length, rss: process.memoryUsage().rss });
  await new Promise((r) => setTimeout(r, 3000));
  await Promise.all(conns.map((x) => x.close().catch(() => undefined)));
}

interface CostResult {
  handshake?: Extract<CostLine, { phase: 'handshake' }>;
  open?: Extract<CostLine, { phase: 'open' }>;
  idle?: Extract<CostLine, { phase: 'idle' }>;
  sshdCpuPerHandshakeMs?: number;
  sshdPssPerConn?: number;
  sshdProcsPerConn?: number;
  sshdIdleCpuMs?: number;
}

async function measureCost(infos: SshdInfo[], targets: CostTarget[]): Promise<CostResult> {
  const result: CostResult = {};
  const base = sshdSide(infos);
  let mark = { cpuMs: sshdCpuMs(infos), at: 0 };
  const child = spawn(process.execPath, [...process.execArgv, new URL(import.meta.url).pathname, '--cost-child'], {
    env: { ...process.env, BENCH_SCALE_HANDSHAKES: String(HANDSHAKES), BENCH_SCALE_IDLE: String(IDLE_S) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  // The targets go over stdin: 1,000 of them are above the kernel's limit for one environment string.
  child.stdin.end(JSON.stringify(targets));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  for await (const text of createInterface({ input: child.stdout })) {
    let line: CostLine;
    try {
      line = JSON.parse(text) as CostLine;
    } catch {
      continue;
    }
    if (line.phase === 'handshake') {
      result.handshake = line;
      // Closed sessions are reaped by the listener: their CPU is in its cutime now (give it a moment).
      await new Promise((r) => setTimeout(r, 1000));
      const cpu = sshdCpuMs(infos);
      result.sshdCpuPerHandshakeMs = (cpu - mark.cpuMs) / (line.n + line.warmup);
    } else if (line.phase === 'open') {
      result.open = line;
      const side = sshdSide(infos);
      result.sshdPssPerConn = (side.pss - base.pss) / Math.max(1, line.n);
      result.sshdProcsPerConn = (side.processes - base.processes) / Math.max(1, line.n);
      mark = { cpuMs: side.cpuMs, at: performance.now() };
    } else if (line.phase === 'idle') {
      result.idle = line;
      result.sshdIdleCpuMs = sshdCpuMs(infos) - mark.cpuMs;
    }
  }
  const code = await exited;
  if (code !== 0) console.log(`  (connection-cost process ended with ${code})`);
  return result;
}

function printCost(r: CostResult, servers: number): void {
  const h = r.handshake;
  const o = r.open;
  const i = r.idle;
  console.log('\nconnection cost (fresh process, SftpConnection.open: TCP + SSH handshake + password login + SFTP channel, then close):');
  const rows: [string, string, string?][] = [];
  if (h) {
    rows.push([`client CPU per connection (${h.n} sequential)`, `${num(h.cpuMs / h.n, 2)} ms`, `user ${num(h.userMs / h.n, 2)} + system ${num(h.systemMs / h.n, 2)}`]);
    rows.push(['wall time per connection (loopback, open + close)', `${num(h.wallMs / h.n, 2)} ms`, `open ${num(h.openWallMs / h.n, 2)} ms`]);
    rows.push(['sshd CPU per connection (all its processes)', `${num(r.sshdCpuPerHandshakeMs, 2)} ms`]);
  }
  if (o) {
    const per = (o.rssAfter - o.rssBefore) / Math.max(1, o.n);
    rows.push([`client RSS per idle open connection (${o.n} open${o.failed ? `, ${o.failed} failed` : ''})`, kib(per), `heap ${kib((o.heapAfter - o.heapBefore) / Math.max(1, o.n))}; ${mib(o.rssBefore)} -> ${mib(o.rssAfter)}`]);
    rows.push([`opening ${o.n} (8 at a time)`, sec(o.openMs)]);
    rows.push(['sshd memory per open connection (PSS)', kib(r.sshdPssPerConn ?? NaN), `${num(r.sshdProcsPerConn, 1)} processes each`]);
  }
  if (i && o) {
    rows.push([`client CPU of ${i.alive} idle connections (keepalive 15 s)`, `${num((i.cpuMs / (i.seconds * 1000)) * 100, 2)} %`, `of one core over ${i.seconds} s`]);
    rows.push(['sshd CPU of those idle connections', `${num(((r.sshdIdleCpuMs ?? NaN) / (i.seconds * 1000)) * 100, 2)} %`]);
  }
  table(rows);
  if (h && o) {
    const handshakeMs = h.cpuMs / h.n;
    const pollsPerS = servers / INTERVAL_S;
    const reconnectCpu = (handshakeMs * pollsPerS) / 10; // % of one core
    const idleCpu = i ? (i.cpuMs / (i.seconds * 1000)) * 100 * (servers / Math.max(1, i.alive)) : NaN;
    const rssAll = ((o.rssAfter - o.rssBefore) / Math.max(1, o.n)) * servers;
    console.log(
      `  => ${servers} servers every ${INTERVAL_S} s: reconnecting for every poll costs ~${num(reconnectCpu, 1)} % of a core in handshakes alone ` +
        `(${num(pollsPerS, 1)}/s × ${num(handshakeMs, 2)} ms) plus ${num((r.sshdCpuPerHandshakeMs ?? NaN) * pollsPerS / 10, 1)} % on the hosts' side; ` +
        `keeping them open costs ~${mib(rssAll)} of RSS and ~${num(idleCpu, 2)} % of a core in keepalives.`,
    );
  }
}

// ---------------------------------------------------------------- bot /metrics

type Metrics = Map<string, number>;

async function scrape(port: number): Promise<Metrics | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) return undefined;
    const out: Metrics = new Map();
    for (const line of (await res.text()).split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
      if (!m) continue;
      const v = Number(m[3]);
      if (Number.isFinite(v)) out.set(m[1]!, (out.get(m[1]!) ?? 0) + v); // labelled series summed
    }
    return out;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- the bot's node process

/** startBotProcess may spawn a wrapper: the node process actually running src/main.ts, deepest first. */
function botNodePid(bot: BotProcess): number {
  const root = bot.proc.pid!;
  const tree = treeOf(root, allStats());
  const runners = tree.filter((p) => /node/.test(p.comm) && /src\/main\.ts|dist\/main\.js/.test(cmdline(p.pid)));
  return (runners.at(-1) ?? tree[0])?.pid ?? root;
}


// ---------------------------------------------------------------- the fleet over several sshd instances

/**
 * Fleet seeds every server on one sshd. All our sshd instances run on this machine as the same user and
 * internal-sftp is not chrooted, so every instance can serve every tree: the trees stay in the first
 * instance's root and each server's stored port and pinned host key are switched, at insert, to instance
 * `index % n`. (A Fleet option taking several hosts would make this wrapper unnecessary.)
 */
function spreadOverHosts(db: Db, hosts: readonly Sshd[]): Db {
  const rehost = (doc: Document): Document => {
    const index = Number(/(\d+)$/.exec(String(doc._id))?.[1] ?? NaN);
    if (!Number.isFinite(index)) throw new Error(`cannot place game server ${String(doc._id)} on an sshd`);
    const h = hosts[index % hosts.length]!;
    return { ...doc, host: h.host, port: h.port, hostKeyFingerprint: h.hostKeyFingerprintSha256 };
  };
  const bind = <T extends object>(target: T, prop: string | symbol): unknown => {
    const v = Reflect.get(target, prop, target) as unknown;
    return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
  };
  return new Proxy(db, {
    get(target, prop) {
      if (prop !== 'collection') return bind(target, prop);
      return (name: string, options?: CollectionOptions) => {
        const col = target.collection(name, options);
        if (name !== 'game_servers') return col;
        return new Proxy(col, {
          get(c: Collection, p) {
            if (p === 'insertMany') return (docs: Document[], ...rest: unknown[]) => (c.insertMany as (...a: unknown[]) => unknown)(docs.map(rehost), ...rest);
            if (p === 'insertOne') return (doc: Document, ...rest: unknown[]) => (c.insertOne as (...a: unknown[]) => unknown)(rehost(doc), ...rest);
            return bind(c, p);
          },
        });
      };
    },
  });
}

// ---------------------------------------------------------------- the bot run

const APP = '1800000000000000001';
const BOT_USER = '1800000000000000002';

/** Busy and total jiffies of the whole machine (/proc/stat). */
function machineCpu(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

function findPid(pattern: RegExp, under = process.pid): number | undefined {
  return treeOf(under, allStats()).find((p) => p.pid !== under && pattern.test(cmdline(p.pid)))?.pid;
}

interface Sample {
  at: number;
  rss: number;
  conns: number;
  lagP99?: number;
}

interface KillTiming {
  key: string;
  server: number;
  at: number;
  postedAt?: number;
}

async function botRun(infos: SshdInfo[], cost: CostResult): Promise<boolean> {
  const sshds = infos.map((i) => i.sshd);
  const ports = sshds.map((s) => s.port);
  const verdict = new Targets();
  let mongo: TestMongo | undefined;
  let wire: MongoWireCounter | undefined;
  let double: DiscordDouble | undefined;
  let bot: BotProcess | undefined;
  try {
    mongo = await startMongo();
    wire = await startMongoWireCounter(mongo.uri);
    let t = performance.now();
    const fleet = await Fleet.create({
      db: spreadOverHosts(mongo.db, sshds),
      sshd: sshds[0]!,
      groups: [{ tier: 'enterprise', servers: SERVERS, pollSeconds: INTERVAL_S }],
      idBase: 1_800_000_000_000_000_000n,
      // Idle servers: no history to read at the first poll (jongodb stays small: ../shared/spec/testing.md).
      history: { kills: 0, logLines: 0 },
    });
    console.log(`\nfleet: ${fleet.servers.length} servers in ${fleet.guilds.length} Enterprise guilds, polled every ${INTERVAL_S} s (the Free floor), on ${sshds.length} sshd (ports ${ports.join(', ')}); seeded in ${sec(performance.now() - t)}`);
    double = await DiscordDouble.start({ applicationId: APP, botUserId: BOT_USER, token: 'scale-bench-token', guilds: fleet.guildDefs(), defaultTimeoutMs: 30_000 });
    const healthPort = await freePort();
    t = performance.now();
    bot = await startBotProcess({
      apiBase: double.apiBase,
      token: double.token,
      applicationId: APP,
      mongoUri: wire.uri,
      waitReady: false,
      env: { ALLOW_PRIVATE_SFTP_HOSTS: 'true', HEALTH_PORT: String(healthPort), ...(MAX_CONNECTIONS ? { SFTP_MAX_CONNECTIONS: MAX_CONNECTIONS } : {}) },
    });
    await bot.waitForLog((l) => l.msg === 'bot ready', 10 * 60_000);
    const botPid = botNodePid(bot);
    const readyMs = performance.now() - t;
    console.log(`bot ready in ${sec(readyMs)} (pid ${botPid}, RLIMIT_NOFILE ${limitsOf(botPid)['Max open files'] ?? '?'}); SFTP_MAX_CONNECTIONS=${MAX_CONNECTIONS ?? '(default)'}`);
    const jongodbPid = process.env.MONGODB_TEST_URI ? undefined : findPid(/jongodb/);
    const botAlive = () => bot!.proc.exitCode === null && bot!.proc.signalCode === null;
    const accepted = () => sshds.reduce((n, s) => n + s.acceptedCount(), 0);

    // Warm-up: a first full round of polls (every server polled once), at least one interval.
    t = performance.now();
    const warmStart = accepted();
    let m0 = await scrape(healthPort);
    const hasPolls = m0?.has('tower_ingest_polls_total') ?? false;
    for (;;) {
      await new Promise((r) => setTimeout(r, 5000));
      if (!botAlive()) throw new Error(`the bot died during the warm-up:\n${bot.output().slice(-3000)}`);
      m0 = await scrape(healthPort);
      const elapsed = (performance.now() - t) / 1000;
      const polls = m0?.get('tower_ingest_polls_total');
      const round = hasPolls ? (polls ?? 0) >= SERVERS : accepted() - warmStart >= SERVERS;
      if ((round && elapsed >= INTERVAL_S * 1.1) || elapsed > INTERVAL_S * 5) {
        console.log(
          `warm-up: ${num(elapsed, 0)} s, ${hasPolls ? `${polls} polls` : 'no poll metric'}, ${accepted() - warmStart} SSH logins` +
            (round ? '' : '  (first round NOT complete: measuring anyway)'),
        );
        break;
      }
    }

    // The window.
    const growing: number[] = [];
    const nGrowing = Math.min(SERVERS, Math.ceil(SERVERS * GROWING));
    for (let k = 0; k < nGrowing; k++) growing.push(Math.floor((k * SERVERS) / nGrowing));
    const killsEach = Math.max(1, Math.round(WINDOW_S / INTERVAL_S));
    const kills: KillTiming[] = [];
    const byKey = new Map<string, KillTiming>();
    const timers: NodeJS.Timeout[] = [];
    const appendErrors: string[] = [];
    let seen = 0;
    const matchPosts = () => {
      const reqs = double!.requests;
      for (; seen < reqs.length; seen++) {
        const r = reqs[seen]!;
        for (const key of fleet.matchPost(r)) {
          const k = byKey.get(key);
          if (k && k.postedAt === undefined) k.postedAt = r.at;
        }
      }
    };

    const wall0 = performance.now();
    const cpu0 = statOf(botPid)!.cpuMs;
    const sshdCpu0 = sshdCpuMs(infos);
    const jongodbCpu0 = jongodbPid ? statOf(jongodbPid)?.cpuMs ?? NaN : NaN;
    const bench0 = process.cpuUsage();
    const machine0 = machineCpu();
    const accepted0 = accepted();
    const metrics0 = await scrape(healthPort);
    wire.reset();
    for (const n of growing) {
      for (let j = 0; j < killsEach; j++) {
        timers.push(
          setTimeout(() => {
            fleet.appendKill(n).then(
              (line) => {
                const k = { key: line.key, server: n, at: line.at };
                kills.push(k);
                byKey.set(k.key, k);
              },
              (err: unknown) => appendErrors.push(String(err)),
            );
          }, Math.random() * WINDOW_S * 1000),
        );
      }
    }
    const samples: Sample[] = [];
    const windowEnd = wall0 + WINDOW_S * 1000;
    while (performance.now() < windowEnd) {
      await new Promise((r) => setTimeout(r, Math.min(5000, Math.max(0, windowEnd - performance.now()))));
      if (!botAlive()) break;
      const m = await scrape(healthPort);
      samples.push({ at: performance.now(), rss: vmRss(botPid), conns: establishedTo(...ports), ...(m?.has('tower_ingest_schedule_lag_p99_seconds') ? { lagP99: m.get('tower_ingest_schedule_lag_p99_seconds')! } : {}) });
      matchPosts();
    }
    const wallMs = performance.now() - wall0;
    const died = !botAlive();
    const cpu1 = statOf(botPid)?.cpuMs ?? NaN;
    const sshdCpu1 = sshdCpuMs(infos);
    const jongodbCpu1 = jongodbPid ? statOf(jongodbPid)?.cpuMs ?? NaN : NaN;
    const benchCpu = process.cpuUsage(bench0);
    const machine1 = machineCpu();
    const accepted1 = accepted();
    const metrics1 = died ? undefined : await scrape(healthPort);
    const wireTotal = wire.total();
    const wireByCommand = wire.byCommand();
    const heartbeats = HEARTBEAT_COMMANDS.reduce((n, c) => n + (wireByCommand[c] ?? 0), 0);
    const roundTrips = wire.totalExcludingHeartbeats();
    const endRss = died ? NaN : vmRss(botPid);
    const endConns = establishedTo(...ports);

    // Kills appended near the end get up to two intervals (+30 s) to be posted.
    for (const tm of timers) clearTimeout(tm);
    const drainUntil = performance.now() + (2 * INTERVAL_S + 30) * 1000;
    while (!died && botAlive() && performance.now() < drainUntil && kills.some((k) => k.postedAt === undefined)) {
      await new Promise((r) => setTimeout(r, 500));
      matchPosts();
    }
    matchPosts();

    // ---- report
    const delta = (name: string) => (metrics0?.has(name) && metrics1?.has(name) ? metrics1.get(name)! - metrics0.get(name)! : undefined);
    const gauge = (name: string) => metrics1?.get(name);
    const windowS = wallMs / 1000;
    const cpuPct = ((cpu1 - cpu0) / wallMs) * 100;
    const polls = delta('tower_ingest_polls_total');
    const idlePolls = delta('tower_ingest_idle_polls_total');
    const estimatedPolls = (SERVERS * windowS) / INTERVAL_S;
    const handshakesPerMin = ((accepted1 - accepted0) / windowS) * 60;
    const lagP99 = gauge('tower_ingest_schedule_lag_p99_seconds');
    const sampledLag = samples.filter((x) => x.lagP99 !== undefined).map((x) => x.lagP99!);
    const posted = kills.filter((k) => k.postedAt !== undefined);
    const k2p = summarize(posted.map((k) => k.postedAt! - k.at));
    const perIdle = roundTrips / (idlePolls ?? estimatedPolls);
    const connSamples = samples.map((x) => x.conns);
    const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
    const machinePct = ((machine1.busy - machine0.busy) / Math.max(1, machine1.total - machine0.total)) * 100;

    console.log(`\nmeasured over ${num(windowS, 0)} s (${SERVERS} servers every ${INTERVAL_S} s, ${growing.length} growing, SFTP_MAX_CONNECTIONS=${MAX_CONNECTIONS ?? 'default'}):`);
    const goal = (what: string, okay: boolean | undefined, text: string) => (okay === undefined ? `target ${text}: n/a` : verdict.target(what, okay, text));
    table([
      ['bot CPU (% of one core)', `${num(cpuPct)} %`, goal('bot CPU', Number.isFinite(cpuPct) ? cpuPct < GOAL_CPU : undefined, `< ${GOAL_CPU} %`)],
      ['bot RSS (end / max sampled)', `${mib(endRss)} / ${mib(Math.max(...samples.map((x) => x.rss), 0))}`],
      ['open SSH connections (end / mean / max)', `${endConns} / ${num(mean(connSamples), 0)} / ${Math.max(0, ...connSamples)}`, `bot says ${num(gauge('tower_sftp_connections_open'), 0)} open`],
      ['handshakes per minute (sshd logins)', num(handshakesPerMin, 1), `bot opened ${num(delta('tower_sftp_connections_opened_total'), 0)} in the window`],
      ['schedule lag p99 (bot metric, end)', lagP99 === undefined ? 'n/a' : `${num(lagP99, 2)} s`, goal('schedule lag p99', lagP99 === undefined ? undefined : lagP99 < GOAL_LAG_P99_S, `< ${GOAL_LAG_P99_S} s`)],
      ['schedule lag p50 / max (bot metric, end)', `${num(gauge('tower_ingest_schedule_lag_p50_seconds'), 2)} / ${num(gauge('tower_ingest_schedule_lag_max_seconds'), 2)} s`, sampledLag.length ? `p99 sampled max ${num(Math.max(...sampledLag), 2)} s` : ''],
      ['polls / idle polls in the window', `${polls === undefined ? 'n/a' : num(polls, 0)} / ${idlePolls === undefined ? 'n/a' : num(idlePolls, 0)}`, `schedule says ${num(estimatedPolls, 0)}`],
      ['MongoDB round trips per idle poll', num(perIdle, 2), `${roundTrips} round trips${idlePolls === undefined ? ` / ${num(estimatedPolls, 0)} estimated polls` : ''}; + ${heartbeats} heartbeats (${num((heartbeats / windowS) * 60, 1)}/min)`],
      ['SFTP requests per poll', num((delta('tower_sftp_requests_total') ?? NaN) / (polls ?? NaN), 2)],
      [`kill-to-post p50 / p99 (${posted.length} of ${kills.length} posted)`, `${sec(k2p.p50)} / ${sec(k2p.p99)}`, `max ${sec(Math.max(...posted.map((k) => k.postedAt! - k.at)))}`],
      ['sshd CPU, all instances (% of one core)', `${num(((sshdCpu1 - sshdCpu0) / wallMs) * 100)} %`],
      ['jongodb CPU (% of one core)', `${num(((jongodbCpu1 - jongodbCpu0) / wallMs) * 100)} %`],
      ['bench process CPU (double, proxies)', `${num(((benchCpu.user + benchCpu.system) / 1000 / wallMs) * 100)} %`],
      ['machine busy (both cores)', `${num(machinePct)} %`],
    ]);
    const top = Object.entries(wireByCommand)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([c, n]) => `${c} ${n}`)
      .join(', ');
    console.log(`  MongoDB messages in the window (${wireTotal}): ${top}`);
    if (cost.handshake) {
      const perPoll = cost.handshake.cpuMs / cost.handshake.n;
      console.log(`  handshakes in the window at ${num(perPoll, 2)} ms of client CPU each: ~${num((((accepted1 - accepted0) * perPoll) / wallMs) * 100, 1)} % of a core of the bot's ${num(cpuPct)} %`);
    }
    const problems = new Map<string, number>();
    for (const l of bot.logs) if (l.level >= 40) problems.set(`${l.level >= 50 ? 'error' : 'warn'}: ${l.msg}`, (problems.get(`${l.level >= 50 ? 'error' : 'warn'}: ${l.msg}`) ?? 0) + 1);
    if (problems.size) console.log(`  bot warnings/errors: ${[...problems].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([m, n]) => `${m} ×${n}`).join('; ')}`);
    if (appendErrors.length) console.log(`  ${appendErrors.length} appends failed: ${appendErrors[0]}`);

    if (died) console.log(`the bot died:\n${bot.output().slice(-3000)}`);
    verdict.check('the bot stays alive through the window', !died);
    const nothingPolled = polls !== undefined ? polls === 0 : roundTrips === 0 && accepted1 === accepted0;
    verdict.check('servers are polled in the window', !nothingPolled);
    verdict.check('appended kills are posted (at least one)', !(kills.length > 0 && posted.length === 0));
    verdict.settle();
    return verdict.ok;
  } finally {
    await bot?.stop().catch(() => undefined);
    await double?.stop().catch(() => undefined);
    await wire?.stop().catch(() => undefined);
    await mongo?.stop().catch(() => undefined);
  }
}

// ---------------------------------------------------------------- main

if (process.argv.includes('--cost-child')) {
  costChild().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
} else {
  const deadlineMs = Number(process.env.BENCH_DEADLINE_MS ?? 0) || (20 * 60 + 6 * INTERVAL_S + WINDOW_S) * 1000;
  runBench(
    'scale',
    async () => {
      console.log(`machine: ${SERVERS} game servers on ${SSHD_COUNT} sshd; limits:`);
      for (const n of checkLimits()) console.log(`  ${n}`);
      const infos: SshdInfo[] = [];
      try {
        for (const sshd of await Promise.all(Array.from({ length: SSHD_COUNT }, () => startSshd({ extraConfig: SSHD_CONFIG })))) {
          infos.push({ sshd, pid: listenerPid(sshd) });
        }
        let cost: CostResult = {};
        if (PARTS.has('cost')) {
          const targets: CostTarget[] = Array.from({ length: SERVERS }, (_, i) => {
            const s = infos[i % infos.length]!.sshd;
            return { serverId: `cost${i}`, host: s.host, port: s.port, username: s.username, password: s.password, hostKeyFingerprint: s.hostKeyFingerprintSha256 };
          });
          cost = await measureCost(infos, targets);
          printCost(cost, SERVERS);
          // Let sshd reap the cost process's sessions before the bot starts.
          await new Promise((r) => setTimeout(r, 2000));
        }
        if (PARTS.has('bot') && !(await botRun(infos, cost))) process.exitCode = 1;
      } finally {
        await Promise.all(infos.map((i) => i.sshd.stop()));
      }
    },
    { deadlineMs },
  );
}
