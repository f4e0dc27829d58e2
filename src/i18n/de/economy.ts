import type { economy as english } from '../en/economy.js';
import type { TranslationOf } from '../types.js';

export const economy = {} as const satisfies TranslationOf<typeof english>;
