/**
 * Draws a member's profile card with @napi-rs/canvas: the background gradient (a bought one or the
 * default), the avatar in a circle (or initials on a coloured circle), the display name, two lines
 * under it, and a 4×2 grid of figures.
 *
 * Text comes from anyone (display names in any script, emoji, 32 wide characters), so every text is
 * measured with the bundled font (./fonts.ts) and drawn inside its box: first at the largest size that
 * fits, then ellipsized by grapheme (never half an emoji or a letter without its accent) at the smallest.
 * The layout records each text's measured width and its box, so tests can check the fit.
 *
 * Drawing is synchronous (≈1 ms). Encoding is ours, as for the pixel canvas (../canvas/png.ts): the
 * card is opaque, so its pixels become RGB scanlines with the PNG "Sub" filter (≈2 ms on the event loop),
 * and zlib compresses them on the libuv thread pool. @napi-rs/canvas's own async `encode('png')` also
 * runs off the event loop, but measured 5–10× slower here for a 10% larger file (bench/profile.ts).
 */
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import { createCanvas, type Canvas, type Image, type SKRSContext2D } from '@napi-rs/canvas';
import { assemblePng } from '../canvas/png.js';
import { cardFont, ensureCardFont } from './fonts.js';

const deflateAsync = promisify(zlib.deflate);
/** Level 4: past it, time grows much faster than the file shrinks on a card's gradients. */
const CARD_DEFLATE: zlib.ZlibOptions = { level: 4 };

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
const ELLIPSIS = '…';
/** No name is that long on Discord; a bound on measuring work for any text handed in. */
const MAX_TEXT_CODE_POINTS = 200;

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

/** One text as drawn: what was asked, what was drawn (maybe ellipsized), at which size, and its box. */
export interface TextBox {
  id: string;
  text: string;
  drawn: string;
  px: number;
  /** Measured extent of the drawn text: the larger of its advance and its ink. */
  width: number;
  maxWidth: number;
  x: number;
  y: number;
  truncated: boolean;
}

export interface CardLayout {
  width: number;
  height: number;
  texts: TextBox[];
  /** Whether the placeholder was drawn instead of an avatar. */
  placeholder: boolean;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** One line of printable text: controls and line breaks become spaces, bounded in length. */
export function cleanText(text: string): string {
  let out = text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').replace(/\s+/gu, ' ').trim();
  if (out.length > MAX_TEXT_CODE_POINTS) out = Array.from(out).slice(0, MAX_TEXT_CODE_POINTS).join('');
  return out || '—';
}

function measure(ctx: SKRSContext2D, text: string): number {
  const m = ctx.measureText(text);
  return Math.max(m.width, m.actualBoundingBoxLeft + m.actualBoundingBoxRight);
}

/**
 * `text` at the first of `sizes` (largest first) where it fits `maxWidth`; else at the last size, cut
 * by grapheme with an ellipsis. Leaves `ctx.font` set to the chosen size.
 */
export function fitText(ctx: SKRSContext2D, text: string, maxWidth: number, sizes: readonly number[]): Omit<TextBox, 'id' | 'x' | 'y' | 'maxWidth'> {
  for (const px of sizes) {
    ctx.font = cardFont(px);
    const width = measure(ctx, text);
    if (width <= maxWidth) return { text, drawn: text, px, width, truncated: false };
  }
  const px = sizes[sizes.length - 1]!;
  ctx.font = cardFont(px);
  const parts = Array.from(segmenter.segment(text), (s) => s.segment);
  const withEllipsis = (n: number) => parts.slice(0, n).join('').trimEnd() + ELLIPSIS;
  // Width grows with the prefix (shaping can bend that a little, hence the check after the search).
  let lo = 0;
  let hi = parts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (measure(ctx, withEllipsis(mid)) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  let drawn = withEllipsis(lo);
  let width = measure(ctx, drawn);
  while (width > maxWidth && lo > 0) {
    drawn = withEllipsis(--lo);
    width = measure(ctx, drawn);
  }
  if (width > maxWidth) [drawn, width] = ['', 0];
  return { text, drawn, px, width, truncated: true };
}

const hex = (rgb: number) => `#${(rgb & 0xffffff).toString(16).padStart(6, '0')}`;

/** FNV-1a: a stable small hash for picking a colour. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Up to two initials: the first grapheme of the first and of the last word. */
export function initials(name: string): string {
  const words = cleanText(name).split(' ').filter((w) => w !== '—');
  const first = (w: string | undefined) => (w ? (segmenter.segment(w)[Symbol.iterator]().next().value?.segment ?? '') : '');
  const out = first(words[0]) + (words.length > 1 ? first(words[words.length - 1]) : '');
  return out ? out.toLocaleUpperCase() : '?';
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

/**
 * The canvas's pixels as PNG scanlines: RGB (the card is opaque, so the stored premultiplied RGBA is the
 * colour itself), each row "Sub"-filtered (each byte minus the same channel of the pixel to its left),
 * which turns gradients and flat areas into runs zlib packs well.
 */
export function cardScanlines(canvas: Canvas): Buffer {
  const { width: w, height: h } = canvas;
  const rgba = canvas.data();
  const stride = w * 3 + 1;
  const out = Buffer.allocUnsafe(stride * h);
  for (let y = 0; y < h; y++) {
    let o = y * stride;
    out[o++] = 1;
    let p = y * w * 4;
    let pr = 0;
    let pg = 0;
    let pb = 0;
    for (let x = 0; x < w; x++, p += 4) {
      const r = rgba[p]!;
      const g = rgba[p + 1]!;
      const b = rgba[p + 2]!;
      out[o++] = (r - pr) & 0xff;
      out[o++] = (g - pg) & 0xff;
      out[o++] = (b - pb) & 0xff;
      pr = r;
      pg = g;
      pb = b;
    }
  }
  return out;
}

/** PNG of a drawn card; the compression runs on the libuv thread pool. */
export async function encodeCard(canvas: Canvas): Promise<Buffer> {
  return assemblePng({ width: canvas.width, height: canvas.height }, await deflateAsync(cardScanlines(canvas), CARD_DEFLATE));
}

/** Draws the card, then encodes it (compression off the event loop). */
export async function renderCard(input: CardInput): Promise<{ png: Buffer; layout: CardLayout }> {
  const { canvas, layout } = drawCard(input);
  return { png: await encodeCard(canvas), layout };
}
