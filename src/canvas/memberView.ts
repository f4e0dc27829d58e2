/**
 * What a member sees of the canvas, one call per answer: the board, the picture of their view, and what
 * is theirs — the colours they bought, and after a placement when they may place again. The /canvas
 * handlers (src/commands/canvas) ask here and lay the answer out; the service's parts (board reads,
 * renders, colour reads, placements) are put together here, in one direction: read or place, then draw
 * from the snapshot that came back.
 *
 * A picture comes from the render cache (./renderCache.ts), keyed by the snapshot's picture and the
 * view: everyone looking at the same view of the same picture shares one render, and a placement's
 * picture is the one the next viewer of that view gets.
 */
import type { CanvasBoard } from '../db/canvasSchemas.js';
import { UserError } from '../errors.js';
import { assertInside } from './bounds.js';
import type { CanvasLabels, CanvasView } from './layout.js';
import type { CanvasSnapshot } from './liveBoards.js';
import { parseColor } from './palette.js';
import type { PlaceOptions } from './placement.js';
import type { RenderResult } from './render.js';
import type { CanvasService } from './service.js';

/** Where a member looks and with which colour selected. */
export interface Look {
  /** The cursor; absent: the board's centre. */
  x?: number;
  y?: number;
  zoom: number;
  /** The selected colour (0xRRGGBB), shown in the footer. */
  color: number;
  /** The words on the picture, in its reader's language (English when absent). */
  labels?: CanvasLabels;
}

export interface MemberView {
  board: CanvasBoard;
  /** The look's cursor moved inside the board (the centre when the look named none). */
  cursor: { x: number; y: number };
  image: RenderResult;
  /** The member's bought colours; empty unless asked for (`owned`). */
  owned: readonly number[];
}

export interface ViewOptions {
  /** Read the member's bought colours (a colour menu lists them), or the read the caller started. */
  owned?: boolean | Promise<readonly number[]>;
  /** The cursor must be on the board (coordinates the member typed): outside is their error, not moved in. */
  strict?: boolean;
  /** The board as the caller already has it: no read. */
  snap?: CanvasSnapshot;
}

/** A placement: the board after it, the colour it replaced, when the member may place again, and the view asked for. */
export interface Placed {
  board: CanvasBoard;
  previous: number;
  nextAt: Date;
  /** With a look: the member's view of the board after the placement. */
  view?: MemberView;
}

/** A colour the member may use, or their error; `owned` is the read of their colours when one was made. */
export interface MemberColor {
  rgb: number;
  owned?: Promise<readonly number[]>;
}

/** The board as stored now (its size for a form, its pixels for a count). */
export async function boardOf(canvas: CanvasService, guildId: string): Promise<CanvasSnapshot> {
  return canvas.snapshot(guildId);
}

/**
 * The colour a member picked, if they may use it (palette or bought); a clear error otherwise. Palette
 * colours need no read; with `withOwned` the member's colours (for a colour menu) are read meanwhile,
 * else only for a colour outside the palette.
 */
export async function memberColor(canvas: CanvasService, guildId: string, userId: string, input: string, withOwned = false): Promise<MemberColor> {
  const free = parseColor(input);
  if (free.ok && !withOwned) return { rgb: free.rgb };
  const owned = canvas.ownedColors(guildId, userId);
  owned.catch(() => undefined); // awaited later; never an unhandled rejection meanwhile
  if (free.ok) return { rgb: free.rgb, owned };
  const parsed = parseColor(input, await owned);
  if (!parsed.ok) throw new UserError(parsed.reason);
  return { rgb: parsed.rgb, owned };
}

function ownedOf(canvas: CanvasService, guildId: string, userId: string, owned: ViewOptions['owned']): Promise<readonly number[]> {
  if (owned === true) return canvas.ownedColors(guildId, userId);
  return owned || Promise.resolve([]);
}

const clampTo = (v: number, size: number): number => Math.min(size - 1, Math.max(0, v));

/** The member's view of `snap`: the cursor inside the board, the picture from the render cache. */
async function draw(canvas: CanvasService, guildId: string, snap: CanvasSnapshot, look: Look, owned: Promise<readonly number[]>, strict: boolean): Promise<MemberView> {
  const { board } = snap;
  const x = look.x ?? Math.floor(board.width / 2);
  const y = look.y ?? Math.floor(board.height / 2);
  if (strict) assertInside(board, x, y);
  const cursor = { x: clampTo(x, board.width), y: clampTo(y, board.height) };
  const view: CanvasView = { cx: cursor.x, cy: cursor.y, zoom: look.zoom, selectedColor: look.color, ...(look.labels ? { labels: look.labels } : {}) };
  const [{ image }, colors] = await Promise.all([canvas.render(guildId, view, snap), owned]);
  return { board, cursor, image, owned: colors };
}

/** The member's view of the board as it is now. */
export async function viewCanvas(canvas: CanvasService, guildId: string, userId: string, look: Look, opts: ViewOptions = {}): Promise<MemberView> {
  const owned = ownedOf(canvas, guildId, userId, opts.owned);
  owned.catch(() => undefined); // awaited in draw(); never an unhandled rejection meanwhile
  const snap = opts.snap ?? (await canvas.snapshot(guildId));
  return draw(canvas, guildId, snap, look, owned, opts.strict ?? false);
}

type Pixel = { x: number; y: number; color: number };
type PlaceViewOptions = { owned?: ViewOptions['owned']; now?: PlaceOptions['now'] };

/**
 * Places one pixel; with a look, the member's view drawn from the board the placement returned (the
 * pixel on it, with whatever else landed before it).
 */
export function placePixel(canvas: CanvasService, guildId: string, userId: string, pixel: Pixel): Promise<Placed>;
export function placePixel(canvas: CanvasService, guildId: string, userId: string, pixel: Pixel, look: Look, opts?: PlaceViewOptions): Promise<Placed & { view: MemberView }>;
export async function placePixel(canvas: CanvasService, guildId: string, userId: string, pixel: Pixel, look?: Look, opts: PlaceViewOptions = {}): Promise<Placed> {
  const owned = look ? ownedOf(canvas, guildId, userId, opts.owned) : undefined;
  owned?.catch(() => undefined);
  const result = await canvas.place(guildId, userId, pixel.x, pixel.y, pixel.color, opts.now ? { now: opts.now } : {});
  const placed: Placed = { board: result.board, previous: result.previous, nextAt: result.nextAt };
  if (look && owned) placed.view = await draw(canvas, guildId, result, look, owned, false);
  return placed;
}
