/**
 * Canvas benchmark: `npx tsx bench/canvas.ts` (or `npm run bench -- canvas`, or import run()).
 * - render p50/p99 for 32×32, 128×128, 256×256 canvases at ~1024 px, and the event-loop time each
 *   render holds (bench/render.ts has the full renderer breakdown);
 * - cache hit time (RenderCache.getOrRender);
 * - place-a-pixel round trip through the Discord double: the real bot process answers `/canvas place`
 *   one member at a time; timed from writing INTERACTION_CREATE to the bot's answer (its callback);
 *   target p50 < 10 ms;
 * - a crowd through the real bot, with `/canvas place` and with the Place button (./canvasCrowd.ts):
 *   wall times, the whole bot process's CPU and MongoDB round trips per placement;
 * - the same crowd in this process (./canvasInProcess.ts): CanvasService alone (its round trips by
 *   collection, its CPU), and the canvas's side of the Place button — the placement and the picture of
 *   the member's view after it, as src/canvas/memberView.ts gives them to the button's handler — with
 *   its CPU per placement against a target of ≤ 1 ms.
 * Exits non-zero when a target is missed or a check fails (bench/targets.ts).
 * `CANVAS_BENCH=render,place,crowd,service,button` picks sections; `CANVAS_BENCH_KEEPALIVE_MS=10000` has the
 * double keep HTTP connections open longer (see ./canvasCrowd.ts). Profiling the bot under the crowd:
 * `BOT_NODE_OPTIONS='--import ./profiler.mjs' BOT_PROFILE_SIGNAL=SIGUSR2` (a profiler of your own that
 * starts and stops on the signal, sent around the measured stretch).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { CanvasView } from '../src/canvas/layout.js';
import { DEFAULT_PALETTE } from '../src/canvas/palette.js';
import { PixelGrid } from '../src/canvas/pixels.js';
import { clearTemplateCache, renderCanvas } from '../src/canvas/render.js';
import { RenderCache } from '../src/canvas/renderCache.js';
import { DiscordDouble } from '../tests/support/discord-double/index.js';
import { startBotProcess } from '../tests/support/bot.js';
import { startMongo } from '../tests/support/mongo.js';
import { crowd } from './canvasCrowd.js';
import { placeButtonCrowd, serviceCrowd } from './canvasInProcess.js';
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
    // A new pixel every render: no picture is cached; the bands of rows that did not change are (./bands.ts).
    grid.data[(Math.random() * grid.data.length) | 0] = palette(i);
    const t0 = performance.now();
    const pending = renderCanvas(grid, view(size, i));
    const t1 = performance.now(); // the whole render is synchronous up to here
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

export async function run(): Promise<void> {
  // CANVAS_BENCH=render,place,crowd,service,button runs only those sections (default: all).
  const only = process.env.CANVAS_BENCH?.split(',');
  const wants = (section: string) => !only || only.includes(section);
  if (wants('render')) {
    console.log(`Canvas (${RENDERS} renders per size, random palette pixels, moving cursor, zoom 1)`);
    for (const size of [32, 128, 256]) await renderTimes(size);
    await cacheHit();
  }
  if (wants('place')) await placeRoundTrip();
  if (wants('crowd')) await crowd(verdict);
  if (wants('service')) await serviceCrowd(verdict);
  if (wants('button')) await placeButtonCrowd(verdict);
  verdict.settle();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runBench('canvas', run);
