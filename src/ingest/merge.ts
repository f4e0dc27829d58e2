/**
 * Guild-wide stats: the engine keeps one document per player (and weapon) per server; a guild-wide view
 * merges a player's documents from every server. Pure functions, so they are unit-tested directly. Kept
 * in ingest (below stats/ in the layers): the engine builds the guild documents with mergePlayers
 * (guildStats.ts), and the read side (stats/queries.ts) merges with the same code.
 */
import type { Count, PlayerStats, WeaponStats } from './schemas.js';
import { kdr } from './statsDocs.js';

function mergeCounts(into: Count[], from: readonly Count[]): void {
  const byId = new Map(into.map((c) => [c.id, c]));
  for (const c of from) {
    const seen = byId.get(c.id);
    if (seen) seen.n += c.n;
    else {
      const added = { ...c };
      into.push(added);
      byId.set(c.id, added);
    }
  }
}

function longer<T extends { distance: number } | null>(a: T, b: T): T {
  if (!a) return b;
  if (!b) return a;
  return b.distance > a.distance ? b : a;
}

/** One player's documents (any servers) as a single player; `serverId` becomes `*` when merged. */
export function mergePlayers(docs: readonly PlayerStats[]): PlayerStats {
  if (docs.length === 0) throw new Error('mergePlayers needs at least one document');
  if (docs.length === 1) return docs[0]!;
  const newest = docs.reduce((a, b) => (b.lastSeenAt > a.lastSeenAt ? b : a));
  const out: PlayerStats = structuredClone({ ...newest, serverId: '*', weapons: [], victims: [], killers: [] });
  out.kills = out.deaths = out.otherDeaths = out.suicidesTotal = out.roadkills = out.bestStreak = 0;
  out.suicides = { menu: 0, fall: 0, vehicle: 0, other: 0 };
  out.longestKill = null;
  for (const d of docs) {
    out.kills += d.kills;
    out.deaths += d.deaths;
    out.otherDeaths += d.otherDeaths;
    out.suicidesTotal += d.suicidesTotal;
    out.roadkills += d.roadkills;
    for (const k of ['menu', 'fall', 'vehicle', 'other'] as const) out.suicides[k] += d.suicides[k];
    out.bestStreak = Math.max(out.bestStreak, d.bestStreak);
    out.longestKill = longer(out.longestKill, d.longestKill);
    mergeCounts(out.weapons, d.weapons);
    mergeCounts(out.victims, d.victims);
    mergeCounts(out.killers, d.killers);
    if (d.firstSeenAt < out.firstSeenAt) out.firstSeenAt = d.firstSeenAt;
  }
  // The current streak is the one running on the server the player was seen on last.
  out.streak = newest.streak;
  out.kdr = kdr(out);
  return out;
}

/** Groups documents by player and merges each group. */
export function mergeByPlayer(docs: readonly PlayerStats[]): PlayerStats[] {
  const groups = new Map<string, PlayerStats[]>();
  for (const d of docs) {
    const g = groups.get(d.playerId);
    if (g) g.push(d);
    else groups.set(d.playerId, [d]);
  }
  return [...groups.values()].map(mergePlayers);
}

export function mergeWeapons(docs: readonly WeaponStats[]): WeaponStats {
  if (docs.length === 0) throw new Error('mergeWeapons needs at least one document');
  if (docs.length === 1) return docs[0]!;
  const out: WeaponStats = structuredClone({ ...docs[0]!, serverId: '*', kills: 0, longestKill: null, users: [] });
  for (const d of docs) {
    out.kills += d.kills;
    out.longestKill = longer(out.longestKill, d.longestKill);
    mergeCounts(out.users, d.users);
  }
  return out;
}
