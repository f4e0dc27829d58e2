/**
 * Renders a view of a guild canvas to PNG: the visible pixels scaled up nearest-neighbour (crisp),
 * grid lines when cells are big enough, x/y axis labels, a two-tone cursor frame around the selected
 * pixel, and a footer with the selected colour (swatch, hex, name) and cursor position. The geometry
 * is ./layout.ts, the drawing ./frame.ts.
 *
 * Why it is cheap (bench/render.ts; drawing and encoding through @napi-rs/canvas took ~25 ms):
 * - the image is composed as palette indices in the PNG scanline buffer (1 byte per pixel, filter
 *   byte per row): no RGBA canvas, no colour quantising. The chrome and the 16 palette colours have
 *   fixed indices, so the same rows give the same bytes in every picture;
 * - everything static for a (canvas size, viewport, cell size, caption word) is drawn once into a
 *   template that pictures copy rows from;
 * - the picture is cut into bands of rows, each encoded alone and cached by what is drawn in it
 *   (./bands.ts, ./deflate.ts): a placement encodes the band of its cell row (and its neighbours where
 *   the cursor's rings reach), a cursor move the bands the cursor leaves and enters; the rest of the
 *   PNG is reused bytes. All of it runs on the event loop: a placement's picture in a few tenths of a
 *   millisecond, a picture never seen in about 2 ms at 1000 px (4 ms for a noisy 256×256 view).
 * A view showing more than 256 palette entries (possible only with many bought colours) falls back to
 * a 32-bit composition and an RGB PNG, compressed whole — the same picture, slower.
 */
import { bandStream, clearBandCache, type BandSource } from './bands.js';
import type { Surface } from './bitmapFont.js';
import { cursorRows, drawCells, drawCursor, drawFooter, drawStatic, UI_PALETTE } from './frame.js';
import { ColorIndex } from './colorIndex.js';
import { computeLayout, type CanvasView, type RenderLayout, type Viewport } from './layout.js';
import { colorLabel, DEFAULT_PALETTE } from './palette.js';
import type { PixelGrid } from './pixels.js';
import { applyUpFilterToRepeatedRows, assemblePng, encodePng, encodePngSync } from './png.js';
import { BoundedMap } from '../util/boundedMap.js';

export interface RenderResult {
  png: Buffer;
  viewport: Viewport;
  layout: RenderLayout;
}

const ENGLISH_ZOOM = 'ZOOM';
/** Every picture's palette starts with the chrome, then the free palette: fixed indices for both. */
const BASE_PALETTE: readonly number[] = [...UI_PALETTE, ...DEFAULT_PALETTE.map((c) => c.rgb)];
const BASE_INDEX = new Map<number, number>(DEFAULT_PALETTE.map((c, i) => [c.rgb, UI_PALETTE.length + i]));
/** A band holds whole cell rows and at least this many screen rows (fewer bands: less per-band overhead). */
const MIN_BAND_ROWS = 16;
const TEMPLATE_CACHE_MAX = 8;
const templateCache = new BoundedMap<string, Buffer>(TEMPLATE_CACHE_MAX);
/** A short name per template for band keys: a template seen again after being dropped gets a new one. */
const templateIds = new BoundedMap<string, string>(256);
let nextTemplateId = 0;

function templateId(key: string): string {
  let id = templateIds.get(key);
  if (id === undefined) templateIds.set(key, (id = (nextTemplateId++).toString(36)));
  return id;
}

/** What one picture shows, as palette indices. */
interface Picture {
  grid: PixelGrid;
  layout: RenderLayout;
  palette: number[];
  /** Palette index of every visible cell, row by row. */
  cellIdx: Uint32Array;
  cursorIdx: number;
  selected: number;
  selectedIdx: number;
  zoomWord: string;
  colorWord: string;
  /** Names the static frame it copies (./frame.ts drawStatic). */
  templateKey: string;
}

const colors = new ColorIndex(BASE_PALETTE, BASE_INDEX);

