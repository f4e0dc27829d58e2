/**
 * The canvas words that depend on a colour or go on a picture: palette colours' names in the reader's
 * language (members still type the English names, which autocomplete sends as values) and the labels
 * drawn on a view's picture.
 */
import { colorLabel, paletteColorOf } from '../../canvas/palette.js';
import type { CanvasLabels } from '../../canvas/layout.js';
import type { PlainKey } from '../../i18n/keys.js';
import { plain } from '../../i18n/message.js';
import type { Translator } from '../../i18n/translate.js';

const COLOR_KEYS: Readonly<Record<string, PlainKey>> = {
  white: 'canvas.colorName.white',
  light_gray: 'canvas.colorName.light_gray',
  gray: 'canvas.colorName.gray',
  black: 'canvas.colorName.black',
  pink: 'canvas.colorName.pink',
  red: 'canvas.colorName.red',
  orange: 'canvas.colorName.orange',
  brown: 'canvas.colorName.brown',
  yellow: 'canvas.colorName.yellow',
  lime: 'canvas.colorName.lime',
  green: 'canvas.colorName.green',
  cyan: 'canvas.colorName.cyan',
  blue: 'canvas.colorName.blue',
  indigo: 'canvas.colorName.indigo',
  magenta: 'canvas.colorName.magenta',
  purple: 'canvas.colorName.purple',
};

/** A colour as the reader reads it: a palette colour's name in their language (`light gray`), else `#RRGGBB`. */
export function colorText(t: Translator, rgb: number): string {
  const name = paletteColorOf(rgb)?.name;
  const key = name === undefined ? undefined : COLOR_KEYS[name];
  return key ? t.text(plain(key)) : colorLabel(rgb);
}

/** What the picture of a view says, in `t`'s language; nothing for English (the renderer's own words). */
export function imageLabels(t: Translator, rgb: number): CanvasLabels | undefined {
  return t.language === 'en' ? undefined : { zoom: t.t('canvas.image.zoom'), color: colorText(t, rgb) };
}
