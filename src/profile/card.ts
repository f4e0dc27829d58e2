/**
 * Draws a member's profile card with @napi-rs/canvas: the background gradient (a bought one or the
 * default), the avatar in a circle (or initials on a coloured circle), the display name, two lines
 * under it, and a 4×2 grid of figures.
 *
 * Every text is fitted to its box (./cardText.ts); the layout records each text's measured width and
 * its box, so tests can check the fit. Drawing is synchronous (≈1 ms); encoding is ./cardPng.ts, its
 * compression off the event loop.
 */
import { createCanvas, type Canvas, type Image, type SKRSContext2D } from '@napi-rs/canvas';
import { encodeCard } from './cardPng.js';
import { cleanText, fitText, initials, type TextBox } from './cardText.js';
import { ensureCardFont } from './fonts.js';

export { cardScanlines, encodeCard } from './cardPng.js';
export { cleanText, fitText, initials, type TextBox } from './cardText.js';

export const CARD_WIDTH = 800;
export const CARD_HEIGHT = 360;
/** Bump when the picture changes for the same inputs: it is part of the cache key. */
export const CARD_VERSION = 1;

const MARGIN = 24;
const AVATAR = 128;
const HEADER_X = MARGIN + AVATAR + 24;
const HEADER_W = CARD_WIDTH - HEADER_X - MARGIN;
const GRID_TOP = 176;
const GRID_COLS = 4;
const GRID_GAP = 16;
const TILE_W = (CARD_WIDTH - 2 * MARGIN - (GRID_COLS - 1) * GRID_GAP) / GRID_COLS;
const TILE_H = 72;
const TILE_PAD = 12;
/** Sizes tried largest first; multiples of the font's 16 px unit (24 is the one soft step). */
const NAME_SIZES = [32, 24, 16] as const;
const LINE_SIZES = [16] as const;
const VALUE_SIZES = [32, 24, 16] as const;
const LABEL_SIZES = [16] as const;

const COLORS = { value: '#ffffff', label: '#c9cdd4', line: '#dfe2e7', tile: 'rgba(0, 0, 0, 0.38)', ring: 'rgba(255, 255, 255, 0.9)' };
/** Placeholder circle colours, picked by the member id so a member keeps theirs. */
const PLACEHOLDER_COLORS = [0x5865f2, 0x3ba55c, 0xeb459e, 0xed4245, 0xfaa61a, 0x00a8c6, 0x9b59b6, 0x747f8d] as const;

export interface CardTile {
  label: string;
  value: string;
}

export interface CardInput {
  displayName: string;
  /** The two lines under the name, e.g. `@username` and the linked player. */
  lines: readonly [string, string];
  /** Up to 8 figures, in reading order (4 per row). */
  tiles: readonly CardTile[];
  /** Top-left and bottom-right colours of the gradient, 0xRRGGBB. */
  background: readonly [number, number];
  /** The decoded avatar, or null for the placeholder. */
  avatar: Image | null;
  /** Picks the placeholder's colour (the member id). */
  seed: string;
}

export interface CardLayout {
  width: number;
  height: number;
  texts: TextBox[];
  /** Whether the placeholder was drawn instead of an avatar. */
  placeholder: boolean;
}

const hex = (rgb: number) => `#${(rgb & 0xffffff).toString(16).padStart(6, '0')}`;

