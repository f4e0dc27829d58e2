import type { English } from '../keys.js';
import type { TranslationOf } from '../types.js';
import { core } from './core.js';
import { admin } from './admin.js';
import { canvas } from './canvas.js';
import { server } from './server.js';
import { sftp } from './sftp.js';
import { economy } from './economy.js';
import { stats } from './stats.js';
import { feed } from './feed.js';
import { seasons } from './seasons.js';
import { compare } from './compare.js';
import { boards } from './boards.js';
import { flags } from './flags.js';
import { audit } from './audit.js';
import { links } from './links.js';
import { pulse } from './pulse.js';
import { ecoAdmin } from './ecoAdmin.js';
import { games } from './games.js';
import { bounties } from './bounties.js';
import { factions } from './factions.js';

export const de: TranslationOf<English> = {
  ...core,
  ...admin,
  ...canvas,
  ...server,
  ...sftp,
  ...economy,
  ...stats,
  ...feed,
  ...seasons,
  ...compare,
  ...boards,
  ...flags,
  ...audit,
  ...links,
  ...pulse,
  ...ecoAdmin,
  ...games,
  ...bounties,
  ...factions,
};
