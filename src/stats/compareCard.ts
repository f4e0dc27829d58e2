/**
 * Draws the /compare card with @napi-rs/canvas: the two names facing each other, a row per figure with
 * the leader's value highlighted, and the duel record with a bar of who killed whom more often.
 *
 * Text is drawn with the profile card's bundled font and fitted the same way (../profile/cardText.ts):
 * names in any script shrink, then are cut by grapheme inside their box. The layout records every text's
 * measured width and box, so tests check the fit. Drawing is synchronous (≈1–3 ms); encoding is the
 * profile card's (compression off the event loop).
 */
import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import { encodeCard } from '../profile/cardPng.js';
import { cleanText, fitText, type TextBox } from '../profile/cardText.js';
import { ensureCardFont } from '../profile/fonts.js';

export const COMPARE_WIDTH = 800;
export const COMPARE_HEIGHT = 464;
/** Bump when the picture changes for the same inputs: it is part of the cache key. */
export const COMPARE_CARD_VERSION = 1;

const MARGIN = 24;
const NAME_W = 320;
const VS_W = 96;
const ROWS_TOP = 100;
const ROW_H = 40;
const ROW_STEP = 46;
/** Columns: player a's values, the labels, player b's values. */
const COL_A = { x: MARGIN, w: 240 };
const COL_LABEL = { x: MARGIN + 240, w: COMPARE_WIDTH - 2 * MARGIN - 480 };
const COL_B = { x: COMPARE_WIDTH - MARGIN - 240, w: 240 };
const DUEL_TOP = ROWS_TOP + 6 * ROW_STEP + 8;
const BAR_Y = DUEL_TOP + 60;
const BAR_H = 8;
/** Sizes tried largest first; multiples of the font's 16 px unit (24 is the one soft step). */
const NAME_SIZES = [32, 24, 16] as const;
const VALUE_SIZES = [24, 16] as const;
const SMALL_SIZES = [16] as const;
const COUNT_SIZES = [32, 24, 16] as const;

const COLORS = {
  from: '#4a1520',
  to: '#14254a',
  row: 'rgba(0, 0, 0, 0.35)',
  value: '#ffffff',
  lead: '#ffd166',
  label: '#c9cdd4',
  a: '#e05d5d',
  b: '#4d8fe0',
  even: '#747f8d',
};

export type Lead = 'a' | 'b' | null;

/** One figure of both players, in the reader's words; `lead` is highlighted. */
export interface CompareRow {
  label: string;
  a: string;
  b: string;
  lead: Lead;
}

export interface CompareCardInput {
  names: readonly [string, string];
  /** Between the names, e.g. "VS". */
  vs: string;
  /** Scope and window, e.g. "All servers · This week". */
  subtitle: string;
  /** Up to 6 rows, in order. */
  rows: readonly CompareRow[];
  duel: {
    label: string;
    /** A second line under the label (e.g. that the duel is all-time), or null. */
    note: string | null;
    /** Kills of b by a, of a by b (the bar), and the same as text. */
    a: number;
    b: number;
    aText: string;
    bText: string;
  };
}

export interface CompareLayout {
  width: number;
  height: number;
  texts: TextBox[];
  /** The leader highlighted per row. */
  leads: Lead[];
  /** The share of the bar that is a's (its kills of b over both), or null when neither killed the other. */
  split: number | null;
}

type Align = 'left' | 'center' | 'right';

/** Draws `text` fitted into the box [x, x + w) with the alignment, and records it. */
function drawText(ctx: SKRSContext2D, texts: TextBox[], id: string, text: string, box: { x: number; w: number }, y: number, sizes: readonly number[], color: string, align: Align, lineH = sizes[0]!): TextBox {
  const fit = fitText(ctx, cleanText(text), box.w, sizes);
  const x = Math.round(align === 'left' ? box.x : align === 'right' ? box.x + box.w - fit.width : box.x + (box.w - fit.width) / 2);
  // A smaller size sits on the same centre line as the largest.
  const ty = y + Math.round((lineH - fit.px) / 2);
  ctx.fillStyle = color;
  ctx.fillText(fit.drawn, x, ty);
  const out = { id, ...fit, maxWidth: box.w, x, y: ty };
  texts.push(out);
  return out;
}

