/**
 * A tiny built-in 5×7 bitmap font (digits, A–Z, Cyrillic and the accented capitals of the bot's
 * languages, a few symbols; lower case is drawn as capitals), drawn straight into an indexed
 * pixel buffer. Built in so labels look the same on every machine (CI images often have no system
 * fonts, and @napi-rs/canvas ships none) and cost no text shaping at render time.
 */

export const GLYPH_W = 5;
export const GLYPH_H = 7;
/** Horizontal advance in font units (glyph + 1 column of spacing). */
export const ADVANCE = GLYPH_W + 1;

const RAW: Record<string, string> = {
  '0': '.###. #...# #..## #.#.# ##..# #...# .###.',
  '1': '..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.',
  '2': '.###. #...# ....# ...#. ..#.. .#... #####',
  '3': '##### ...#. ..#.. ...#. ....# #...# .###.',
  '4': '...#. ..##. .#.#. #..#. ##### ...#. ...#.',
  '5': '##### #.... ####. ....# ....# #...# .###.',
  '6': '..##. .#... #.... ####. #...# #...# .###.',
  '7': '##### ....# ...#. ..#.. .#... .#... .#...',
  '8': '.###. #...# #...# .###. #...# #...# .###.',
  '9': '.###. #...# #...# .#### ....# ...#. .##..',
  A: '.###. #...# #...# ##### #...# #...# #...#',
  B: '####. #...# #...# ####. #...# #...# ####.',
  C: '.###. #...# #.... #.... #.... #...# .###.',
  D: '###.. #..#. #...# #...# #...# #..#. ###..',
  E: '##### #.... #.... ####. #.... #.... #####',
  F: '##### #.... #.... ####. #.... #.... #....',
  G: '.###. #...# #.... #.### #...# #...# .####',
  H: '#...# #...# #...# ##### #...# #...# #...#',
  I: '.###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.',
  J: '..### ...#. ...#. ...#. ...#. #..#. .##..',
  K: '#...# #..#. #.#.. ##... #.#.. #..#. #...#',
  L: '#.... #.... #.... #.... #.... #.... #####',
  M: '#...# ##.## #.#.# #.#.# #...# #...# #...#',
  N: '#...# #...# ##..# #.#.# #..## #...# #...#',
  O: '.###. #...# #...# #...# #...# #...# .###.',
  P: '####. #...# #...# ####. #.... #.... #....',
  Q: '.###. #...# #...# #...# #.#.# #..#. .##.#',
  R: '####. #...# #...# ####. #.#.. #..#. #...#',
  S: '.#### #.... #.... .###. ....# ....# ####.',
  T: '##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..',
  U: '#...# #...# #...# #...# #...# #...# .###.',
  V: '#...# #...# #...# #...# #...# .#.#. ..#..',
  W: '#...# #...# #...# #.#.# #.#.# #.#.# .#.#.',
  X: '#...# #...# .#.#. ..#.. .#.#. #...# #...#',
  Y: '#...# #...# .#.#. ..#.. ..#.. ..#.. ..#..',
  Z: '##### ....# ...#. ..#.. .#... #.... #####',
  '#': '.#.#. .#.#. ##### .#.#. ##### .#.#. .#.#.',
  ':': '..... .##.. .##.. ..... .##.. .##.. .....',
  '.': '..... ..... ..... ..... ..... .##.. .##..',
  ',': '..... ..... ..... ..... .##.. ..#.. .#...',
  '-': '..... ..... ..... ##### ..... ..... .....',
  _: '..... ..... ..... ..... ..... ..... #####',
  '/': '..... ....# ...#. ..#.. .#... #.... .....',
  '(': '...#. ..#.. .#... .#... .#... ..#.. ...#.',
  ')': '.#... ..#.. ...#. ...#. ...#. ..#.. .#...',
  '×': '..... #...# .#.#. ..#.. .#.#. #...# .....',
  '?': '.###. #...# ....# ...#. ..#.. ..... ..#..',
  ' ': '..... ..... ..... ..... ..... ..... .....',
  // Cyrillic capitals that do not look like a Latin one (А В Е К М Н О Р С Т Х reuse those).
  Б: '##### #.... #.... ####. #...# #...# ####.',
  Г: '##### #.... #.... #.... #.... #.... #....',
  Д: '..##. .#.#. .#.#. .#.#. .#.#. ##### #...#',
  Ё: '.#.#. ##### #.... ####. #.... #.... #####',
  Ж: '#.#.# #.#.# .###. ..#.. .###. #.#.# #.#.#',
  З: '.###. #...# ....# ..##. ....# #...# .###.',
  И: '#...# #...# #..## #.#.# ##..# #...# #...#',
  Й: '.###. #...# #..## #.#.# ##..# #...# #...#',
  Л: '..### .#..# .#..# .#..# .#..# .#..# #...#',
  П: '##### #...# #...# #...# #...# #...# #...#',
  У: '#...# #...# #...# .#### ....# #...# .###.',
  Ф: '..#.. .###. #.#.# #.#.# #.#.# .###. ..#..',
  Ц: '#..#. #..#. #..#. #..#. #..#. ##### ....#',
  Ч: '#...# #...# #...# .#### ....# ....# ....#',
  Ш: '#.#.# #.#.# #.#.# #.#.# #.#.# #.#.# #####',
  Щ: '#.#.# #.#.# #.#.# #.#.# #.#.# ##### ....#',
  Ъ: '##... .#... .#... .###. .#..# .#..# .###.',
  Ы: '#...# #...# #...# ###.# #.#.# #.#.# ###.#',
  Ь: '#.... #.... #.... ####. #...# #...# ####.',
  Э: '.###. #...# ....# ..### ....# #...# .###.',
  Ю: '#..#. #.#.# #.#.# ###.# #.#.# #.#.# #..#.',
  Я: '.#### #...# #...# .#### ..#.# .#..# #...#',
  // Accented Latin capitals: the mark on the top row over a letter one row shorter.
  Ä: '.#.#. .###. #...# #...# ##### #...# #...#',
  Ö: '.#.#. .###. #...# #...# #...# #...# .###.',
  Ü: '.#.#. #...# #...# #...# #...# #...# .###.',
  ß: '.##.. #..#. #..#. #.#.. #..#. #...# #.##.',
  Ą: '.###. #...# #...# ##### #...# #...# ...##',
  Ę: '##### #.... ####. #.... #.... ##### ...##',
  Ć: '...#. .###. #...# #.... #.... #...# .###.',
  Ł: '#.... #.... #.#.. ##... #.... #.... #####',
  Ń: '...#. #...# ##..# #.#.# #..## #...# #...#',
  Ó: '...#. .###. #...# #...# #...# #...# .###.',
  Ś: '...#. .#### #.... .###. ....# ....# ####.',
  Ź: '...#. ##### ...#. ..#.. .#... #.... #####',
  Ż: '..#.. ##### ...#. ..#.. .#... #.... #####',
  Á: '...#. .###. #...# #...# ##### #...# #...#',
  À: '.#... .###. #...# #...# ##### #...# #...#',
  Â: '.###. .###. #...# #...# ##### #...# #...#',
  Ã: '.##.# .###. #...# #...# ##### #...# #...#',
  É: '...#. ##### #.... ####. #.... #.... #####',
  Ê: '.###. ##### #.... ####. #.... #.... #####',
  Í: '...#. .###. ..#.. ..#.. ..#.. ..#.. .###.',
  Ô: '.###. .###. #...# #...# #...# #...# .###.',
  Õ: '.##.# .###. #...# #...# #...# #...# .###.',
  Ú: '...#. #...# #...# #...# #...# #...# .###.',
  Ç: '.###. #...# #.... #.... #...# .###. ..#..',
};

