/**
 * Board pages of huge guilds (`npm run bench -- boardpage`): StatsQueries.board (src/stats/queries.ts),
 * the read behind /leaderboard and posted boards, over the real indexes (ensureIngestIndexes), for
 *   A. a guild with 1,000,000 player ids (issue 21: page p99 ≤ 100 ms, heap growth ≤ 50 MiB), and
 *   B. a guild with 100,000 players and 5,000,000 kills (issue 22: page p99 ≤ 50 ms), all time and the
 *      current month's window.
 * Each player has a guild-wide document and one per-server document (one server), as the engine keeps
 * them; counts are drawn from a heavy-tailed distribution summing to the scenario's kills.
 *
 * The database: `BENCH_MONGODB_URI` or `MONGODB_TEST_URI` (a real MongoDB: a database of its own, dropped
 * at the end). Without one, jongodb (the tests' server), which is slow past a few thousand documents and
 * has no `explain`: each scenario then runs at BENCH_BOARD_JONGODB_PLAYERS (default 2,000; a page already
 * takes ~200 ms there at 4,000 documents) players, the
 * latency targets are NOT judged (jongodb's scans are not MongoDB's), and what is judged is what does not
 * depend on the server: round trips per page, documents returned per page, heap growth while paging, and
 * the bot side's CPU per page (this process's, the driver's decoding included).
 * With a real MongoDB the query plans are printed too (explain: the index used, keys and documents
 * examined for the first page and a deep one).
 *
 * A read is a fresh StatsQueries each time (its 30 s page cache would answer repeats): half the reads are
 * one of the first 5 pages (what members open), half a page drawn over the whole board (skip cost).
 * Env: BENCH_BOARD_READS (per case: 400, 100 on jongodb), BENCH_BOARD_PLAYERS_A / _B (sizes on a real MongoDB).
 */
import { runInNewContext } from 'node:vm';
import v8 from 'node:v8';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { guildPlayer } from '../src/ingest/guildStats.js';
import { rankField, type PlayerBoardName } from '../src/ingest/rank.js';
import type { PlayerStats } from '../src/ingest/schemas.js';
import { kdr, newPlayer, withBoardFields } from '../src/ingest/statsDocs.js';
import { ensureIngestIndexes, ingestCollections, type IngestCollections } from '../src/ingest/store.js';
import { newWindowPlayer, withWindowRanks, type WindowPlayer } from '../src/ingest/windowDocs.js';
import { liveWindowKey, type WindowChoice } from '../src/ingest/windows.js';
import { StatsQueries } from '../src/stats/queries.js';
import { rng } from '../tests/deadside/generate.js';
import { startMongo, type TestMongo } from '../tests/support/mongo.js';
import { runBench } from './lifecycle.js';
import { summarize } from './stats.js';
import { Targets } from './targets.js';

const env = (name: string, dflt: number) => (process.env[name] ? Number(process.env[name]) : dflt);
const URI = process.env.BENCH_MONGODB_URI || process.env.MONGODB_TEST_URI || '';
const REAL = URI !== '';
const JONGO_PLAYERS = env('BENCH_BOARD_JONGODB_PLAYERS', 2_000);
const READS = env('BENCH_BOARD_READS', REAL ? 400 : 100);
const PAGE_SIZE = 10;
const HEAP_GOAL = 50 * 1024 * 1024;
const CHUNK = 1_000;
const MiB = 1024 * 1024;
const SERVER = 'srv-bench-1';
const AT = new Date();
const HANDSHAKE = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'endSessions', 'saslStart', 'saslContinue', 'buildInfo']);

interface Scenario {
  label: string;
  guildId: string;
  players: number;
  kills: number;
  goalP99Ms: number;
  /** Players with numbers in the current month's window (0: no window case). */
  monthPlayers: number;
}

const aPlayers = REAL ? env('BENCH_BOARD_PLAYERS_A', 1_000_000) : JONGO_PLAYERS;
const bPlayers = REAL ? env('BENCH_BOARD_PLAYERS_B', 100_000) : JONGO_PLAYERS;
const SCENARIOS: Scenario[] = [
  { label: `A: ${aPlayers.toLocaleString('en-US')} player ids`, guildId: '1900000000000000101', players: aPlayers, kills: aPlayers * 3, goalP99Ms: 100, monthPlayers: 0 },
  // B keeps issue 22's 50 kills per player at whatever size it runs.
  { label: `B: ${bPlayers.toLocaleString('en-US')} players, ${(bPlayers * 50).toLocaleString('en-US')} kills`, guildId: '1900000000000000102', players: bPlayers, kills: bPlayers * 50, goalP99Ms: 50, monthPlayers: Math.round(bPlayers * 0.3) },
];

