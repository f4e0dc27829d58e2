/**
 * 10,000 game servers in one bot process (`npm run bench -- scale10k`).
 *
 * SCALE10K_SERVERS servers, each its own login and ordinary Deadside tree (Fleet: a killfeed CSV and a
 * Deadside.log per server), a mix of Free guilds (one server each, every 30 s) and top-tier guilds
 * (Enterprise, 25 servers each, at its floor). 10,000 OpenSSH connections (three processes each) do not
 * fit this machine: the trees are served by SCALE10K_HOSTS read-only SFTP servers built on ssh2
 * (bench/sftpHost.ts), each ONE child process serving thousands of connections, so the host side's CPU
 * is measured apart and never counted as the bot's. Every part runs twice: with SFTP_MAX_CONNECTIONS
 * raised to fit every server (connections kept open) and at the default cap (the pool reclaims idle
 * connections: reconnect churn).
 *
 * Part `pool` (no database): the polling side of all SCALE10K_SERVERS in a fresh process, the real
 * SftpPool and RemoteTree checks at each server's interval (bench/pollingSide.ts): CPU, RSS, checks per
 * minute against the schedule, event-loop delay p99, handshakes per minute.
 * Part `bot`: the real bot (src/main.ts, against the Discord double); it waits for a full round of
 * polls (every server listed once), then measures for SCALE10K_SECONDS:
 *   bot CPU (% of one core) and RSS; polls per minute against the schedule; MongoDB writes per idle poll
 *   (write commands through a recording proxy, bench/mongoWrites.ts, the lease renewals apart: one bulk write per 20 s for all
 *   servers); event-loop lag p99 (the bot's /metrics); schedule lag; handshakes per minute; SFTP hosts' CPU.
 * Targets: bot CPU < 100 % of one core, RSS < 1 GiB, no write per idle poll (< 0.01: the process's few
 * periodic writes apart), polls (or checks) ≥ 90 % of the schedule.
 *
 * The bot's database: BENCH_MONGODB_URI or MONGODB_TEST_URI (a real MongoDB: use one for the real figure).
 * Without one, jongodb, where a write into a collection of 10,000 documents takes ~0.45 s (measured): the
 * first round alone (a read position per server) would take over an hour, so the bench says so and runs
 * the bot part at SCALE10K_JONGODB_SERVERS (default 1,000) servers, its default-cap run at the default cap
 * scaled by the same factor (the same servers per connection as 10,000 at the default cap).
 *
 * Env: SCALE10K_SERVERS (10000), SCALE10K_FREE_SHARE (0.9), SCALE10K_SECONDS (120), SCALE10K_HOSTS (2),
 * SCALE10K_RUNS (`raised,default`), SCALE10K_PARTS (`pool,bot`), SCALE10K_TOP_POLL_SECONDS (the top tier's floor).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_GLOBAL_MAX } from '../src/sftp/pool.js';
import { TIERS } from '../src/premium/tiers.js';
import { startBotProcess, type BotProcess } from '../tests/support/bot.js';
import { DiscordDouble } from '../tests/support/discord-double/index.js';
import { startMongo, type TestMongo } from '../tests/support/mongo.js';
import { freePort } from '../tests/support/sshd.js';
import { Fleet } from './fleet.js';
import { runBench } from './lifecycle.js';
import { startMongoCommandLog } from './mongoWrites.js';
import { cpuMsOf, descendantsOf, mib, rssOf, scrape, table } from './procStats.js';
import { measurePollingSide, type PollingTarget } from './pollingSide.js';
import { startSftpHost, type SftpHost } from './sftpHost.js';
import { Targets } from './targets.js';

const num = (name: string, dflt: number) => (process.env[name] ? Number(process.env[name]) : dflt);
const URI = process.env.BENCH_MONGODB_URI || process.env.MONGODB_TEST_URI || '';
const REAL = URI !== '';
const SERVERS = num('SCALE10K_SERVERS', 10_000);
const BOT_SERVERS = REAL ? SERVERS : Math.min(SERVERS, num('SCALE10K_JONGODB_SERVERS', 1_000));
const PARTS = new Set((process.env.SCALE10K_PARTS ?? 'pool,bot').split(',').map((x) => x.trim()));
const FREE_SHARE = num('SCALE10K_FREE_SHARE', 0.9);
const WINDOW_S = num('SCALE10K_SECONDS', 120);
const HOSTS = Math.max(1, num('SCALE10K_HOSTS', 2));
const RUNS = (process.env.SCALE10K_RUNS ?? 'raised,default').split(',').map((s) => s.trim()) as ('raised' | 'default')[];
const TOP = 'enterprise' as const;
const TOP_POLL_S = num('SCALE10K_TOP_POLL_SECONDS', TIERS[TOP].minPollSeconds);
const GOAL_CPU = 100;
const GOAL_RSS = 1024 ** 3;
const APP = '1820000000000000001';
const BOT_USER = '1820000000000000002';

interface RunResult {
  ok: boolean;
}

/** The cap of a run: raised to fit every server, or the default (scaled when the fleet is smaller than SERVERS). */
function capOf(kind: 'raised' | 'default', servers: number): number {
  return kind === 'raised' ? Math.min(10_000, servers + 100) : Math.max(1, Math.round((DEFAULT_GLOBAL_MAX * servers) / Math.max(servers, SERVERS)));
}

