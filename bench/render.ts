/**
 * Canvas renderer benchmark: `npx tsx bench/render.ts` (or import and call run()).
 * Prints render p50/p99 for 32², 128², 256² canvases at zoom 1 (the largest images, ~1000 px) with
 * random pixels and a moving cursor (a new picture each time: the band cache keeps only the rows that
 * did not change, ./src/canvas/bands.ts), the sync-only variant, `cold` renders with every cache dropped
 * first (a picture never seen), a reference encode through @napi-rs/canvas, event-loop blocking, and
 * timelapse time for 2,000 placements.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { DEFAULT_PALETTE } from '../src/canvas/palette.js';
import { PixelGrid } from '../src/canvas/pixels.js';
import { clearTemplateCache, renderCanvas, renderCanvasSync } from '../src/canvas/render.js';
import type { CanvasView } from '../src/canvas/layout.js';
import { renderTimelapse } from '../src/canvas/timelapse.js';
import type { TimelapsePlacement } from '../src/canvas/timelapse.js';

const RUNS = 50;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const ms = (v: number): string => `${v.toFixed(2)} ms`;

function randomGrid(size: number): PixelGrid {
  const g = new PixelGrid(size, size);
  for (let i = 0; i < g.data.length; i++) g.data[i] = DEFAULT_PALETTE[(Math.random() * 16) | 0]!.rgb;
  return g;
}

function randomView(size: number, zoom = 1): CanvasView {
  return {
    cx: (Math.random() * size) | 0,
    cy: (Math.random() * size) | 0,
    zoom,
    selectedColor: DEFAULT_PALETTE[(Math.random() * 16) | 0]!.rgb,
  };
}

async function benchSize(size: number, zoom = 1): Promise<void> {
  clearTemplateCache();
  const grid = randomGrid(size);
  for (let i = 0; i < 20; i++) await renderCanvas(grid, randomView(size, zoom)); // warm-up (JIT, template)
  const total: number[] = [];
  const blocking: number[] = [];
  let bytes = 0;
  let dims = '';
  const hist = monitorEventLoopDelay({ resolution: 1 });
  hist.enable();
  for (let i = 0; i < RUNS; i++) {
    // new content every render: no picture is cached (the unchanged rows' bands are)
    grid.data[(Math.random() * grid.data.length) | 0] = DEFAULT_PALETTE[(Math.random() * 16) | 0]!.rgb;
    const t0 = performance.now();
    const p = renderCanvas(grid, randomView(size, zoom));
    const t1 = performance.now(); // composition ran synchronously up to here
    const r = await p;
    total.push(performance.now() - t0);
    blocking.push(t1 - t0);
    bytes += r.png.length;
    dims = `${r.layout.width}×${r.layout.height}`;
  }
  hist.disable();
  const sync: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    renderCanvasSync(grid, randomView(size, zoom));
    sync.push(performance.now() - t0);
  }
  const cold: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    clearTemplateCache();
    const t0 = performance.now();
    renderCanvasSync(grid, randomView(size, zoom));
    cold.push(performance.now() - t0);
  }
  total.sort((a, b) => a - b);
  sync.sort((a, b) => a - b);
  cold.sort((a, b) => a - b);
  console.log(
    `${String(size).padStart(3)}×${size} zoom ${zoom} → ${dims}: async p50 ${ms(pct(total, 50))} p99 ${ms(pct(total, 99))}` +
      ` | sync p50 ${ms(pct(sync, 50))} p99 ${ms(pct(sync, 99))} | cold p50 ${ms(pct(cold, 50))}` +
      ` | loop blocked per render max ${ms(Math.max(...blocking))} (event-loop delay max ${ms(hist.max / 1e6)})` +
      ` | avg ${Math.round(bytes / RUNS / 1024)} KB`,
  );
}

async function benchNapiReference(): Promise<void> {
  // What the obvious approach costs: the same picture (decoded from our PNG) encoded by @napi-rs/canvas.
  const r = renderCanvasSync(randomGrid(256), randomView(256));
  const img = await loadImage(r.png);
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const times: number[] = [];
  let size = 0;
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    size = canvas.encodeSync('png').length;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(
    `reference: @napi-rs/canvas encodeSync('png') of the same ${img.width}×${img.height} picture (256² canvas): ` +
      `p50 ${ms(pct(times, 50))}, ${Math.round(size / 1024)} KB (ours: ${Math.round(r.png.length / 1024)} KB)`,
  );
}

async function benchTimelapse(size: number): Promise<void> {
  const placements: TimelapsePlacement[] = [];
  for (let i = 0; i < 2000; i++) {
    placements.push({
      x: (Math.random() * size) | 0,
      y: (Math.random() * size) | 0,
      rgb: DEFAULT_PALETTE[(Math.random() * 16) | 0]!.rgb,
      at: new Date(1_700_000_000_000 + i * 30_000),
    });
  }
  const hist = monitorEventLoopDelay({ resolution: 1 });
  hist.enable();
  const t0 = performance.now();
  const r = await renderTimelapse(size, size, 0xffffff, placements, { maxBytes: 8 * 1024 * 1024, maxFrames: 60, sizePx: 512 });
  const t = performance.now() - t0;
  hist.disable();
  console.log(
    `timelapse ${size}×${size}, 2,000 placements → ${r.width}×${r.height}, ${r.frames} frames, ${Math.round(r.bytes / 1024)} KB: ` +
      `${ms(t)} (event-loop delay max ${ms(hist.max / 1e6)})`,
  );
}

export async function run(): Promise<void> {
  console.log(`canvas render bench (${RUNS} renders per size, random pixels, moving cursor, zoom 1)`);
  for (const size of [32, 128, 256]) await benchSize(size);
  await benchSize(256, 8); // the viewport moves with the cursor: static frame rebuilt most renders
  await benchNapiReference();
  await benchTimelapse(64);
  await benchTimelapse(256);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
