import type { boards as english } from '../en/boards.js';
import type { TranslationOf } from '../types.js';

export const boards = {
} satisfies TranslationOf<typeof english>;