async function pollingPart(kind: 'raised' | 'default', fleet: Fleet, hosts: SftpHost[], verdict: Targets): Promise<void> {
  const cap = capOf(kind, fleet.servers.length);
  const targets: PollingTarget[] = fleet.servers.map((s) => {
    const h = hosts[s.index % hosts.length]!;
    return { id: s.id, host: h.host, port: h.port, username: h.username, password: h.password, root: h.root, fingerprint: h.hostKeyFingerprintSha256, dir: path.basename(s.dir), pollSeconds: s.pollSeconds };
  });
  const hostCpu0 = hosts.reduce((n, h) => n + cpuMsOf(h.pid), 0);
  const t0 = performance.now();
  const r = await measurePollingSide(targets, { cap, warmupS: TIERS.free.minPollSeconds + 5, windowS: WINDOW_S });
  const hostPct = ((hosts.reduce((n, h) => n + cpuMsOf(h.pid), 0) - hostCpu0) / (performance.now() - t0)) * 100;
  const minutes = r.windowS / 60;
  console.log(`\n[pool, ${kind}] ${r.servers} servers, SFTP cap ${cap}${kind === 'default' ? ` (default ${DEFAULT_GLOBAL_MAX})` : ''}: the polling side alone (SftpPool + RemoteTree checks, no database), over ${r.windowS.toFixed(0)} s after a ${TIERS.free.minPollSeconds + 5} s warm-up`);
  table([
    ['CPU (% of one core)', `${r.cpuPct.toFixed(1)} %`, verdict.target(`[pool, ${kind}] CPU`, r.cpuPct < GOAL_CPU, `< ${GOAL_CPU} %`)],
    ['RSS (max) / heap (max)', `${mib(r.rssMax)} / ${mib(r.heapMax)}`, verdict.target(`[pool, ${kind}] RSS`, r.rssMax < GOAL_RSS, '< 1 GiB')],
    ['checks per minute (schedule)', `${(r.checks / minutes).toFixed(0)} (${(r.scheduled / minutes).toFixed(0)})`, verdict.target(`[pool, ${kind}] checks per minute`, r.checks >= 0.9 * r.scheduled, '≥ 90 % of the schedule')],
    ['failed checks', `${r.failed}`],
    ['check p50 / p99', `${r.checkP50.toFixed(1)} / ${r.checkP99.toFixed(1)} ms`],
    ['event-loop delay p99 / max', `${r.loopP99Ms.toFixed(1)} / ${r.loopMaxMs.toFixed(1)} ms`],
    ['connections open at the end', `${r.open}`],
    ['handshakes per minute', `${(r.handshakes / minutes).toFixed(0)}`],
    ['SFTP requests per check', `${(r.requests / Math.max(1, r.checks)).toFixed(2)}`],
    [`SFTP hosts' CPU (${hosts.length} processes, not counted above)`, `${hostPct.toFixed(1)} %`],
  ]);
}

