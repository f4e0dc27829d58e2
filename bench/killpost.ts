/**
 * Kill-to-post (`npm run bench -- killpost`; needs root for sshd): how long after a killfeed line (or a
 * Deadside.log join) is written on the game host its message reaches Discord, per premium tier, with
 * the real bot process (src/main.ts) against the Discord double, jongodb (MONGODB_TEST_URI: a real
 * MongoDB) and one real OpenSSH sshd; and what an idle server costs its host and MongoDB.
 *
 * Set-up (bench/fleet.ts): KILLPOST_SERVERS servers per tier (default 6), all tiers at once, each polled at
 * its tier's floor (TIERS[tier].minPollSeconds), killfeed delay 0, seeded straight into MongoDB, plus
 * KILLPOST_IDLE_SERVERS (default 4) top-tier servers no line is ever appended to. Once a server's first
 * poll is done, its killfeed and its Deadside.log each get lines at random moments (uniform over the rest
 * of KILLPOST_SECONDS, default 240 s; KILLPOST_SAMPLES per tier and kind, default 48, KILLPOST_TOP_SAMPLES
 * kills at the top tier, default 240; KILLPOST_SEED picks the moments), among KILLPOST_PLAYERS players
 * (default 4) after KILLPOST_HISTORY_KILLS old kills (default 0): few, because jongodb's writes cost time
 * in proportion to a collection's size (../shared/spec/testing.md). Each line is timed from the moment its
 * write returned to the moment the double received the POST that carries it. Then KILLPOST_IDLE_SECONDS
 * (default 70) with no line anywhere. About 6–7 minutes with the defaults.
 *
 * Printed: p50 / p99 / max per tier for kills and joins; where the time goes (from outside the bot: the
 * sshd's own log of every SFTP request, the outbox documents, a proxy in front of MongoDB that times every
 * command (bench/mongoWrites.ts), the double's receive times: poll wait, read, apply, outbox pickup, send);
 * what polling costs the host (SFTP requests per minute and new SSH connections per hour, per server),
 * from sshd's side and from the bot's /metrics.
 *
 * Targets (Targets, bench/targets.ts), at the top tier: kill → post p50 ≤ 1.5 s and p99 ≤ 3 s; an idle
 * server's SFTP requests ≤ 1 a second (the idle servers over the whole run, and every top-tier server in
 * the quiet phase); MongoDB writes per idle poll in the quiet phase 0, the process's timers aside (status
 * flush, lease renewal, outbox prune: each at most once per its period). Exits non-zero on a missed target,
 * or when something failed: a line not posted within 3 poll intervals + 30 s, the bot exiting, a server
 * not polled within its first interval + 30 s, the bot not polling every seeded server.
 */
import { pathToFileURL } from 'node:url';
import { OUTBOX_PRUNE_MS } from '../src/ingest/outboxSender.js';
import { TIER_NAMES, TIERS, type TierName } from '../src/premium/tiers.js';
import { LEASE_MS } from '../src/servers/leases.js';
import { STATUS_FLUSH_MS } from '../src/servers/pollStatus.js';
import { startBotProcess, type BotProcess } from '../tests/support/bot.js';
import { DiscordDouble } from '../tests/support/discord-double/index.js';
import { rng } from '../tests/deadside/generate.js';
import { startMongo, type TestMongo } from '../tests/support/mongo.js';
import { freePort, startSshd, type Sshd } from '../tests/support/sshd.js';
import { Fleet, SftpRequestLog, type AppendedLine, type FleetServer, type SftpRequest } from './fleet.js';
import { runBench } from './lifecycle.js';
import { startMongoCommandLog, type MongoCommandLog } from './mongoWrites.js';
import { percentile } from './stats.js';
import { Targets } from './targets.js';