function pictureOf(grid: PixelGrid, view: CanvasView): Picture {
  const L = computeLayout(grid.width, grid.height, view);
  const vp = L.viewport;
  colors.reset();
  const cellIdx = new Uint32Array(vp.w * vp.h);
  const data = grid.data;
  let lastRgb = -1;
  let lastIdx = 0;
  for (let y = 0; y < vp.h; y++) {
    const src = (vp.y0 + y) * grid.width + vp.x0;
    const dst = y * vp.w;
    for (let x = 0; x < vp.w; x++) {
      const rgb = data[src + x]!;
      if (rgb !== lastRgb) {
        lastIdx = colors.of(rgb);
        lastRgb = rgb;
      }
      cellIdx[dst + x] = lastIdx;
    }
  }
  const selected = view.selectedColor & 0xffffff;
  const selectedIdx = colors.of(selected);
  const p: Picture = {
    grid,
    layout: L,
    palette: colors.palette,
    cellIdx,
    cursorIdx: cellIdx[(L.cursor.y - vp.y0) * vp.w + (L.cursor.x - vp.x0)]!,
    selected,
    selectedIdx,
    zoomWord: view.labels?.zoom ?? ENGLISH_ZOOM,
    colorWord: view.labels?.color ?? colorLabel(selected),
    templateKey: '',
  };
  p.templateKey = templateKey(p);
  return p;
}

function templateKey(p: Picture): string {
  const { layout: L, grid } = p;
  const vp = L.viewport;
  // Words go length-first: no caption can make two keys equal.
  return `${grid.width}x${grid.height}|${L.zoom}|${vp.x0},${vp.y0},${vp.w},${vp.h}|${L.cellSize}|${p.zoomWord.length}:${p.zoomWord}`;
}

function staticTemplate(p: Picture): Buffer {
  const hit = templateCache.touch(p.templateKey);
  if (hit) return hit;
  const L = p.layout;
  const buf = Buffer.alloc((L.width + 1) * L.height); // filter bytes stay 0 (None)
  drawStatic({ buf, stride: L.width + 1, offset: 1, width: L.width, height: L.height }, L, p.grid.width, p.grid.height, p.zoomWord);
  templateCache.set(p.templateKey, buf);
  return buf;
}

/** One band of a picture: screen rows `from`–`to`, the cell rows it holds, what else is drawn on it. */
interface Band extends BandSource {
  picture: Picture;
  from: number;
  to: number;
  /** Viewport rows [first, end) whose cells it holds; none for the margins. */
  cells: readonly [number, number] | null;
  cursor: boolean;
  footer: boolean;
}

const meets = (from: number, to: number, r: { from: number; to: number }): boolean => from < r.to && r.from < to;

/**
 * The bands of a picture: the top margin, groups of whole cell rows, the bottom (border and footer).
 * A band's key names all that is drawn in it: the template, its rows, the indices of its cells, the
 * cursor where the cursor draws on its rows, the footer's contents for the bottom band.
 */
function bandsOf(p: Picture): Band[] {
  const { layout: L, cellIdx } = p;
  const prefix = `${templateId(p.templateKey)}|${L.gridLines ? 1 : 0}`;
  const stride = L.width + 1;
  const cs = L.cellSize;
  const w = L.viewport.w;
  const rings = cursorRows(L);
  const out: Band[] = [];
  const add = (from: number, to: number, cells: readonly [number, number] | null, footer: boolean): void => {
    // The rings need the cursor's place; the top marker only its column. (Its interior is a cell's colour.)
    const onRings = meets(from, to, rings);
    const cursor = onRings || meets(from, to, rings.marker);
    const at = onRings ? `${L.cursor.x},${L.cursor.y}` : cursor ? `${L.cursor.x}` : '';
    const foot = footer ? `${p.selectedIdx},${p.selected},${L.cursor.x},${L.cursor.y},${p.colorWord.length}:${p.colorWord}` : '';
    const content = cells ? String.fromCharCode.apply(null, cellIdx.subarray(cells[0] * w, cells[1] * w) as unknown as number[]) : '';
    out.push({ key: `${prefix}|${from}|${at}|${foot}|${content}`, stride, rows: to - from, picture: p, from, to, cells, cursor, footer });
  };
  add(0, L.originY, null, false);
  const group = Math.max(1, Math.ceil(MIN_BAND_ROWS / cs));
  for (let r = 0; r < L.viewport.h; r += group) {
    const end = Math.min(L.viewport.h, r + group);
    add(L.originY + r * cs, L.originY + end * cs, [r, end], false);
  }
  add(L.originY + L.viewport.h * cs, L.height, null, true);
  return out;
}

