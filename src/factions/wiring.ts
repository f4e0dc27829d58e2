/** The faction service and its stats reader as app.ts builds them, and the ingest's team-kill and tag hooks. */
import type { Collection, Db } from 'mongodb';
import type { Collections } from '../db/collections.js';
import type { Economy } from '../economy/economy.js';
import type { BatchHooks } from '../ingest/batchTypes.js';
import type { AnyStatsDoc } from '../ingest/guildStats.js';
import { ingestCollections } from '../ingest/store.js';
import { FactionStats } from './factionStats.js';
import { FactionService } from './service.js';

export interface FactionParts {
  /** The lookup bounties ask (FactionLookup). */
  factions: FactionService;
  services: { factions: FactionService; factionStats: FactionStats };
  hooks: Required<Pick<BatchHooks, 'teamKillsOf' | 'factionTagsOf'>>;
}

export function factionPartsOf(db: Db, cols: Collections, economy: Pick<Economy, 'spend' | 'earn'>): FactionParts {
  const factions = new FactionService({ cols: { factions: cols.factions, factionMembers: cols.factionMembers }, links: cols.playerLinks, economy });
  const ing = ingestCollections(db);
  const factionStats = new FactionStats({ links: cols.playerLinks, stats: ing.stats as unknown as Collection<AnyStatsDoc>, windows: ing.windows }, factions.store);
  return {
    factions,
    services: { factions, factionStats },
    hooks: { teamKillsOf: (guildId, kills) => factions.teamKillsOf(guildId, kills), factionTagsOf: (guildId, playerIds) => factions.tagsOfPlayers(guildId, playerIds) },
  };
}
