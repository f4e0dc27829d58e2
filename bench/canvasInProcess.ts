/**
 * The canvas bench's crowds in this process, on CanvasService and a MongoDB of their own (no Discord, no
 * economy: the pixel hook does nothing), with the driver's command monitoring (bench/canvas.ts runs them).
 * The same crowd as bench/canvasCrowd.ts — CROWD_WORKERS members at once, a fresh member per placement,
 * one warm-up placement per worker — measured by what the canvas itself costs:
 * - `service`: CanvasService.place alone: its round trips per placement by collection, and its CPU;
 * - `button`: the canvas's side of the Place button — each member's view opened first (not measured),
 *   then src/canvas/memberView.ts placePixel with that view's look, the picture of the board after the
 *   placement included, as the button's handler asks for it. CPU of this process per placement (every
 *   thread: the MongoDB driver, the renderer, GC), target ≤ PLACE_BUTTON_CPU_TARGET_MS. Checked: every
 *   placement's picture shows its pixel.
 */
import { MongoClient } from 'mongodb';
import pino from 'pino';
import { computeLayout } from '../src/canvas/layout.js';
import { placePixel, viewCanvas, type Look } from '../src/canvas/memberView.js';
import { DEFAULT_PALETTE } from '../src/canvas/palette.js';
import { CanvasService } from '../src/canvas/service.js';
import { DEFAULT_COLOR } from '../src/commands/canvas/viewState.js';
import { collections, ensureIndexes } from '../src/db/collections.js';
import { startMongo } from '../tests/support/mongo.js';
import { decodePng } from '../tests/canvas/helpers.js';
import { CROWD_EACH, CROWD_WORKERS } from './canvasCrowd.js';
import type { Targets } from './targets.js';

/** The Place button's canvas work: CPU per placement, everything the canvas does for it included. */
export const PLACE_BUTTON_CPU_TARGET_MS = 1;

type Kind = 'service' | 'button';

const pixelOf = (i: number) => ({ x: i % 32, y: Math.floor(i / 32) % 32 });
const memberOf = (i: number) => String(1400000000000200000n + BigInt(i));
/** A member's own /canvas view at their pixel, as the bot crowd opens it (a fresh view's colour). */
const lookOf = (i: number): Look => ({ ...pixelOf(i), zoom: 1, color: DEFAULT_COLOR });

async function inProcessCrowd(kind: Kind, verdict: Targets): Promise<void> {
  const guild = kind === 'service' ? '1400000000000000300' : '1400000000000000400';
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
    const members = CROWD_WORKERS * perWorker;
    const pictures = new Map<number, Buffer>();
    // The button path: every member opens a view of their own on their pixel first.
    if (kind === 'button') for (let i = 0; i < members; i++) await viewCanvas(canvas, guild, memberOf(i), lookOf(i));
    const place = async (i: number) => {
      const { x, y } = pixelOf(i);
      if (kind === 'service') {
        await canvas.place(guild, memberOf(i), x, y, DEFAULT_PALETTE[i % 16]!.rgb);
        return;
      }
      // The Place button on the member's own view: no colour read (a palette colour, controls unchanged).
      const placed = await placePixel(canvas, guild, memberOf(i), { x, y, color: DEFAULT_COLOR }, lookOf(i), { owned: false });
      pictures.set(i, placed.view.image.png);
    };
    const workers = Array.from({ length: CROWD_WORKERS }, (_, w) => w);
    const run = async (from: number, to: number) =>
      Promise.all(
        workers.map(async (w) => {
          for (let k = from; k < to; k++) await place(w * perWorker + k);
        }),
      );
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
    const cpuMs = (cpu.user + cpu.system) / 1000 / n;
    const total = [...commands.values()].reduce((a, b) => a + b, 0);
    const detail = [...commands].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${(v / n).toFixed(2)}`).join(', ');
    if (kind === 'service') {
      console.log(`  the same crowd on CanvasService alone (no Discord, no economy), ${n} placements:`);
      console.log(`    ${(total / n).toFixed(2)} round trips per placement (${detail}); CPU ${cpuMs.toFixed(2)} ms per placement (this process, driver included)`);
      return;
    }
    let shown = 0;
    let bytes = 0;
    for (const [i, png] of pictures) {
      const { x, y } = pixelOf(i);
      const img = await decodePng(png);
      const L = computeLayout(32, 32, { cx: x, cy: y, zoom: 1, selectedColor: DEFAULT_COLOR });
      const g = L.gridLines ? 1 : 0;
      const half = Math.floor((L.cellSize - g) / 2);
      if (img.at(L.originX + x * L.cellSize + g + half, L.originY + y * L.cellSize + g + half) === DEFAULT_COLOR) shown++;
      bytes += png.length;
    }
    console.log(`  the Place button's canvas work in this process (src/canvas/memberView.ts placePixel with the member's view), ${n} placements:`);
    console.log(
      `    CPU ${cpuMs.toFixed(2)} ms per placement (${verdict.target('Place button canvas CPU per placement', cpuMs <= PLACE_BUTTON_CPU_TARGET_MS, `≤ ${PLACE_BUTTON_CPU_TARGET_MS} ms`)}; ` +
        `MongoDB driver, picture and GC included); ${(total / n).toFixed(2)} round trips per placement (${detail}); ` +
        `pictures average ${(bytes / (pictures.size || 1) / 1024).toFixed(1)} KB`,
    );
    verdict.check(`every Place button picture shows its pixel (${shown} of ${pictures.size})`, shown === pictures.size && pictures.size === n + CROWD_WORKERS);
  } finally {
    await client.close();
    await mongo.stop();
  }
}

export const serviceCrowd = (verdict: Targets): Promise<void> => inProcessCrowd('service', verdict);
export const placeButtonCrowd = (verdict: Targets): Promise<void> => inProcessCrowd('button', verdict);
