/**
 * The canvas colour model. Colours are plain numbers `0xRRGGBB` everywhere in the canvas code
 * (storage, rendering, timelapse); names and `#RRGGBB` strings exist only at the edges.
 */
import { msg } from '../i18n/message.js';
import type { Msg } from '../i18n/types.js';

export interface PaletteColor {
  /** snake_case name members type (`light_gray`); see {@link normalizeColorName}. */
  readonly name: string;
  readonly rgb: number;
}

/** The default 16 colours every member may use (the r/place 2017 set). Order = display order. */
export const DEFAULT_PALETTE: readonly PaletteColor[] = Object.freeze([
  { name: 'white', rgb: 0xffffff },
  { name: 'light_gray', rgb: 0xe4e4e4 },
  { name: 'gray', rgb: 0x888888 },
  { name: 'black', rgb: 0x222222 },
  { name: 'pink', rgb: 0xffa7d1 },
  { name: 'red', rgb: 0xe50000 },
  { name: 'orange', rgb: 0xe59500 },
  { name: 'brown', rgb: 0xa06a42 },
  { name: 'yellow', rgb: 0xe5d900 },
  { name: 'lime', rgb: 0x94e044 },
  { name: 'green', rgb: 0x02be01 },
  { name: 'cyan', rgb: 0x00d3dd },
  { name: 'blue', rgb: 0x0083c7 },
  { name: 'indigo', rgb: 0x0000ea },
  { name: 'magenta', rgb: 0xcf6ee4 },
  { name: 'purple', rgb: 0x820080 },
]);

/** Background of a fresh or reset canvas. */
export const DEFAULT_BACKGROUND = 0xffffff;

/** Alternative spellings members commonly type, mapped to palette names. */
const ALIASES: Readonly<Record<string, string>> = {
  grey: 'gray',
  light_grey: 'light_gray',
  lightgray: 'light_gray',
  lightgrey: 'light_gray',
  silver: 'light_gray',
  violet: 'purple',
  navy: 'indigo',
  teal: 'cyan',
  aqua: 'cyan',
  fuchsia: 'magenta',
};

const BY_NAME = new Map<string, PaletteColor>(DEFAULT_PALETTE.map((c) => [c.name, c]));
const BY_RGB = new Map<number, PaletteColor>(DEFAULT_PALETTE.map((c) => [c.rgb, c]));

export type ParseColorResult =
  | { ok: true; rgb: number; /** palette name, or `#RRGGBB` for a bought colour */ name: string }
  | { ok: false; /** why, for the member (their words are chosen later) */ reason: Msg };

/** `Light Gray`, `light-gray`, ` LIGHT_gray ` → `light_gray`. */
export function normalizeColorName(input: string): string {
  return input
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** `0xff4500` → `#FF4500`. */
export function toHex(rgb: number): string {
  return '#' + (rgb & 0xffffff).toString(16).toUpperCase().padStart(6, '0');
}

/** `#ff4500`, `FF4500`, `0xff4500` → 0xff4500; anything else → undefined. */
export function parseHex(input: string): number | undefined {
  const m = /^(?:#|0x)?([0-9a-f]{6})$/i.exec(input.trim());
  return m?.[1] === undefined ? undefined : Number.parseInt(m[1], 16);
}

/** The palette entry with exactly this colour, if any. */
export function paletteColorOf(rgb: number): PaletteColor | undefined {
  return BY_RGB.get(rgb & 0xffffff);
}

export function isPaletteColor(rgb: number): boolean {
  return BY_RGB.has(rgb & 0xffffff);
}

/** Palette name when the colour is in the palette, else `#RRGGBB`. */
export function colorName(rgb: number): string {
  return paletteColorOf(rgb)?.name ?? toHex(rgb);
}

/** Human label: `light gray` / `#12AB34`. */
export function colorLabel(rgb: number): string {
  return colorName(rgb).replace(/_/g, ' ');
}

export function rgbComponents(rgb: number): [r: number, g: number, b: number] {
  return [(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff];
}

function toOwnedSet(owned: Iterable<number | string>): Set<number> {
  const set = new Set<number>();
  for (const o of owned) {
    const v = typeof o === 'number' ? o & 0xffffff : parseHex(o);
    if (v !== undefined) set.add(v);
  }
  return set;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

function suggestion(name: string): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const candidate of [...BY_NAME.keys(), ...Object.keys(ALIASES)]) {
    const d = editDistance(name, candidate);
    if (d < bestD) {
      bestD = d;
      best = ALIASES[candidate] ?? candidate;
    }
  }
  return bestD <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined;
}

/**
 * Parse what a member typed as a colour.
 * - a palette name, case-insensitive, spaces / underscores / hyphens equivalent (`Light gray`), or a
 *   common alias (`grey`);
 * - `#RRGGBB`, `RRGGBB` or `0xRRGGBB`: allowed when it is a palette colour or one the member owns.
 *
 * `owned` holds the member's bought colours as numbers or hex strings.
 */
export function parseColor(input: string, owned: Iterable<number | string> = []): ParseColorResult {
  const trimmed = input.trim();
  if (trimmed === '') return { ok: false, reason: msg('canvas.color.missing') };

  const name = normalizeColorName(trimmed);
  const named = BY_NAME.get(name) ?? BY_NAME.get(ALIASES[name] ?? '');
  if (named) return { ok: true, rgb: named.rgb, name: named.name };

  const rgb = parseHex(trimmed);
  if (rgb !== undefined) {
    const pal = BY_RGB.get(rgb);
    if (pal) return { ok: true, rgb, name: pal.name };
    if (toOwnedSet(owned).has(rgb)) return { ok: true, rgb, name: toHex(rgb) };
    return { ok: false, reason: msg('canvas.color.notOwned', { hex: toHex(rgb) }) };
  }

  const hint = suggestion(name);
  const some = DEFAULT_PALETTE.slice(0, 8)
    .map((c) => c.name)
    .join(', ');
  const words = { input: trimmed.slice(0, 32), some, total: String(DEFAULT_PALETTE.length) };
  return { ok: false, reason: hint ? msg('canvas.color.unknownHint', { ...words, hint }) : msg('canvas.color.unknown', words) };
}
