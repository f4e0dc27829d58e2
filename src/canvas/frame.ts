/**
 * The parts of a view's picture, drawn as palette indices into a Surface (./bitmapFont.ts): the static
 * frame (background, border, axis labels, footer caption), the canvas cells, the cursor and the footer
 * (swatch, hex, colour name, position). Each can be drawn into the whole picture or into one band of
 * rows (./bands.ts): the surface clips, and `cursorRows` says which rows the cursor touches.
 */
import { drawText, fillRect, measureText, textHeight, type Surface } from './bitmapFont.js';
import { GRID_MIN_CELL, LABEL_SCALE, type RenderLayout } from './layout.js';
import { toHex } from './palette.js';

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
/** Palette index of each chrome colour: the first entries of every picture's palette. */
export const UI = { bg: 0, text: 1, label: 2, border: 3, grid: 4, cursorOuter: 5, cursorInner: 6, accent: 7, footer: 8 } as const;
export const UI_PALETTE: readonly number[] = [
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

/** Everything that stays for a (canvas size, viewport, cell size, caption word): drawn once per template. */
export function drawStatic(s: Surface, L: RenderLayout, canvasWidth: number, canvasHeight: number, zoomWord: string): void {
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

/**
 * The cells of viewport rows `fromRow` to `toRow` (default all), `cellIdx` holding each visible cell's
 * palette index row by row. Writes whole screen rows: the surface must hold those rows.
 */
export function drawCells(s: Surface, L: RenderLayout, cellIdx: Uint32Array, fromRow = 0, toRow = L.viewport.h): void {
  const { originX: ox, originY: oy, cellSize: cs, viewport: vp } = L;
  const buf = s.buf;
  const areaW = vp.w * cs;
  const grid = L.gridLines;
  for (let r = fromRow; r < toRow; r++) {
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

interface CursorBox {
  /** Top-left of the cursor cell's interior and its side. */
  ix: number;
  iy: number;
  isz: number;
  inner: number;
  /** Ring thickness beyond the interior (inner + outer). */
  t: number;
  /** Side of the margin markers. */
  mw: number;
}

function cursorBox(L: RenderLayout): CursorBox {
  const { originX: ox, originY: oy, cellSize: cs, viewport: vp, cursor } = L;
  const g = L.gridLines ? 1 : 0;
  const isz = cs - g;
  const inner = 2;
  const outer = cs >= GRID_MIN_CELL ? Math.max(3, Math.round(cs / 8)) : 2;
  return { ix: ox + (cursor.x - vp.x0) * cs + g, iy: oy + (cursor.y - vp.y0) * cs + g, isz, inner, t: inner + outer, mw: Math.max(isz, 9) };
}

/**
 * The screen rows the cursor draws on besides the top margin's marker (`marker`): its rings and the
 * left margin's marker. A band of rows outside both looks the same wherever the cursor is.
 */
export function cursorRows(L: RenderLayout): { from: number; to: number; marker: { from: number; to: number } } {
  const { iy, isz, t, mw } = cursorBox(L);
  const markerTop = iy + Math.floor(isz / 2) - Math.floor(mw / 2);
  return { from: Math.min(iy - t - 1, markerTop), to: Math.max(iy + isz + t + 1, markerTop + mw), marker: { from: L.originY - 8, to: L.originY - 3 } };
}

export function drawCursor(s: Surface, L: RenderLayout, interiorIdx: number): void {
  const { originX: ox, originY: oy } = L;
  const { ix, iy, isz, inner, t, mw } = cursorBox(L);
  // white halo, black ring, white ring, then the cell itself: visible on any colour
  fillRect(s, ix - t - 1, iy - t - 1, isz + 2 * t + 2, isz + 2 * t + 2, UI.cursorInner);
  fillRect(s, ix - t, iy - t, isz + 2 * t, isz + 2 * t, UI.cursorOuter);
  fillRect(s, ix - inner, iy - inner, isz + 2 * inner, isz + 2 * inner, UI.cursorInner);
  fillRect(s, ix, iy, isz, isz, interiorIdx);
  // accent markers in the margins, pointing at the cursor's column and row
  fillRect(s, ix + Math.floor(isz / 2) - Math.floor(mw / 2), oy - 8, mw, 5, UI.accent);
  fillRect(s, ox - 9, iy + Math.floor(isz / 2) - Math.floor(mw / 2), 5, mw, UI.accent);
}

export function drawFooter(s: Surface, L: RenderLayout, selectedIdx: number, selectedColor: number, colorWord: string): void {
  const fy = L.footerY;
  fillRect(s, 12, fy + 9, 44, 44, UI.text);
  fillRect(s, 14, fy + 11, 40, 40, UI.bg);
  fillRect(s, 16, fy + 13, 36, 36, selectedIdx);
  drawText(s, 68, fy + 10, toHex(selectedColor), UI.text, 3);
  drawText(s, 68, fy + 38, colorWord, UI.label, 2);
  const pos = `X ${L.cursor.x}  Y ${L.cursor.y}`;
  drawText(s, L.width - 14 - measureText(pos, 3), fy + 10, pos, UI.text, 3);
}
