/**
 * The canvas bench's crowds through the real bot process (bench/canvas.ts runs them): CROWD_WORKERS
 * members placing at once, a fresh member per placement (no cooldown or rate-limit waits), once with
 * `/canvas place` and once with the Place button of each member's own `/canvas view`. Per path: wall
 * p50/p99 to the answer and to the confirmation, the bot process's CPU milliseconds per placement
 * (utime+stime from /proc, bookkeeping after the answer included: the whole bot — gateway, framework,
 * Discord REST, MongoDB driver, economy — not only the canvas) and MongoDB round trips per placement
 * (wire messages through tests/support/mongoWire.ts, the driver's heartbeats left out). jongodb slows
 * down as collections grow, so wall times there are figures to report; round trips and CPU are the
 * measures.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { DEFAULT_PALETTE } from '../src/canvas/palette.js';
import { DiscordDouble } from '../tests/support/discord-double/index.js';
import type { DoubleMessage, InteractionHandle } from '../tests/support/discord-double/index.js';
import { startBotProcess } from '../tests/support/bot.js';
import { startMongo } from '../tests/support/mongo.js';
import { HEARTBEAT_COMMANDS, startMongoWireCounter } from '../tests/support/mongoWire.js';
import { fmt, summarize } from './stats.js';
import type { Targets } from './targets.js';

/** Members placing at once. */
export const CROWD_WORKERS = 50;
/** Measured placements per worker, each by a member of its own; one more per worker warms up first. */
export const CROWD_EACH = 4;
const CLOCK_TICK_MS = 10; // /proc/<pid>/stat counts CPU time in ticks of 1/CLK_TCK s; CLK_TCK is 100 on Linux

