/** The server domain's words (see ./core.ts for the conventions), one file per area in ./server/. */
import { alerts } from './server/alerts.js';
import { commands } from './server/commands.js';
import { errors } from './server/errors.js';
import { files } from './server/files.js';
import { views } from './server/views.js';

export const server = { ...commands, ...views, ...files, ...errors, ...alerts } as const;