/** Where bands are drawn: each is encoded (./deflate.ts) before the next is drawn. */
let scratch = Buffer.allocUnsafe(64 * 1024);

/** A band's unfiltered scanlines (valid until the next band is drawn): the template's rows, then what is drawn on them. */
function composeBand(band: Band): Buffer {
  const { picture: p, from, to, stride } = band;
  const L = p.layout;
  const size = (to - from) * stride;
  if (scratch.length < size) scratch = Buffer.allocUnsafe(size);
  const raw = scratch.subarray(0, size);
  staticTemplate(p).copy(raw, 0, from * stride, to * stride);
  const s: Surface = { buf: raw, stride, offset: 1 - from * stride, width: L.width, height: to, top: from };
  if (band.cells) drawCells(s, L, p.cellIdx, band.cells[0], band.cells[1]);
  if (band.cursor) drawCursor(s, L, p.cursorIdx);
  if (band.footer) drawFooter(s, L, p.selectedIdx, p.selected, p.colorWord);
  return raw;
}

/** More than 256 palette entries: the whole picture in 32-bit indices, then RGB scanlines. */
function composeRgb(p: Picture): Buffer {
  const { layout: L, grid } = p;
  const wide = new Uint32Array(L.width * L.height);
  const s: Surface = { buf: wide, stride: L.width, offset: 0, width: L.width, height: L.height };
  drawStatic(s, L, grid.width, grid.height, p.zoomWord);
  drawCells(s, L, p.cellIdx);
  drawCursor(s, L, p.cursorIdx);
  drawFooter(s, L, p.selectedIdx, p.selected, p.colorWord);
  const stride = L.width * 3 + 1;
  const scanlines = Buffer.allocUnsafe(stride * L.height);
  for (let y = 0; y < L.height; y++) {
    let o = y * stride;
    scanlines[o++] = 0;
    for (let x = 0; x < L.width; x++) {
      const c = p.palette[wide[y * L.width + x]!]!;
      scanlines[o++] = c >>> 16;
      scanlines[o++] = (c >>> 8) & 0xff;
      scanlines[o++] = c & 0xff;
    }
  }
  applyUpFilterToRepeatedRows(scanlines, stride, L.height);
  return scanlines;
}

const result = (p: Picture, png: Buffer): RenderResult => ({ png, viewport: p.layout.viewport, layout: p.layout });

/**
 * Renders a view to PNG, on the event loop (see the module comment for what that costs); only the RGB
 * fallback compresses on the thread pool. A promise for callers that wait for a picture among other work.
 */
export async function renderCanvas(grid: PixelGrid, view: CanvasView): Promise<RenderResult> {
  const p = pictureOf(grid, view);
  const { width, height } = p.layout;
  if (p.palette.length > 256) return result(p, await encodePng({ width, height }, composeRgb(p)));
  return result(p, assemblePng({ width, height, palette: p.palette }, bandStream(bandsOf(p), composeBand)));
}

/** Same picture as {@link renderCanvas}, byte for byte, fully synchronous. */
export function renderCanvasSync(grid: PixelGrid, view: CanvasView): RenderResult {
  const p = pictureOf(grid, view);
  const { width, height } = p.layout;
  if (p.palette.length > 256) return result(p, encodePngSync({ width, height }, composeRgb(p)));
  return result(p, assemblePng({ width, height, palette: p.palette }, bandStream(bandsOf(p), composeBand)));
}

/** Drops cached static frames and bands (tests, benches of cold renders, memory pressure). */
export function clearTemplateCache(): void {
  templateCache.clear();
  clearBandCache();
}
