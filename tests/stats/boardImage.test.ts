/**
 * The board picture: a real PNG of the layout's size with something on it, every text inside its box
 * whatever the script or length, names drawn as typed (markdown and mentions are just characters).
 */
import { describe, expect, it } from 'vitest';
import { drawBoardImage, renderBoardImage, type BoardImageInput } from '../../src/stats/boardImage.js';
import { boardImageLayout } from '../../src/stats/boardImageLayout.js';
import { decode } from '../profile/helpers.js';

const LONG = {
  latin: 'Maximilian-Alexander von Habsburg-Lothringen the Magnificent of Everything',
  cyrillic: 'Константин Константинопольский-Великолепнейший из всех игроков',
  cjk: '非常に長い名前のプレイヤーさん中文名字很长很长',
  arabic: 'عبد الرحمن بن محمد الطويل جدا جدا',
  emoji: '🔥💀🎮 xX_Sn1per_Xx 🏆👑 👨‍👩‍👧‍👦',
  markdown: '**@everyone** <@123> `code` ||spoiler||',
};

function input(rows: BoardImageInput['rows'], first = 0): BoardImageInput {
  return { title: 'Kills', subtitle: 'This week · EU #1', footer: '123 ranked · Updates every 60 min', first, rows, empty: 'Nobody on this board yet.' };
}

const names = Object.values(LONG);
const page = names.concat(names).slice(0, 10).map((name, i) => ({ name: `${name} ${name}`, value: `${1000 - i * 37} kills` }));

describe('drawBoardImage', () => {
  it('keeps every text inside its box and the picture, in every script', () => {
    for (const first of [0, 10]) {
      const { layout, texts } = drawBoardImage(input(page, first));
      expect(texts.length).toBeGreaterThan(20);
      for (const t of texts) {
        expect(t.width, `${t.id}: "${t.drawn}"`).toBeLessThanOrEqual(t.maxWidth);
        expect(t.x, t.id).toBeGreaterThanOrEqual(0);
        expect(t.x + t.width, t.id).toBeLessThanOrEqual(layout.width);
        expect(t.y + t.px, t.id).toBeLessThanOrEqual(layout.height);
      }
    }
  });

  it('shortens a name too long for its box with an ellipsis, and leaves a short one whole', () => {
    const long = `${LONG.latin} ${LONG.latin}`;
    const rows = [{ name: 'Alpha', value: '5 kills' }, { name: long, value: '4 kills' }, { name: 'C', value: '3 kills' }, { name: long, value: '2 kills' }];
    const { texts } = drawBoardImage(input(rows));
    const name = (id: string) => texts.find((t) => t.id === id)!;
    expect(name('podium1.name')).toMatchObject({ drawn: 'Alpha', truncated: false });
    expect(name('podium2.name').truncated).toBe(true);
    expect(name('podium2.name').drawn.endsWith('…')).toBe(true);
    expect(name('row4.name').truncated).toBe(true);
    expect(name('row4.value')).toMatchObject({ drawn: '2 kills', truncated: false });
  });

  it('draws names as typed: markdown and mentions are characters, not formatting', () => {
    const { texts } = drawBoardImage(input([{ name: LONG.markdown, value: '1 kill' }]));
    expect(texts.find((t) => t.id === 'podium1.name')!.text).toBe(LONG.markdown);
  });

  it('draws at most a page, the podium only on a page that starts at rank 1', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ name: `P${i}`, value: String(i) }));
    const { layout, texts } = drawBoardImage(input(many));
    expect(layout).toEqual(boardImageLayout(0, 10));
    expect(texts.filter((t) => t.id.endsWith('.name')).map((t) => t.drawn)).toEqual(['P1', 'P0', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9']);
    expect(drawBoardImage(input(many, 10)).texts.some((t) => t.id.startsWith('podium'))).toBe(false);
  });

  it('says so on an empty page', () => {
    const { texts } = drawBoardImage(input([]));
    expect(texts.find((t) => t.id === 'empty')?.drawn).toBe('Nobody on this board yet.');
  });
});

describe('renderBoardImage', () => {
  it('is a PNG of the layout’s size, not blank, with the podium in its medal colours', async () => {
    const png = await renderBoardImage(input(page));
    const img = await decode(png);
    const layout = boardImageLayout(0, page.length);
    expect([img.width, img.height]).toEqual([layout.width, layout.height]);
    expect(img.variance()).toBeGreaterThan(100);
    const gold = layout.podium.find((p) => p.rank === 1)!;
    const rgb = img.at(Math.round(gold.x + 4), gold.bottom - 4);
    // #d4a52c, within the PNG's exactness (lossless: equal).
    expect(rgb).toBe(0xd4a52c);
    // A page drawn twice is the same picture (the cache relies on it).
    expect((await renderBoardImage(input(page))).equals(png)).toBe(true);
  });
});
