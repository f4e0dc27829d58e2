/**
 * The font the profile card draws text with, bundled with the bot (npm `@fontsource/unifontex`, OFL-1.1)
 * and registered with @napi-rs/canvas under a name no OS installs, so every host draws the same glyphs.
 *
 * Why UnifontEX: names arrive in any script. It is one 2 MB face covering the whole Basic Multilingual
 * Plane — Latin, Greek, Cyrillic, Arabic, Hebrew, Devanagari, Thai, CJK, Hangul, kana — and monochrome
 * emoji. The Noto packages on npm either lack scripts (Noto Sans: no CJK; fontsource's Noto Sans SC:
 * no Greek) or weigh 40 MB and more (Noto Sans CJK). Its pixel look also matches the pixel canvas, and it
 * is drawn crisp at multiples of 16 px.
 */
import { createRequire } from 'node:module';
import { GlobalFonts } from '@napi-rs/canvas';

/** The alias the card's CSS font strings use. */
export const CARD_FONT_FAMILY = 'Tower Card UnifontEX';

const FONT_MODULE = '@fontsource/unifontex/files/unifontex-latin-400-normal.woff2';

let state: 'unregistered' | 'registered' | 'failed' = 'unregistered';

/**
 * Registers the bundled face once per process (≈150–200 ms: the WOFF2 is decompressed), on the first
 * card rather than at start, so a bot that never renders a profile never pays for it. Throws when the
 * font file is missing or unreadable: a card in the canvas's fallback font would draw boxes for most
 * scripts, so an error with an id is the better answer.
 */
export function ensureCardFont(): string {
  if (state === 'registered') return CARD_FONT_FAMILY;
  if (state === 'failed') throw new Error(`the profile card font (${FONT_MODULE}) could not be registered`);
  let path: string;
  try {
    path = createRequire(import.meta.url).resolve(FONT_MODULE);
  } catch (err) {
    state = 'failed';
    throw new Error(`the profile card font package is not installed (${FONT_MODULE})`, { cause: err });
  }
  const key = GlobalFonts.registerFromPath(path, CARD_FONT_FAMILY);
  state = key ? 'registered' : 'failed';
  if (!key) throw new Error(`the profile card font at ${path} could not be registered`);
  return CARD_FONT_FAMILY;
}

/** A CSS font string for the card's face at `px`. */
export function cardFont(px: number): string {
  return `${px}px "${CARD_FONT_FAMILY}"`;
}
