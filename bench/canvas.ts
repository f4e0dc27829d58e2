/**
 * Canvas benchmark: `npx tsx bench/canvas.ts` (or `npm run bench -- canvas`, or import run()).
 * - render p50/p99 for 32×32, 128×128, 256×256 canvases at ~1024 px, and the event-loop time each
 *   render holds (bench/render.ts has the full renderer breakdown);
 * - cache hit time (RenderCache.getOrRender);
 * - place-a-pixel round trip through the Discord double: the real bot process answers `/canvas place`
 *   one member at a time; timed from writing INTERACTION_CREATE to the bot's answer (its callback);
 *   target p50 < 10 ms;
 * - a crowd: CROWD_WORKERS members placing at once, a fresh member per placement (no cooldown or rate
 *   limit waits), once with `/canvas place` and once with the Place button of each member's own
 *   `/canvas view`. Per path: wall p50/p99 to the answer and to the confirmation, the bot process's
 *   CPU milliseconds per placement (utime+stime from /proc, bookkeeping after the answer included) and
 *   MongoDB round trips per placement (wire messages through tests/support/mongoWire.ts, the driver's
 *   heartbeats left out). jongodb slows down as collections grow, so wall times there are figures to
 *   report; round trips and CPU are the measures;
 * - the same crowd on CanvasService alone (no Discord, no economy: the pixel hook does nothing), with the
 *   driver's command monitoring: the canvas's own round trips per placement by collection, and its CPU.
 * Exits non-zero when the place round trip misses its target or a crowd placement fails (bench/targets.ts).
 * The crowd's bot CPU per placement is printed against a goal (≤ 1 ms) that is not a target yet.
 * `CANVAS_BENCH=render,place,crowd,service` picks sections; `CANVAS_BENCH_KEEPALIVE_MS=10000` has the double
 * keep HTTP connections open longer (see crowdPath). Profiling the bot under the crowd:
 * `BOT_NODE_OPTIONS='--import ./profiler.mjs' BOT_PROFILE_SIGNAL=SIGUSR2` (a profiler of your own that
 * starts and stops on the signal, sent around the measured stretch).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { MongoClient } from 'mongodb';
import pino from 'pino';
import { DEFAULT_PALETTE } from '../src/canvas/palette.js';
import { CanvasService } from '../src/canvas/service.js';
import { collections, ensureIndexes } from '../src/db/collections.js';
import { PixelGrid } from '../src/canvas/pixels.js';
import type { CanvasView } from '../src/canvas/layout.js';
import { clearTemplateCache, renderCanvas } from '../src/canvas/render.js';
import { RenderCache } from '../src/canvas/renderCache.js';
import { DiscordDouble } from '../tests/support/discord-double/index.js';
import { startBotProcess } from '../tests/support/bot.js';
import { startMongo } from '../tests/support/mongo.js';
import { HEARTBEAT_COMMANDS, startMongoWireCounter } from '../tests/support/mongoWire.js';
import type { DoubleMessage, InteractionHandle } from '../tests/support/discord-double/index.js';
import { runBench } from './lifecycle.js';
import { fmt, summarize } from './stats.js';
import { Targets } from './targets.js';

const RENDERS = 100;
const PLACERS = 120;
const PLACE_WARMUP = 20;
const PLACE_P50_TARGET_MS = 10;

const verdict = new Targets();

const palette = (i: number): number => DEFAULT_PALETTE[i % DEFAULT_PALETTE.length]!.rgb;

function busyGrid(size: number): PixelGrid {
  const g = new PixelGrid(size, size);
  for (let i = 0; i < g.data.length; i++) g.data[i] = palette((Math.random() * 16) | 0);
  return g;
}

function view(size: number, i: number): CanvasView {
  return { cx: (i * 37) % size, cy: (i * 11) % size, zoom: 1, selectedColor: palette(i) };
}

async function renderTimes(size: number): Promise<void> {
  clearTemplateCache();
  const grid = busyGrid(size);
  for (let i = 0; i < 20; i++) await renderCanvas(grid, view(size, i)); // warm-up
  const total: number[] = [];
  const held: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  let dims = '';
  for (let i = 0; i < RENDERS; i++) {
    grid.data[(Math.random() * grid.data.length) | 0] = palette(i); // new content: no cache can help
    const t0 = performance.now();
    const pending = renderCanvas(grid, view(size, i));
    const t1 = performance.now(); // composition is synchronous up to here; compression is off-loop
    const r = await pending;
    total.push(performance.now() - t0);
    held.push(t1 - t0);
    dims = `${r.layout.width}×${r.layout.height}`;
  }
  loop.disable();
  const t = summarize(total);
  const h = summarize(held);
  console.log(
    `  render ${String(size).padStart(3)}×${size} → ${dims}: p50 ${fmt(t.p50)}, p99 ${fmt(t.p99)}` +
      ` | event loop held p50 ${fmt(h.p50)}, p99 ${fmt(h.p99)} (loop delay max ${fmt(loop.max / 1e6)})`,
  );
}

async function cacheHit(): Promise<void> {
  const cache = new RenderCache({ maxBytes: 64 * 1024 * 1024 });
  const grid = busyGrid(256);
  const v = view(256, 1);
  await cache.getOrRender('guild', 1, v, () => renderCanvas(grid, v));
  const times: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t0 = performance.now();
    await cache.getOrRender('guild', 1, v, () => renderCanvas(grid, v));
    times.push(performance.now() - t0);
  }
  const s = summarize(times);
  console.log(`  cache hit (256×256 view): p50 ${(s.p50 * 1000).toFixed(1)} µs, p99 ${(s.p99 * 1000).toFixed(1)} µs`);
}

async function placeRoundTrip(): Promise<void> {
  const guild = '1400000000000000100';
  const members = Array.from({ length: PLACERS }, (_, i) => ({ id: String(1400000000000001000n + BigInt(i)), username: `painter${i}` }));
  const mongo = await startMongo();
  const double = await DiscordDouble.start({
    applicationId: '1400000000000000001',
    botUserId: '1400000000000000002',
    token: 'canvas-bench-token',
    guilds: [{ id: guild, name: 'Bench', ownerId: members[0]!.id, channels: [{ id: '1400000000000000110', name: 'canvas', type: 'text' }], members }],
  });
  const bot = await startBotProcess({ apiBase: double.apiBase, token: double.token, applicationId: '1400000000000000001', mongoUri: mongo.uri });
  try {
    const samples: number[] = [];
    for (const [i, member] of members.entries()) {
      const t0 = performance.now();
      const ix = await double.slash({ guildId: guild, userId: member.id, command: 'canvas', subcommand: 'place', options: { x: i % 32, y: Math.floor(i / 32), color: DEFAULT_PALETTE[i % 16]!.name } });
      const ack = await ix.response();
      const ms = performance.now() - t0;
      if (ack.type !== 4 || !/Placed/.test(String(ack.data?.content ?? ''))) throw new Error(`unexpected answer to /canvas place: type ${ack.type}, ${JSON.stringify(ack.data).slice(0, 200)}`);
      if (i >= PLACE_WARMUP) samples.push(ms);
    }
    const s = summarize(samples);
    console.log(`  place-a-pixel round trip (/canvas place through the double, real bot process, one member at a time):`);
    console.log(`    ${s.n} placements: p50 ${fmt(s.p50)} (${verdict.target('place-a-pixel p50', s.p50 < PLACE_P50_TARGET_MS, `< ${PLACE_P50_TARGET_MS} ms`)}), p99 ${fmt(s.p99)}, mean ${fmt(s.mean)}`);
    if (double.schemaViolations.length) console.log(`  WARNING: ${double.schemaViolations.length} REST bodies failed Discord's schema`);
  } finally {
    await bot.stop();
    await double.stop();
    await mongo.stop();
  }
}

// ------------------------------------------------------------------ the crowd

const CROWD_WORKERS = 50;
/** Measured placements per worker, each by a member of its own; one more per worker warms up first. */
const CROWD_EACH = 4;
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

