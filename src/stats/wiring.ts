/**
 * The stats side of the bot as app.ts wires it: the read side (with time windows in each guild's
 * timezone and current season), seasons, the new-world notice and /compare, and the hooks the ingest
 * engine takes from them. One place, so the window clock the reads and the engine share is built once.
 */
import type { Db } from 'mongodb';
import type { Collections } from '../db/collections.js';
import { ingestCollections } from '../ingest/store.js';
import type { NewWorldHook, SeasonOf } from '../ingest/types.js';
import type { Logger } from '../logger.js';
import type { GuildConfigRepo } from '../repos/guildConfigRepo.js';
import type { MemberStatsRepo } from '../repos/memberStatsRepo.js';
import type { DiscordServerAlerts } from '../servers/alerts.js';
import type { GameServers } from '../servers/gameServers.js';
import { CompareService } from './compareService.js';
import { StatsQueries } from './queries.js';
import { Seasons, seasonRef } from './seasons.js';
import type { WindowClock } from './windowReads.js';
import { WipePrompts, type AskId } from './wipePrompt.js';

export interface StatsParts {
  stats: StatsQueries;
  seasons: Seasons;
  compare: CompareService;
  /** A reader without the page cache (the board updater must see a change at once). */
  freshStats: () => StatsQueries;
  /** The ingest engine's hooks: the current season, a new world folder. */
  seasonOf: SeasonOf;
  onNewWorld: NewWorldHook;
}

export interface StatsDeps {
  db: Db;
  cols: Pick<Collections, 'seasons' | 'wipePrompts'>;
  memberStats: MemberStatsRepo;
  guildConfigs: Pick<GuildConfigRepo, 'get' | 'texts'>;
  /** Late-bound: GameServers is built after the engine hooks that need it. */
  servers: () => Pick<GameServers, 'get'>;
  alerts: Pick<DiscordServerAlerts, 'channelFor'>;
  askId: AskId;
  logger: Logger;
}

export function statsPartsOf(d: StatsDeps): StatsParts {
  const ingest = ingestCollections(d.db);
  const clock: WindowClock = {
    timeZone: async (guildId) => (await d.guildConfigs.get(guildId)).timezone,
    currentSeason: async (guildId) => seasonRef(await seasons.current(guildId)),
  };
  const reader = () => new StatsQueries(ingest.stats, d.memberStats, { col: ingest.windows, clock }, ingest.playtime);
  const stats = reader();
  const seasons = new Seasons(d.cols.seasons, stats);
  const wipePrompts = new WipePrompts(d.cols.wipePrompts, {
    servers: { get: (guildId, serverId) => d.servers().get(guildId, serverId) },
    alerts: d.alerts,
    textsOf: (guildId) => d.guildConfigs.texts(guildId),
    askId: d.askId,
    logger: d.logger,
  });
  return {
    stats,
    seasons,
    compare: new CompareService(ingest.stats),
    freshStats: reader,
    seasonOf: async (guildId) => {
      const season = await seasons.current(guildId);
      return season?.startedAt ? { id: String(season.number), startedAt: season.startedAt } : null;
    },
    onNewWorld: (guildId, serverId, world) => wipePrompts.newWorld(guildId, serverId, world),
  };
}
