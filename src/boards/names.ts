/**
 * Members' display names for pictures of member boards (credits, pixels): a picture cannot show a
 * mention. Read through REST (the bot keeps no member cache), at most a page's worth at a time, and kept
 * for an hour in a bounded map, so a posted board looked at again costs no request.
 */
import { Routes, type APIGuildMember, type REST } from 'discord.js';
import { BoundedMap } from '../util/boundedMap.js';
import type { MemberNames } from '../stats/boardMessage.js';

/** Names kept per process. */
const NAMES_MAX = 5_000;
const TTL_MS = 60 * 60_000;
/** Ids looked up per call at most (a board page). */
const LOOKUPS_MAX = 10;

export function restMemberNames(rest: Pick<REST, 'get'>, now: () => number = Date.now): MemberNames {
  const cache = new BoundedMap<string, { name: string | null; at: number }>(NAMES_MAX);
  const one = async (guildId: string, userId: string): Promise<string | null> => {
    const key = `${guildId}:${userId}`;
    const hit = cache.get(key);
    if (hit && now() - hit.at < TTL_MS) return hit.name;
    // A member who left (404) is remembered as unknown too: their row shows their id.
    const member = (await rest.get(Routes.guildMember(guildId, userId)).catch(() => null)) as APIGuildMember | null;
    const name = member ? (member.nick ?? member.user.global_name ?? member.user.username) : null;
    cache.set(key, { name, at: now() });
    return name;
  };
  return async (guildId, userIds) => {
    const ids = [...new Set(userIds)].slice(0, LOOKUPS_MAX);
    const names = await Promise.all(ids.map((id) => one(guildId, id)));
    return new Map(ids.flatMap((id, i) => (names[i] ? [[id, names[i]] as [string, string]] : [])));
  };
}
