import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PixelGrid } from '../../src/canvas/pixels.js';
import { UI_COLORS } from '../../src/canvas/frame.js';
import { GRID_MIN_CELL, computeLayout, computeViewport, type RenderLayout } from '../../src/canvas/layout.js';
import { clearTemplateCache, renderCanvas, renderCanvasSync } from '../../src/canvas/render.js';
import { decodePng } from './helpers.js';
import type { DecodedImage } from './helpers.js';

/** Screen centre of canvas pixel (x, y). */
function centre(L: RenderLayout, x: number, y: number): [number, number] {
  const g = L.gridLines ? 1 : 0;
  const half = Math.floor((L.cellSize - g) / 2);
  return [L.originX + (x - L.viewport.x0) * L.cellSize + g + half, L.originY + (y - L.viewport.y0) * L.cellSize + g + half];
}

function cellColor(img: DecodedImage, L: RenderLayout, x: number, y: number): number {
  const [sx, sy] = centre(L, x, y);
  return img.at(sx, sy);
}

function longSide(L: { width: number; height: number }): number {
  return Math.max(L.width, L.height);
}

describe('computeViewport / computeLayout', () => {
  it('shows the whole canvas at zoom 1 and a window around the cursor when zoomed', () => {
    expect(computeViewport(32, 32, { cx: 5, cy: 5, zoom: 1 })).toEqual({ x0: 0, y0: 0, w: 32, h: 32 });
    expect(computeViewport(32, 32, { cx: 16, cy: 16, zoom: 2 })).toEqual({ x0: 8, y0: 8, w: 16, h: 16 });
    // clamped at the edges, never fewer than 8 cells
    expect(computeViewport(256, 256, { cx: 250, cy: 3, zoom: 8 })).toEqual({ x0: 224, y0: 0, w: 32, h: 32 });
    expect(computeViewport(32, 32, { cx: 0, cy: 31, zoom: 16 })).toEqual({ x0: 0, y0: 24, w: 8, h: 8 });
    // nonsense input is clamped, not thrown
    expect(computeViewport(32, 32, { cx: -5, cy: 99, zoom: 0 })).toEqual({ x0: 0, y0: 0, w: 32, h: 32 });
  });

  it('keeps the long side within 512–1024 px for every size and zoom', () => {
    for (const [w, h] of [
      [1, 1],
      [8, 8],
      [32, 32],
      [50, 20],
      [64, 128],
      [100, 100],
      [128, 128],
      [200, 256],
      [256, 256],
    ] as const) {
      for (const zoom of [1, 2, 4, 8, 16]) {
        const L = computeLayout(w, h, { cx: 3, cy: 3, zoom, selectedColor: 0 });
        expect(longSide(L), `${w}x${h} zoom ${zoom}`).toBeLessThanOrEqual(1024);
        expect(longSide(L), `${w}x${h} zoom ${zoom}`).toBeGreaterThanOrEqual(512);
      }
    }
  });
});

