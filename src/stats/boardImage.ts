/**
 * A board page drawn as a PNG with @napi-rs/canvas: title and subtitle (window, scope), a podium for
 * the top 3, a table of the page's other rows, a footer. Words come in already in the reader's language
 * (the guild's: boards are public); names from the logs are drawn as text with the bundled font that
 * covers every script (src/profile/fonts.ts), fitted to their boxes, never parsed.
 *
 * Drawing takes ~0.6 ms on the event loop; compression (~10 ms) runs on the libuv pool (src/profile/cardPng.ts).
 * Callers reuse pictures through ./boardImages.ts (a cache by content, bounded concurrency).
 */
import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import { encodeCard } from '../profile/cardPng.js';
import { cleanText, fitText, type TextBox } from '../profile/cardText.js';
import { ensureCardFont } from '../profile/fonts.js';
import { BOARD_IMAGE_MAX_ROWS, boardImageLayout, MARGIN, type BoardImageLayout } from './boardImageLayout.js';

export interface BoardImageRow {
  /** A player's or member's name as it should read (drawn as text). */
  name: string;
  /** The row's value in plain words. */
  value: string;
}

export interface BoardImageInput {
  title: string;
  /** Window and scope, e.g. `This week · EU #1`. */
  subtitle: string;
  footer: string;
  /** Rank of the first row minus one (0: the page starts at the top, with the podium). */
  first: number;
  rows: readonly BoardImageRow[];
  /** Shown when there are no rows. */
  empty: string;
}

export interface DrawnBoard {
  layout: BoardImageLayout;
  texts: TextBox[];
}

const COLORS = {
  top: '#1b1e23',
  bottom: '#2b2f36',
  title: '#ffffff',
  subtitle: '#b9bec7',
  text: '#e8eaed',
  value: '#c9cdd4',
  rank: '#8e949e',
  stripe: 'rgba(255, 255, 255, 0.05)',
  footer: '#8e949e',
};
/** Gold, silver, bronze: blocks and rank numbers of the podium. */
const MEDALS = { 1: '#d4a52c', 2: '#a7b0ba', 3: '#b87333' } as const;
const RIGHT = 800 - MARGIN;
const RANK_W = 56;
/** A value takes at most this much of a table row; the name gets the rest. */
const VALUE_MAX_W = 320;

function text(ctx: SKRSContext2D, texts: TextBox[], id: string, value: string, x: number, y: number, maxWidth: number, sizes: readonly number[], color: string, align: 'left' | 'center' | 'right' = 'left'): TextBox {
  const fit = fitText(ctx, cleanText(value), maxWidth, sizes);
  const left = align === 'left' ? x : align === 'center' ? Math.round(x - fit.width / 2) : Math.round(x - fit.width);
  ctx.fillStyle = color;
  ctx.fillText(fit.drawn, left, y);
  const box = { id, ...fit, maxWidth, x: left, y };
  texts.push(box);
  return box;
}

/** Draws the board (synchronously); encode the canvas, or use {@link renderBoardImage}. */
export function drawBoardImage(input: BoardImageInput): { canvas: Canvas } & DrawnBoard {
  ensureCardFont();
  const rows = input.rows.slice(0, BOARD_IMAGE_MAX_ROWS);
  const layout = boardImageLayout(input.first, rows.length);
  const canvas = createCanvas(layout.width, layout.height);
  const ctx = canvas.getContext('2d');
  // Pinned so hosts with another UI language draw the same glyphs (locl) and measure the same.
  ctx.lang = 'en';
  ctx.textBaseline = 'top';
  const texts: TextBox[] = [];
  const inner = layout.width - 2 * MARGIN;

  const gradient = ctx.createLinearGradient(0, 0, 0, layout.height);
  gradient.addColorStop(0, COLORS.top);
  gradient.addColorStop(1, COLORS.bottom);
  ctx.fillStyle = gradient;
  ctx.fillRect(0, 0, layout.width, layout.height);
  ctx.fillStyle = MEDALS[1];
  ctx.fillRect(0, 0, layout.width, 6);

  text(ctx, texts, 'title', `🏆 ${input.title}`, MARGIN, 28, inner, [32, 24, 16], COLORS.title);
  text(ctx, texts, 'subtitle', input.subtitle, MARGIN, 72, inner, [16], COLORS.subtitle);

  for (const p of layout.podium) {
    const row = rows[p.rank - 1]!;
    const cx = p.x + p.w / 2;
    ctx.fillStyle = MEDALS[p.rank];
    ctx.beginPath();
    ctx.roundRect(p.x, p.blockTop, p.w, p.bottom - p.blockTop, [8, 8, 0, 0]);
    ctx.fill();
    text(ctx, texts, `podium${p.rank}.rank`, String(p.rank), cx, p.blockTop + 12, p.w - 16, [48, 32], COLORS.top, 'center');
    text(ctx, texts, `podium${p.rank}.name`, row.name, cx, p.nameY, p.w - 8, [24, 16], COLORS.title, 'center');
    text(ctx, texts, `podium${p.rank}.value`, row.value, cx, p.valueY, p.w - 8, [16], MEDALS[p.rank], 'center');
  }

  for (const r of layout.rows) {
    const row = rows[r.index]!;
    if (r.index % 2 === 0) {
      ctx.fillStyle = COLORS.stripe;
      ctx.beginPath();
      ctx.roundRect(MARGIN, r.y, inner, r.h, 6);
      ctx.fill();
    }
    const y = r.y + (r.h - 16) / 2;
    text(ctx, texts, `row${r.rank}.rank`, `#${r.rank}`, MARGIN + 12, y, RANK_W - 12, [16], COLORS.rank);
    const value = text(ctx, texts, `row${r.rank}.value`, row.value, RIGHT - 12, y, VALUE_MAX_W, [16], COLORS.value, 'right');
    const nameX = MARGIN + RANK_W + 8;
    text(ctx, texts, `row${r.rank}.name`, row.name, nameX, y, value.x - 24 - nameX, [16], COLORS.text);
  }

  if (layout.emptyY !== null) text(ctx, texts, 'empty', input.empty, layout.width / 2, layout.emptyY, inner, [16], COLORS.subtitle, 'center');
  text(ctx, texts, 'footer', input.footer, MARGIN, layout.footerY, inner, [16], COLORS.footer);
  return { canvas, layout, texts };
}

/** The board as a PNG (drawn, then compressed off the event loop). */
export async function renderBoardImage(input: BoardImageInput): Promise<Buffer> {
  return encodeCard(drawBoardImage(input).canvas);
}
