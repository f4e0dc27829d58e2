/**
 * The geometry of a rendered view: which canvas pixels it shows (viewport), how big each is on screen,
 * where the margins, axis labels and footer go. Pure arithmetic, no pixels: callers that only need to
 * know where something is (tests, button labels) use it without rendering.
 */
import { measureText, textHeight } from './bitmapFont.js';

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
/** Scale of the axis labels' bitmap font. */
export const LABEL_SCALE = 2;

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