const env = (name: string, dflt: number) => {
  const v = Number(process.env[name] ?? dflt);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`);
  return v;
};
/** A count that may be 0. */
const count = (name: string, dflt: number) => {
  const v = Number(process.env[name] ?? dflt);
  if (!Number.isInteger(v) || v < 0) throw new Error(`${name} must be a whole number ≥ 0`);
  return v;
};
const SECONDS = env('KILLPOST_SECONDS', 240);
const SERVERS_PER_TIER = Math.round(env('KILLPOST_SERVERS', 6));
const SAMPLES_PER_TIER = Math.round(env('KILLPOST_SAMPLES', 48));
const SEED = Math.round(env('KILLPOST_SEED', 1));
/** Kills timed at the top tier (its targets are p50 and p99: more samples than the other tiers). */
const TOP_SAMPLES = Math.round(env('KILLPOST_TOP_SAMPLES', 240));
/** Top-tier servers that get no line at all: what an idle server costs its host. */
const IDLE_SERVERS = count('KILLPOST_IDLE_SERVERS', 4);
/** The quiet phase at the end (no appends anywhere): MongoDB writes per idle poll. */
const IDLE_SECONDS = env('KILLPOST_IDLE_SECONDS', 70);

/** Collections the bot writes to as lines come in. */
const GROWING = ['ingest_stats', 'ingest_windows', 'ingest_outbox', 'ingest_cursors', 'credit_ledger', 'credit_balances'];
/**
 * Old kills per server read at its first poll (counted, too old to post), and the players of the appended
 * kills. Few by default: jongodb's writes cost time in proportion to a collection's size, and every player
 * (and pair of players) is a few stats and window documents, so a larger crowd measures jongodb, not the bot.
 */
const HISTORY_KILLS = count('KILLPOST_HISTORY_KILLS', 0);
const PLAYERS = Math.round(env('KILLPOST_PLAYERS', 4));

/** The top tier, and what issue 22 asks of it. */
const TOP = [...TIER_NAMES].sort((a, b) => TIERS[b].rank - TIERS[a].rank)[0]!;
const TARGET = { killP50Ms: 1500, killP99Ms: 3000, idleRequestsPerSecond: 1, idleWritesPerPoll: 0 };
/**
 * Writes of the process's own timers, not of polls (README "Polling: delay and cost"): the poll-status
 * flush and the lease renewal (one bulk write each for all servers) and the outbox's prune of sent messages.
 */
const TIMER_WRITES: readonly { name: string; collection: string; what: string; everyMs: number }[] = [
  { name: 'update', collection: 'game_servers', what: 'poll status, one bulk write for all servers', everyMs: STATUS_FLUSH_MS },
  { name: 'delete', collection: 'ingest_outbox', what: 'sent messages pruned', everyMs: OUTBOX_PRUNE_MS },
  { name: 'update', collection: 'server_leases', what: 'leases renewed, one bulk write for all servers', everyMs: Math.floor(LEASE_MS / 3) },
];

const APP = '1690000000000000001';
const BOT_USER = '1690000000000000002';

type Kind = AppendedLine['kind'];

interface Sample extends AppendedLine {
  deadline: number;
  postedAt?: number;
  nonce?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const s1 = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : 'n/a');
const s2 = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)}` : 'n/a');
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const median = (xs: number[]) => percentile(sorted(xs), 50);
const col = (s: string, w: number) => s.padStart(w);
const colL = (s: string, w: number) => s.padEnd(w);

// ---------------------------------------------------------------- /metrics

type Series = { labels: Record<string, string>; value: number }[];

/** Prometheus text → series by metric name (counters and gauges; histogram parts keep their suffixed names). */
function parseMetrics(text: string): Map<string, Series> {
  const out = new Map<string, Series>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    const list = out.get(m[1]!) ?? [];
    list.push({ labels, value: Number(m[4]) });
    out.set(m[1]!, list);
  }
  return out;
}

async function scrape(port: number): Promise<Map<string, Series> | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5000) });
    return res.ok ? parseMetrics(await res.text()) : null;
  } catch {
    return null;
  }
}

/**
 * The increase of a counter between two scrapes, per tier when its series name a tier, a server or a guild
 * of the fleet (`all` otherwise); null when the bot does not export it.
 */
function counterDelta(name: string, a: Map<string, Series> | null, b: Map<string, Series> | null, fleet: Fleet): Map<TierName | 'all', number> | null {
  const after = b?.get(name);
  if (!after) return null;
  const before = a?.get(name) ?? [];
  const key = (l: Record<string, string>) => JSON.stringify(Object.entries(l).sort());
  const prev = new Map(before.map((s) => [key(s.labels), s.value]));
  const out = new Map<TierName | 'all', number>();
  for (const s of after) {
    const d = s.value - (prev.get(key(s.labels)) ?? 0);
    const v = Object.values(s.labels);
    const tier =
      (TIER_NAMES.find((t) => v.includes(t)) as TierName | undefined) ??
      fleet.servers.find((x) => v.includes(x.id))?.tier ??
      fleet.guilds.find((g) => v.includes(g.id))?.tier ??
      'all';
    out.set(tier, (out.get(tier) ?? 0) + d);
  }
  return out;
}

// ---------------------------------------------------------------- polls seen from the host

interface Poll {
  server: FleetServer;
  start: number;
  end: number;
  requests: SftpRequest[];
  /** Read file content (not only listed and stat'ed). */
  active: boolean;
}

/**
 * A server's requests cut into polls: a burst of requests, apart from the next by a silence longer than
 * `gapMs` (polls of one server are at least 0.9 interval apart; inside a poll, requests wait on the
 * database for milliseconds to a second or so). Independent of what a poll's first request is (a
 * listing, or a stat: the polling code changes).
 */
function pollsOf(server: FleetServer, requests: SftpRequest[], gapMs: number): Poll[] {
  const polls: Poll[] = [];
  let cur: Poll | null = null;
  for (const r of requests) {
    if (!cur || r.at - cur.end > gapMs) {
      cur = { server, start: r.at, end: r.doneAt ?? r.at, requests: [], active: false };
      polls.push(cur);
    }
    cur.requests.push(r);
    cur.end = Math.max(cur.end, r.doneAt ?? r.at);
  }
  // An unchanged file is not read at all: any data read means the poll found something new.
  for (const p of polls) p.active = p.requests.some((r) => r.op === 'read' && (r.dataLen ?? 0) > 0);
  return polls;
}

// ---------------------------------------------------------------- the bench

