import type { games as english } from '../en/games.js';
import type { TranslationOf } from '../types.js';

export const games = {
} satisfies TranslationOf<typeof english>;
