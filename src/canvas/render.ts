/**
 * Renders a view of a guild canvas to PNG: the visible pixels scaled up nearest-neighbour (crisp),
 * grid lines when cells are big enough, x/y axis labels, a two-tone cursor frame around the selected
 * pixel, and a footer with the selected colour (swatch, hex, name) and cursor position.
 *
 * How it is fast (p50 ≈ 2–4 ms at 1024 px, see bench/render.ts, vs ~35 ms for drawing and encoding
 * through @napi-rs/canvas):
 * - the image is composed directly as palette indices in the PNG scanline buffer (1 byte per pixel,
 *   filter byte per row): no RGBA canvas, no putImageData, no colour quantising;
 * - everything static for a (canvas size, viewport, cell size, caption word) — background, border, axis labels,
 *   footer captions — is drawn once into a template that later renders copy with one memcpy;
 * - text uses a built-in bitmap font (identical on every machine, no font files needed);
 * - PNG encoding is our own (./png.ts): repeated rows become zero "Up" rows, zlib Z_RLE strategy.
 *   {@link renderCanvas} compresses on the libuv thread pool, so the event loop is blocked only for
 *   composing (≈1–2 ms); {@link renderCanvasSync} does everything inline.
 * A view showing more than 247 distinct colours (possible only with many bought colours) falls back
 * to a 16-bit composition and an RGB PNG — same picture, a bit slower.
 */
import { colorLabel, toHex } from './palette.js';
import type { PixelGrid } from './pixels.js';
import { drawText, fillRect, measureText, textHeight } from './bitmapFont.js';
import type { Surface } from './bitmapFont.js';
import { applyUpFilterToRepeatedRows, encodePng, encodePngSync } from './png.js';
import type { PngHeader } from './png.js';

/** Zoom levels offered to members; any integer from 1 to MAX_ZOOM is accepted by the renderer. */
export const ZOOM_LEVELS: readonly number[] = Object.freeze([1, 2, 4, 8, 16]);
export const MAX_ZOOM = 32;
/** A zoomed view never shows fewer than this many pixels across (unless the canvas is smaller). */
export const MIN_VIEW_CELLS = 8;
/** Cells at least this many screen pixels wide get grid lines (unless showGrid is false). */
export const GRID_MIN_CELL = 12;
/** Long side of the output never exceeds this. */
export const MAX_IMAGE_SIDE = 1024;

export const MARGIN_LEFT = 50;
export const MARGIN_TOP = 32;
export const MARGIN_RIGHT = 22;
export const FOOTER_HEIGHT = 62;
const MIN_IMAGE_WIDTH = 440;
const LABEL_SCALE = 2;

/** Fixed colours of the chrome (exported for tests and for anyone matching the look). */
export const UI_COLORS = Object.freeze({
  background: 0xffffff,
  text: 0x1f2328,
  label: 0x57606a,
  border: 0x8c959f,
  grid: 0xbdbdbd,
  cursorOuter: 0x000000,
  cursorInner: 0xffffff,
  accent: 0xff3b30,
  footer: 0xf3f4f6,
});
const UI = { bg: 0, text: 1, label: 2, border: 3, grid: 4, cursorOuter: 5, cursorInner: 6, accent: 7, footer: 8 } as const;
const UI_PALETTE: readonly number[] = [
  UI_COLORS.background,
  UI_COLORS.text,
  UI_COLORS.label,
  UI_COLORS.border,
  UI_COLORS.grid,
  UI_COLORS.cursorOuter,
  UI_COLORS.cursorInner,
  UI_COLORS.accent,
  UI_COLORS.footer,
];

export interface CanvasView {
  /** Cursor pixel (clamped into the canvas). */
  cx: number;
  cy: number;
  /** 1 = whole canvas; 2, 4, 8… = progressively fewer pixels around the cursor. Default 1. */
  zoom?: number;
  /** The member's selected colour, 0xRRGGBB, shown in the footer. */
  selectedColor: number;
  /** Grid lines when cells are ≥ GRID_MIN_CELL px; default true. */
  showGrid?: boolean;
  /** The words drawn on the picture, in the reader's language; English when absent. */
  labels?: CanvasLabels;
}

