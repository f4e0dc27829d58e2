import type { feed as english } from '../en/feed.js';
import type { TranslationOf } from '../types.js';

export const feed = {} as const satisfies TranslationOf<typeof english>;
