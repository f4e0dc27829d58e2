import { guildFormat, type GuildFormat } from '../format/guildFormat.js';
import { BoundedMap } from '../util/boundedMap.js';
import { CATALOGS } from './catalogs.js';
import type { MessageArgs, MessageKey } from './keys.js';
import { languageOf, type Language } from './locales.js';
import { isMsg } from './message.js';
import type { Catalog, Entry, Msg, Param, PluralCategory } from './types.js';

/** Words and formats for one reader: a language from the catalog, numbers and dates in their locale. */
export interface Translator {
  readonly language: Language;
  readonly format: GuildFormat;
  /** The text of `key` with its parameters filled in. */
  t<K extends MessageKey>(key: K, ...args: MessageArgs<K>): string;
  /** A message carried from another layer (`msg()`, an error's message). */
  text(message: Msg): string;
}

export interface TranslatorSettings {
  locale: string | null | undefined;
  timezone?: string;
}

const PLACEHOLDER = /\{(\w+)\}/g;

function pluralRules(language: Language): Intl.PluralRules {
  return new Intl.PluralRules(language);
}

class CatalogTranslator implements Translator {
  private readonly catalog: Catalog;
  private readonly plurals: Intl.PluralRules;

  constructor(
    readonly language: Language,
    readonly format: GuildFormat,
  ) {
    this.catalog = CATALOGS[language];
    this.plurals = pluralRules(language);
  }

  t<K extends MessageKey>(key: K, ...args: MessageArgs<K>): string {
    return this.fill(key, args[0] as Readonly<Record<string, Param>> | undefined);
  }

  text(message: Msg): string {
    return this.fill(message.key, message.params);
  }

  private fill(key: string, params: Readonly<Record<string, Param>> | undefined): string {
    // A key missing in a translation reads English (the catalog test fails on it, so this is a safety net).
    const entry: Entry | undefined = this.catalog[key] ?? CATALOGS.en[key];
    if (entry === undefined) return key;
    const template = typeof entry === 'string' ? entry : this.pluralForm(entry, params?.count);
    return template.replace(PLACEHOLDER, (whole, name: string) => {
      const value = params?.[name];
      if (value === undefined) return whole;
      if (typeof value === 'number') return this.format.number(value);
      return isMsg(value) ? this.text(value) : value;
    });
  }

  private pluralForm(forms: Exclude<Entry, string>, count: Param | undefined): string {
    const category = (typeof count === 'number' ? this.plurals.select(count) : 'other') as PluralCategory;
    return forms[category] ?? forms.other;
  }
}

/** One translator per (locale, timezone): they are immutable and a process serves few combinations. */
const made = new BoundedMap<string, Translator>(500);

export function translator(settings: TranslatorSettings): Translator {
  const locale = settings.locale || 'en-US';
  const timezone = settings.timezone ?? 'UTC';
  const id = `${locale}|${timezone}`;
  let found = made.get(id);
  if (!found) {
    found = new CatalogTranslator(languageOf(locale), guildFormat({ locale, timezone }));
    made.set(id, found);
  }
  return found;
}

/** English in en-US formats: logs' companions, tests, text made before a reader is known. */
export const ENGLISH = translator({ locale: 'en-US' });