export async function main(): Promise<void> {
  let sshd: Sshd | undefined;
  let mongo: TestMongo | undefined;
  let double: DiscordDouble | undefined;
  let bot: BotProcess | undefined;
  let cmdLog: MongoCommandLog | undefined;
  const verdict = new Targets();
  const reqLog = await SftpRequestLog.create();
  const failures: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let stopping = false;
  try {
    [sshd, mongo] = await Promise.all([startSshd({ extraConfig: reqLog.sshdConfig() }), startMongo()]);
    const groups = [...TIER_NAMES.map((tier) => ({ tier, servers: SERVERS_PER_TIER })), ...(IDLE_SERVERS ? [{ tier: TOP, servers: IDLE_SERVERS }] : [])];
    const fleet = await Fleet.create({ db: mongo.db, sshd, groups, history: { kills: HISTORY_KILLS }, players: PLAYERS });
    // The last group: servers no line is appended to.
    const idleServers = fleet.servers.slice(fleet.servers.length - IDLE_SERVERS);
    const isIdle = new Set(idleServers.map((s) => s.id));
    const activeServers = fleet.servers.filter((s) => !isIdle.has(s.id));
    reqLog.start((p) => fleet.serverOfPath(p)?.id);
    cmdLog = await startMongoCommandLog(mongo.uri);
    double = await DiscordDouble.start({ applicationId: APP, botUserId: BOT_USER, token: 'killpost-bench-token', guilds: fleet.guildDefs() });
    const healthPort = await freePort();
    const t0Boot = Date.now();
    bot = await startBotProcess({
      apiBase: double.apiBase,
      token: double.token,
      applicationId: APP,
      mongoUri: cmdLog.uri,
      env: { ALLOW_PRIVATE_SFTP_HOSTS: 'true', HEALTH_PORT: String(healthPort) },
    });
    const ready = bot.logs.find((l) => l.msg === 'bot ready');
    const polled = Number(ready?.gameServers ?? NaN);
    console.log(
      `killpost: ${fleet.servers.length} servers (${SERVERS_PER_TIER} per tier and ${IDLE_SERVERS} idle ${TIERS[TOP].label}, ${fleet.guilds.length} guilds), real bot (ready in ${s1(Date.now() - t0Boot)}, polling ${polled}), ` +
        `${process.env.MONGODB_TEST_URI ? 'MongoDB' : 'jongodb'}, one sshd; appends for ${SECONDS} s, ~${SAMPLES_PER_TIER} samples per tier and kind, killfeed delay 0`,
    );
    if (polled !== fleet.servers.length) failures.push(`the bot polls ${polled} of ${fleet.servers.length} seeded servers`);
    void bot.exited.then((r) => {
      if (!stopping) failures.push(`the bot exited (${r.code ?? r.signal}) during the bench`);
    });

    const db = mongo.db;
    const d = double;
    const acceptedAtReady = sshd.acceptedCount();
    const endAt = Date.now() + SECONDS * 1000;
    const rand = rng(SEED);
    const samples = new Map<string, Sample>();
    const appendFailures: string[] = [];

    // Each server's first poll (reads the history): measuring starts per server once it is done.
    const firstPoll = new Map<string, number>();
    let allPolledAt: number | null = null;
    let metricsStart = await scrape(healthPort);
    let acceptedStart = acceptedAtReady;
    const perServer = (kind: Kind, tier: TierName) => Math.ceil((kind === 'kill' && tier === TOP ? TOP_SAMPLES : SAMPLES_PER_TIER) / SERVERS_PER_TIER);
    const schedule = (server: FleetServer, from: number) => {
      if (from >= endAt || isIdle.has(server.id)) return;
      for (const kind of ['kill', 'join'] as Kind[]) {
        for (let i = 0; i < perServer(kind, server.tier); i++) {
          const at = from + rand() * Math.max(0, endAt - from);
          const t = setTimeout(() => {
            timers.delete(t);
            const appended = kind === 'kill' ? fleet.appendKill(server.index) : fleet.appendJoin(server.index);
            appended.then(
              (line) => samples.set(line.key, { ...line, deadline: line.at + 3 * server.pollSeconds * 1000 + 30_000 }),
              (err: Error) => appendFailures.push(`${server.name}: ${err.message}`),
            );
          }, at - Date.now());
          timers.add(t);
        }
      }
    };
    // A server's first poll reads the history; Deadside.log is the last file it reads. Seen from the host (the
    // answer to a read of that log), or from the stored poll status (which a bot may write only now and then).
    // The first poll comes at some point of the first interval: a server not polled by then (+ 30 s) is a failure.
    const readyAt = Date.now();
    const firstDeadline = Math.max(...fleet.servers.map((s) => readyAt + s.pollSeconds * 1100 + 30_000));
    const logOf = new Map(fleet.servers.map((s) => [s.id, s.log]));
    const watchFirstPolls = async () => {
      while (firstPoll.size < fleet.servers.length && Date.now() < firstDeadline) {
        const stored = await db
          .collection<{ _id: string; status?: { lastPollAt?: Date | null } }>('game_servers')
          .find({})
          .toArray();
        const polledIds = new Set(stored.filter((doc) => doc.status?.lastPollAt).map((doc) => doc._id));
        for (const session of reqLog.sessions) {
          const log = session.server === undefined ? undefined : logOf.get(session.server);
          if (log && session.requests.some((r) => r.op === 'read' && (r.dataLen ?? 0) > 0 && r.path === log)) polledIds.add(session.server!);
        }
        for (const server of fleet.servers) {
          if (firstPoll.has(server.id) || !polledIds.has(server.id)) continue;
          firstPoll.set(server.id, Date.now());
          schedule(server, Date.now());
        }
        if (firstPoll.size === fleet.servers.length) break;
        await sleep(500);
      }
      if (firstPoll.size === fleet.servers.length) {
        allPolledAt = Date.now();
        metricsStart = (await scrape(healthPort)) ?? metricsStart;
        acceptedStart = sshd!.acceptedCount();
      } else {
        for (const s of fleet.servers) if (!firstPoll.has(s.id)) failures.push(`${s.name} (${s.tier}) was not polled within ${s1(firstDeadline - readyAt)} of the bot being ready`);
      }
    };
    const firstPolls = watchFirstPolls();

    // POSTs at the double that carry an appended line (its receive time is recorded by the double), the
    // first one per line; kept by key, so a POST seen before its append's promise settled still counts.
    const posts = new Map<string, { at: number; nonce: string | undefined }>();
    let scanned = 0;
    const scan = () => {
      const reqs = d.requests;
      for (; scanned < reqs.length; scanned++) {
        const r = reqs[scanned]!;
        for (const key of fleet.matchPost(r)) if (!posts.has(key)) posts.set(key, { at: r.at, nonce: (r.body as { nonce?: string }).nonce });
      }
      for (const s of samples.values()) {
        const p = s.postedAt === undefined ? posts.get(s.key) : undefined;
        if (p) Object.assign(s, { postedAt: p.at, nonce: p.nonce });
      }
    };
    const scanTimer = setInterval(scan, 100);
    timers.add(scanTimer);

    // Appends run until endAt; then every line gets until its deadline to be posted.
    await sleep(Math.max(0, endAt - Date.now()));
    await firstPolls;
    await sleep(200); // the last appends' writes
    for (;;) {
      scan();
      const open = [...samples.values()].filter((s) => s.postedAt === undefined);
      if (!open.length || failures.some((f) => f.startsWith('the bot exited'))) break;
      if (open.every((s) => Date.now() > s.deadline)) break;
      await sleep(250);
    }
    const endedAt = Date.now();
    const metricsEnd = await scrape(healthPort);
    const acceptedEnd = sshd.acceptedCount();
    // The quiet phase: nothing is appended anywhere, so every poll of every server is idle.
    await sleep(3000); // the last posts' marks, the sender's last pass
    const quietStart = Date.now();
    const metricsQuietStart = await scrape(healthPort);
    console.log(`\nquiet phase: ${IDLE_SECONDS} s with no line appended anywhere (MongoDB commands recorded at a proxy in front of it)`);
    await sleep(IDLE_SECONDS * 1000);
    const quietEnd = Date.now();
    const metricsQuietEnd = await scrape(healthPort);
    for (const s of samples.values()) {
      if (s.postedAt === undefined) failures.push(`${s.kind} ${s.key} on ${s.server.name} (${s.server.tier}) was not posted within ${s1(s.deadline - s.at)}`);
    }
    failures.push(...appendFailures);
    await reqLog.stop();
    const outboxDocs = await db
      .collection<{ _id: string; channelId: string; nonce: string; createdAt: Date; sentAt: Date | null }>('ingest_outbox')
      .find({})
      .toArray();
    const outboxByNonce = new Map(outboxDocs.map((m) => [m.nonce, m]));
    // jongodb's writes cost time in proportion to a collection's size (../shared/spec/testing.md): the sizes
    // the bot's writes ran against, for the apply column below.
    const sizes = await Promise.all(GROWING.map(async (c) => `${c} ${await db.collection(c).countDocuments()}`));

    // ------------------------------------------------------------ delays
    const all = [...samples.values()];
    console.log('\nappend → POST at the Discord double (the line\'s write returned → the double received the message carrying it):');
    console.log(`${colL('tier', 11)}${col('poll', 6)}  ${colL('kind', 5)}${col('samples', 8)}${col('p50', 9)}${col('p99', 9)}${col('max', 9)}${col('mean', 9)}  p50/interval`);
    for (const kind of ['kill', 'join'] as Kind[]) {
      for (const tier of TIER_NAMES) {
        const xs = all.filter((s) => s.kind === kind && s.server.tier === tier && s.postedAt !== undefined).map((s) => s.postedAt! - s.at);
        const poll = TIERS[tier].minPollSeconds;
        const srt = sorted(xs);
        console.log(
          `${colL(TIERS[tier].label, 11)}${col(`${poll} s`, 6)}  ${colL(kind, 5)}${col(String(xs.length), 8)}${col(s1(percentile(srt, 50)), 9)}${col(s1(percentile(srt, 99)), 9)}${col(s1(srt.at(-1) ?? NaN), 9)}${col(s1(mean(xs)), 9)}  ${xs.length ? (percentile(srt, 50) / (poll * 1000)).toFixed(2) : 'n/a'}`,
        );
      }
    }

    // ------------------------------------------------------------ where the time goes
    const requestsByServer = new Map<string, SftpRequest[]>();
    for (const r of reqLog.requests()) {
      const id = r.session.server;
      if (id === undefined) continue;
      const list = requestsByServer.get(id) ?? [];
      list.push(r);
      requestsByServer.set(id, list);
    }
    const pollsByServer = new Map(fleet.servers.map((s) => [s.id, pollsOf(s, requestsByServer.get(s.id) ?? [], Math.min(3000, s.pollSeconds * 300))]));
    /** The server's polls after its first one (the history read), and the periods between their starts. */
    const steadyPolls = (s: FleetServer) => (pollsByServer.get(s.id) ?? []).filter((p) => p.start >= (firstPoll.get(s.id) ?? Infinity));
    const periodsOf = (s: FleetServer) => steadyPolls(s).flatMap((p, i, ps) => (i ? [p.start - ps[i - 1]!.start] : []));
    interface Split {
      wait: number;
      discover: number;
      fetch: number;
      batch: number;
      /** batch made → its outbox message written (journal, stats, windows, credits, the outbox write). */
      apply: number;
      /** outbox written → the sender asks for its channel's messages. */
      pickup: number;
      /** that → POST received at the double (the REST client's queue and pacing included). */
      send: number;
      total: number;
    }
    const commands = cmdLog.commands;
    const splits = new Map<Sample, Split>();
    for (const s of all) {
      if (s.postedAt === undefined) continue;
      const reqs = requestsByServer.get(s.server.id) ?? [];
      // The read answer that carried the line's last byte, and the open of the file before it.
      const read = reqs.find((r) => r.op === 'read' && r.path === s.file && r.off !== undefined && r.off < s.end && r.off + (r.dataLen ?? 0) >= s.end && (r.doneAt ?? r.at) >= s.at);
      const doc = s.nonce ? outboxByNonce.get(s.nonce) : undefined;
      if (!read || !doc) continue;
      const poll = (pollsByServer.get(s.server.id) ?? []).find((p) => p.requests.includes(read));
      const opened = poll?.requests.filter((r) => r.op === 'open' && r.path === s.file && r.at <= read.at).at(-1);
      const tRead = read.doneAt ?? read.at;
      const tPoll = Math.max(s.at, poll?.start ?? tRead);
      const tOpen = Math.max(tPoll, opened?.at ?? read.at);
      const created = doc.createdAt.getTime();
      // From the MongoDB proxy: the outbox write naming the message, then the sender's find of its channel.
      const written = commands.find((c) => c.collection === 'ingest_outbox' && c.name === 'update' && c.at >= created - 50 && c.keys.includes(doc._id))?.at;
      const picked = written === undefined ? undefined : commands.find((c) => c.collection === 'ingest_outbox' && c.name === 'find' && c.at >= written && c.keys.includes(doc.channelId))?.at;
      if (written === undefined || picked === undefined || picked > s.postedAt) continue;
      splits.set(s, {
        wait: tPoll - s.at,
        discover: tOpen - tPoll,
        fetch: tRead - tOpen,
        batch: created - tRead,
        apply: written - created,
        pickup: picked - written,
        send: s.postedAt - picked,
        total: s.postedAt - s.at,
      });
    }
    console.log('\nwhere the time goes (seconds, mean / p50; the means add up to the total). From outside the bot: sshd\'s log of every SFTP');
    console.log('request (bench/fleet.ts SftpRequestLog), the outbox document of the message (createdAt = when the batch was made), the commands at');
    console.log('the MongoDB proxy (bench/mongoWrites.ts: when the outbox message was written, when the sender asked for its channel), the double\'s receive time.');
    console.log('  wait     = append → the next poll of the server starts (its first SFTP request after the append)');
    console.log('  discover = poll start → the file is opened (stats/listings, files before it: a kill applied first delays a join)');
    console.log('  fetch    = open → the answer carrying the line\'s last byte');
    console.log('  batch    = that answer → the batch is made (outbox createdAt)');
    console.log('  apply    = batch made → its outbox message written (journal, stats, guild and window documents, credits, outbox write)');
    console.log('  pickup   = outbox written → the sender asks for that channel\'s due messages');
    console.log('  send     = that → POST received by the double (the marks of earlier messages, the REST client\'s queue and pacing)');
    console.log(`${colL('tier', 11)}${col('poll', 6)}  ${colL('kind', 5)}${col('n', 4)}${['wait', 'discover', 'fetch', 'batch', 'apply', 'pickup', 'send', 'total'].map((h) => col(h, 14)).join('')}  expected wait`);
    for (const kind of ['kill', 'join'] as Kind[]) {
      for (const tier of TIER_NAMES) {
        const xs = [...splits].filter(([s]) => s.kind === kind && s.server.tier === tier).map(([, v]) => v);
        const cell = (f: (v: Split) => number) => col(xs.length ? `${s2(mean(xs.map(f)))} / ${s2(median(xs.map(f)))}` : 'n/a', 14);
        const periods = activeServers.filter((x) => x.tier === tier).flatMap((x) => periodsOf(x));
        // Lines land at uniformly random moments: the mean wait is E[period²] / (2 E[period]).
        const expected = periods.length ? mean(periods.map((p) => p * p)) / (2 * mean(periods)) : NaN;
        console.log(
          `${colL(TIERS[tier].label, 11)}${col(`${TIERS[tier].minPollSeconds} s`, 6)}  ${colL(kind, 5)}${col(String(xs.length), 4)}` +
            `${cell((v) => v.wait)}${cell((v) => v.discover)}${cell((v) => v.fetch)}${cell((v) => v.batch)}${cell((v) => v.apply)}${cell((v) => v.pickup)}${cell((v) => v.send)}${cell((v) => v.total)}  ${col(s2(expected), 13)}`,
        );
      }
    }
    console.log('  expected wait = mean wait for a random moment given the poll periods measured below (E[period²] / 2·E[period])');
    for (const kind of ['kill', 'join'] as Kind[]) {
      const own = sorted([...splits].filter(([s]) => s.kind === kind).map(([, v]) => v.total - v.wait));
      if (own.length) console.log(`  the bot's own part (poll start → POST), every tier, ${kind}s: p50 ${Math.round(percentile(own, 50))} ms, p99 ${Math.round(percentile(own, 99))} ms, max ${Math.round(own.at(-1)!)} ms`);
    }
    const unsplit = all.filter((s) => s.postedAt !== undefined && !splits.has(s)).length;
    console.log(`  documents at the end: ${sizes.join(', ')}`);
    if (unsplit) console.log(`  (${unsplit} posted line(s) without a breakdown: their read was not in the sshd log, their outbox document was gone, or its write or pickup was not seen at the proxy)`);

    // What MongoDB spent its time on while lines were appended (the apply column above is mostly this).
    const inWindow = commands.filter((c) => c.at >= (allPolledAt ?? t0Boot) && c.at < endedAt && c.doneAt !== undefined && !['hello', 'isMaster', 'ismaster'].includes(c.name));
    const byCommand = new Map<string, number[]>();
    for (const c of inWindow) {
      const k = `${c.name} ${c.collection}`.trim();
      const list = byCommand.get(k) ?? [];
      list.push(c.doneAt! - c.at);
      byCommand.set(k, list);
    }
    const windowS = (endedAt - (allPolledAt ?? t0Boot)) / 1000;
    const busiest = [...byCommand].map(([k, ms]) => ({ k, n: ms.length, total: ms.reduce((a, b) => a + b, 0), p50: median(ms), p99: percentile(sorted(ms), 99) })).sort((a, b) => b.total - a.total);
    console.log(`\nMongoDB commands while lines were appended (${inWindow.length} in ${s1(windowS * 1000)}, ${(inWindow.length / windowS).toFixed(1)}/s; sent → answered at the proxy), the 12 that took longest in all:`);
    console.log(`${colL('command', 34)}${col('n', 7)}${col('per s', 8)}${col('total s', 9)}${col('p50 ms', 8)}${col('p99 ms', 8)}`);
    for (const b of busiest.slice(0, 12)) console.log(`${colL(b.k, 34)}${col(String(b.n), 7)}${col((b.n / windowS).toFixed(2), 8)}${col((b.total / 1000).toFixed(1), 9)}${col(String(Math.round(b.p50)), 8)}${col(String(Math.round(b.p99)), 8)}`);

    // Poll cadence seen from the host: the period between poll starts, and how long a poll keeps the host busy.
    console.log('\npolls seen from the host (sshd log; every server after its first poll; busy = first request → last answer of a poll):');
    console.log(`${colL('tier', 11)}${col('poll', 6)}${col('period p50', 12)}${col('period p90', 12)}${col('period−interval p50', 21)}${col('busy p50', 10)}${col('busy p90', 10)}${col('idle poll busy p50', 20)}`);
    for (const tier of TIER_NAMES) {
      const servers = activeServers.filter((x) => x.tier === tier);
      const periods = servers.flatMap((x) => periodsOf(x));
      const polls = servers.flatMap((x) => steadyPolls(x));
      const busy = polls.map((p) => p.end - p.start);
      const idleBusy = polls.filter((p) => !p.active).map((p) => p.end - p.start);
      const ms = (v: number) => (Number.isFinite(v) ? `${Math.round(v)} ms` : 'n/a');
      const poll = TIERS[tier].minPollSeconds * 1000;
      console.log(
        `${colL(TIERS[tier].label, 11)}${col(`${poll / 1000} s`, 6)}${col(s1(median(periods)), 12)}${col(s1(percentile(sorted(periods), 90)), 12)}${col(s1(median(periods) - poll), 21)}` +
          `${col(ms(median(busy)), 10)}${col(ms(percentile(sorted(busy), 90)), 10)}${col(ms(median(idleBusy)), 20)}`,
      );
    }

    // ------------------------------------------------------------ host load
    const windowStart = allPolledAt ?? t0Boot;
    const windowMin = (endedAt - windowStart) / 60_000;
    console.log(`\nwhat polling costs the host, per server, seen by sshd (window: ${s1(endedAt - windowStart)} after every server's first poll, appends included):`);
    console.log(`${colL('tier', 11)}${col('poll', 6)}${col('SFTP req/min', 14)}${col('polls/min', 11)}${col('idle polls/min', 16)}${col('req/idle poll', 15)}${col('req/poll w/ data', 18)}${col('new SSH conn/h', 16)}`);
    let sessionsInWindow = 0;
    for (const tier of TIER_NAMES) {
      const servers = activeServers.filter((x) => x.tier === tier);
      let reqs = 0;
      let conns = 0;
      const idleReqs: number[] = [];
      const dataReqs: number[] = [];
      for (const s of servers) {
        reqs += (requestsByServer.get(s.id) ?? []).filter((r) => r.at >= windowStart && r.at <= endedAt).length;
        for (const p of (pollsByServer.get(s.id) ?? []).filter((x) => x.start >= windowStart && x.start <= endedAt)) (p.active ? dataReqs : idleReqs).push(p.requests.length);
        // One SFTP session per SSH connection of the bot's pool.
        conns += reqLog.sessions.filter((x) => x.server === s.id && x.openedAt >= windowStart && x.openedAt <= endedAt).length;
      }
      sessionsInWindow += conns;
      const perMin = (v: number) => (v / servers.length / windowMin).toFixed(2);
      console.log(
        `${colL(TIERS[tier].label, 11)}${col(`${TIERS[tier].minPollSeconds} s`, 6)}${col(perMin(reqs), 14)}${col(perMin(idleReqs.length + dataReqs.length), 11)}${col(perMin(idleReqs.length), 16)}` +
          `${col(idleReqs.length ? mean(idleReqs).toFixed(1) : 'n/a', 15)}${col(dataReqs.length ? mean(dataReqs).toFixed(1) : 'n/a', 18)}${col(`${(conns / servers.length / (windowMin / 60)).toFixed(1)} (${conns})`, 16)}`,
      );
    }
    console.log(
      `  (new SSH conn/h: in brackets the connections seen in the window for the whole tier; sshd: ${acceptedEnd - acceptedStart} "Accepted password" in the window, ` +
        `${sessionsInWindow} SFTP sessions attributed to servers; ${acceptedEnd - acceptedAtReady} since the bot was ready; ${reqLog.sessions.filter((x) => x.server === undefined).length} session(s) touched no server folder)`,
    );

    // The bot's own counters, when it exports them: per tier when the series name a tier, server or guild.
    const metrics = (['tower_sftp_requests_total', 'tower_ingest_polls_total', 'tower_ingest_idle_polls_total'] as const).map((name) => ({ name, delta: counterDelta(name, metricsStart, metricsEnd, fleet) }));
    console.log(`the bot's /metrics over the same window, per server per minute: ${metrics.map((m) => m.name).join(', ')}`);
    const rows: (TierName | 'all')[] = [...TIER_NAMES.filter((t) => metrics.some((m) => m.delta?.has(t))), 'all'];
    for (const row of rows) {
      const servers = row === 'all' ? fleet.servers.length : fleet.servers.filter((x) => x.tier === row).length;
      const cells = metrics.map(({ delta }) => {
        if (!delta) return col('n/a', 14);
        const v = row === 'all' ? [...delta.values()].reduce((a, b) => a + b, 0) : (delta.get(row) ?? 0);
        return col((v / servers / windowMin).toFixed(2), 14);
      });
      console.log(`${colL(row === 'all' ? 'all tiers' : TIERS[row].label, 17)}${cells.join('')}${metrics.every((m) => !m.delta) ? '   (not exported by this bot)' : ''}`);
    }

    // ------------------------------------------------------------ the top tier's targets (issue 22)
    const top = TIERS[TOP];
    console.log(`\n${top.label} (polls every ${top.minPollSeconds} s), the targets:`);
    const topKills = sorted(all.filter((x) => x.kind === 'kill' && x.server.tier === TOP && x.postedAt !== undefined).map((x) => x.postedAt! - x.at));
    const kp50 = percentile(topKills, 50);
    const kp99 = percentile(topKills, 99);
    console.log(`  kill → post, ${topKills.length} kills: p50 ${s2(kp50)} s (${verdict.target(`${top.label} kill p50`, kp50 <= TARGET.killP50Ms, `≤ ${TARGET.killP50Ms / 1000} s`)})`);
    console.log(`  kill → post: p99 ${s2(kp99)} s (${verdict.target(`${top.label} kill p99`, kp99 <= TARGET.killP99Ms, `≤ ${TARGET.killP99Ms / 1000} s`)}), max ${s2(topKills.at(-1) ?? NaN)} s`);
    verdict.check(`at least 50 ${top.label} kills timed`, topKills.length >= 50);

    // What an idle server asks its host for: the idle servers over the whole run after their first poll, and
    // every top-tier server in the quiet phase; by request, seen by sshd.
    const idleCost = (servers: readonly FleetServer[], from: (s: FleetServer) => number, to: number) => {
      let reqs = 0;
      let seconds = 0;
      let worst = 0;
      const ops = new Map<string, number>();
      const polls: number[] = [];
      for (const srv of servers) {
        const start = from(srv);
        const mine = (requestsByServer.get(srv.id) ?? []).filter((r) => r.at >= start && r.at < to);
        for (const r of mine) ops.set(r.op, (ops.get(r.op) ?? 0) + 1);
        polls.push((pollsByServer.get(srv.id) ?? []).filter((p) => p.start >= start && p.start < to).length);
        reqs += mine.length;
        seconds += (to - start) / 1000;
        worst = Math.max(worst, mine.length / ((to - start) / 1000));
      }
      const pollsPerMin = (polls.reduce((a, b) => a + b, 0) / seconds) * 60;
      return { perSecond: reqs / seconds, worst, ops, pollsPerMin, seconds: seconds / Math.max(1, servers.length) };
    };
    const opsText = (ops: Map<string, number>, seconds: number) => [...ops].sort((a, b) => b[1] - a[1]).map(([op, n]) => `${op} ${(n / seconds).toFixed(3)}/s`).join(', ');
    const idleRun = idleCost(idleServers, (x) => firstPoll.get(x.id) ?? Infinity, quietEnd);
    const topServers = fleet.servers.filter((x) => x.tier === TOP);
    const quiet = idleCost(topServers, () => quietStart, quietEnd);
    if (idleServers.length) {
      console.log(
        `  an idle server's SFTP requests (sshd's log; ${idleServers.length} servers no line was appended to, ${s1(idleRun.seconds * 1000)} each after their first poll): ` +
          `${idleRun.perSecond.toFixed(3)} per second, the busiest ${idleRun.worst.toFixed(3)} (${verdict.target('SFTP requests per second of an idle server', idleRun.worst <= TARGET.idleRequestsPerSecond, `≤ ${TARGET.idleRequestsPerSecond}`)})`,
      );
      console.log(`    ${idleRun.pollsPerMin.toFixed(1)} polls a minute per server; requests per server: ${opsText(idleRun.ops, idleRun.seconds * idleServers.length)}`);
    }
    console.log(
      `  every ${top.label} server in the quiet phase (${topServers.length}): ${quiet.perSecond.toFixed(3)} SFTP requests per second, the busiest ${quiet.worst.toFixed(3)} ` +
        `(${verdict.target(`SFTP requests per second of a quiet ${top.label} server`, quiet.worst <= TARGET.idleRequestsPerSecond, `≤ ${TARGET.idleRequestsPerSecond}`)}); ${opsText(quiet.ops, quiet.seconds * topServers.length)}`,
    );

    // MongoDB writes in the quiet phase, against the polls the bot made then (all of them idle).
    const writes = cmdLog.writes(quietStart, quietEnd);
    const polls = counterDelta('tower_ingest_polls_total', metricsQuietStart, metricsQuietEnd, fleet)?.get('all');
    const idlePolls = counterDelta('tower_ingest_idle_polls_total', metricsQuietStart, metricsQuietEnd, fleet)?.get('all');
    const timer = (w: { name: string; collection: string }) => TIMER_WRITES.some((t) => t.name === w.name && t.collection === w.collection);
    const byWrite = new Map<string, number>();
    for (const w of writes) byWrite.set(`${w.name} ${w.collection}`, (byWrite.get(`${w.name} ${w.collection}`) ?? 0) + 1);
    const pollWrites = writes.filter((w) => !timer(w)).length;
    const perPoll = idlePolls ? pollWrites / idlePolls : NaN;
    console.log(
      `  MongoDB in the quiet phase (${s1(quietEnd - quietStart)}, every server): ${polls ?? 'n/a'} polls, ${idlePolls ?? 'n/a'} of them idle; ${writes.length} write command(s): ` +
        `${[...byWrite].map(([k, n]) => `${n}× ${k}`).join(', ') || 'none'}`,
    );
    console.log(
      `  writes per idle poll, the process's timers aside: ${Number.isFinite(perPoll) ? perPoll.toFixed(4) : 'n/a'} (${pollWrites} write(s)) ` +
        `(${verdict.target('MongoDB writes per idle poll', perPoll <= TARGET.idleWritesPerPoll, `${TARGET.idleWritesPerPoll}`)}); all writes per idle poll ${idlePolls ? (writes.length / idlePolls).toFixed(4) : 'n/a'}`,
    );
    for (const t of TIMER_WRITES) {
      const n = writes.filter((w) => w.name === t.name && w.collection === t.collection).length;
      verdict.check(`${t.name} ${t.collection} (${t.what}) at most once per ${s1(t.everyMs)} in the quiet phase`, n <= Math.ceil((quietEnd - quietStart) / t.everyMs) + 1);
    }
    verdict.check('every poll of the quiet phase was idle', polls !== undefined && polls === idlePolls);

    if (d.schemaViolations.length) console.log(`  WARNING: ${d.schemaViolations.length} REST bodies failed Discord's schema`);
    const warns = bot.logs.filter((l) => l.level >= 40);
    if (warns.length) {
      const byMsg = new Map<string, number>();
      for (const w of warns) byMsg.set(w.msg, (byMsg.get(w.msg) ?? 0) + 1);
      console.log(`  bot warnings/errors: ${[...byMsg].map(([m, n]) => `${n}× ${m}`).join('; ')}`);
    }
  } finally {
    stopping = true;
    for (const t of timers) clearTimeout(t);
    await bot?.stop().catch(() => undefined);
    await double?.stop().catch(() => undefined);
    await reqLog.stop().catch(() => undefined);
    await cmdLog?.stop().catch(() => undefined);
    await Promise.all([sshd?.stop(), mongo?.stop()].map((p) => p?.catch(() => undefined)));
  }
  verdict.settle();
  if (failures.length) {
    console.log(`\nFAILED:\n  ${failures.slice(0, 30).join('\n  ')}${failures.length > 30 ? `\n  … and ${failures.length - 30} more` : ''}`);
    throw new Error(`${failures.length} failure(s)`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runBench('killpost', main, { deadlineMs: (SECONDS + IDLE_SECONDS) * 1000 + 10 * 60_000 });
}
