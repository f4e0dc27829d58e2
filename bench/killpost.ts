/**
 * Kill-to-post (`npm run bench -- killpost`; needs root for sshd): how long after a killfeed line (or a
 * Deadside.log join) is written on the game host its message reaches Discord, per premium tier, with
 * the real bot process (src/main.ts) against the Discord double, jongodb (MONGODB_TEST_URI: a real
 * MongoDB) and one real OpenSSH sshd.
 *
 * Set-up (bench/fleet.ts): KILLPOST_SERVERS servers per tier (default 6), all tiers at once, each polled at
 * its tier's floor (TIERS[tier].minPollSeconds), killfeed delay 0, seeded straight into MongoDB. Once a
 * server's first poll is done, its killfeed and its Deadside.log each get lines at random moments
 * (uniform over the rest of KILLPOST_SECONDS, default 240 s; KILLPOST_SAMPLES per tier and kind, default
 * 48; KILLPOST_SEED picks the moments); each is timed from the moment its write returned to the moment
 * the double received the POST that carries it. About 5–6 minutes with the defaults.
 *
 * Printed: p50 / p99 / max per tier for kills and joins; where the time goes (from outside the bot: the
 * sshd's own log of every SFTP request, the outbox documents, the double's receive times); what polling
 * costs the host (SFTP requests per minute and new SSH connections per hour, per server), from sshd's side
 * and, when the bot exports them, from its /metrics (tower_sftp_requests_total, tower_ingest_polls_total,
 * tower_ingest_idle_polls_total; "n/a" where it does not).
 *
 * Exits non-zero only when something failed: a line not posted within 3 poll intervals + 30 s, the bot
 * exiting, a server not polled within its first interval + 30 s, the bot not polling every seeded server.
 */
import { pathToFileURL } from 'node:url';
import { TIER_NAMES, TIERS, type TierName } from '../src/premium/tiers.js';
import { startBotProcess, type BotProcess } from '../tests/support/bot.js';
import { DiscordDouble } from '../tests/support/discord-double/index.js';
import { rng } from '../tests/deadside/generate.js';
import { startMongo, type TestMongo } from '../tests/support/mongo.js';
import { freePort, startSshd, type Sshd } from '../tests/support/sshd.js';
import { Fleet, SftpRequestLog, type AppendedLine, type FleetServer, type SftpRequest } from './fleet.js';
import { runBench } from './lifecycle.js';
import { percentile } from './stats.js';