/** Draws the card (synchronously); encode the returned canvas, or use {@link renderCompareCard}. */
export function drawCompareCard(input: CompareCardInput): { canvas: Canvas; layout: CompareLayout } {
  ensureCardFont();
  const canvas = createCanvas(COMPARE_WIDTH, COMPARE_HEIGHT);
  const ctx = canvas.getContext('2d');
  // Pinned so hosts with another UI language draw the same glyphs (locl) and measure the same.
  ctx.lang = 'en';
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  const texts: TextBox[] = [];

  const gradient = ctx.createLinearGradient(0, 0, COMPARE_WIDTH, 0);
  gradient.addColorStop(0, COLORS.from);
  gradient.addColorStop(1, COLORS.to);
  ctx.fillStyle = gradient;
  ctx.fillRect(0, 0, COMPARE_WIDTH, COMPARE_HEIGHT);

  drawText(ctx, texts, 'nameA', input.names[0], { x: MARGIN, w: NAME_W }, MARGIN, NAME_SIZES, COLORS.value, 'left');
  drawText(ctx, texts, 'nameB', input.names[1], { x: COMPARE_WIDTH - MARGIN - NAME_W, w: NAME_W }, MARGIN, NAME_SIZES, COLORS.value, 'right');
  drawText(ctx, texts, 'vs', input.vs, { x: (COMPARE_WIDTH - VS_W) / 2, w: VS_W }, MARGIN, NAME_SIZES, COLORS.lead, 'center');
  drawText(ctx, texts, 'subtitle', input.subtitle, { x: MARGIN, w: COMPARE_WIDTH - 2 * MARGIN }, MARGIN + 44, SMALL_SIZES, COLORS.label, 'center');
  // A coloured underline under each name ties the columns, the bar and the names together.
  ctx.fillStyle = COLORS.a;
  ctx.fillRect(MARGIN, MARGIN + 38, 48, 3);
  ctx.fillStyle = COLORS.b;
  ctx.fillRect(COMPARE_WIDTH - MARGIN - 48, MARGIN + 38, 48, 3);

  const rows = input.rows.slice(0, 6);
  rows.forEach((row, i) => {
    const y = ROWS_TOP + i * ROW_STEP;
    ctx.fillStyle = COLORS.row;
    ctx.beginPath();
    ctx.roundRect(MARGIN, y, COMPARE_WIDTH - 2 * MARGIN, ROW_H, 8);
    ctx.fill();
    const pad = (c: { x: number; w: number }) => ({ x: c.x + 12, w: c.w - 24 });
    drawText(ctx, texts, `label${i}`, row.label, pad(COL_LABEL), y + 12, SMALL_SIZES, COLORS.label, 'center');
    drawText(ctx, texts, `a${i}`, row.a, pad(COL_A), y + 8, VALUE_SIZES, row.lead === 'a' ? COLORS.lead : COLORS.value, 'center');
    drawText(ctx, texts, `b${i}`, row.b, pad(COL_B), y + 8, VALUE_SIZES, row.lead === 'b' ? COLORS.lead : COLORS.value, 'center');
  });

  const { duel } = input;
  drawText(ctx, texts, 'duelLabel', duel.label, COL_LABEL, DUEL_TOP + (duel.note ? 4 : 14), SMALL_SIZES, COLORS.value, 'center');
  if (duel.note) drawText(ctx, texts, 'duelNote', duel.note, COL_LABEL, DUEL_TOP + 26, SMALL_SIZES, COLORS.label, 'center');
  drawText(ctx, texts, 'duelA', duel.aText, COL_A, DUEL_TOP + 6, COUNT_SIZES, COLORS.a, 'center');
  drawText(ctx, texts, 'duelB', duel.bText, COL_B, DUEL_TOP + 6, COUNT_SIZES, COLORS.b, 'center');

  const total = duel.a + duel.b;
  const split = total > 0 ? duel.a / total : null;
  const barW = COMPARE_WIDTH - 2 * MARGIN;
  ctx.save();
  ctx.beginPath();
  ctx.roundRect(MARGIN, BAR_Y, barW, BAR_H, BAR_H / 2);
  ctx.clip();
  if (split === null) {
    ctx.fillStyle = COLORS.even;
    ctx.fillRect(MARGIN, BAR_Y, barW, BAR_H);
  } else {
    const aW = Math.round(barW * split);
    ctx.fillStyle = COLORS.a;
    ctx.fillRect(MARGIN, BAR_Y, aW, BAR_H);
    ctx.fillStyle = COLORS.b;
    ctx.fillRect(MARGIN + aW, BAR_Y, barW - aW, BAR_H);
  }
  ctx.restore();

  return { canvas, layout: { width: COMPARE_WIDTH, height: COMPARE_HEIGHT, texts, leads: rows.map((r) => r.lead), split } };
}

/** Draws the card, then encodes it (compression off the event loop). */
export async function renderCompareCard(input: CompareCardInput): Promise<{ png: Buffer; layout: CompareLayout }> {
  const { canvas, layout } = drawCompareCard(input);
  return { png: await encodeCard(canvas), layout };
}
