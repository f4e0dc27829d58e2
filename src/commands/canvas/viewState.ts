/**
 * The state of a canvas view — cursor, zoom, arrow step, selected colour — carried in custom ids so
 * every message's controls work after a restart and for any member. Encoded as five custom-id args
 * (`x:y:zoom:step:rrggbb`); this is the one place that reads and writes them.
 */
import { UserError } from '../../errors.js';
import { normalizeZoom, type CanvasLabels } from '../../canvas/layout.js';
import type { Look } from '../../canvas/memberView.js';
import { msg } from '../../i18n/message.js';

export interface ViewState {
  x: number;
  y: number;
  zoom: number;
  step: number;
  color: number;
}

/** Arrow step sizes the centre button cycles through. */
export const STEPS: readonly number[] = [1, 5, 10];
/** Colour selected in a fresh view. */
export const DEFAULT_COLOR = 0x222222;
export const STATE_ARGS = 5;

const hex6 = (rgb: number): string => (rgb & 0xffffff).toString(16).padStart(6, '0');

export function stateArgs(s: ViewState): string[] {
  return [String(s.x), String(s.y), String(s.zoom), String(s.step), hex6(s.color)];
}

/** Reads the state from the last STATE_ARGS custom-id args (actions may put their own args first). */
export function parseState(args: readonly string[]): ViewState {
  const [x, y, zoom, step, color] = args.slice(-STATE_ARGS);
  const nums = [x, y, zoom, step].map((v) => (v !== undefined && /^\d{1,4}$/.test(v) ? Number(v) : NaN));
  if (nums.some(Number.isNaN) || !color || !/^[0-9a-f]{6}$/.test(color)) {
    throw new UserError(msg('canvas.view.stale'), 'validation');
  }
  return { x: nums[0]!, y: nums[1]!, zoom: normalizeZoom(nums[2]), step: STEPS.includes(nums[3]!) ? nums[3]! : 1, color: Number.parseInt(color, 16) };
}

/** The state with its cursor moved inside a `width`×`height` board. */
export function clampState(s: ViewState, width: number, height: number): ViewState {
  return { ...s, x: Math.min(width - 1, Math.max(0, s.x)), y: Math.min(height - 1, Math.max(0, s.y)) };
}

export function nextStep(step: number): number {
  return STEPS[(STEPS.indexOf(step) + 1) % STEPS.length]!;
}

/** Where the state looks, for src/canvas/memberView.ts; `labels`: the picture's words (./words.ts), English if absent. */
export function toLook(s: ViewState, labels?: CanvasLabels): Look {
  return { x: s.x, y: s.y, zoom: s.zoom, color: s.color, ...(labels ? { labels } : {}) };
}
