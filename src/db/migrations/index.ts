import type { Migration } from './types.js';
import { legacyGuilds } from './001-legacy-guilds.js';
import { legacyCanvas } from './002-legacy-canvas.js';

/** Every migration, in version order. Append; never renumber or edit an applied one. */
export const MIGRATIONS: Migration[] = [legacyGuilds, legacyCanvas];
