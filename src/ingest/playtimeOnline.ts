/**
 * Who is online now, read from the ingest cursors (the Deadside.log state the engine commits with each
 * batch): a read-only view for /online, so the read side never parses or writes the cursor itself.
 */
import type { Collection } from 'mongodb';
import type { IngestCursor } from './schemas.js';

/**
 * Most online players read per server: a real Deadside server holds ~100, but the cursor keeps up to
 * MAX_TRACKED_PLAYERS (10,000) ids against a log faking registrations. Only ids are read for the count
 * (a `$slice` projection of the first ones, who joined first), and names and session starts only for
 * the page shown.
 */
export const ONLINE_READ_MAX = 500;

export interface OnlinePlayer {
  serverId: string;
  eosId: string;
  name: string | null;
  /** Start of the open session, null when it began before sessions were kept (or before tailing began). */
  since: Date | null;
}

export interface OnlinePage {
  players: OnlinePlayer[];
  /** Players online per server read (at most ONLINE_READ_MAX each), in the order of `serverIds`. */
  counts: Map<string, number>;
  total: number;
}

const EOS_ID = /^[a-f0-9]{32}$/;

/**
 * One page of the players online on `serverIds` (the guild's, in the order shown): servers in that
 * order, players in the order they joined (the longest session first).
 */
export async function onlinePage(cursors: Collection<IngestCursor>, guildId: string, serverIds: readonly string[], page: number, pageSize: number): Promise<OnlinePage> {
  const counts = new Map<string, number>();
  if (!serverIds.length) return { players: [], counts, total: 0 };
  const docs = await cursors.find({ guildId, _id: { $in: [...serverIds] } }, { projection: { 'log.counter.online': { $slice: ONLINE_READ_MAX } } }).toArray();
  const ids = new Map(docs.map((d) => [d._id, (d.log?.counter?.online ?? []).slice(0, ONLINE_READ_MAX)]));
  const all: { serverId: string; eosId: string }[] = [];
  for (const serverId of serverIds) {
    const list = ids.get(serverId) ?? [];
    counts.set(serverId, list.length);
    for (const eosId of list) all.push({ serverId, eosId });
  }
  const shown = all.slice((page - 1) * pageSize, page * pageSize);
  const players: OnlinePlayer[] = shown.map((p) => ({ ...p, name: null, since: null }));
  // Names and starts of the shown players only: EOS ids are 32 hex digits, safe as field paths.
  for (const serverId of new Set(shown.map((p) => p.serverId))) {
    const mine = players.filter((p) => p.serverId === serverId && EOS_ID.test(p.eosId));
    const projection = Object.fromEntries(mine.flatMap((p) => [[`log.names.${p.eosId}`, 1], [`log.since.${p.eosId}`, 1]]));
    if (!mine.length) continue;
    const d = await cursors.findOne({ _id: serverId, guildId }, { projection });
    for (const p of mine) {
      p.name = d?.log?.names?.[p.eosId] ?? null;
      const at = d?.log?.since?.[p.eosId];
      p.since = at ? new Date(at) : null;
    }
  }
  return { players, counts, total: all.length };
}
