/**
 * Reading stats back: per server from one document, guild-wide by merging a player's per-server
 * documents at query time (a guild has few servers, so a player has few documents).
 */
import type { Filter } from 'mongodb';
import type { IngestCollections } from './store.js';
import type { Count, PlayerStats, SuicideCounts } from './schemas.js';
import { kdr, topCount } from './statsModel.js';

export interface PlayerSummary {
  playerId: string;
  name: string;
  servers: string[];
  kills: number;
  deaths: number;
  otherDeaths: number;
  suicides: SuicideCounts;
  suicidesTotal: number;
  roadkills: number;
  kdr: number;
  longestKill: PlayerStats['longestKill'];
  /** Current streak on the server the player was last seen on. */
  streak: number;
  bestStreak: number;
  weapons: Count[];
  /** Killed this player most: { id, n }. */
  nemesis: Count | null;
  /** Killed most by this player. */
  prey: Count | null;
  lastSeenAt: Date;
}

function mergeCounts(lists: Count[][]): Count[] {
  const m = new Map<string, number>();
  for (const l of lists) for (const c of l) m.set(c.id, (m.get(c.id) ?? 0) + c.n);
  return [...m].map(([id, n]) => ({ id, n })).sort((a, b) => b.n - a.n);
}

/** One player's documents (one per server) → one summary. */
export function mergePlayerStats(docs: readonly PlayerStats[]): PlayerSummary | null {
  if (!docs.length) return null;
  const latest = [...docs].sort((a, b) => b.lastSeenAt.getTime() - a.lastSeenAt.getTime())[0]!;
  const sum = (f: (d: PlayerStats) => number) => docs.reduce((n, d) => n + f(d), 0);
  const suicides = { menu: sum((d) => d.suicides.menu), fall: sum((d) => d.suicides.fall), vehicle: sum((d) => d.suicides.vehicle), other: sum((d) => d.suicides.other) };
  const kills = sum((d) => d.kills);
  const deaths = sum((d) => d.deaths);
  let longestKill: PlayerStats['longestKill'] = null;
  for (const d of docs) if (d.longestKill && (!longestKill || d.longestKill.distance > longestKill.distance)) longestKill = d.longestKill;
  return {
    playerId: latest.playerId,
    name: latest.name,
    servers: docs.map((d) => d.serverId),
    kills,
    deaths,
    otherDeaths: sum((d) => d.otherDeaths),
    suicides,
    suicidesTotal: sum((d) => d.suicidesTotal),
    roadkills: sum((d) => d.roadkills),
    kdr: kdr({ kills, deaths }),
    longestKill,
    streak: latest.streak,
    bestStreak: Math.max(...docs.map((d) => d.bestStreak)),
    weapons: mergeCounts(docs.map((d) => d.weapons)),
    nemesis: topCount(mergeCounts(docs.map((d) => d.killers))),
    prey: topCount(mergeCounts(docs.map((d) => d.victims))),
    lastSeenAt: latest.lastSeenAt,
  };
}

/** A player's stats in a guild (all servers) or on one server. */
export async function playerSummary(cols: IngestCollections, guildId: string, playerId: string, serverId?: string): Promise<PlayerSummary | null> {
  const filter: Filter<PlayerStats> = { guildId, type: 'player', playerId, ...(serverId ? { serverId } : {}) };
  const docs = (await cols.stats.find(filter as never).toArray()) as PlayerStats[];
  return mergePlayerStats(docs);
}

export const LEADERBOARD_STATS = ['kills', 'deaths', 'kdr', 'longest_kill', 'best_streak', 'suicides'] as const;
export type LeaderboardStat = (typeof LEADERBOARD_STATS)[number];

const VALUE: Record<LeaderboardStat, (p: PlayerSummary) => number> = {
  kills: (p) => p.kills,
  deaths: (p) => p.deaths,
  kdr: (p) => p.kdr,
  longest_kill: (p) => p.longestKill?.distance ?? 0,
  best_streak: (p) => p.bestStreak,
  suicides: (p) => p.suicidesTotal,
};

/**
 * A page of a leaderboard, guild-wide (players merged across servers) or for one server. Reads the guild's
 * player documents once; fine for a guild's few thousand players (cache a page set if that grows).
 */
export async function leaderboard(
  cols: IngestCollections,
  guildId: string,
  stat: LeaderboardStat,
  opts: { serverId?: string; page?: number; pageSize?: number } = {},
): Promise<{ rows: { rank: number; player: PlayerSummary; value: number }[]; total: number }> {
  const filter = { guildId, type: 'player', ...(opts.serverId ? { serverId: opts.serverId } : {}) };
  const docs = (await cols.stats.find(filter as never).toArray()) as PlayerStats[];
  const byPlayer = new Map<string, PlayerStats[]>();
  for (const d of docs) byPlayer.set(d.playerId, [...(byPlayer.get(d.playerId) ?? []), d]);
  const value = VALUE[stat];
  const all = [...byPlayer.values()]
    .map((ds) => mergePlayerStats(ds)!)
    .filter((p) => value(p) > 0)
    .sort((a, b) => value(b) - value(a) || a.name.localeCompare(b.name));
  const size = opts.pageSize ?? 10;
  const page = Math.max(1, opts.page ?? 1);
  const rows = all.slice((page - 1) * size, page * size).map((player, i) => ({ rank: (page - 1) * size + i + 1, player, value: value(player) }));
  return { rows, total: all.length };
}

/** Autocomplete: this guild's players whose name starts with `prefix` (case-insensitive). */
export async function playerNames(cols: IngestCollections, guildId: string, prefix: string, limit = 25): Promise<{ playerId: string; name: string }[]> {
  const escaped = prefix.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const docs = (await cols.stats
    .find({ guildId, type: 'player', nameLower: { $regex: `^${escaped}` } } as never)
    .sort({ nameLower: 1 })
    .limit(limit * 4)
    .toArray()) as PlayerStats[];
  const seen = new Map<string, string>();
  for (const d of docs) if (!seen.has(d.playerId)) seen.set(d.playerId, d.name);
  return [...seen].slice(0, limit).map(([playerId, name]) => ({ playerId, name }));
}