const gcFn = (() => {
  v8.setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();
const settle = async () => {
  gcFn();
  await new Promise((r) => setTimeout(r, 100));
  gcFn();
};

/** A count from an exponential distribution of the given mean (a few players kill a lot). */
const heavy = (r: () => number, mean: number) => Math.floor(-Math.log(1 - r()) * mean);

function makePlayer(s: Scenario, i: number, r: () => number): { server: PlayerStats; guild: Document } {
  const id = `${s.guildId.slice(-3)}${i.toString(16).padStart(29, '0')}`;
  const p = newPlayer({ guildId: s.guildId, serverId: SERVER }, id, `Player ${(i * 7919) % s.players} ${i}`, AT);
  const mean = s.kills / s.players;
  p.kills = heavy(r, mean);
  p.deaths = heavy(r, mean);
  p.suicidesTotal = heavy(r, 1);
  p.suicides.menu = p.suicidesTotal;
  p.kdr = kdr(p);
  p.bestStreak = Math.min(p.kills, heavy(r, 3));
  if (p.kills > 0 && r() < 0.6) p.longestKill = { distance: Math.round(r() * 8000) / 10, weapon: 'SVD', victimId: id, victimName: p.name, at: AT };
  p.lastSeq = 1;
  withBoardFields(p);
  return { server: p, guild: guildPlayer(s.guildId, [p]) as unknown as Document };
}

async function seed(cols: IngestCollections, s: Scenario, monthKey: string): Promise<number> {
  const r = rng(Number(s.guildId.slice(-3)));
  const stats = cols.stats as unknown as Collection<Document>;
  const t0 = performance.now();
  for (let i = 0; i < s.players; i += CHUNK) {
    const docs: Document[] = [];
    const windows: WindowPlayer[] = [];
    for (let j = i; j < Math.min(s.players, i + CHUNK); j++) {
      const { server, guild } = makePlayer(s, j, r);
      docs.push(server as unknown as Document, guild);
      if (j < s.monthPlayers) {
        const w = newWindowPlayer(s.guildId, '*', monthKey, server.playerId, server.name, AT);
        w._id = `${s.guildId}|*|${monthKey}|${server.playerId}`;
        w.kills = heavy(r, (s.kills / s.players) * 0.2);
        w.deaths = heavy(r, (s.kills / s.players) * 0.2);
        windows.push(withWindowRanks(w));
      }
    }
    await stats.insertMany(docs, { ordered: false });
    if (windows.length) await cols.windows.insertMany(windows, { ordered: false });
  }
  return performance.now() - t0;
}

interface Case {
  board: PlayerBoardName;
  serverId?: string;
  window: WindowChoice;
  label: string;
}

/** The query a page sends, as StatsQueries.board builds it, for explain (real MongoDB only). */
async function explainPage(cols: IngestCollections, s: Scenario, board: PlayerBoardName, page: number): Promise<string> {
  const stats = cols.stats as unknown as Collection<Document>;
  const filter = { guildId: s.guildId, serverId: '*', type: 'guildPlayer', [rankField(board)]: { $gt: 0 } };
  const plan = (await stats.find(filter).sort({ [rankField(board)]: -1, nameLower: 1, _id: 1 }).skip((page - 1) * PAGE_SIZE).limit(PAGE_SIZE).explain('executionStats')) as Document;
  const names: string[] = [];
  const walk = (st: Document | undefined) => {
    if (!st) return;
    if (st.indexName) names.push(String(st.indexName));
    walk(st.inputStage as Document | undefined);
    for (const x of (st.inputStages as Document[] | undefined) ?? []) walk(x);
  };
  walk((plan.queryPlanner as Document)?.winningPlan as Document);
  const ex = plan.executionStats as Document;
  const count = (await stats.db.command({ explain: { count: stats.collectionName, query: filter }, verbosity: 'executionStats' })) as Document;
  const cex = count.executionStats as Document;
  return `page ${page}: index ${names.join('>') || 'NONE (collection scan)'}, keys examined ${ex.totalKeysExamined}, docs examined ${ex.totalDocsExamined}, returned ${ex.nReturned}; count: keys examined ${cex?.totalKeysExamined}, docs examined ${cex?.totalDocsExamined}`;
}

async function main(): Promise<void> {
  const verdict = new Targets();
  if (!REAL) {
    console.log(
      'database: jongodb (no BENCH_MONGODB_URI or MONGODB_TEST_URI set; no real MongoDB can be installed on this machine).\n' +
        `  Each scenario runs at ${JONGO_PLAYERS.toLocaleString('en-US')} players, not its target size; latencies are jongodb's and NOT judged\n` +
        '  (set BENCH_MONGODB_URI=mongodb://… to measure the targets); judged here: round trips and documents per page, heap growth.',
    );
  } else {
    process.env.MONGODB_TEST_URI = URI;
    console.log(`database: a real MongoDB at ${new URL(URI).host} (a database of its own, dropped at the end)`);
  }
  const mongo: TestMongo = await startMongo();
  const reader = await new MongoClient(mongo.uri, { monitorCommands: true }).connect();
  let roundTrips = 0;
  reader.on('commandStarted', (e) => {
    if (!HANDSHAKE.has(e.commandName)) roundTrips++;
  });
  try {
    if (REAL) {
      const info = (await mongo.db.admin().command({ buildInfo: 1 })) as Document;
      console.log(`  server version ${info.version}`);
    }
    const seedCols = ingestCollections(mongo.db);
    await ensureIngestIndexes(seedCols);
    const cols = ingestCollections(reader.db(mongo.db.databaseName));
    const month: WindowChoice = { name: 'month' };
    const monthKey = liveWindowKey(month, AT, 'UTC', null)!;
    const clock = { timeZone: async () => 'UTC', currentSeason: async () => null, now: () => AT };
    const members = { topPixelPlacers: async () => [] };
    for (const s of SCENARIOS) {
      console.log(`\n${s.label} (guild-wide and per-server documents${s.monthPlayers ? `, ${s.monthPlayers.toLocaleString('en-US')} in this month's window` : ''}):`);
      const seedMs = await seed(seedCols, s, monthKey);
      console.log(`  seeded ${(s.players * 2 + s.monthPlayers).toLocaleString('en-US')} documents in ${(seedMs / 1000).toFixed(1)} s`);
      const cases: Case[] = [
        { board: 'kills', window: { name: 'all' }, label: 'kills, guild-wide, all time' },
        { board: 'kdr', window: { name: 'all' }, label: 'K/D, guild-wide, all time' },
        { board: 'longest_kill', serverId: SERVER, window: { name: 'all' }, label: 'longest kill, one server' },
        ...(s.monthPlayers ? [{ board: 'kills' as const, window: month, label: 'kills, guild-wide, this month' }] : []),
      ];
      const all: number[] = [];
      let maxDocs = 0;
      let maxTrips = 0;
      await settle();
      const heap0 = process.memoryUsage().heapUsed;
      let heapPeak = heap0;
      const cpu0 = process.cpuUsage();
      const r = rng(7);
      for (const c of cases) {
        const total = (await new StatsQueries(cols.stats, members, { col: cols.windows, clock }).board(s.guildId, c.board, 1, PAGE_SIZE, c.serverId, c.window)).total;
        const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
        const top: number[] = [];
        const deep: number[] = [];
        for (let i = 0; i < READS; i++) {
          const deepRead = i % 2 === 1;
          const page = deepRead ? 1 + Math.floor(r() * pages) : 1 + (i % 5);
          const q = new StatsQueries(cols.stats, members, { col: cols.windows, clock });
          const before = roundTrips;
          const t = performance.now();
          const result = await q.board(s.guildId, c.board, page, PAGE_SIZE, c.serverId, c.window);
          const ms = performance.now() - t;
          (deepRead ? deep : top).push(ms);
          all.push(ms);
          maxDocs = Math.max(maxDocs, result.players.length);
          maxTrips = Math.max(maxTrips, roundTrips - before);
          if (i % 50 === 0) heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
        }
        const ts = summarize(top);
        const ds = summarize(deep);
        console.log(
          `  ${c.label.padEnd(32)} ${total.toLocaleString('en-US').padStart(10)} ranked; first 5 pages p50 ${ts.p50.toFixed(2)} / p99 ${ts.p99.toFixed(2)} ms; ` +
            `any page p50 ${ds.p50.toFixed(2)} / p99 ${ds.p99.toFixed(2)} ms`,
        );
        if (REAL && c.window.name === 'all' && !c.serverId) {
          for (const page of [1, Math.max(1, Math.floor(pages / 2))]) console.log(`    plan ${await explainPage(cols, s, c.board, page)}`);
        }
      }
      const cpu = process.cpuUsage(cpu0);
      await settle();
      const heapEnd = process.memoryUsage().heapUsed;
      const sAll = summarize(all);
      const growth = Math.max(heapPeak, heapEnd) - heap0;
      const p99Text = `p99 ≤ ${s.goalP99Ms} ms`;
      console.log(`  all ${all.length} reads: p50 ${sAll.p50.toFixed(2)} ms, p99 ${sAll.p99.toFixed(2)} ms (${REAL ? verdict.target(`${s.label} page p99`, sAll.p99 <= s.goalP99Ms, p99Text) : `target ${p99Text}: not judged on jongodb`})`);
      console.log(`  round trips per page: at most ${maxTrips} (${verdict.target(`${s.label} round trips per page`, maxTrips <= 2, '≤ 2')})`);
      console.log(`  players returned per page: at most ${maxDocs} (${verdict.target(`${s.label} documents per page`, maxDocs <= PAGE_SIZE, `≤ ${PAGE_SIZE}`)})`);
      console.log(`  bot-side CPU per page (this process: query building, driver, decoding): ${((cpu.user + cpu.system) / 1000 / all.length).toFixed(2)} ms`);
      console.log(`  heap growth while paging: ${(growth / MiB).toFixed(1)} MiB at peak, ${((heapEnd - heap0) / MiB).toFixed(1)} MiB retained (${verdict.target(`${s.label} heap growth`, growth <= HEAP_GOAL, '≤ 50 MiB')})`);
    }
  } finally {
    await reader.close();
    await mongo.stop();
  }
  console.log(`\ndatabase used: ${REAL ? 'a real MongoDB' : 'jongodb (sizes reduced, latencies not judged)'}`);
  verdict.settle();
}

runBench('boardpage', main, { deadlineMs: env('BENCH_DEADLINE_MS', 60 * 60_000) });