/** utime + stime of a process and all its descendants, in ms (the bot: node with tsx's loader). */
function cpuMsOfTree(pid: number): number {
  let total = 0;
  const visit = (p: number): void => {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${p}/stat`, 'utf8');
    } catch {
      return; // exited meanwhile
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd (state) on
    total += (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS; // utime, stime: fields 14, 15
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      return;
    }
    for (const t of tasks) {
      let children = '';
      try {
        children = readFileSync(`/proc/${p}/task/${t}/children`, 'utf8');
      } catch {
        continue;
      }
      for (const c of children.split(' ').filter(Boolean)) visit(Number(c));
    }
  };
  visit(pid);
  return total;
}

function customIdsOf(m: DoubleMessage): string[] {
  const out: string[] = [];
  const walk = (c: unknown): void => {
    if (!c || typeof c !== 'object') return;
    const o = c as { custom_id?: string; components?: unknown[] };
    if (o.custom_id) out.push(o.custom_id);
    for (const child of o.components ?? []) walk(child);
  };
  for (const row of m.components ?? []) walk(row);
  return out;
}

type CrowdPath = 'slash' | 'button';

interface CrowdResult {
  answer: number[];
  confirmed: number[];
  placements: number;
  failures: string[];
  cpuMs: number;
  roundTrips: number;
  byCommand: Record<string, number>;
  /** PNGs the bot uploaded, and REST requests it made, during the measured placements. */
  images: number;
  requests: number;
}

/**
 * One path under a crowd: a fresh database, bot and guild; CROWD_WORKERS workers each place CROWD_EACH + 1
 * pixels one after the other, each with a member of its own, all workers at once. The first placement of
 * each worker warms up (JIT, first writes) and is not measured.
 */
async function crowdPath(path: CrowdPath): Promise<CrowdResult> {
  const guild = '1400000000000000200';
  const channel = '1400000000000000210';
  const perWorker = CROWD_EACH + 1;
  const members = Array.from({ length: CROWD_WORKERS * perWorker }, (_, i) => ({ id: String(1400000000000100000n + BigInt(i)), username: `crowd${i}` }));
  const mongo = await startMongo();
  const wire = await startMongoWireCounter(mongo.uri);
  const double = await DiscordDouble.start({
    applicationId: '1400000000000000001',
    botUserId: '1400000000000000002',
    token: 'canvas-crowd-token',
    guilds: [{ id: guild, name: 'Crowd', ownerId: members[0]!.id, channels: [{ id: channel, name: 'canvas', type: 'text' }], members }],
  });
  // The double tells clients `Keep-Alive: timeout=1` (its keepAliveTimeout of 1 s), under undici's 2 s
  // threshold: the bot then opens a new connection for every REST request, which Discord does not make
  // it do. CANVAS_BENCH_KEEPALIVE_MS (e.g. 10000) measures the bot with connections kept, as with Discord.
  const keepAliveMs = Number(process.env.CANVAS_BENCH_KEEPALIVE_MS);
  if (keepAliveMs > 0) (double as unknown as { server: { keepAliveTimeout: number } }).server.keepAliveTimeout = keepAliveMs;
  // BOT_NODE_OPTIONS reaches the bot's NODE_OPTIONS, e.g. `--import ./profiler.mjs` to profile it under the crowd.
  const bot = await startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: '1400000000000000001', mongoUri: wire.uri, env: { NODE_OPTIONS: process.env.BOT_NODE_OPTIONS } });
  const pid = bot.proc.pid!;
  // Member k of worker w is members[w * perWorker + k]; its pixel is its index on the 32×32 board.
  const pixelOf = (i: number) => ({ x: i % 32, y: Math.floor(i / 32) % 32 });
  const colorOf = (i: number) => DEFAULT_PALETTE[i % 16]!.name;
  try {
    // The button path: every member opens a view of their own on their pixel first (not measured).
    const views = new Map<number, DoubleMessage>();
    if (path === 'button') {
      for (let start = 0; start < members.length; start += CROWD_WORKERS) {
        const batch = members.slice(start, start + CROWD_WORKERS).map(async (m, k) => {
          const i = start + k;
          const view = await (await double.slash({ guildId: guild, userId: m.id, command: 'canvas', subcommand: 'view', options: pixelOf(i) })).reply(60_000);
          views.set(i, view);
        });
        await Promise.all(batch);
      }
    }
    const placeOne = async (i: number): Promise<{ answer: number; confirmed: number; failure?: string }> => {
      const member = members[i]!;
      const t0 = performance.now();
      let ix: InteractionHandle;
      if (path === 'slash') {
        ix = await double.slash({ guildId: guild, userId: member.id, command: 'canvas', subcommand: 'place', options: { ...pixelOf(i), color: colorOf(i) } });
      } else {
        const view = views.get(i)!;
        const place = customIdsOf(view).find((c) => c.startsWith('canvas:place:'));
        if (!place) throw new Error(`no Place button on ${view.id}`);
        ix = await double.clickButton({ userId: member.id, message: view, customId: place });
      }
      const ack = await ix.response(60_000);
      const answer = performance.now() - t0;
      let text = String(ack.data?.content ?? '');
      if (!/Placed/.test(text)) {
        // A public view is updated in place; the confirmation is then a private follow-up.
        const note = await ix.waitForFollowUp(() => true, 60_000).catch(() => undefined);
        text = note?.content ?? text;
      }
      const confirmed = performance.now() - t0;
      return /Placed/.test(text) ? { answer, confirmed } : { answer, confirmed, failure: text.slice(0, 120) };
    };
    const worker = async (w: number, from: number, to: number) => {
      const out: Array<Awaited<ReturnType<typeof placeOne>>> = [];
      for (let k = from; k < to; k++) out.push(await placeOne(w * perWorker + k));
      return out;
    };
    const workers = Array.from({ length: CROWD_WORKERS }, (_, w) => w);
    const logEntries = () => mongo.db.collection('canvas_log').countDocuments({ guildId: guild, credited: true });
    /** Until every placement so far is credited (the last bookkeeping write) and no message went to MongoDB for 300 ms. */
    const settle = async (placed: number) => {
      const deadline = Date.now() + 120_000;
      while ((await logEntries()) < placed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      let last = -1;
      while (wire.total() !== last && Date.now() < deadline) {
        last = wire.total();
        await new Promise((r) => setTimeout(r, 300));
      }
    };

    await Promise.all(workers.map((w) => worker(w, 0, 1))); // warm-up
    await settle(CROWD_WORKERS);
    const firstRequest = double.mark();
    wire.reset();
    // BOT_PROFILE_SIGNAL (e.g. SIGUSR2, with a profiler loaded through BOT_NODE_OPTIONS that starts and
    // stops on it) marks the measured stretch in the bot.
    const mark = (process.env.BOT_PROFILE_SIGNAL ?? '') as NodeJS.Signals | '';
    if (mark) process.kill(pid, mark);
    const cpu0 = cpuMsOfTree(pid);
    const results = (await Promise.all(workers.map((w) => worker(w, 1, perWorker)))).flat();
    await settle(CROWD_WORKERS * perWorker);
    const cpuMs = cpuMsOfTree(pid) - cpu0;
    if (mark) process.kill(pid, mark);
    const byCommand = wire.byCommand();
    const roundTrips = wire.totalExcludingHeartbeats();
    const ok = results.filter((r) => !r.failure);
    if (double.schemaViolations.length) console.log(`    WARNING: ${double.schemaViolations.length} REST bodies failed Discord's schema`);
    return {
      answer: ok.map((r) => r.answer),
      confirmed: ok.map((r) => r.confirmed),
      placements: ok.length,
      failures: results.flatMap((r) => (r.failure ? [r.failure] : [])),
      cpuMs,
      roundTrips,
      byCommand,
      images: double.requests.filter((r) => r.seq >= firstRequest).reduce((n, r) => n + r.files.filter((f) => f.name.endsWith('.png')).length, 0),
      requests: double.requests.filter((r) => r.seq >= firstRequest).length,
    };
  } finally {
    await bot.stop();
    await double.stop();
    await wire.stop();
    await mongo.stop();
  }
}