const env = (name: string, dflt: number) => {
  const v = Number(process.env[name] ?? dflt);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`);
  return v;
};
const SECONDS = env('KILLPOST_SECONDS', 240);
const SERVERS_PER_TIER = Math.round(env('KILLPOST_SERVERS', 6));
const SAMPLES_PER_TIER = Math.round(env('KILLPOST_SAMPLES', 48));
const SEED = Math.round(env('KILLPOST_SEED', 1));

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
  const reqLog = await SftpRequestLog.create();
  const failures: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let stopping = false;
  try {
    [sshd, mongo] = await Promise.all([startSshd({ extraConfig: reqLog.sshdConfig() }), startMongo()]);
    const fleet = await Fleet.create({ db: mongo.db, sshd, groups: TIER_NAMES.map((tier) => ({ tier, servers: SERVERS_PER_TIER })) });
    reqLog.start((p) => fleet.serverOfPath(p)?.id);
    double = await DiscordDouble.start({ applicationId: APP, botUserId: BOT_USER, token: 'killpost-bench-token', guilds: fleet.guildDefs() });
    const healthPort = await freePort();
    const t0Boot = Date.now();
    bot = await startBotProcess({
      apiBase: double.apiBase,
      token: double.token,
      applicationId: APP,
      mongoUri: mongo.uri,
      env: { ALLOW_PRIVATE_SFTP_HOSTS: 'true', HEALTH_PORT: String(healthPort) },
    });
    const ready = bot.logs.find((l) => l.msg === 'bot ready');
    const polled = Number(ready?.gameServers ?? NaN);
    console.log(
      `killpost: ${fleet.servers.length} servers (${SERVERS_PER_TIER} per tier, ${fleet.guilds.length} guilds), real bot (ready in ${s1(Date.now() - t0Boot)}, polling ${polled}), ` +
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
    const perServer = Math.ceil(SAMPLES_PER_TIER / SERVERS_PER_TIER);
    const schedule = (server: FleetServer, from: number) => {
      if (from >= endAt) return;
      for (const kind of ['kill', 'join'] as Kind[]) {
        for (let i = 0; i < perServer; i++) {
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
    for (const s of samples.values()) {
      if (s.postedAt === undefined) failures.push(`${s.kind} ${s.key} on ${s.server.name} (${s.server.tier}) was not posted within ${s1(s.deadline - s.at)}`);
    }
    failures.push(...appendFailures);
    await reqLog.stop();
    const outboxDocs = await db
      .collection<{ nonce: string; createdAt: Date; sentAt: Date | null }>('ingest_outbox')
      .find({})
      .toArray();
    const outboxByNonce = new Map(outboxDocs.map((m) => [m.nonce, m]));

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
      post: number;
      total: number;
    }
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
      splits.set(s, { wait: tPoll - s.at, discover: tOpen - tPoll, fetch: tRead - tOpen, batch: created - tRead, post: s.postedAt - created, total: s.postedAt - s.at });
    }
    console.log('\nwhere the time goes (seconds, mean / p50; the means add up to the total). From outside the bot: sshd\'s log of every SFTP');
    console.log('request (bench/fleet.ts SftpRequestLog), the outbox document of the message (createdAt = when the batch was made), the double\'s receive time.');
    console.log('  wait     = append → the next poll of the server starts (its first SFTP request after the append)');
    console.log('  discover = poll start → the file is opened (stats/listings, files before it: a kill applied first delays a join)');
    console.log('  fetch    = open → the answer carrying the line\'s last byte');
    console.log('  batch    = that answer → the batch is made (outbox createdAt)');
    console.log('  post     = batch made → POST received (journal, stats, outbox write, commit, sender, REST)');
    console.log(`${colL('tier', 11)}${col('poll', 6)}  ${colL('kind', 5)}${col('n', 4)}${col('wait', 16)}${col('discover', 16)}${col('fetch', 16)}${col('batch', 16)}${col('post', 16)}${col('total', 16)}  expected wait`);
    for (const kind of ['kill', 'join'] as Kind[]) {
      for (const tier of TIER_NAMES) {
        const xs = [...splits].filter(([s]) => s.kind === kind && s.server.tier === tier).map(([, v]) => v);
        const cell = (f: (v: Split) => number) => col(xs.length ? `${s2(mean(xs.map(f)))} / ${s2(median(xs.map(f)))}` : 'n/a', 16);
        const periods = (fleet.servers.filter((x) => x.tier === tier).flatMap((x) => periodsOf(x)));
        // Lines land at uniformly random moments: the mean wait is E[period²] / (2 E[period]).
        const expected = periods.length ? mean(periods.map((p) => p * p)) / (2 * mean(periods)) : NaN;
        console.log(
          `${colL(TIERS[tier].label, 11)}${col(`${TIERS[tier].minPollSeconds} s`, 6)}  ${colL(kind, 5)}${col(String(xs.length), 4)}` +
            `${cell((v) => v.wait)}${cell((v) => v.discover)}${cell((v) => v.fetch)}${cell((v) => v.batch)}${cell((v) => v.post)}${cell((v) => v.total)}  ${col(s2(expected), 13)}`,
        );
      }
    }
    console.log('  expected wait = mean wait for a random moment given the poll periods measured below (E[period²] / 2·E[period])');
    for (const kind of ['kill', 'join'] as Kind[]) {
      const own = sorted([...splits].filter(([s]) => s.kind === kind).map(([, v]) => v.total - v.wait));
      if (own.length) console.log(`  the bot's own part (poll start → POST), every tier, ${kind}s: p50 ${Math.round(percentile(own, 50))} ms, p99 ${Math.round(percentile(own, 99))} ms, max ${Math.round(own.at(-1)!)} ms`);
    }
    const unsplit = all.filter((s) => s.postedAt !== undefined && !splits.has(s)).length;
    if (unsplit) console.log(`  (${unsplit} posted line(s) without a breakdown: their read was not in the sshd log or their outbox document was gone)`);

    // Poll cadence seen from the host: the period between poll starts, and how long a poll keeps the host busy.
    console.log('\npolls seen from the host (sshd log; every server after its first poll; busy = first request → last answer of a poll):');
    console.log(`${colL('tier', 11)}${col('poll', 6)}${col('period p50', 12)}${col('period p90', 12)}${col('period−interval p50', 21)}${col('busy p50', 10)}${col('busy p90', 10)}${col('idle poll busy p50', 20)}`);
    for (const tier of TIER_NAMES) {
      const servers = fleet.servers.filter((x) => x.tier === tier);
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
      const servers = fleet.servers.filter((x) => x.tier === tier);
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
    await Promise.all([sshd?.stop(), mongo?.stop()].map((p) => p?.catch(() => undefined)));
  }
  if (failures.length) {
    console.log(`\nFAILED:\n  ${failures.slice(0, 30).join('\n  ')}${failures.length > 30 ? `\n  … and ${failures.length - 30} more` : ''}`);
    throw new Error(`${failures.length} failure(s)`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runBench('killpost', main, { deadlineMs: SECONDS * 1000 + 10 * 60_000 });
}
