/**
 * A stored board (src/db/canvasSchemas.ts) as a PixelGrid, and the field names a placement writes.
 * The one place that knows the blob + overlay layout.
 */
import { Binary } from 'mongodb';
import type { CanvasBoard } from '../db/canvasSchemas.js';
import { DEFAULT_BACKGROUND } from './palette.js';
import { PixelGrid } from './pixels.js';

export const DEFAULT_CANVAS_SIZE = 32;

/** Overlay key of a pixel: `p.<key>` is the field a placement sets. */
export function overlayKey(x: number, y: number): string {
  return `${x}_${y}`;
}

const SEQ_UNIT = 0x1000000;

/**
 * An overlay value holds the pixel's colour and its placement sequence in the current blob epoch, so
 * a placement can be made conditional on exactly the state it saw (no A-B-A between two equal colours).
 * Stays an exact integer below 2^53 (about 5×10^8 placements per pixel per epoch).
 */
export function overlayValue(seq: number, rgb: number): number {
  return seq * SEQ_UNIT + (rgb & 0xffffff);
}

export function overlayColor(value: number): number {
  return value % SEQ_UNIT;
}

export function overlaySeq(value: number): number {
  return Math.floor(value / SEQ_UNIT);
}

/** Order of two placements on the same pixel. */
export function comparePixelOrder(a: { rev: number; seq: number }, b: { rev: number; seq: number }): number {
  return a.rev - b.rev || a.seq - b.seq;
}

/** The picture of a board: the blob with the overlay applied (overlay pixels outside the size are ignored). */
export function boardGrid(board: Pick<CanvasBoard, 'pixels' | 'p'>): PixelGrid {
  const grid = PixelGrid.deserialize(board.pixels.buffer);
  for (const [key, value] of Object.entries(board.p ?? {})) {
    const sep = key.indexOf('_');
    const x = Number(key.slice(0, sep));
    const y = Number(key.slice(sep + 1));
    if (grid.inBounds(x, y)) grid.set(x, y, overlayColor(value));
  }
  return grid;
}

export function blobOf(grid: PixelGrid): Binary {
  return new Binary(grid.serialize());
}

/** A fresh board document. */
export function newBoard(guildId: string, size = DEFAULT_CANVAS_SIZE, background = DEFAULT_BACKGROUND, now = new Date()): CanvasBoard {
  return {
    _id: guildId,
    guildId,
    width: size,
    height: size,
    background,
    pixels: blobOf(new PixelGrid(size, size, background)),
    p: {},
    version: 0,
    rev: 0,
    resetRev: 0,
    locked: false,
    updatedAt: now,
  };
}
