/**
 * Which words a locale gets. Discord sends a member's client locale with every interaction and a guild's
 * preferred locale with the guild; `/settings set locale` offers the same codes. Five languages are
 * translated; any other locale reads English words with its own number and date formats.
 */

/** The locales `/settings set locale` offers (Discord's codes). */
export const GUILD_LOCALES = ['en-US', 'en-GB', 'de', 'fr', 'es-ES', 'pt-BR', 'ru', 'pl', 'uk', 'it', 'nl', 'tr', 'cs', 'sv-SE', 'fi', 'ja', 'zh-CN', 'ko'] as const;

export const LANGUAGES = ['en', 'ru', 'de', 'pl', 'pt-BR'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Discord's locale code for each translated language (for `description_localizations`). */
export const DISCORD_LOCALE_OF: Readonly<Record<Exclude<Language, 'en'>, string>> = { ru: 'ru', de: 'de', pl: 'pl', 'pt-BR': 'pt-BR' };

/** The language of a locale code: `ru`, `de-AT` → `de`, `pt-BR`; anything else (`pt-PT` too) reads English. */
export function languageOf(locale: string | null | undefined): Language {
  if (!locale) return 'en';
  const [base = '', region] = locale.split(/[-_]/);
  switch (base.toLowerCase()) {
    case 'ru':
      return 'ru';
    case 'de':
      return 'de';
    case 'pl':
      return 'pl';
    case 'pt':
      return region?.toUpperCase() === 'BR' ? 'pt-BR' : 'en';
    default:
      return 'en';
  }
}
