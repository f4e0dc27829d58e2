/**
 * The /compare card (src/stats/compareCard.ts): a real PNG of the card's size with something on it,
 * names in any script and long figures fitted inside their boxes, the leader highlighted, the duel bar
 * split by who killed whom more often.
 */
import { describe, expect, it } from 'vitest';
import { COMPARE_HEIGHT, COMPARE_WIDTH, drawCompareCard, renderCompareCard, type CompareCardInput, type CompareLayout } from '../../src/stats/compareCard.js';
import { decode } from '../profile/helpers.js';

const ROWS: CompareCardInput['rows'] = [
  { label: 'Kills', a: '1,234', b: '87', lead: 'a' },
  { label: 'Deaths', a: '822', b: '12', lead: 'b' },
  { label: 'K/D', a: '1.50', b: '7.25', lead: 'b' },
  { label: 'Longest kill', a: '1,520.5 m', b: '—', lead: 'a' },
  { label: 'Best streak', a: '12', b: '12', lead: null },
  { label: 'Favourite weapon', a: 'SVD (1,100)', b: 'M99 (40)', lead: null },
];

const input = (over: Partial<CompareCardInput> = {}): CompareCardInput => ({
  names: ['Alpha', 'Bravo'],
  vs: 'VS',
  subtitle: 'All servers · All time',
  rows: ROWS,
  duel: { label: 'Kills on each other', note: null, a: 30, b: 10, aText: '30', bText: '10' },
  ...over,
});

const NAMES = {
  latin: 'Maximilian-Alexander von Habsburg-Lothringen the Magnificent',
  cyrillic: 'Константин Константинопольский-Великолепнейший',
  arabic: 'عبد الرحمن بن محمد الطويل جدا جدا جدا',
  cjk: '非常に長い名前のプレイヤーさん中文名字很长很长',
  emoji: '🔥💀🎮 xX_Sn1per_Xx 🏆👑🦊🐉🚀✨ 👨‍👩‍👧‍👦🏳️‍🌈',
};

function expectInside(layout: CompareLayout): void {
  for (const t of layout.texts) {
    expect(t.width, `${t.id}: "${t.drawn}"`).toBeLessThanOrEqual(t.maxWidth);
    expect(t.x, t.id).toBeGreaterThanOrEqual(0);
    expect(t.x + t.width, t.id).toBeLessThanOrEqual(layout.width);
    expect(t.y + t.px, t.id).toBeLessThanOrEqual(layout.height);
  }
}

const text = (layout: CompareLayout, id: string) => layout.texts.find((t) => t.id === id);

describe('the compare card', () => {
  it('is a PNG of the card’s size that is not blank, with every row and the duel drawn', async () => {
    const { png, layout } = await renderCompareCard(input());
    const img = await decode(png);
    expect([img.width, img.height]).toEqual([COMPARE_WIDTH, COMPARE_HEIGHT]);
    expect(img.variance()).toBeGreaterThan(100);
    expect(ROWS.map((_, i) => [text(layout, `label${i}`)?.drawn, text(layout, `a${i}`)?.drawn, text(layout, `b${i}`)?.drawn])).toEqual(ROWS.map((r) => [r.label, r.a, r.b]));
    expect(layout.leads).toEqual(['a', 'b', 'b', 'a', null, null]);
    expect([text(layout, 'duelA')?.drawn, text(layout, 'duelB')?.drawn]).toEqual(['30', '10']);
    expect(text(layout, 'duelNote')).toBeUndefined();
    expectInside(layout);
  });

  it('faces the names: a from the left edge, b ending at the right one', () => {
    const { layout } = drawCompareCard(input());
    const a = text(layout, 'nameA')!;
    const b = text(layout, 'nameB')!;
    expect(a.x).toBe(24);
    expect(Math.abs(b.x + b.width - (COMPARE_WIDTH - 24))).toBeLessThanOrEqual(1);
    expect(a).toMatchObject({ drawn: 'Alpha', px: 32, truncated: false });
  });

  it('splits the duel bar by the kills on each other, in the players’ colours', async () => {
    const { png, layout } = await renderCompareCard(input());
    expect(layout.split).toBe(0.75);
    const img = await decode(png);
    // Three quarters of the bar (x 24…776, y 444…452) is a's red, the rest b's blue.
    const barY = 448;
    expect(img.at(24 + Math.round(752 * 0.5), barY)).toBe(0xe05d5d);
    expect(img.at(24 + Math.round(752 * 0.9), barY)).toBe(0x4d8fe0);
    const none = drawCompareCard(input({ duel: { label: 'x', note: null, a: 0, b: 0, aText: '0', bText: '0' } }));
    expect(none.layout.split).toBeNull();
  });

  it('highlights the leader’s value', async () => {
    const img = await decode((await renderCompareCard(input())).png);
    const { layout } = drawCompareCard(input());
    const goldIn = (id: string) => {
      const t = text(layout, id)!;
      for (let y = t.y; y < t.y + t.px; y++) for (let x = t.x; x < t.x + t.width; x++) if (img.at(x, y) === 0xffd166) return true;
      return false;
    };
    expect(goldIn('a0')).toBe(true);
    expect(goldIn('b0')).toBe(false);
    expect(goldIn('b1')).toBe(true);
    expect(goldIn('a4')).toBe(false);
  });

  it('writes the all-time note under the duel when given', () => {
    const { layout } = drawCompareCard(input({ duel: { label: 'Kills on each other', note: 'all time', a: 1, b: 0, aText: '1', bText: '0' } }));
    expect(text(layout, 'duelNote')?.drawn).toBe('all time');
    expectInside(layout);
  });

  for (const [script, name] of Object.entries(NAMES)) {
    it(`fits a long ${script} name, and long figures, inside their boxes`, () => {
      const long = `${name} ${name}`;
      const rows = ROWS.map((r) => ({ ...r, a: `${r.a}${'9'.repeat(30)}`, b: `${name}` }));
      const { layout } = drawCompareCard(input({ names: [long, long], subtitle: `${long} · This week`, rows, duel: { label: 'x', note: 'y', a: 1e9, b: 1e9, aText: '1,000,000,000', bText: '1,000,000,000' } }));
      expectInside(layout);
      for (const id of ['nameA', 'nameB']) {
        const t = text(layout, id)!;
        expect(t.truncated, id).toBe(true);
        expect(t.drawn.endsWith('…')).toBe(true);
        // Cut between graphemes: a prefix of the name, no lone surrogate.
        expect(long.startsWith(t.drawn.slice(0, -1).trimEnd())).toBe(true);
        expect(t.drawn).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
      }
    });
  }
});