/** Cyrillic capitals drawn like the Latin letter they look like. */
const SAME_AS_LATIN: Readonly<Record<string, string>> = { А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X' };
for (const [cyrillic, latin] of Object.entries(SAME_AS_LATIN)) RAW[cyrillic] = RAW[latin]!;

/** Each glyph as 7 row bitmasks (bit 4 = leftmost column). */
const GLYPHS = new Map<string, Uint8Array>();
for (const [ch, rows] of Object.entries(RAW)) {
  const masks = new Uint8Array(GLYPH_H);
  rows.split(' ').forEach((row, y) => {
    let m = 0;
    for (let x = 0; x < GLYPH_W; x++) if (row[x] === '#') m |= 1 << (GLYPH_W - 1 - x);
    masks[y] = m;
  });
  GLYPHS.set(ch, masks);
}

/** A character's glyph: its own, its capital's, its capital without the accent (`Ő` → `O`), else `?`. */
function glyphFor(ch: string): Uint8Array {
  return GLYPHS.get(ch) ?? GLYPHS.get(ch.toUpperCase()) ?? GLYPHS.get(ch.toUpperCase().normalize('NFD').charAt(0)) ?? GLYPHS.get('?')!;
}

/** Width in pixels of `text` at integer `scale` (no trailing spacing). */
export function measureText(text: string, scale: number): number {
  const n = [...text].length;
  return n === 0 ? 0 : (n * ADVANCE - 1) * scale;
}

export function textHeight(scale: number): number {
  return GLYPH_H * scale;
}

/**
 * A writable indexed (8- or 32-bit indices) bitmap: pixel (x, y) is `buf[offset + y * stride + x]`. It
 * holds rows `top` (default 0) to `height`: a band of a picture is drawn with the picture's own
 * coordinates (its offset is then below zero by `top` rows), and everything outside it is clipped.
 */
export interface Surface {
  readonly buf: Uint8Array | Uint32Array;
  readonly stride: number;
  readonly offset: number;
  readonly width: number;
  readonly height: number;
  readonly top?: number;
}

/** Fills a rectangle with colour index `c`, clipped to the surface. */
export function fillRect(s: Surface, x: number, y: number, w: number, h: number, c: number): void {
  const x0 = Math.max(0, x);
  const y0 = Math.max(s.top ?? 0, y);
  const x1 = Math.min(s.width, x + w);
  const y1 = Math.min(s.height, y + h);
  if (x1 <= x0 || y1 <= y0) return;
  for (let yy = y0; yy < y1; yy++) {
    const row = s.offset + yy * s.stride;
    s.buf.fill(c, row + x0, row + x1);
  }
}

/** Draws `text` with its top-left corner at (x, y), clipped to the surface. */
export function drawText(s: Surface, x: number, y: number, text: string, c: number, scale: number): void {
  let cx = x;
  for (const ch of text) {
    const g = glyphFor(ch);
    for (let gy = 0; gy < GLYPH_H; gy++) {
      const mask = g[gy]!;
      if (mask === 0) continue;
      for (let gx = 0; gx < GLYPH_W; gx++) {
        if (mask & (1 << (GLYPH_W - 1 - gx))) fillRect(s, cx + gx * scale, y + gy * scale, scale, scale, c);
      }
    }
    cx += ADVANCE * scale;
  }
}
