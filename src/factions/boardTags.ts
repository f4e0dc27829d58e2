/**
 * Faction tags on the player boards: a page's players shown as `[TAG] Name` when their linked member is
 * in a faction. One read of the page's links and memberships (a page is at most a board page of players);
 * the page itself (perhaps a cached one) is copied, never changed.
 */
import type { BoardSources } from '../stats/boardContent.js';

export type TagsOf = (guildId: string, playerIds: readonly string[]) => Promise<ReadonlyMap<string, string>>;

export function withFactionTags(players: BoardSources['players'], tagsOf: TagsOf): BoardSources['players'] {
  return async (guildId, board, page, pageSize, serverId, window) => {
    const got = await players(guildId, board, page, pageSize, serverId, window);
    if (!got.players.length) return got;
    const tags = await tagsOf(guildId, got.players.map((p) => p.playerId));
    if (!tags.size) return got;
    return { ...got, players: got.players.map((p) => (tags.has(p.playerId) ? { ...p, name: `[${tags.get(p.playerId)}] ${p.name}` } : p)) };
  };
}
