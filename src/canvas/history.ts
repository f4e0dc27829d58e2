/**
 * The placement log (`canvas_log`) as a timelapse history (./timelapse.ts): which entries belong to a
 * board version, their timeline order, and the first picture when older entries were left unread.
 * Pure and sliced (./slices.ts): the service only fetches and hands over.
 */
import type { CanvasBoard, CanvasPlacement } from '../db/canvasSchemas.js';
import { overlayKey, overlaySeq } from './board.js';
import type { PixelGrid } from './pixels.js';
import { CHECKPOINT_EVERY, runSync, type Steps } from './slices.js';
import type { TimelapseHistory } from './timelapse.js';
import { timelineSteps } from './timeline.js';

/** The fields a timelapse reads of a log entry (the fetch projects to these). */
export type TimelineEntry = Pick<CanvasPlacement, 'x' | 'y' | 'color' | 'previous' | 'rev' | 'seq' | 'at'>;

/**
 * Whether the board at this version contains the entry: entries of an older epoch were applied before
 * it was written; in the current epoch the overlay's sequence says how far each pixel got. A slot
 * claimed but not yet applied, or anything newer than the snapshot, is not in it.
 */
export function inVersion(board: Pick<CanvasBoard, 'rev' | 'p'>, e: Pick<CanvasPlacement, 'x' | 'y' | 'rev' | 'seq'>): boolean {
  if (e.rev !== board.rev) return e.rev < board.rev;
  const v = board.p[overlayKey(e.x, e.y)];
  return v !== undefined && e.seq <= overlaySeq(v);
}

/** Any unique number per (x, y) for placements that may lie outside every canvas (old logs). */
const looseCell = (x: number, y: number): number => y * 65_536 + x;

/**
 * Placements in timeline order: by time, except that each pixel's own placements keep their true
 * order (rev, seq) — two members racing on one pixel can have clocks a millisecond apart.
 */
export function timelineOrder<T extends Pick<CanvasPlacement, 'x' | 'y' | 'rev' | 'seq' | 'at'>>(log: readonly T[]): T[] {
  const n = log.length;
  const cell = new Float64Array(n);
  const at = new Float64Array(n);
  const rev = new Float64Array(n);
  const seq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = log[i]!;
    cell[i] = looseCell(p.x, p.y);
    at[i] = p.at.getTime();
    rev[i] = p.rev;
    seq[i] = p.seq;
  }
  const order = runSync(timelineSteps(cell, at, rev, seq));
  return Array.from(order, (i) => log[i]!);
}

/**
 * The history of a snapshot for the timelapse. `entries` are the log since the last reset (any order,
 * reverted ones excluded); `truncated` says older entries were left unread, so the first picture is
 * the current one with the shown placements undone (each pixel gets what its first shown placement
 * covered) rather than the blank canvas. The last frame is always the snapshot's picture.
 */
export function* historySteps(
  board: Pick<CanvasBoard, 'rev' | 'p' | 'background'>,
  grid: PixelGrid,
  entries: readonly TimelineEntry[],
  truncated: boolean,
): Steps<TimelapseHistory> {
  const { width, height } = grid;
  const kept: TimelineEntry[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    // Pixels a shrink cut off are not on the canvas any more.
    if (e.x >= 0 && e.y >= 0 && e.x < width && e.y < height && inVersion(board, e)) kept.push(e);
    if (i % CHECKPOINT_EVERY === 0) yield;
  }
  const n = kept.length;
  const cell = new Float64Array(n);
  const at = new Float64Array(n);
  const rev = new Float64Array(n);
  const seq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const e = kept[i]!;
    cell[i] = e.y * width + e.x;
    at[i] = e.at.getTime();
    rev[i] = e.rev;
    seq[i] = e.seq;
    if (i % CHECKPOINT_EVERY === 0) yield;
  }
  const order = yield* timelineSteps(cell, at, rev, seq);
  const cells = new Uint32Array(n);
  const colors = new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    const e = kept[order[k]!]!;
    cells[k] = cell[order[k]!]!;
    colors[k] = e.color & 0xffffff;
    if (k % CHECKPOINT_EVERY === 0) yield;
  }
  const final = grid.data.slice();
  let start: Uint32Array | undefined;
  if (truncated) {
    start = final.slice();
    // Undo newest first: each pixel ends with what its earliest shown placement covered.
    for (let k = n - 1; k >= 0; k--) {
      start[cells[k]!] = kept[order[k]!]!.previous & 0xffffff;
      if (k % CHECKPOINT_EVERY === 0) yield;
    }
  }
  return { width, height, background: board.background, cells, colors, start, final };
}