/** FNV-1a: a stable small hash for picking a colour. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function placeholderColor(seed: string): number {
  return PLACEHOLDER_COLORS[hash32(seed) % PLACEHOLDER_COLORS.length]!;
}

function drawAvatar(ctx: SKRSContext2D, input: CardInput, texts: TextBox[]): void {
  const r = AVATAR / 2;
  const cx = MARGIN + r;
  const cy = MARGIN + r;
  ctx.beginPath();
  ctx.arc(cx, cy, r + 4, 0, Math.PI * 2);
  ctx.fillStyle = COLORS.ring;
  ctx.fill();
  ctx.save();
  ctx.beginPath();
  ctx.arc(cx, cy, r, 0, Math.PI * 2);
  ctx.clip();
  if (input.avatar) {
    ctx.drawImage(input.avatar, MARGIN, MARGIN, AVATAR, AVATAR);
  } else {
    const color = placeholderColor(input.seed);
    ctx.fillStyle = hex(color);
    ctx.fillRect(MARGIN, MARGIN, AVATAR, AVATAR);
    const text = initials(input.displayName);
    const fit = fitText(ctx, text, AVATAR - 32, [64, 48, 32]);
    // Dark letters on light circles, white on the rest.
    const luma = 0.299 * (color >> 16) + 0.587 * ((color >> 8) & 0xff) + 0.114 * (color & 0xff);
    ctx.fillStyle = luma > 160 ? '#1f2328' : '#ffffff';
    const x = Math.round(cx - fit.width / 2);
    const y = Math.round(cy - fit.px / 2);
    ctx.fillText(fit.drawn, x, y);
    texts.push({ id: 'initials', ...fit, maxWidth: AVATAR - 32, x, y });
  }
  ctx.restore();
}

function drawText(ctx: SKRSContext2D, texts: TextBox[], id: string, text: string, x: number, y: number, maxWidth: number, sizes: readonly number[], color: string): TextBox {
  const fit = fitText(ctx, cleanText(text), maxWidth, sizes);
  ctx.fillStyle = color;
  ctx.fillText(fit.drawn, x, y);
  const box = { id, ...fit, maxWidth, x, y };
  texts.push(box);
  return box;
}

/** Draws the card (synchronously); encode the returned canvas, or use {@link renderCard}. */
export function drawCard(input: CardInput): { canvas: Canvas; layout: CardLayout } {
  ensureCardFont();
  const canvas = createCanvas(CARD_WIDTH, CARD_HEIGHT);
  const ctx = canvas.getContext('2d');
  // Pinned so hosts with another UI language draw the same glyphs (locl) and measure the same.
  ctx.lang = 'en';
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  const texts: TextBox[] = [];

  const gradient = ctx.createLinearGradient(0, 0, CARD_WIDTH, CARD_HEIGHT);
  gradient.addColorStop(0, hex(input.background[0]));
  gradient.addColorStop(1, hex(input.background[1]));
  ctx.fillStyle = gradient;
  ctx.fillRect(0, 0, CARD_WIDTH, CARD_HEIGHT);

  drawAvatar(ctx, input, texts);

  // Name box is 32 px tall whatever size fits: smaller sizes sit on the same centre line.
  const name = fitText(ctx, cleanText(input.displayName), HEADER_W, NAME_SIZES);
  const nameY = MARGIN + 8 + Math.round((32 - name.px) / 2);
  ctx.fillStyle = COLORS.value;
  ctx.fillText(name.drawn, HEADER_X, nameY);
  texts.push({ id: 'name', ...name, maxWidth: HEADER_W, x: HEADER_X, y: nameY });
  drawText(ctx, texts, 'line1', input.lines[0], HEADER_X, MARGIN + 56, HEADER_W, LINE_SIZES, COLORS.line);
  drawText(ctx, texts, 'line2', input.lines[1], HEADER_X, MARGIN + 84, HEADER_W, LINE_SIZES, COLORS.line);

  input.tiles.slice(0, 2 * GRID_COLS).forEach((tile, i) => {
    const x = MARGIN + (i % GRID_COLS) * (TILE_W + GRID_GAP);
    const y = GRID_TOP + Math.floor(i / GRID_COLS) * (TILE_H + GRID_GAP);
    ctx.fillStyle = COLORS.tile;
    ctx.beginPath();
    ctx.roundRect(x, y, TILE_W, TILE_H, 8);
    ctx.fill();
    const inner = TILE_W - 2 * TILE_PAD;
    drawText(ctx, texts, `label${i}`, tile.label, x + TILE_PAD, y + 10, inner, LABEL_SIZES, COLORS.label);
    const value = fitText(ctx, cleanText(tile.value), inner, VALUE_SIZES);
    const vy = y + 30 + Math.round((32 - value.px) / 2);
    ctx.fillStyle = COLORS.value;
    ctx.fillText(value.drawn, x + TILE_PAD, vy);
    texts.push({ id: `value${i}`, ...value, maxWidth: inner, x: x + TILE_PAD, y: vy });
  });

  return { canvas, layout: { width: CARD_WIDTH, height: CARD_HEIGHT, texts, placeholder: !input.avatar } };
}

/** Draws the card, then encodes it (compression off the event loop). */
export async function renderCard(input: CardInput): Promise<{ png: Buffer; layout: CardLayout }> {
  const { canvas, layout } = drawCard(input);
  return { png: await encodeCard(canvas), layout };
}
