/**
 * Where a board picture puts things (pure geometry, no drawing): a header, a podium for the top 3 when
 * the page starts at rank 1, then a table of the page's other rows, then a footer. The height follows
 * the rows; a page holds at most `BOARD_IMAGE_MAX_ROWS`, so a picture is never larger than 800×704.
 */

export const BOARD_IMAGE_WIDTH = 800;
/** Rows a picture draws at most (a board page: src/stats/leaderboards.ts PAGE_SIZE). */
export const BOARD_IMAGE_MAX_ROWS = 10;

export const MARGIN = 32;
export const HEADER_H = 112;
export const PODIUM_H = 240;
export const ROW_H = 40;
const TABLE_GAP = 16;
export const FOOTER_H = 48;
const EMPTY_H = 96;
const PODIUM_GAP = 24;
/** Block heights by rank: the winner stands highest. */
const BLOCK_H = { 1: 120, 2: 88, 3: 64 } as const;
/** Left to right: second, first, third (as a podium stands). */
const PODIUM_ORDER = [2, 1, 3] as const;

export interface PodiumBox {
  rank: 1 | 2 | 3;
  /** The column (name and value above the block, the block itself). */
  x: number;
  w: number;
  /** Top of the block; the block ends at `bottom`. */
  blockTop: number;
  bottom: number;
  /** Where the name and the value are written (their top), above the block. */
  nameY: number;
  valueY: number;
}

export interface RowBox {
  rank: number;
  /** Index of the row in the page. */
  index: number;
  y: number;
  h: number;
}

export interface BoardImageLayout {
  width: number;
  height: number;
  podium: PodiumBox[];
  rows: RowBox[];
  /** The "nobody yet" text's top, when the page is empty. */
  emptyY: number | null;
  footerY: number;
}

/** The layout of a page of `count` rows whose first row has rank `first + 1`. */
export function boardImageLayout(first: number, count: number): BoardImageLayout {
  const n = Math.max(0, Math.min(count, BOARD_IMAGE_MAX_ROWS));
  const podiumCount = first === 0 ? Math.min(3, n) : 0;
  const podium: PodiumBox[] = [];
  let y = HEADER_H;
  if (podiumCount) {
    const w = (BOARD_IMAGE_WIDTH - 2 * MARGIN - 2 * PODIUM_GAP) / 3;
    const bottom = y + PODIUM_H - 16;
    PODIUM_ORDER.forEach((rank, column) => {
      if (rank > podiumCount) return;
      const blockTop = bottom - BLOCK_H[rank];
      podium.push({ rank, x: MARGIN + column * (w + PODIUM_GAP), w, blockTop, bottom, nameY: blockTop - 64, valueY: blockTop - 32 });
    });
    y += PODIUM_H;
  }
  const rows: RowBox[] = [];
  for (let i = podiumCount; i < n; i++) {
    if (i === podiumCount && podiumCount) y += TABLE_GAP / 2;
    rows.push({ rank: first + i + 1, index: i, y, h: ROW_H });
    y += ROW_H;
  }
  let emptyY: number | null = null;
  if (!n) {
    emptyY = y + (EMPTY_H - 16) / 2;
    y += EMPTY_H;
  } else if (rows.length) {
    y += TABLE_GAP;
  }
  return { width: BOARD_IMAGE_WIDTH, height: y + FOOTER_H, podium, rows, emptyY, footerY: y + (FOOTER_H - 16) / 2 };
}
