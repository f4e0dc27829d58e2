import type { Migration } from './types.js';
import { legacyGuilds } from './001-legacy-guilds.js';

/** Every migration, in version order. Append; never renumber or edit an applied one. */
export const MIGRATIONS: Migration[] = [legacyGuilds];
