import type { ecoAdmin as english } from '../en/ecoAdmin.js';
import type { TranslationOf } from '../types.js';

export const ecoAdmin = {
} satisfies TranslationOf<typeof english>;
