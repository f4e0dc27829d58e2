import type { Catalog } from '../types.js';
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

/**
 * The English catalog, the source of every key. One file per domain (a domain may split its file into a
 * folder of its own); the catalog test fails on a key two domains define.
 */
export const en = {
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
} as const satisfies Catalog;

/** The domains one by one, for the test that no two define the same key. */
export const EN_DOMAINS: Readonly<Record<string, Catalog>> = { core, admin, canvas, server, sftp, economy, stats, feed, boards, compare, seasons, links, audit, flags, pulse, ecoAdmin, games, bounties, factions };
