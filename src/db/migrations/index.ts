import type { PlannableMigration } from '../migrate.js';
import { legacyGuilds } from './001-legacy-guilds.js';
import { legacyCanvas } from './002-legacy-canvas.js';
import { legacyProfiles } from './003-legacy-profiles.js';
import { legacyGuildSettings } from './004-legacy-guild-settings.js';
import { legacyErrors } from './005-legacy-errors.js';
import { dataVersions } from './006-data-versions.js';
import { statsBoards } from './007-stats-boards.js';
import { legacyRepair } from './008-legacy-repair.js';
import { killLedgerExpiry } from './009-kill-ledger-expiry.js';

/** Every migration, in version order. Append; never renumber or edit an applied one. */
export const MIGRATIONS: PlannableMigration[] = [legacyGuilds, legacyCanvas, legacyProfiles, legacyGuildSettings, legacyErrors, dataVersions, statsBoards, legacyRepair, killLedgerExpiry];