async function run(kind: 'raised' | 'default', fleet: Fleet, hosts: SftpHost[], mongoUri: string, verdict: Targets): Promise<RunResult> {
  const servers = fleet.servers.length;
  const capNumber = capOf(kind, servers);
  const cap = kind === 'raised' || capNumber !== DEFAULT_GLOBAL_MAX ? String(capNumber) : undefined;
  const log = await startMongoCommandLog(mongoUri);
  const writesBy = (from: number, to: number) => {
    const out = new Map<string, number>();
    for (const c of log.writes(from, to)) out.set(c.collection, (out.get(c.collection) ?? 0) + 1);
    return out;
  };
  let double: DiscordDouble | undefined;
  let bot: BotProcess | undefined;
  try {
    double = await DiscordDouble.start({ applicationId: APP, botUserId: BOT_USER, token: 'scale10k-token', guilds: fleet.guildDefs(), defaultTimeoutMs: 60_000 });
    const healthPort = await freePort();
    const t0 = performance.now();
    bot = await startBotProcess({
      apiBase: double.apiBase,
      token: double.token,
      applicationId: APP,
      mongoUri: log.uri,
      waitReady: false,
      env: { ALLOW_PRIVATE_SFTP_HOSTS: 'true', HEALTH_PORT: String(healthPort), SFTP_MAX_CONNECTIONS: cap },
    });
    await bot.waitForLog((l) => l.msg === 'bot ready', 20 * 60_000);
    const pid = descendantsOf(bot.proc.pid!).find((p) => /src\/main\.ts/.test(p.cmd))?.pid ?? bot.proc.pid!;
    console.log(`\n[bot, ${kind}] ${servers} servers, SFTP_MAX_CONNECTIONS=${cap ?? `(default ${DEFAULT_GLOBAL_MAX})`}: bot ready in ${((performance.now() - t0) / 1000).toFixed(1)} s (pid ${pid})`);
    const alive = () => bot!.proc.exitCode === null && bot!.proc.signalCode === null;

    // Warm-up: every server polled and listed once (a full round), at least one Free interval.
    const w0 = performance.now();
    const warmFrom = Date.now();
    const warmWrites = () => log.writes(warmFrom, Date.now()).length;
    for (;;) {
      await new Promise((r) => setTimeout(r, 5000));
      if (!alive()) throw new Error(`the bot died during the warm-up:\n${bot.output().slice(-3000)}`);
      const m = await scrape(healthPort);
      const polls = m?.get('tower_ingest_polls_total') ?? 0;
      const listings = m?.get('tower_ingest_listings_total') ?? 0;
      const elapsed = (performance.now() - w0) / 1000;
      if ((listings >= servers && elapsed >= TIERS.free.minPollSeconds * 1.1) || elapsed > 30 * 60) {
        console.log(`  warm-up: ${elapsed.toFixed(0)} s, ${polls} polls, ${listings} listings, ${warmWrites()} MongoDB write commands${listings >= servers ? '' : '  (first round NOT complete)'}`);
        break;
      }
    }

    const m0 = await scrape(healthPort);
    const windowFrom = Date.now();
    const cpu0 = cpuMsOf(pid);
    const hostCpu0 = hosts.reduce((n, h) => n + cpuMsOf(h.pid), 0);
    const accepted0 = hosts.reduce((n, h) => n + h.counters().accepted, 0);
    const start = performance.now();
    const rss: number[] = [];
    const loopP99: number[] = [];
    while (performance.now() - start < WINDOW_S * 1000 && alive()) {
      await new Promise((r) => setTimeout(r, 5000));
      rss.push(rssOf(pid));
      const m = await scrape(healthPort);
      const p99 = m?.get('tower_event_loop_lag_p99_seconds');
      if (p99 !== undefined) loopP99.push(p99);
    }
    const wallMs = performance.now() - start;
    const died = !alive();
    const cpuPct = ((cpuMsOf(pid) - cpu0) / wallMs) * 100;
    const hostPct = ((hosts.reduce((n, h) => n + cpuMsOf(h.pid), 0) - hostCpu0) / wallMs) * 100;
    const logins = hosts.reduce((n, h) => n + h.counters().accepted, 0) - accepted0;
    const m1 = died ? undefined : await scrape(healthPort);
    const delta = (k: string) => (m0?.has(k) && m1?.has(k) ? m1.get(k)! - m0.get(k)! : NaN);
    const minutes = wallMs / 60_000;
    const polls = delta('tower_ingest_polls_total');
    const idlePolls = delta('tower_ingest_idle_polls_total');
    const writes = writesBy(windowFrom, Date.now());
    const leaseWrites = writes.get('server_leases') ?? 0;
    const otherWrites = [...writes].filter(([c]) => c !== 'server_leases').reduce((n, [, v]) => n + v, 0);
    const scheduled = fleet.servers.reduce((n, s) => n + 60 / s.pollSeconds, 0);
    const perIdle = otherWrites / Math.max(1, idlePolls);
    const maxRss = Math.max(...rss, 0);
    const lagP99 = Math.max(...loopP99, 0);
    table([
      ['bot CPU (% of one core)', `${cpuPct.toFixed(1)} %`, verdict.target(`[bot, ${kind}] bot CPU`, cpuPct < GOAL_CPU, `< ${GOAL_CPU} %`)],
      ['bot RSS (max sampled)', mib(maxRss), verdict.target(`[bot, ${kind}] bot RSS`, maxRss > 0 && maxRss < GOAL_RSS, '< 1 GiB')],
      ['polls per minute (idle ones)', `${(polls / minutes).toFixed(0)} (${(idlePolls / minutes).toFixed(0)})`, verdict.target(`[bot, ${kind}] polls per minute`, polls / minutes >= 0.9 * scheduled, `≥ 90 % of the schedule's ${scheduled.toFixed(0)}`)],
      // Goal 0: an idle poll writes nothing. A few periodic writes of the whole process (the outbox's prune of
      // sent posts, a server's status when it changes) are not per poll: fewer than one per 100 idle polls.
      ['MongoDB writes per idle poll (leases apart)', perIdle.toFixed(4), verdict.target(`[bot, ${kind}] writes per idle poll`, perIdle < 0.01, '0 per poll (< 0.01: periodic writes only)')],
      ['  write commands in the window', `${otherWrites}`, [...writes].map(([c, n]) => `${c} ${n}`).join(', ') || 'none'],
      ['  lease renewals per minute (all servers each)', (leaseWrites / minutes).toFixed(1)],
      ['event-loop lag p99 (bot metric, worst minute)', `${(lagP99 * 1000).toFixed(1)} ms`],
      ['schedule lag p99 (bot metric)', `${((m1?.get('tower_ingest_schedule_lag_p99_seconds') ?? NaN) * 1000).toFixed(0)} ms`],
      ['SSH connections open (bot)', `${m1?.get('tower_sftp_connections_open') ?? 'n/a'}`],
      ['handshakes per minute', `${(delta('tower_sftp_connections_opened_total') / minutes).toFixed(0)}`, `SFTP hosts counted ${(logins / minutes).toFixed(0)} logins/min`],
      ['SFTP requests per poll', (delta('tower_sftp_requests_total') / polls).toFixed(2)],
      [`SFTP hosts' CPU (${hosts.length} processes, not the bot's)`, `${hostPct.toFixed(1)} %`],
    ]);
    if (died) console.log(`the bot died:\n${bot.output().slice(-3000)}`);
    verdict.check(`[bot, ${kind}] the bot stays alive through the window`, !died);
    return { ok: !died };
  } finally {
    await bot?.stop().catch(() => undefined);
    await double?.stop().catch(() => undefined);
    await log.stop().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const verdict = new Targets();
  const groupsOf = (n: number) => {
    const free = Math.round(n * FREE_SHARE);
    return [
      { tier: 'free' as const, servers: free },
      { tier: TOP, servers: n - free, pollSeconds: TOP_POLL_S },
    ];
  };
  if (REAL) {
    process.env.MONGODB_TEST_URI = URI;
    console.log(`database: a real MongoDB at ${new URL(URI).host} (a database of its own, dropped at the end)`);
  } else {
    console.log(
      'database: jongodb (no BENCH_MONGODB_URI or MONGODB_TEST_URI set; no real MongoDB can be installed here). A write into a\n' +
        '  collection of 10,000 documents takes ~0.45 s there, so 10,000 servers would need over an hour for their first round:\n' +
        `  the bot part runs ${BOT_SERVERS.toLocaleString('en-US')} servers instead (SCALE10K_JONGODB_SERVERS); the pool part (no database) runs all ${SERVERS.toLocaleString('en-US')}.\n` +
        '  Set BENCH_MONGODB_URI for the 10,000-server figure of the whole bot.',
    );
  }
  const root = await mkdtemp(path.join(tmpdir(), 'tower-scale10k-'));
  const hosts: SftpHost[] = [];
  let mongo: TestMongo | undefined;
  try {
    for (let i = 0; i < HOSTS; i++) hosts.push(await startSftpHost({ root }));
    mongo = await startMongo();
    const describe = (fleet: Fleet, ms: number) => {
      const free = fleet.servers.filter((x) => x.tier === 'free').length;
      console.log(
        `fleet: ${fleet.servers.length} servers (${free} Free every ${TIERS.free.minPollSeconds} s, ${fleet.servers.length - free} ${TIERS[TOP].label} every ${TOP_POLL_S} s) in ${fleet.guilds.length} guilds, ` +
          `on ${hosts.length} ssh2 SFTP host processes; seeded in ${(ms / 1000).toFixed(1)} s`,
      );
    };
    if (PARTS.has('pool')) {
      // Its servers' documents go to a scratch database: only the trees matter here.
      const t = performance.now();
      const fleet = await Fleet.create({ db: mongo.client.db(`${mongo.db.databaseName}_pool`), sshd: hosts[0]!, hosts, groups: groupsOf(SERVERS), idBase: 1_830_000_000_000_000_000n, history: { kills: 5, logLines: 20 } });
      describe(fleet, performance.now() - t);
      for (const kind of RUNS) await pollingPart(kind, fleet, hosts, verdict);
    }
    if (PARTS.has('bot')) {
      const t = performance.now();
      // On jongodb no history: the first round's writes stay few (each costs time with the collection's size there).
      const history = REAL ? { kills: 5, logLines: 20 } : { kills: 0, logLines: 0 };
      // Trees of their own (under root/bot, which every host serves): none of the pool part's history.
      const botHosts = hosts.map((h) => ({ ...h, root: path.join(root, 'bot') }));
      await mkdir(botHosts[0]!.root, { recursive: true });
      const fleet = await Fleet.create({ db: mongo.db, sshd: botHosts[0]!, hosts: botHosts, groups: groupsOf(BOT_SERVERS), idBase: 1_820_000_000_000_000_000n, history });
      describe(fleet, performance.now() - t);
      for (const kind of RUNS) await run(kind, fleet, hosts, mongo.uri, verdict);
    }
  } finally {
    await mongo?.stop().catch(() => undefined);
    await Promise.all(hosts.map((h) => h.stop()));
    await rm(root, { recursive: true, force: true });
  }
  console.log(`\ndatabase used by the bot part: ${REAL ? 'a real MongoDB' : `jongodb (${BOT_SERVERS} servers, not ${SERVERS})`}`);
  verdict.settle();
}

runBench('scale10k', main, { deadlineMs: num('BENCH_DEADLINE_MS', 90 * 60_000) });
