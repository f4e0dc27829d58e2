/**
 * The profile card's texts fitted to their boxes. Text comes from anyone (display names in any script,
 * emoji, 32 wide characters), so every text is measured with the bundled font (./fonts.ts) and drawn
 * inside its box: first at the largest size that fits, then ellipsized by grapheme (never half an emoji
 * or a letter without its accent) at the smallest.
 */
import type { SKRSContext2D } from '@napi-rs/canvas';
import { cardFont } from './fonts.js';

const ELLIPSIS = '…';
/** No name is that long on Discord; a bound on measuring work for any text handed in. */
const MAX_TEXT_CODE_POINTS = 200;

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

/** Up to two initials: the first grapheme of the first and of the last word. */
export function initials(name: string): string {
  const words = cleanText(name).split(' ').filter((w) => w !== '—');
  const first = (w: string | undefined) => (w ? (segmenter.segment(w)[Symbol.iterator]().next().value?.segment ?? '') : '');
  const out = first(words[0]) + (words.length > 1 ? first(words[words.length - 1]) : '');
  return out ? out.toLocaleUpperCase() : '?';
}