/** Words on the picture, already put in the reader's language by the caller (the renderer has no catalog). */
export interface CanvasLabels {
  /** The footer caption's word before the zoom level (`ZOOM`). */
  readonly zoom: string;
  /** The selected colour's name (`light gray`). */
  readonly color: string;
}

const ENGLISH_ZOOM = 'ZOOM';

/** The canvas pixels visible in the image: x0 ≤ x < x0 + w, y0 ≤ y < y0 + h. */
export interface Viewport {
  x0: number;
  y0: number;
  w: number;
  h: number;
}

export interface RenderLayout {
  /** Output image size in pixels. */
  width: number;
  height: number;
  /** Screen position of the top-left corner of canvas pixel (viewport.x0, viewport.y0). */
  originX: number;
  originY: number;
  /** Screen pixels per canvas pixel. Canvas pixel (x, y) covers
   *  [originX + (x - x0) * cellSize, +cellSize) × [originY + (y - y0) * cellSize, +cellSize);
   *  with grid lines its first column and first row are the grid line. */
  cellSize: number;
  gridLines: boolean;
  zoom: number;
  viewport: Viewport;
  /** The cursor after clamping. */
  cursor: { x: number; y: number };
  /** Labelled coordinates are the multiples of this. */
  labelStep: number;
  /** Top of the footer strip. */
  footerY: number;
}

