import type { server as english } from '../en/server.js';
import type { TranslationOf } from '../types.js';
import { alerts } from './server/alerts.js';
import { commands } from './server/commands.js';
import { errors } from './server/errors.js';
import { files } from './server/files.js';
import { views } from './server/views.js';

export const server = { ...commands, ...views, ...files, ...errors, ...alerts } as const satisfies TranslationOf<typeof english>;
