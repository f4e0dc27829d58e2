import type { factions as english } from '../en/factions.js';
import type { TranslationOf } from '../types.js';

export const factions = {
} satisfies TranslationOf<typeof english>;
