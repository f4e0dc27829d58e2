import { LANGUAGES, DISCORD_LOCALE_OF } from './locales.js';
import { ENGLISH, translator } from './translate.js';
import type { Msg } from './types.js';

/** Discord caps command and option descriptions at 100 characters. */
const MAX_DESCRIPTION = 100;

export interface DescriptionFields {
  description: string;
  description_localizations: Record<string, string>;
}

/**
 * A command's or option's description for Discord: the English text and `description_localizations`
 * for each translated language, so members see them in their client's language (and `/help` too).
 */
export function describe(text: Msg): DescriptionFields {
  const localizations: Record<string, string> = {};
  for (const language of LANGUAGES) {
    if (language === 'en') continue;
    const locale = DISCORD_LOCALE_OF[language];
    localizations[locale] = [...translator({ locale }).text(text)].slice(0, MAX_DESCRIPTION).join('');
  }
  return { description: [...ENGLISH.text(text)].slice(0, MAX_DESCRIPTION).join(''), description_localizations: localizations };
}

/** An option choice's name for Discord (also at most 100 characters): English and `name_localizations`. */
export function choiceName(text: Msg): { name: string; name_localizations: Record<string, string> } {
  const { description, description_localizations } = describe(text);
  return { name: description, name_localizations: description_localizations };
}
