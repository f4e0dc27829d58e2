import type { canvas as english } from '../en/canvas.js';
import type { TranslationOf } from '../types.js';

export const canvas = {} as const satisfies TranslationOf<typeof english>;
