/**
 * The card renderer: a real PNG of the card's size with something on it, text that stays inside its
 * boxes whatever the script or length, the avatar or the placeholder, the bought background.
 */
import { describe, expect, it } from 'vitest';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { CARD_HEIGHT, CARD_WIDTH, cleanText, drawCard, fitText, initials, renderCard, type CardLayout } from '../../src/profile/card.js';
import { cardFont, ensureCardFont, CARD_FONT_FAMILY } from '../../src/profile/fonts.js';
import { GlobalFonts } from '@napi-rs/canvas';
import { cardInput, decode, solidPng, TILES } from './helpers.js';

const NAMES: Record<string, string> = {
  latin: 'Maximilian-Alexander von Habsburg-Lothringen the Magnificent of Everything',
  cyrillic: 'Константин Константинопольский-Великолепнейший из всех игроков',
  greek: 'Αλέξανδρος ο Μέγας και ο Πολύ Μακρύς Παίκτης της Αρένας',
  arabic: 'عبد الرحمن بن محمد الطويل جدا جدا جدا من بلاد بعيدة جدا',
  cjk: '非常に長い名前のプレイヤーさん非常に長い名前のプレイヤーさん中文名字很长很长',
  emoji: '🔥💀🎮 xX_Sn1per_Xx 🏆👑🦊🐉🚀✨🌈🍕 👨‍👩‍👧‍👦👩🏽‍🚀🏳️‍🌈',
  mixed: 'Zoë Ωmega Дима 王 ☭ مرحبا 한국어 ไทย हिन्दी 𝓐𝓵𝓮𝔁 ＦＵＬＬＷＩＤＴＨ',
};
// Twice over: longer than the name box holds even at the smallest size, in every script.
for (const k of Object.keys(NAMES)) NAMES[k] = `${NAMES[k]} ${NAMES[k]}`;

function expectInside(layout: CardLayout): void {
  for (const t of layout.texts) {
    expect(t.width, `${t.id}: "${t.drawn}"`).toBeLessThanOrEqual(t.maxWidth);
    expect(t.x, t.id).toBeGreaterThanOrEqual(0);
    expect(t.x + t.width, t.id).toBeLessThanOrEqual(layout.width);
    expect(t.y + t.px, t.id).toBeLessThanOrEqual(layout.height);
  }
}

describe('the bundled font', () => {
  it('is registered under its own family and draws scripts the canvas default cannot', () => {
    ensureCardFont();
    expect(GlobalFonts.has(CARD_FONT_FAMILY)).toBe(true);
    const ctx = createCanvas(10, 10).getContext('2d');
    ctx.font = cardFont(16);
    // UnifontEX: 8 px per narrow glyph and 16 px per wide one at 16 px, in every script it covers.
    expect(ctx.measureText('Abc').width).toBe(24);
    expect(ctx.measureText('Жук').width).toBe(24);
    expect(ctx.measureText('αβγ').width).toBe(24);
    expect(ctx.measureText('王小明').width).toBe(48);
  });
});

describe('renderCard', () => {
  it('produces a PNG of the card’s size that is not blank', async () => {
    const { png, layout } = await renderCard(cardInput());
    const img = await decode(png);
    expect([img.width, img.height]).toEqual([CARD_WIDTH, CARD_HEIGHT]);
    expect([layout.width, layout.height]).toEqual([CARD_WIDTH, CARD_HEIGHT]);
    expect(img.variance()).toBeGreaterThan(200);
    expect(layout.placeholder).toBe(true);
    expect(layout.texts.find((t) => t.id === 'name')).toMatchObject({ drawn: 'Member', px: 32, truncated: false });
    expect(layout.texts.filter((t) => t.id.startsWith('value')).map((t) => t.drawn)).toEqual(TILES.map((t) => t.value));
  });

  it('draws the background’s two colours as a gradient', async () => {
    const img = await decode((await renderCard(cardInput({ background: [0x134e5e, 0x71b280] }))).png);
    // The corners the gradient runs between (top-left to bottom-right) show its two ends.
    const near = (a: number, b: number) => Math.max(...[16, 8, 0].map((s) => Math.abs(((a >> s) & 0xff) - ((b >> s) & 0xff)))) <= 6;
    expect(near(img.at(1, 1), 0x134e5e)).toBe(true);
    expect(near(img.at(CARD_WIDTH - 2, CARD_HEIGHT - 2), 0x71b280)).toBe(true);
    expect(near(img.at(CARD_WIDTH - 2, CARD_HEIGHT - 2), 0x134e5e)).toBe(false);
  });

  it('draws the avatar inside the circle, and the placeholder without one', async () => {
    const avatar = await loadImage(await solidPng('#00ff00'));
    const withAvatar = await renderCard(cardInput({ avatar }));
    expect(withAvatar.layout.placeholder).toBe(false);
    expect((await decode(withAvatar.png)).at(24 + 64, 24 + 100)).toBe(0x00ff00);
    const without = await renderCard(cardInput({ avatar: null, displayName: 'Ada Lovelace' }));
    expect(without.layout.texts.find((t) => t.id === 'initials')?.drawn).toBe('AL');
    expect((await decode(without.png)).at(24 + 64, 24 + 100)).not.toBe(0x00ff00);
  });

  for (const [script, name] of Object.entries(NAMES)) {
    it(`fits a long ${script} name, and long figures, inside their boxes`, () => {
      const { layout } = drawCard(cardInput({ displayName: name, lines: [`@${name}`, `Linked player: ${name}`], tiles: TILES.map((t) => ({ label: t.label, value: `${t.value}${'9'.repeat(20)}` })) }));
      expectInside(layout);
      const shown = layout.texts.find((t) => t.id === 'name')!;
      expect(shown.drawn.length).toBeGreaterThan(0);
      expect(shown.truncated).toBe(true);
      expect(shown.drawn.endsWith('…')).toBe(true);
      // Cut between graphemes: what is shown is a prefix of the name, no half emoji or lone surrogate.
      expect(name.startsWith(shown.drawn.slice(0, -1).trimEnd())).toBe(true);
      expect(shown.drawn).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    });
  }

  it('keeps a short name whole at the largest size and shrinks a longer one before cutting it', () => {
    const short = drawCard(cardInput({ displayName: 'Дима' })).layout.texts.find((t) => t.id === 'name')!;
    expect(short).toMatchObject({ drawn: 'Дима', px: 32, truncated: false });
    // 48 narrow glyphs: 768 px at 32, 576 px at 24 — fits the 600 px box at 24.
    const medium = drawCard(cardInput({ displayName: 'x'.repeat(48) })).layout.texts.find((t) => t.id === 'name')!;
    expect(medium).toMatchObject({ px: 24, truncated: false });
  });

  it('shows controls and line breaks in a name as spaces', () => {
    expect(cleanText('a\nb\r\n\tc\u0000d')).toBe('a b c d');
    expect(cleanText('   ')).toBe('—');
    expect(initials('  ')).toBe('?');
    expect(initials('🔥 dragon')).toBe('🔥D');
  });

  it('fitText leaves nothing drawn when even an ellipsis does not fit', () => {
    ensureCardFont();
    const ctx = createCanvas(10, 10).getContext('2d');
    expect(fitText(ctx, 'abc', 4, [16])).toMatchObject({ drawn: '', width: 0, truncated: true });
  });
});
