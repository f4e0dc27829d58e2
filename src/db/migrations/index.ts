import type { Migration } from './types.js';
import { legacyGuilds } from './001-legacy-guilds.js';
import { legacyCanvas } from './002-legacy-canvas.js';
import { legacyProfiles } from './003-legacy-profiles.js';

/** Every migration, in version order. Append; never renumber or edit an applied one. */
export const MIGRATIONS: Migration[] = [legacyGuilds, legacyCanvas, legacyProfiles];
