/**
 * The ingest engine's `linkedNames` hook: for a batch's posted kills, the display names of the members
 * linked to their players, so a rich kill post can say who is behind a player (as text: never a ping).
 * Bounded per batch: one indexed read of links, then at most the member lookups MemberNames allows
 * (cached, through REST); a lookup that fails leaves the name out and never fails the batch.
 */
import type { Logger } from '../logger.js';
import type { MemberNames } from './boardMessage.js';
import type { LinkRepo } from './links.js';

/** Players of one batch whose links are read (a batch's posted kills name at most this many). */
export const LINKED_PLAYERS_MAX = 200;

export type LinkedNames = (guildId: string, playerIds: readonly string[]) => Promise<ReadonlyMap<string, string>>;

export function linkedNamesOf(links: Pick<LinkRepo, 'byPlayers'>, members: MemberNames, logger: Logger): LinkedNames {
  return async (guildId, playerIds) => {
    try {
      const found = await links.byPlayers(guildId, playerIds, LINKED_PLAYERS_MAX);
      if (!found.length) return new Map();
      const names = await members(guildId, found.map((l) => l.userId));
      return new Map(found.flatMap((l) => (names.has(l.userId) ? [[l.playerId, names.get(l.userId)!] as [string, string]] : [])));
    } catch (err) {
      logger.warn({ guildId, err: (err as Error).message }, 'linked member names for kill posts unavailable');
      return new Map();
    }
  };
}
