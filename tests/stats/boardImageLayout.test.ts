/** Where a board picture puts things: a podium only from rank 1, the table after it, a height that follows the rows and stays bounded. */
import { describe, expect, it } from 'vitest';
import { BOARD_IMAGE_MAX_ROWS, BOARD_IMAGE_WIDTH, boardImageLayout, FOOTER_H, HEADER_H, PODIUM_H, ROW_H } from '../../src/stats/boardImageLayout.js';

describe('boardImageLayout', () => {
  it('stands the top 3 on a podium (second, first, third from left; the winner highest) and lists ranks 4–10 below', () => {
    const layout = boardImageLayout(0, 10);
    expect(layout.podium.map((p) => p.rank)).toEqual([2, 1, 3]);
    const [second, first, third] = layout.podium;
    expect(first!.blockTop).toBeLessThan(second!.blockTop);
    expect(second!.blockTop).toBeLessThan(third!.blockTop);
    expect(second!.x).toBeLessThan(first!.x);
    expect(first!.x).toBeLessThan(third!.x);
    for (const p of layout.podium) {
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.x + p.w).toBeLessThanOrEqual(BOARD_IMAGE_WIDTH);
      expect(p.nameY).toBeGreaterThanOrEqual(HEADER_H);
      expect(p.valueY).toBeGreaterThan(p.nameY);
      expect(p.valueY + 16).toBeLessThanOrEqual(p.blockTop);
    }
    expect(layout.rows.map((r) => r.rank)).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(layout.rows.map((r) => r.index)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    // Rows follow each other below the podium, without overlapping it or each other.
    expect(layout.rows[0]!.y).toBeGreaterThanOrEqual(HEADER_H + PODIUM_H);
    for (let i = 1; i < layout.rows.length; i++) expect(layout.rows[i]!.y).toBe(layout.rows[i - 1]!.y + ROW_H);
    expect(layout.footerY).toBeGreaterThan(layout.rows.at(-1)!.y + ROW_H);
    expect(layout.height).toBe(704);
  });

  it('puts as many on the podium as the page has, and no table under fewer than 4', () => {
    expect(boardImageLayout(0, 1).podium.map((p) => p.rank)).toEqual([1]);
    expect(boardImageLayout(0, 2).podium.map((p) => p.rank)).toEqual([2, 1]);
    const three = boardImageLayout(0, 3);
    expect(three.podium).toHaveLength(3);
    expect(three.rows).toEqual([]);
    expect(three.height).toBe(HEADER_H + PODIUM_H + FOOTER_H);
  });

  it('draws later pages as a table only, ranked from where the page starts', () => {
    const page3 = boardImageLayout(20, 6);
    expect(page3.podium).toEqual([]);
    expect(page3.rows.map((r) => r.rank)).toEqual([21, 22, 23, 24, 25, 26]);
    expect(page3.rows[0]!.y).toBe(HEADER_H);
  });

  it('keeps an empty page short, with room for its text', () => {
    const empty = boardImageLayout(0, 0);
    expect(empty.podium).toEqual([]);
    expect(empty.rows).toEqual([]);
    expect(empty.emptyY).toBeGreaterThan(HEADER_H);
    expect(empty.footerY).toBeGreaterThan(empty.emptyY!);
  });

  it('never grows past a page of rows, whatever it is handed', () => {
    const huge = boardImageLayout(0, 10_000);
    expect(huge.rows.length + huge.podium.length).toBe(BOARD_IMAGE_MAX_ROWS);
    expect(huge.height).toBe(boardImageLayout(0, BOARD_IMAGE_MAX_ROWS).height);
    expect(boardImageLayout(10, 10_000).height).toBeLessThanOrEqual(huge.height);
  });
});
