import type { server as english } from '../en/server.js';
import type { TranslationOf } from '../types.js';

export const server = {} as const satisfies TranslationOf<typeof english>;
