import type { sftp as english } from '../en/sftp.js';
import type { TranslationOf } from '../types.js';

export const sftp = {} as const satisfies TranslationOf<typeof english>;
