import type { links as english } from '../en/links.js';
import type { TranslationOf } from '../types.js';

export const links = {
} satisfies TranslationOf<typeof english>;
