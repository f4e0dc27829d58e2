import { de } from './de/index.js';
import { en } from './en/index.js';
import type { Language } from './locales.js';
import { pl } from './pl/index.js';
import { ptBR } from './pt-BR/index.js';
import { ru } from './ru/index.js';
import type { Catalog } from './types.js';

/** Every language's catalog; English is the source of keys, the others are `TranslationOf` it. */
export const CATALOGS: Readonly<Record<Language, Catalog>> = { en, ru, de, pl, 'pt-BR': ptBR };
