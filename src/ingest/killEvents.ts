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
import { flagKills, RATE_MAX_KILLS, RATE_WINDOW_MS, type FlagInput, type Fights, type KdNumbers, type KillFlag } from './killFlags.js';
import type { PendingBatch, StatsDoc } from './schemas.js';
import { playerDocId } from './statsDocs.js';
import { windowDocId, type WindowPlayer } from './windowDocs.js';
import { calendarKey } from './windows.js';

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

/** What the rules read besides the batch (recordKillEvents reads them). */
export interface FlagContext {
  /** The batch's stats working set: its documents hold the batch, on a replay too. */
  after: AfterBatch;
  /** The batch's team kills (batchTeamKills.ts): counted in no document. */
  team?: ReadonlySet<string>;
  /** Per killer, their kills stored before the batch (priorKillWindows). */
  earlier?: ReadonlyMap<string, readonly Date[]>;
  /** Per killer, their numbers in the day window of their last kill of the batch (dayWindowFights). */
  day?: ReadonlyMap<string, Fights>;
}

/** Line numbers of a batch's lines by event id (the ids batchLines.ts gives them: same inputs). */
function linesById(serverId: string, b: Pick<PendingBatch, 'path' | 'generation' | 'lines'>): Map<string, number> {
  return new Map(b.lines.map((l) => [lineEventId(serverId, b, l.s), l.n]));
}

type PvpKill = { e: Extract<KillEvent, { kind: 'kill' }>; id: string };
const pvpOf = (kills: readonly { e: KillEvent; id: string }[]) => kills.filter((k): k is PvpKill => k.e.kind === 'kill');
const flagInputs = (pvp: readonly PvpKill[]): FlagInput[] => pvp.map(({ e, id }) => ({ id, killerId: e.killer.id, at: e.timestamp, weapon: e.weapon, distance: e.distance }));

/**
 * For the rate rule across polls: per killer of the batch, the latest RATE_MAX_KILLS of their kills
 * stored before the batch within RATE_WINDOW_MS of (and not after) their first kill of it. The batch's
 * own events are left out, so a replay (which finds them stored) reads what its first run read. One
 * query (index `server_killer_at`) for all killers, limited to RATE_MAX_KILLS each on average; only
 * when that limit is reached (a spree crowds the others out) are the killers still short read one by one.
 */
export async function priorKillWindows(col: Collection<KillEventDoc>, serverId: string, kills: readonly FlagInput[]): Promise<Map<string, Date[]>> {
  const first = new Map<string, number>();
  for (const k of kills) first.set(k.killerId, Math.min(first.get(k.killerId) ?? Infinity, k.at.getTime()));
  const out = new Map<string, Date[]>();
  if (!first.size) return out;
  const ids = kills.map((k) => k.id);
  const read = (killers: string[], limit: number) =>
    col
      .find({ _id: { $nin: ids }, $or: killers.map((killerId) => ({ serverId, killerId, at: { $gt: new Date(first.get(killerId)! - RATE_WINDOW_MS), $lte: new Date(first.get(killerId)!) } })) }, { projection: { killerId: 1, at: 1 } })
      .sort({ at: -1 })
      .limit(limit)
      .toArray();
  const limit = first.size * RATE_MAX_KILLS;
  const found = await read([...first.keys()], limit);
  // Newest first: a killer's rows here are their latest ones.
  for (const d of found) {
    const list = out.get(d.killerId) ?? [];
    if (list.length < RATE_MAX_KILLS) list.push(d.at);
    out.set(d.killerId, list);
  }
  if (found.length === limit) {
    for (const killerId of first.keys()) {
      if ((out.get(killerId)?.length ?? 0) < RATE_MAX_KILLS) out.set(killerId, (await read([killerId], RATE_MAX_KILLS)).map((d) => d.at));
    }
  }
  return out;
}

/**
 * For the K/D rule: per killer of the batch, their numbers in the day window (windows.ts, in the
 * batch's frozen timezone) of their last kill of the batch, as applyWindows left them
 * (holding the batch, on a replay too). One read by document id. A day past the windows' retention
 * (WINDOW_RETENTION_DAYS: a backfill of older kills) has no document: the numbers before the batch
 * stand in for the day's start.
 */
export async function dayWindowFights(windows: Collection<WindowPlayer>, serverId: string, kills: readonly FlagInput[], timeZone: string): Promise<Map<string, Fights>> {
  const last = new Map<string, Date>();
  for (const k of kills) last.set(k.killerId, k.at);
  const ids = [...last].map(([killerId, at]) => windowDocId(serverId, calendarKey('today', at, timeZone), killerId));
  if (!ids.length) return new Map();
  const docs = await windows.find({ _id: { $in: ids } }, { projection: { playerId: 1, kills: 1, deaths: 1 } }).toArray();
  return new Map(docs.map((d) => [d.playerId, { kills: d.kills, deaths: d.deaths }]));
}

/**
 * The batch's kills as stored events, flagged. The K/D rule's numbers: after the batch from its stats
 * documents, before it those minus its own kills, at the day's start those minus the day window's
 * (without one, the numbers before the batch).
 */
export function killEventDocs(scope: { guildId: string; serverId: string }, b: Pick<PendingBatch, 'path' | 'generation' | 'lines'>, kills: readonly { e: KillEvent; id: string }[], ctx: FlagContext): KillEventDoc[] {
  const { after, team = new Set<string>(), earlier, day = new Map<string, Fights>() } = ctx;
  const pvp = pvpOf(kills);
  if (!pvp.length) return [];
  const batchKills = new Map<string, number>();
  const batchDeaths = new Map<string, number>();
  for (const { e, id } of pvp) {
    if (team.has(id)) continue; // counted in no document
    batchKills.set(e.killer.id, (batchKills.get(e.killer.id) ?? 0) + 1);
    batchDeaths.set(e.victim.id, (batchDeaths.get(e.victim.id) ?? 0) + 1);
  }
  const fights = (playerId: string): KdNumbers | null => {
    const d = after.doc(playerDocId(scope.serverId, playerId));
    if (!d || d.type !== 'player') return null;
    const now = { kills: d.kills, deaths: d.deaths };
    const minus = (f: Fights, k: number, x: number) => ({ kills: f.kills - k, deaths: f.deaths - x });
    const before = minus(now, batchKills.get(playerId) ?? 0, batchDeaths.get(playerId) ?? 0);
    const today = day.get(playerId);
    return { dayStart: today ? minus(now, today.kills, today.deaths) : before, before, after: now };
  };
  const flags = flagKills(flagInputs(pvp), fights, earlier);
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

/**
 * Stores the batch's kill events once (one bulkWrite of upserts by event id), flagged with what the
 * rules read before it (priorKillWindows, dayWindowFights); returns the flagged ones.
 */
export async function recordKillEvents(cols: { killEvents: Collection<KillEventDoc>; windows: Collection<WindowPlayer> }, scope: { guildId: string; serverId: string }, b: Pick<PendingBatch, 'path' | 'generation' | 'lines'>, kills: readonly { e: KillEvent; id: string }[], after: AfterBatch, team: ReadonlySet<string>, timeZone: string): Promise<KillEventDoc[]> {
  const col = cols.killEvents;
  const inputs = flagInputs(pvpOf(kills));
  if (!inputs.length) return [];
  const [earlier, day] = [await priorKillWindows(col, scope.serverId, inputs), await dayWindowFights(cols.windows, scope.serverId, inputs, timeZone)];
  const docs = killEventDocs(scope, b, kills, { after, team, earlier, day });
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
