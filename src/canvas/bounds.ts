/** Whether a pixel is on a board, and the member's error when it is not. */
import type { CanvasBoard } from '../db/canvasSchemas.js';
import { UserError } from '../errors.js';
import { msg } from '../i18n/message.js';

export function isInside(board: Pick<CanvasBoard, 'width' | 'height'>, x: number, y: number): boolean {
  return Number.isInteger(x) && Number.isInteger(y) && x >= 0 && y >= 0 && x < board.width && y < board.height;
}

/** Clear message for coordinates outside the board. */
export function assertInside(board: Pick<CanvasBoard, 'width' | 'height'>, x: number, y: number): void {
  if (!isInside(board, x, y)) {
    const { width, height } = board;
    throw new UserError(msg('canvas.outside', { x: String(x), y: String(y), width: String(width), height: String(height), maxX: String(width - 1), maxY: String(height - 1) }));
  }
}
