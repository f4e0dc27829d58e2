import type { stats as english } from '../en/stats.js';
import type { TranslationOf } from '../types.js';

export const stats = {} as const satisfies TranslationOf<typeof english>;
