import type { seasons as english } from '../en/seasons.js';
import type { TranslationOf } from '../types.js';

export const seasons = {
} satisfies TranslationOf<typeof english>;
