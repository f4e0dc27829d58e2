import { describe, expect, it } from 'vitest';
import { DEFAULT_PALETTE, colorLabel, colorName, normalizeColorName, parseColor, parseHex, toHex } from '../../src/canvas/palette.js';
import { ENGLISH } from '../../src/i18n/translate.js';

describe('palette', () => {
  it('has 16 distinct named colours including white', () => {
    expect(DEFAULT_PALETTE).toHaveLength(16);
    expect(new Set(DEFAULT_PALETTE.map((c) => c.rgb)).size).toBe(16);
    expect(new Set(DEFAULT_PALETTE.map((c) => c.name)).size).toBe(16);
    expect(DEFAULT_PALETTE[0]).toEqual({ name: 'white', rgb: 0xffffff });
  });

  it('formats hex', () => {
    expect(toHex(0xff4500)).toBe('#FF4500');
    expect(toHex(0x0000ea)).toBe('#0000EA');
    expect(toHex(0)).toBe('#000000');
    expect(parseHex('#ff4500')).toBe(0xff4500);
    expect(parseHex('nope')).toBeUndefined();
    expect(colorName(0xe50000)).toBe('red');
    expect(colorName(0x123456)).toBe('#123456');
    expect(colorLabel(0xe4e4e4)).toBe('light gray');
    expect(normalizeColorName('  Light - Gray ')).toBe('light_gray');
  });
});

describe('parseColor', () => {
  it('accepts palette names case-insensitively with spaces, underscores or hyphens', () => {
    for (const input of ['red', 'RED', ' Red ']) expect(parseColor(input, [])).toEqual({ ok: true, rgb: 0xe50000, name: 'red' });
    for (const input of ['light gray', 'Light_Gray', 'light-gray', 'LIGHT  GRAY', 'light grey', 'grey']) {
      const r = parseColor(input, []);
      expect(r.ok).toBe(true);
    }
    expect(parseColor('light-gray', [])).toEqual({ ok: true, rgb: 0xe4e4e4, name: 'light_gray' });
  });

  it('accepts hex forms of palette colours without owning them', () => {
    for (const input of ['#E50000', 'e50000', '#e50000', '0xE50000']) {
      expect(parseColor(input, [])).toEqual({ ok: true, rgb: 0xe50000, name: 'red' });
    }
  });

  it('accepts an owned hex (owned given as numbers or strings)', () => {
    expect(parseColor('#123456', [0x123456])).toEqual({ ok: true, rgb: 0x123456, name: '#123456' });
    expect(parseColor('123456', ['#123456'])).toEqual({ ok: true, rgb: 0x123456, name: '#123456' });
    expect(parseColor('#123456', new Set([0x123456]))).toMatchObject({ ok: true });
  });

  it('refuses a hex that is neither in the palette nor owned, pointing to the shop', () => {
    const r = parseColor('#123456', [0x654321]);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(ENGLISH.text(r.reason)).toContain('#123456');
      expect(ENGLISH.text(r.reason)).toMatch(/shop/i);
    }
  });

  it('explains unknown colours with palette names and suggests close ones', () => {
    const r = parseColor('blurple', []);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(ENGLISH.text(r.reason)).toContain('Unknown colour "blurple"');
      expect(ENGLISH.text(r.reason)).toContain('white');
      expect(ENGLISH.text(r.reason)).toContain('#FF4500');
    }
    const typo = parseColor('purpel', []);
    expect(!typo.ok && ENGLISH.text(typo.reason)).toContain('Did you mean `purple`');
    const empty = parseColor('   ', []);
    expect(empty.ok).toBe(false);
    // 3-digit and 8-digit hex are not colours
    expect(parseColor('#fff', []).ok).toBe(false);
    expect(parseColor('#ff450000', []).ok).toBe(false);
  });
});
