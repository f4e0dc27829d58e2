/**
 * The board service built from the bot's parts (app.ts hands them over as they are; only what boards
 * read of each is named here, so this layer needs none of their modules).
 */
import type { Client } from 'discord.js';
import type { Collection } from 'mongodb';
import type { PostedBoard } from '../db/boardSchemas.js';
import type { Translator } from '../i18n/translate.js';
import type { Logger } from '../logger.js';
import type { TierName } from '../premium/tiers.js';
import type { StatsQueries } from '../stats/queries.js';
import { withFactionTags, type TagsOf } from '../factions/boardTags.js';
import type { BoardSources } from '../stats/boardContent.js';
import { BoardService } from './service.js';

export interface BoardParts<S> {
  cols: { boards: Collection<PostedBoard> };
  client: Client;
  logger: Logger;
  /**
   * A stats reader for one look at a board: a new one each time (so without the 30 s page cache a
   * /leaderboard page may be in, which could make a changed board look unchanged for a whole interval).
   */
  freshStats: () => Pick<StatsQueries, 'board' | 'pixelBoard' | 'playtimeBoard'>;
  economy: { holders(guildId: string): Promise<number>; top(guildId: string, skip: number, limit: number): Promise<{ userId: string; credits: number }[]> };
  guildConfigs: { texts(guildId: string): Promise<Translator>; tier(guildId: string): Promise<TierName> };
  gameServers: { get(guildId: string, serverId: string): Promise<{ name: string } | null>; list(guildId: string): Promise<S[]> };
  /** Faction tags of players (`[TAG] Name` on player boards, as on /leaderboard); absent: no tags. */
  tagsOf?: TagsOf;
  /** Where admin alerts go: a server's events channel, else the system channel (src/servers/alerts.ts). */
  alerts: { guildChannel(guildId: string, servers: readonly S[]): Promise<{ id: string } | null> };
}

export function boardServiceOf<S>(p: BoardParts<S>): BoardService {
  const fresh = p.freshStats;
  const tagged = (players: BoardSources['players']) => (p.tagsOf ? withFactionTags(players, p.tagsOf) : players);
  return new BoardService({
    col: p.cols.boards,
    rest: p.client.rest,
    logger: p.logger.child({ module: 'boards' }),
    content: {
      sources: {
        players: tagged((guildId, board, page, size, serverId, window) => fresh().board(guildId, board, page, size, serverId, window)),
        creditHolders: (guildId) => p.economy.holders(guildId),
        creditTop: (guildId, skip, limit) => p.economy.top(guildId, skip, limit),
        pixelPlacers: (guildId) => fresh().pixelBoard(guildId),
        playtime: (guildId, page, size, serverId, window) => fresh().playtimeBoard(guildId, page, size, serverId, window),
      },
      texts: (guildId) => p.guildConfigs.texts(guildId),
      tierOf: (guildId) => p.guildConfigs.tier(guildId),
      serverName: async (guildId, serverId) => (await p.gameServers.get(guildId, serverId))?.name ?? null,
    },
    adminChannel: async (guildId) => (await p.alerts.guildChannel(guildId, await p.gameServers.list(guildId)))?.id ?? null,
  });
}