export async function crowd(verdict: Targets): Promise<void> {
  const keepAlive = Number(process.env.CANVAS_BENCH_KEEPALIVE_MS) > 0 ? `, the double keeping connections ${process.env.CANVAS_BENCH_KEEPALIVE_MS} ms` : '';
  console.log(`  a crowd${keepAlive}: ${CROWD_WORKERS} members placing at once, ${CROWD_WORKERS * CROWD_EACH} placements per path (after ${CROWD_WORKERS} warm-up), real bot process, 32×32 free-tier canvas:`);
  for (const path of ['slash', 'button'] as const) {
    const r = await crowdPath(path);
    const a = summarize(r.answer);
    const c = summarize(r.confirmed);
    const n = r.placements || 1;
    const commands = Object.entries(r.byCommand)
      .filter(([name]) => !HEARTBEAT_COMMANDS.includes(name))
      .sort((x, y) => y[1] - x[1])
      .map(([name, count]) => `${name} ${(count / n).toFixed(2)}`)
      .join(', ');
    const label = path === 'slash' ? '/canvas place' : 'Place button';
    console.log(`    ${label}: ${r.placements} placed${r.failures.length ? `, ${r.failures.length} FAILED (${r.failures[0]})` : ''}`);
    verdict.check(`every crowd placement through the ${label} placed (${r.failures.length} failed)`, r.failures.length === 0);
    console.log(`      wall to the answer p50 ${fmt(a.p50)}, p99 ${fmt(a.p99)}; to the confirmation p50 ${fmt(c.p50)}, p99 ${fmt(c.p99)}`);
    console.log(`      ${(r.images / n).toFixed(2)} PNGs and ${(r.requests / n).toFixed(2)} Discord REST requests per placement`);
    console.log(`      bot CPU ${(r.cpuMs / n).toFixed(2)} ms per placement (${r.cpuMs} ms in all, the whole process); MongoDB round trips ${(r.roundTrips / n).toFixed(2)} per placement (${commands})`);
  }
}
