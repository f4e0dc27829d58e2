/**
 * Each player-versus-player kill kept as an event of its own (`kill_events`), with the file and line it
 * came from and the flags it raised (killFlags.ts): what /flags pages through. Written by the batch
 * applier once per batch, before its commit: `_id` is the event id and the write is an upsert
 * $setOnInsert, so a replay of the batch writes nothing new. Suicides and deaths without a killer are
 * not kept (no killer to flag).
 */
import type { Collection } from 'mongodb';
import { plausibleRange, type KillEvent } from '../deadside/index.js';
import { lineEventId } from './batchLines.js';
import { flagKills, type FlagInput, type Fights, type KillFlag } from './killFlags.js';
import type { PendingBatch, StatsDoc } from './schemas.js';
import { playerDocId } from './statsDocs.js';

/** A kill event is kept this long after it happened (a TTL index on `expireAt` removes it). */
export const KILL_EVENT_RETENTION_DAYS = 90;
/** Flagged kills on one /flags page. */
export const FLAGS_PAGE = 10;
/** The last page /flags reads (a page past it is this one): the read never skips more than this many pages. */
export const FLAGS_MAX_PAGES = 50;

export interface KillEventDoc {
  /** The kill's event id (src/deadside/eventId.ts). */
  _id: string;
  guildId: string;
  serverId: string;
  at: Date;
  killerId: string;
  killerName: string;
  victimId: string;
  victimName: string;
  weapon: string;
  distance: number;
  /** The weapon's plausible maximum range in metres when known (null: no bound). */
  maxRange: number | null;
  file: string;
  /** 1-based line number in `file`. */
  line: number;
  flags: KillFlag[];
  flagged: boolean;
  /** A kill inside one faction (batchTeamKills.ts): in no stats, paid nothing. */
  teamKill?: boolean;
  expireAt: Date;
}

/** The numbers the K/D rule compares: a player's server document as it stands after the batch. */
interface AfterBatch {
  doc(id: string): StatsDoc | undefined;
}

/** Line numbers of a batch's lines by event id (the ids batchLines.ts gives them: same inputs). */
function linesById(serverId: string, b: Pick<PendingBatch, 'path' | 'generation' | 'lines'>): Map<string, number> {
  return new Map(b.lines.map((l) => [lineEventId(serverId, b, l.s), l.n]));
}

/**
 * The batch's kills as stored events, flagged. `after`: the batch's stats working set (its documents
 * hold the batch, on a replay too), from which the numbers before it are the ones minus its own kills.
 */
export function killEventDocs(scope: { guildId: string; serverId: string }, b: Pick<PendingBatch, 'path' | 'generation' | 'lines'>, kills: readonly { e: KillEvent; id: string }[], after: AfterBatch, team: ReadonlySet<string> = new Set()): KillEventDoc[] {
  const pvp = kills.filter((k): k is { e: Extract<KillEvent, { kind: 'kill' }>; id: string } => k.e.kind === 'kill');
  if (!pvp.length) return [];
  const batchKills = new Map<string, number>();
  const batchDeaths = new Map<string, number>();
  for (const { e, id } of pvp) {
    if (team.has(id)) continue; // counted in no document
    batchKills.set(e.killer.id, (batchKills.get(e.killer.id) ?? 0) + 1);
    batchDeaths.set(e.victim.id, (batchDeaths.get(e.victim.id) ?? 0) + 1);
  }
  const fights = (playerId: string): { before: Fights; after: Fights } | null => {
    const d = after.doc(playerDocId(scope.serverId, playerId));
    if (!d || d.type !== 'player') return null;
    const now = { kills: d.kills, deaths: d.deaths };
    return { before: { kills: now.kills - (batchKills.get(playerId) ?? 0), deaths: now.deaths - (batchDeaths.get(playerId) ?? 0) }, after: now };
  };
  const inputs: FlagInput[] = pvp.map(({ e, id }) => ({ id, killerId: e.killer.id, at: e.timestamp, weapon: e.weapon, distance: e.distance }));
  const flags = flagKills(inputs, fights);
  const lines = linesById(scope.serverId, b);
  return pvp.map(({ e, id }) => {
    const f = flags.get(id) ?? [];
    return {
      _id: id,
      ...scope,
      at: e.timestamp,
      killerId: e.killer.id,
      killerName: e.killer.name,
      victimId: e.victim.id,
      victimName: e.victim.name,
      weapon: e.weapon,
      distance: e.distance,
      maxRange: plausibleRange(e.weapon),
      file: b.path,
      line: lines.get(id) ?? 0,
      flags: f,
      flagged: f.length > 0,
      ...(team.has(id) ? { teamKill: true } : {}),
      expireAt: new Date(e.timestamp.getTime() + KILL_EVENT_RETENTION_DAYS * 86_400_000),
    };
  });
}

/** Stores the batch's kill events once (one bulkWrite of upserts by event id); returns the flagged ones. */
export async function recordKillEvents(col: Collection<KillEventDoc>, scope: { guildId: string; serverId: string }, b: Pick<PendingBatch, 'path' | 'generation' | 'lines'>, kills: readonly { e: KillEvent; id: string }[], after: AfterBatch, team?: ReadonlySet<string>): Promise<KillEventDoc[]> {
  const docs = killEventDocs(scope, b, kills, after, team);
  if (!docs.length) return [];
  await col.bulkWrite(
    docs.map(({ _id, ...rest }) => ({ updateOne: { filter: { _id }, update: { $setOnInsert: rest }, upsert: true } })),
    { ordered: false },
  );
  return docs.filter((d) => d.flagged);
}

/** One page of a guild's flagged kills, newest first (index `flagged`), optionally one server's and since an instant. */
export async function flaggedKills(col: Collection<KillEventDoc>, guildId: string, q: { serverId?: string; since: Date | null; page: number }): Promise<{ events: KillEventDoc[]; page: number; more: boolean }> {
  const page = Math.min(Math.max(1, q.page), FLAGS_MAX_PAGES);
  const filter = { guildId, ...(q.serverId ? { serverId: q.serverId } : {}), flagged: true, ...(q.since ? { at: { $gte: q.since } } : {}) };
  const found = await col
    .find(filter)
    .sort({ at: -1, _id: -1 })
    .skip((page - 1) * FLAGS_PAGE)
    .limit(FLAGS_PAGE + 1)
    .toArray();
  return { events: found.slice(0, FLAGS_PAGE), page, more: found.length > FLAGS_PAGE && page < FLAGS_MAX_PAGES };
}
