/**
 * Renders the README picture of a canvas: `npx tsx scripts/render-sample.ts [out.png]`
 * (default docs/canvas.png). A small deterministic scene drawn with the default palette, rendered by
 * the bot's own renderer exactly as `/canvas view x:20 y:9 zoom:1` shows it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DEFAULT_PALETTE } from '../src/canvas/palette.js';
import { PixelGrid } from '../src/canvas/pixels.js';
import { renderCanvas } from '../src/canvas/render.js';

const C = Object.fromEntries(DEFAULT_PALETTE.map((c) => [c.name, c.rgb])) as Record<string, number>;
const SIZE = 32;

function scene(): PixelGrid {
  const g = new PixelGrid(SIZE, SIZE, C.white);
  const rect = (x0: number, y0: number, w: number, h: number, rgb: number) => {
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) if (g.inBounds(x, y)) g.set(x, y, rgb);
  };
  rect(0, 0, SIZE, 10, C.cyan); // sky
  rect(0, 10, SIZE, 14, C.light_gray);
  for (let x = 0; x < SIZE; x++) if (x % 7 < 3) g.set(x, 10, C.cyan);
  rect(24, 2, 4, 4, C.yellow); // sun
  rect(25, 1, 2, 1, C.yellow);
  rect(23, 3, 1, 2, C.yellow);
  rect(0, 24, SIZE, 8, C.green); // grass
  for (let x = 0; x < SIZE; x += 3) g.set(x, 24, C.lime);
  rect(0, 29, SIZE, 3, C.brown); // soil
  // the tower: stone body, battlements, windows, door, flag
  rect(10, 8, 10, 21, C.gray);
  for (let x = 9; x < 21; x += 2) rect(x, 6, 1, 2, C.gray);
  rect(9, 8, 12, 1, C.black);
  for (const y of [11, 16, 21]) {
    rect(12, y, 2, 3, C.indigo);
    rect(16, y, 2, 3, C.indigo);
  }
  rect(13, 25, 4, 4, C.brown);
  g.set(16, 27, C.yellow);
  rect(15, 1, 1, 5, C.black);
  rect(16, 1, 4, 2, C.red);
  rect(16, 3, 2, 1, C.red);
  // a member's contribution in progress
  for (const [x, y, c] of [
    [3, 26, C.pink],
    [4, 25, C.pink],
    [5, 26, C.pink],
    [4, 26, C.magenta],
    [4, 27, C.green],
    [26, 26, C.orange],
    [27, 25, C.orange],
    [28, 26, C.orange],
    [27, 26, C.red],
    [27, 27, C.green],
  ] as const) {
    g.set(x, y, c);
  }
  return g;
}

async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? 'docs/canvas.png');
  const { png, layout } = await renderCanvas(scene(), { cx: 20, cy: 9, zoom: 1, selectedColor: C.red });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, png);
  process.stdout.write(`wrote ${out}: ${layout.width}×${layout.height}, ${png.length} bytes\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
