import type { compare as english } from '../en/compare.js';
import type { TranslationOf } from '../types.js';

export const compare = {
} satisfies TranslationOf<typeof english>;
