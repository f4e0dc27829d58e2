/**
 * What a status board reads: the guild's game servers (with the Steam query's state), the Deadside.log
 * state the ingest keeps (the cursor's server start and online players with their session starts:
 * src/ingest/playtimeOnline.ts), the server stats documents (counts and last events) and the members
 * linked to the players shown. Bounded: a few indexed reads per server, at most STATUS_SERVERS_SHOWN servers.
 */
import type { Collection } from 'mongodb';
import type { GameServer } from '../db/schemas.js';
import type { StatusBoard } from '../db/statusBoardSchemas.js';
import type { Translator } from '../i18n/translate.js';
import { onlinePage } from '../ingest/playtimeOnline.js';
import type { IngestCursor, ServerStats, StatsDoc } from '../ingest/schemas.js';
import { serverDocId } from '../ingest/statsDocs.js';
import type { LinkedNames } from '../stats/linkedNames.js';
import { STATUS_PLAYERS_SHOWN, STATUS_PLAYERS_SHOWN_EACH, STATUS_SERVERS_SHOWN, type StatusInput, type StatusServer } from './statusContent.js';

export interface StatusSources {
  servers(guildId: string): Promise<GameServer[]>;
  cursors: Collection<IngestCursor>;
  stats: Collection<StatsDoc>;
  linkedNames: LinkedNames;
}

/** What the board shows now, in the guild's words `t` (for a removed server's name). */
export async function statusInput(src: StatusSources, board: StatusBoard, t: Translator): Promise<StatusInput> {
  const all = await src.servers(board.guildId);
  const servers = (board.serverId ? all.filter((s) => s._id === board.serverId) : all).slice(0, STATUS_SERVERS_SHOWN);
  const scope = board.serverId ? (servers[0]?.name ?? t.t('boards.serverRemoved')) : null;
  if (!servers.length) return { scope, servers: [] };
  const ids = servers.map((s) => s._id);
  const [statDocs, cursorDocs] = await Promise.all([
    src.stats.find({ _id: { $in: ids.map(serverDocId) }, guildId: board.guildId, type: 'server' }, { projection: { serverId: 1, players: 1, lastEvents: 1 } }).toArray(),
    src.cursors.find({ _id: { $in: ids }, guildId: board.guildId }, { projection: { 'log.counter.serverStartedAt': 1 } }).toArray(),
  ]);
  const stats = new Map(statDocs.map((d) => [d.serverId, d as Pick<ServerStats, 'players' | 'lastEvents'>]));
  const started = new Map(cursorDocs.map((d) => [d._id, d.log?.counter?.serverStartedAt ?? null]));
  const shown = servers.length > 1 ? STATUS_PLAYERS_SHOWN_EACH : STATUS_PLAYERS_SHOWN;
  const pages = await Promise.all(ids.map((id) => onlinePage(src.cursors, board.guildId, [id], 1, shown)));
  const members = await src.linkedNames(board.guildId, pages.flatMap((p) => p.players.map((x) => x.eosId)));
  return {
    scope,
    servers: servers.map((s, i): StatusServer => {
      const st = stats.get(s._id);
      const q = s.query;
      const startedAt = started.get(s._id);
      // The log's count wins where it exists (it knows the queue); the query fills the gaps.
      const fromLog = st?.players.online || pages[i]!.counts.get(s._id) || 0;
      return {
        name: s.name,
        online: fromLog || (q?.online ?? 0),
        queued: st?.players.queued ?? 0,
        max: st?.players.max ?? q?.max ?? null,
        startedAt: startedAt ? new Date(startedAt) : null,
        downSince: q?.down ? (q.downSince ?? null) : null,
        players: pages[i]!.players.map((p) => ({ name: p.name ?? p.eosId, member: members.get(p.eosId) ?? null, since: p.since })),
        events: st?.lastEvents ?? [],
      };
    }),
  };
}