describe('renderCanvas', () => {
  const grid = new PixelGrid(32, 32);
  grid.set(0, 0, 0xe50000);
  grid.set(31, 31, 0x0000ea);
  grid.set(10, 20, 0x02be01);
  grid.set(5, 5, 0x222222);

  it('draws known pixels where the layout says, with grid lines, cursor frame and swatch', async () => {
    const view = { cx: 10, cy: 20, zoom: 1, selectedColor: 0xe59500 };
    const r = await renderCanvas(grid, view);
    expect(r.viewport).toEqual({ x0: 0, y0: 0, w: 32, h: 32 });
    const L = r.layout;
    expect(L.cellSize).toBeGreaterThanOrEqual(GRID_MIN_CELL);
    expect(L.gridLines).toBe(true);
    const img = await decodePng(r.png);
    expect([img.width, img.height]).toEqual([L.width, L.height]);
    expect(longSide(img)).toBeLessThanOrEqual(1024);
    expect(longSide(img)).toBeGreaterThanOrEqual(512);

    expect(cellColor(img, L, 0, 0)).toBe(0xe50000);
    expect(cellColor(img, L, 31, 31)).toBe(0x0000ea);
    expect(cellColor(img, L, 5, 5)).toBe(0x222222);
    expect(cellColor(img, L, 20, 3)).toBe(0xffffff);
    // whole interior of a cell is its colour (crisp, no smoothing)
    const cs = L.cellSize;
    for (let dy = 1; dy < cs; dy++) {
      for (let dx = 1; dx < cs; dx++) expect(img.at(L.originX + 31 * cs + dx, L.originY + 31 * cs + dy)).toBe(0x0000ea);
    }
    // grid line: first column / row of each cell
    expect(img.at(L.originX + 20 * cs, L.originY + 3 * cs + 5)).toBe(UI_COLORS.grid);
    expect(img.at(L.originX + 20 * cs + 5, L.originY + 3 * cs)).toBe(UI_COLORS.grid);

    // cursor: interior keeps the pixel colour, then a white ring, then a black ring
    const [ccx, ccy] = centre(L, 10, 20);
    expect(img.at(ccx, ccy)).toBe(0x02be01);
    const ix = L.originX + 10 * cs + 1; // first interior column
    expect(img.at(ix, ccy)).toBe(0x02be01);
    expect(img.at(ix - 1, ccy)).toBe(UI_COLORS.cursorInner);
    expect(img.at(ix - 2, ccy)).toBe(UI_COLORS.cursorInner);
    expect(img.at(ix - 3, ccy)).toBe(UI_COLORS.cursorOuter);
    expect(img.at(ccx, L.originY + 20 * cs + 1 - 3)).toBe(UI_COLORS.cursorOuter);
    // accent markers in the margins point at the cursor column and row
    expect(img.at(ccx, L.originY - 6)).toBe(UI_COLORS.accent);
    expect(img.at(L.originX - 7, ccy)).toBe(UI_COLORS.accent);

    // footer swatch shows the selected colour
    expect(img.at(16 + 18, L.footerY + 13 + 18)).toBe(0xe59500);
  });

  it('draws axis labels in the margins', async () => {
    const r = renderCanvasSync(grid, { cx: 0, cy: 0, zoom: 1, selectedColor: 0 });
    const img = await decodePng(r.png);
    const L = r.layout;
    const countLabel = (x0: number, y0: number, x1: number, y1: number): number => {
      let n = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (img.at(x, y) === UI_COLORS.label) n++;
      return n;
    };
    // "0" above column 0 and left of row 0; "31" above column 31
    expect(countLabel(L.originX, 0, L.originX + L.cellSize, L.originY - 9)).toBeGreaterThan(10);
    expect(countLabel(0, L.originY, L.originX - 10, L.originY + L.cellSize)).toBeGreaterThan(10);
    expect(countLabel(L.originX + 31 * L.cellSize - 6, 0, L.originX + 32 * L.cellSize + 6, L.originY - 9)).toBeGreaterThan(20);
  });

  it('has no grid lines when cells are small (256×256 at zoom 1) or when disabled', async () => {
    const big = new PixelGrid(256, 256);
    big.set(100, 100, 0xe50000);
    big.set(101, 100, 0xe50000);
    const r = await renderCanvas(big, { cx: 0, cy: 0, zoom: 1, selectedColor: 0xe50000 });
    const L = r.layout;
    expect(L.cellSize).toBeLessThan(GRID_MIN_CELL);
    expect(L.gridLines).toBe(false);
    const img = await decodePng(r.png);
    // two adjacent red cells form one solid run: no line between them
    const y = L.originY + 100 * L.cellSize + 1;
    for (let x = L.originX + 100 * L.cellSize; x < L.originX + 102 * L.cellSize; x++) expect(img.at(x, y)).toBe(0xe50000);
    expect(img.at(L.originX + 50 * L.cellSize, L.originY + 50 * L.cellSize)).toBe(0xffffff);

    const off = renderCanvasSync(grid, { cx: 0, cy: 0, zoom: 1, selectedColor: 0, showGrid: false });
    expect(off.layout.gridLines).toBe(false);
    const img2 = await decodePng(off.png);
    expect(img2.at(off.layout.originX + 20 * off.layout.cellSize, off.layout.originY + 3 * off.layout.cellSize + 5)).toBe(0xffffff);
  });

  it('zooms around the cursor and reports the viewport', async () => {
    const big = new PixelGrid(256, 256);
    big.set(250, 3, 0xcf6ee4);
    big.set(224, 0, 0xe5d900);
    big.set(223, 0, 0xe50000); // just outside the viewport
    const r = await renderCanvas(big, { cx: 250, cy: 3, zoom: 8, selectedColor: 0xcf6ee4 });
    expect(r.viewport).toEqual({ x0: 224, y0: 0, w: 32, h: 32 });
    const img = await decodePng(r.png);
    expect(cellColor(img, r.layout, 250, 3)).toBe(0xcf6ee4);
    expect(cellColor(img, r.layout, 224, 0)).toBe(0xe5d900);
    let red = 0;
    for (let y = 0; y < img.height; y += 2) for (let x = 0; x < img.width; x += 2) if (img.at(x, y) === 0xe50000) red++;
    expect(red).toBe(0);
  });

  it('renders canvases with more than 256 colours exactly (RGB fallback)', async () => {
    const g = new PixelGrid(32, 32);
    for (let i = 0; i < 32 * 32; i++) g.data[i] = (i * 16411) & 0xffffff;
    const r = await renderCanvas(g, { cx: 3, cy: 4, zoom: 1, selectedColor: 0x123456 });
    const img = await decodePng(r.png);
    for (const [x, y] of [
      [0, 0],
      [17, 9],
      [31, 31],
      [3, 4],
    ] as const) {
      expect(cellColor(img, r.layout, x, y)).toBe(g.get(x, y));
    }
    expect(img.at(16 + 18, r.layout.footerY + 13 + 18)).toBe(0x123456);
  });

  it('async and sync paths produce identical PNGs; tiny and non-square canvases work', async () => {
    const a = await renderCanvas(grid, { cx: 7, cy: 7, zoom: 2, selectedColor: 0xe50000 });
    const b = renderCanvasSync(grid, { cx: 7, cy: 7, zoom: 2, selectedColor: 0xe50000 });
    expect(a.png.equals(b.png)).toBe(true);

    const one = new PixelGrid(1, 1, 0x820080);
    const r1 = await renderCanvas(one, { cx: 0, cy: 0, selectedColor: 0x820080 });
    const i1 = await decodePng(r1.png);
    expect(cellColor(i1, r1.layout, 0, 0)).toBe(0x820080);

    const wide = new PixelGrid(64, 16);
    wide.set(63, 15, 0xe50000);
    const rw = await renderCanvas(wide, { cx: 63, cy: 15, selectedColor: 0 });
    expect(rw.viewport).toEqual({ x0: 0, y0: 0, w: 64, h: 16 });
    const iw = await decodePng(rw.png);
    expect(cellColor(iw, rw.layout, 63, 15)).toBe(0xe50000);
    expect(longSide(iw)).toBeGreaterThanOrEqual(512);
  });
});