export interface RenderResult {
  png: Buffer;
  viewport: Viewport;
  layout: RenderLayout;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
const LABEL_STEPS = [1, 2, 5, 10, 20, 25, 50, 100];

export function normalizeZoom(zoom: number | undefined): number {
  if (zoom === undefined || !Number.isFinite(zoom)) return 1;
  return clamp(Math.floor(zoom), 1, MAX_ZOOM);
}

/** The viewport a view shows; cheap, for callers that label buttons without rendering. */
export function computeViewport(canvasWidth: number, canvasHeight: number, view: Pick<CanvasView, 'cx' | 'cy' | 'zoom'>): Viewport {
  const zoom = normalizeZoom(view.zoom);
  const w = Math.min(canvasWidth, Math.max(MIN_VIEW_CELLS, Math.ceil(canvasWidth / zoom)));
  const h = Math.min(canvasHeight, Math.max(MIN_VIEW_CELLS, Math.ceil(canvasHeight / zoom)));
  const cx = clamp(Math.round(view.cx) || 0, 0, canvasWidth - 1);
  const cy = clamp(Math.round(view.cy) || 0, 0, canvasHeight - 1);
  return {
    x0: clamp(cx - Math.floor(w / 2), 0, canvasWidth - w),
    y0: clamp(cy - Math.floor(h / 2), 0, canvasHeight - h),
    w,
    h,
  };
}

/** Full geometry of a render, computed without rendering. */
export function computeLayout(canvasWidth: number, canvasHeight: number, view: CanvasView): RenderLayout {
  const zoom = normalizeZoom(view.zoom);
  const viewport = computeViewport(canvasWidth, canvasHeight, view);
  const maxAreaW = MAX_IMAGE_SIDE - MARGIN_LEFT - MARGIN_RIGHT;
  const maxAreaH = MAX_IMAGE_SIDE - MARGIN_TOP - FOOTER_HEIGHT;
  const cellSize = Math.max(1, Math.floor(Math.min(maxAreaW / viewport.w, maxAreaH / viewport.h)));
  const gridLines = view.showGrid !== false && cellSize >= GRID_MIN_CELL;
  const areaW = viewport.w * cellSize;
  const areaH = viewport.h * cellSize;
  const maxCoord = Math.max(viewport.x0 + viewport.w, viewport.y0 + viewport.h) - 1;
  const labelW = measureText(String(maxCoord), LABEL_SCALE);
  const need = Math.max(labelW + 6, textHeight(LABEL_SCALE) + 4);
  const labelStep = LABEL_STEPS.find((s) => s * cellSize >= need) ?? 100;
  return {
    width: Math.max(MIN_IMAGE_WIDTH, MARGIN_LEFT + areaW + MARGIN_RIGHT),
    height: MARGIN_TOP + areaH + FOOTER_HEIGHT,
    originX: MARGIN_LEFT,
    originY: MARGIN_TOP,
    cellSize,
    gridLines,
    zoom,
    viewport,
    cursor: {
      x: clamp(Math.round(view.cx) || 0, 0, canvasWidth - 1),
      y: clamp(Math.round(view.cy) || 0, 0, canvasHeight - 1),
    },
    labelStep,
    footerY: MARGIN_TOP + areaH + 8,
  };
}

// ---------------------------------------------------------------------------------------------
// Static frame: background, border, axis labels, footer captions.

function drawStatic(s: Surface, L: RenderLayout, canvasWidth: number, canvasHeight: number, zoomWord: string): void {
  const { originX: ox, originY: oy, cellSize: cs, viewport: vp } = L;
  fillRect(s, 0, 0, L.width, L.height, UI.bg);
  const areaW = vp.w * cs;
  const areaH = vp.h * cs;
  // 1 px border just outside the pixel area
  fillRect(s, ox - 1, oy - 1, areaW + 2, 1, UI.border);
  fillRect(s, ox - 1, oy + areaH, areaW + 2, 1, UI.border);
  fillRect(s, ox - 1, oy - 1, 1, areaH + 2, UI.border);
  fillRect(s, ox + areaW, oy - 1, 1, areaH + 2, UI.border);

  const th = textHeight(LABEL_SCALE);
  const firstX = Math.ceil(vp.x0 / L.labelStep) * L.labelStep;
  for (let x = firstX; x < vp.x0 + vp.w; x += L.labelStep) {
    const cxScreen = ox + (x - vp.x0) * cs + Math.floor(cs / 2);
    const t = String(x);
    drawText(s, cxScreen - Math.floor(measureText(t, LABEL_SCALE) / 2), 6, t, UI.label, LABEL_SCALE);
    fillRect(s, cxScreen, oy - 5, 1, 4, UI.border);
  }
  const firstY = Math.ceil(vp.y0 / L.labelStep) * L.labelStep;
  for (let y = firstY; y < vp.y0 + vp.h; y += L.labelStep) {
    const cyScreen = oy + (y - vp.y0) * cs + Math.floor(cs / 2);
    const t = String(y);
    drawText(s, ox - 13 - measureText(t, LABEL_SCALE), cyScreen - Math.floor(th / 2), t, UI.label, LABEL_SCALE);
    fillRect(s, ox - 5, cyScreen, 3, 1, UI.border);
  }

  // footer strip
  const fy = L.footerY;
  fillRect(s, 0, fy, L.width, L.height - fy, UI.footer);
  fillRect(s, 0, fy, L.width, 1, UI.border);
  const caption = `${zoomWord} ${L.zoom}×  ${canvasWidth}×${canvasHeight}`;
  drawText(s, L.width - 14 - measureText(caption, 2), fy + 38, caption, UI.label, 2);
}

const TEMPLATE_CACHE_MAX = 8;
const templateCache = new Map<string, Buffer>();

function staticTemplate(L: RenderLayout, canvasWidth: number, canvasHeight: number, zoomWord: string): Buffer {
  const key = `${canvasWidth}x${canvasHeight}|${L.zoom}|${L.viewport.x0},${L.viewport.y0},${L.viewport.w},${L.viewport.h}|${L.cellSize}|${zoomWord}`;
  const hit = templateCache.get(key);
  if (hit) {
    templateCache.delete(key);
    templateCache.set(key, hit);
    return hit;
  }
  const stride = L.width + 1;
  const buf = Buffer.alloc(stride * L.height); // filter bytes stay 0 (None)
  drawStatic({ buf, stride, offset: 1, width: L.width, height: L.height }, L, canvasWidth, canvasHeight, zoomWord);
  templateCache.set(key, buf);
  if (templateCache.size > TEMPLATE_CACHE_MAX) templateCache.delete(templateCache.keys().next().value!);
  return buf;
}

/** Drops cached static frames (tests / memory pressure). */
export function clearTemplateCache(): void {
  templateCache.clear();
}

// ---------------------------------------------------------------------------------------------
// Dynamic parts.

function drawCells(s: Surface, L: RenderLayout, cellIdx: Uint16Array): void {
  const { originX: ox, originY: oy, cellSize: cs, viewport: vp } = L;
  const buf = s.buf;
  const areaW = vp.w * cs;
  const grid = L.gridLines;
  for (let r = 0; r < vp.h; r++) {
    let py = oy + r * cs;
    let rows = cs;
    if (grid) {
      const lineStart = s.offset + py * s.stride + ox;
      buf.fill(UI.grid, lineStart, lineStart + areaW);
      py++;
      rows--;
    }
    const rowStart = s.offset + py * s.stride + ox;
    let p = rowStart;
    const base = r * vp.w;
    if (cs >= 8) {
      for (let c = 0; c < vp.w; c++) {
        const v = cellIdx[base + c]!;
        if (grid) {
          buf[p] = UI.grid;
          buf.fill(v, p + 1, p + cs);
        } else {
          buf.fill(v, p, p + cs);
        }
        p += cs;
      }
    } else {
      for (let c = 0; c < vp.w; c++) {
        const v = cellIdx[base + c]!;
        for (let k = 0; k < cs; k++) buf[p + k] = v;
        p += cs;
      }
    }
    for (let k = 1; k < rows; k++) {
      const dst = rowStart + k * s.stride;
      buf.copyWithin(dst, rowStart, rowStart + areaW);
    }
  }
}

function drawCursor(s: Surface, L: RenderLayout, interiorIdx: number): void {
  const { originX: ox, originY: oy, cellSize: cs, viewport: vp, cursor } = L;
  const g = L.gridLines ? 1 : 0;
  const ix = ox + (cursor.x - vp.x0) * cs + g;
  const iy = oy + (cursor.y - vp.y0) * cs + g;
  const isz = cs - g;
  const inner = 2;
  const outer = cs >= GRID_MIN_CELL ? Math.max(3, Math.round(cs / 8)) : 2;
  const t = inner + outer;
  // white halo, black ring, white ring, then the cell itself: visible on any colour
  fillRect(s, ix - t - 1, iy - t - 1, isz + 2 * t + 2, isz + 2 * t + 2, UI.cursorInner);
  fillRect(s, ix - t, iy - t, isz + 2 * t, isz + 2 * t, UI.cursorOuter);
  fillRect(s, ix - inner, iy - inner, isz + 2 * inner, isz + 2 * inner, UI.cursorInner);
  fillRect(s, ix, iy, isz, isz, interiorIdx);
  // accent markers in the margins, pointing at the cursor's column and row
  const mw = Math.max(isz, 9);
  fillRect(s, ix + Math.floor(isz / 2) - Math.floor(mw / 2), oy - 8, mw, 5, UI.accent);
  fillRect(s, ox - 9, iy + Math.floor(isz / 2) - Math.floor(mw / 2), 5, mw, UI.accent);
}

function drawFooter(s: Surface, L: RenderLayout, selectedIdx: number, selectedColor: number, colorWord: string): void {
  const fy = L.footerY;
  fillRect(s, 12, fy + 9, 44, 44, UI.text);
  fillRect(s, 14, fy + 11, 40, 40, UI.bg);
  fillRect(s, 16, fy + 13, 36, 36, selectedIdx);
  drawText(s, 68, fy + 10, toHex(selectedColor), UI.text, 3);
  drawText(s, 68, fy + 38, colorWord, UI.label, 2);
  const pos = `X ${L.cursor.x}  Y ${L.cursor.y}`;
  drawText(s, L.width - 14 - measureText(pos, 3), fy + 10, pos, UI.text, 3);
}

interface Composition {
  layout: RenderLayout;
  header: PngHeader;
  scanlines: Buffer;
}

/** Everything but compression: returns the filtered scanlines ready for deflate. */
export function composeCanvas(grid: PixelGrid, view: CanvasView): Composition {
  const L = computeLayout(grid.width, grid.height, view);
  const vp = L.viewport;

  // Map visible colours to palette indices after the UI entries.
  const palette: number[] = UI_PALETTE.slice();
  const index = new Map<number, number>();
  const cellIdx = new Uint16Array(vp.w * vp.h);
  const data = grid.data;
  let lastRgb = -1;
  let lastIdx = 0;
  for (let y = 0; y < vp.h; y++) {
    const src = (vp.y0 + y) * grid.width + vp.x0;
    const dst = y * vp.w;
    for (let x = 0; x < vp.w; x++) {
      const rgb = data[src + x]!;
      if (rgb !== lastRgb) {
        let i = index.get(rgb);
        if (i === undefined) {
          i = palette.length;
          palette.push(rgb);
          index.set(rgb, i);
        }
        lastRgb = rgb;
        lastIdx = i;
      }
      cellIdx[dst + x] = lastIdx;
    }
  }
  const selected = view.selectedColor & 0xffffff;
  let selectedIdx = index.get(selected);
  if (selectedIdx === undefined) {
    selectedIdx = palette.length;
    palette.push(selected);
  }
  const cursorIdx = cellIdx[(L.cursor.y - vp.y0) * vp.w + (L.cursor.x - vp.x0)]!;
  const zoomWord = view.labels?.zoom ?? ENGLISH_ZOOM;
  const colorWord = view.labels?.color ?? colorLabel(selected);

  if (palette.length <= 256) {
    const template = staticTemplate(L, grid.width, grid.height, zoomWord);
    const scanlines = Buffer.allocUnsafe(template.length);
    scanlines.set(template);
    const s: Surface = { buf: scanlines, stride: L.width + 1, offset: 1, width: L.width, height: L.height };
    drawCells(s, L, cellIdx);
    drawCursor(s, L, cursorIdx);
    drawFooter(s, L, selectedIdx, selected, colorWord);
    applyUpFilterToRepeatedRows(scanlines, s.stride, L.height);
    return { layout: L, header: { width: L.width, height: L.height, palette }, scanlines };
  }

  // > 256 colours: compose 16-bit indices, then expand to RGB scanlines.
  const wide = new Uint16Array(L.width * L.height);
  const s: Surface = { buf: wide, stride: L.width, offset: 0, width: L.width, height: L.height };
  drawStatic(s, L, grid.width, grid.height, zoomWord);
  drawCells(s, L, cellIdx);
  drawCursor(s, L, cursorIdx);
  drawFooter(s, L, selectedIdx, selected, colorWord);
  const stride = L.width * 3 + 1;
  const scanlines = Buffer.allocUnsafe(stride * L.height);
  for (let y = 0; y < L.height; y++) {
    let o = y * stride;
    scanlines[o++] = 0;
    for (let x = 0; x < L.width; x++) {
      const c = palette[wide[y * L.width + x]!]!;
      scanlines[o++] = c >>> 16;
      scanlines[o++] = (c >>> 8) & 0xff;
      scanlines[o++] = c & 0xff;
    }
  }
  applyUpFilterToRepeatedRows(scanlines, stride, L.height);
  return { layout: L, header: { width: L.width, height: L.height }, scanlines };
}

/**
 * Renders a view to PNG. Composition runs synchronously (≈1–2 ms); compression runs on the libuv
 * thread pool, so the event loop stays responsive.
 */
export async function renderCanvas(grid: PixelGrid, view: CanvasView): Promise<RenderResult> {
  const c = composeCanvas(grid, view);
  const png = await encodePng(c.header, c.scanlines);
  return { png, viewport: c.layout.viewport, layout: c.layout };
}

/** Same picture as {@link renderCanvas}, fully synchronous. */
export function renderCanvasSync(grid: PixelGrid, view: CanvasView): RenderResult {
  const c = composeCanvas(grid, view);
  return { png: encodePngSync(c.header, c.scanlines), viewport: c.layout.viewport, layout: c.layout };
}
