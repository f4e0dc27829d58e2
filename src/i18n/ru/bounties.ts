import type { bounties as english } from '../en/bounties.js';
import type { TranslationOf } from '../types.js';

export const bounties = {
} satisfies TranslationOf<typeof english>;