async function crowd(): Promise<void> {
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
    console.log(`      bot CPU ${(r.cpuMs / n).toFixed(2)} ms per placement (${r.cpuMs} ms in all, goal ≤ 1 ms); MongoDB round trips ${(r.roundTrips / n).toFixed(2)} per placement (${commands})`);
  }
}

/** The crowd on CanvasService alone: what the canvas itself asks of MongoDB per placement. */
async function serviceCrowd(): Promise<void> {
  const guild = '1400000000000000300';
  const mongo = await startMongo();
  const client = await new MongoClient(mongo.uri, { monitorCommands: true }).connect();
  const commands = new Map<string, number>();
  let counting = false;
  client.on('commandStarted', (e) => {
    if (!counting) return;
    const target = (e.command as Record<string, unknown>)[e.commandName];
    const key = `${e.commandName} ${typeof target === 'string' ? target : ''}`.trim();
    commands.set(key, (commands.get(key) ?? 0) + 1);
  });
  try {
    const cols = collections(client.db());
    await ensureIndexes(cols);
    const canvas = new CanvasService({ cols, tierOf: async () => 'free', logger: pino({ level: 'silent' }), onPixelPlaced: async () => undefined });
    await canvas.start();
    const perWorker = CROWD_EACH + 1;
    const place = async (i: number) => {
      await canvas.place(guild, String(1400000000000200000n + BigInt(i)), i % 32, Math.floor(i / 32) % 32, DEFAULT_PALETTE[i % 16]!.rgb);
    };
    const workers = Array.from({ length: CROWD_WORKERS }, (_, w) => w);
    const run = async (from: number, to: number) => Promise.all(workers.map(async (w) => {
      for (let k = from; k < to; k++) await place(w * perWorker + k);
    }));
    await run(0, 1); // warm-up
    await canvas.settled();
    counting = true;
    const cpu0 = process.cpuUsage();
    await run(1, perWorker);
    await canvas.settled();
    const cpu = process.cpuUsage(cpu0);
    counting = false;
    await canvas.stop();
    const n = CROWD_WORKERS * CROWD_EACH;
    const total = [...commands.values()].reduce((a, b) => a + b, 0);
    const detail = [...commands].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${(v / n).toFixed(2)}`).join(', ');
    console.log(`  the same crowd on CanvasService alone (no Discord, no economy), ${n} placements:`);
    console.log(`    ${(total / n).toFixed(2)} round trips per placement (${detail}); CPU ${((cpu.user + cpu.system) / 1000 / n).toFixed(2)} ms per placement (this process, driver included)`);
  } finally {
    await client.close();
    await mongo.stop();
  }
}

export async function run(): Promise<void> {
  // CANVAS_BENCH=render,place,crowd,service runs only those sections (default: all).
  const only = process.env.CANVAS_BENCH?.split(',');
  const wants = (section: string) => !only || only.includes(section);
  if (wants('render')) {
    console.log(`Canvas (${RENDERS} renders per size, random palette pixels, moving cursor, zoom 1)`);
    for (const size of [32, 128, 256]) await renderTimes(size);
    await cacheHit();
  }
  if (wants('place')) await placeRoundTrip();
  if (wants('crowd')) await crowd();
  if (wants('service')) await serviceCrowd();
  verdict.settle();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runBench('canvas', run);
