import type { audit as english } from '../en/audit.js';
import type { TranslationOf } from '../types.js';

export const audit = {
} satisfies TranslationOf<typeof english>;
