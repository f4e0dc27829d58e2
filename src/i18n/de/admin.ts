import type { admin as english } from '../en/admin.js';
import type { TranslationOf } from '../types.js';

export const admin = {} as const satisfies TranslationOf<typeof english>;