/** The zlib stream of a PNG's IDAT chunks, inflated (zlib checks the Adler-32). */
function inflateIdat(png: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let o = 8; o < png.length; ) {
    const length = png.readUInt32BE(o);
    if (png.toString('latin1', o + 4, o + 8) === 'IDAT') parts.push(png.subarray(o + 8, o + 8 + length));
    o += 12 + length;
  }
  return inflateSync(Buffer.concat(parts));
}

describe('the band cache (pictures from bands of earlier pictures)', () => {
  it('draws each picture byte for byte as it is drawn afresh, through placements, cursor moves, zooms and words', async () => {
    let seed = 5;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (const size of [32, 128]) {
      const grid = new PixelGrid(size, size);
      clearTemplateCache();
      for (let k = 0; k < 30; k++) {
        // A placement or two (sometimes a bought colour), then a view somewhere.
        for (let j = 0; j <= rnd(2); j++) grid.set(rnd(size), rnd(size), rnd(5) ? [0xe50000, 0x0083c7, 0x222222][rnd(3)]! : 0x123456 + rnd(50));
        const view = { cx: rnd(size), cy: rnd(size), zoom: [1, 1, 2, 8][rnd(4)]!, selectedColor: [0xe50000, 0x0083c7, 0xabcdef][rnd(3)]!, showGrid: rnd(5) > 0, ...(rnd(3) ? {} : { labels: { zoom: 'ZOOM', color: 'rot, hell' } }) };
        const warm = renderCanvasSync(grid, view);
        clearTemplateCache();
        const fresh = renderCanvasSync(grid, view);
        expect(warm.png.equals(fresh.png), `${size}² view ${JSON.stringify(view)}`).toBe(true);
        expect(inflateIdat(warm.png)).toHaveLength((warm.layout.width + 1) * warm.layout.height);
        const img = await decodePng(warm.png);
        expect(cellColor(img, warm.layout, warm.layout.cursor.x, warm.layout.cursor.y)).toBe(grid.get(warm.layout.cursor.x, warm.layout.cursor.y));
      }
    }
  });
});
