/**
 * Reads of the playtime documents (ingest/playtimeStore.ts): a player's (or a member's players')
 * playtime in a window, and a page of the playtime board. The window is one document key (a day, a
 * week, a month, a season or `all`, as ingest/windows.ts names them), so a lookup reads at most one
 * document per player and a page is one count and one indexed range of at most a page of documents.
 */
import type { Collection } from 'mongodb';
import { PLAYTIME_ALL } from '../ingest/playtimeDays.js';
import { GUILD_SCOPE, playtimeDocId, type PlaytimeDoc } from '../ingest/playtimeStore.js';

export interface Playtime {
  seconds: number;
  sessions: number;
}

export interface PlaytimeRow extends Playtime {
  playerId: string;
  name: string;
}

export interface PlaytimePage {
  total: number;
  current: number;
  players: PlaytimeRow[];
}

/** Most players summed for one lookup (a member's linked players: the tier table's largest count is far below). */
export const PLAYTIME_LOOKUP_MAX = 25;

/** The scope and window a read looks at; `key` null is all time. */
export interface PlaytimeScope {
  guildId: string;
  serverId?: string | undefined;
  key: string | null;
}

const keyOf = (s: PlaytimeScope) => s.key ?? PLAYTIME_ALL;

/** The playtime of `playerIds` together (zero when none played in the window). */
export async function playtimeOf(col: Collection<PlaytimeDoc>, scope: PlaytimeScope, playerIds: readonly string[]): Promise<Playtime> {
  const ids = [...new Set(playerIds)].slice(0, PLAYTIME_LOOKUP_MAX).map((p) => playtimeDocId(scope.guildId, scope.serverId ?? GUILD_SCOPE, keyOf(scope), p));
  if (!ids.length) return { seconds: 0, sessions: 0 };
  const docs = await col.find({ _id: { $in: ids } }, { projection: { seconds: 1, sessions: 1 } }).toArray();
  return docs.reduce((a, d) => ({ seconds: a.seconds + d.seconds, sessions: a.sessions + d.sessions }), { seconds: 0, sessions: 0 });
}

/** One page of the board: players by time played, ties by name then id (the index's order). */
export async function playtimeBoard(col: Collection<PlaytimeDoc>, scope: PlaytimeScope, page: number, pageSize: number): Promise<PlaytimePage> {
  const filter = { guildId: scope.guildId, serverId: scope.serverId ?? GUILD_SCOPE, window: keyOf(scope), seconds: { $gt: 0 } };
  const total = await col.countDocuments(filter);
  const current = Math.min(Math.max(1, page), Math.max(1, Math.ceil(total / pageSize)));
  const docs = await col
    .find(filter, { projection: { playerId: 1, name: 1, seconds: 1, sessions: 1 } })
    .sort({ seconds: -1, nameLower: 1, _id: 1 })
    .skip((current - 1) * pageSize)
    .limit(pageSize)
    .toArray();
  return { total, current, players: docs.map((d) => ({ playerId: d.playerId, name: d.name, seconds: d.seconds, sessions: d.sessions })) };
}

/**
 * A player known only from Deadside.log (no killfeed line yet): their all-time playtime document in the
 * scope, by id or by name (the `lookup` index); null when there is none.
 */
export async function playtimePlayer(col: Collection<PlaytimeDoc>, guildId: string, serverId: string | undefined, typed: string): Promise<PlaytimeRow | null> {
  const scope = serverId ?? GUILD_SCOPE;
  const t = typed.trim();
  const doc = /^[0-9a-f]{32}$/i.test(t)
    ? await col.findOne({ _id: playtimeDocId(guildId, scope, PLAYTIME_ALL, t.toLowerCase()) })
    : await col.findOne({ guildId, serverId: scope, window: PLAYTIME_ALL, nameLower: t.toLowerCase() });
  return doc ? { playerId: doc.playerId, name: doc.name, seconds: doc.seconds, sessions: doc.sessions } : null;
}
