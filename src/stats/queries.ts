import type { Collection, Filter } from 'mongodb';
import type { MemberStats } from '../db/schemas.js';
import type { PlayerStats, ServerStats, StatsDoc, WeaponStats } from '../ingest/schemas.js';
import { mergeByPlayer, mergePlayers, mergeWeapons } from './merge.js';
import { clip, LIMITS } from '../discord/limits.js';

/** How long a guild's merged player list is reused (leaderboard paging, repeated lookups). */
const CACHE_MS = 30_000;

/**
 * Read side of player stats. Every query is scoped by guild; `serverId` narrows it to one server,
 * otherwise a player's documents from all the guild's servers are merged.
 */
export class StatsQueries {
  private readonly cache = new Map<string, { at: number; players: PlayerStats[] }>();

  constructor(
    private readonly stats: Collection<StatsDoc>,
    private readonly members: Collection<MemberStats>,
  ) {}

  private scope<T extends StatsDoc['type']>(guildId: string, type: T, serverId?: string): Filter<StatsDoc> {
    return serverId ? { guildId, type, serverId } : { guildId, type };
  }

  /** Every player of the scope, merged across servers (cached briefly). */
  async players(guildId: string, serverId?: string): Promise<PlayerStats[]> {
    const key = `${guildId}|${serverId ?? '*'}`;
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.players;
    const docs = (await this.stats.find(this.scope(guildId, 'player', serverId)).toArray()) as PlayerStats[];
    const players = mergeByPlayer(docs);
    this.cache.set(key, { at: Date.now(), players });
    if (this.cache.size > 1000) this.cache.delete(this.cache.keys().next().value as string);
    return players;
  }

  /** A player by id (what autocomplete sends) or exact name, case-insensitive. */
  async player(guildId: string, idOrName: string, serverId?: string): Promise<PlayerStats | null> {
    const scope = this.scope(guildId, 'player', serverId);
    let docs = (await this.stats.find({ ...scope, playerId: idOrName }).toArray()) as PlayerStats[];
    if (!docs.length) {
      const byName = (await this.stats.find({ ...scope, nameLower: idOrName.trim().toLowerCase() }).toArray()) as PlayerStats[];
      // Two players can share a name: take the one seen last, then all of its documents.
      const newest = byName.sort((a, b) => b.lastSeenAt.getTime() - a.lastSeenAt.getTime())[0];
      docs = newest ? byName.filter((d) => d.playerId === newest.playerId) : [];
    }
    return docs.length ? mergePlayers(docs) : null;
  }

  /** Names of players by id (for nemesis, prey, top users). */
  async names(guildId: string, playerIds: readonly string[]): Promise<Map<string, string>> {
    if (!playerIds.length) return new Map();
    const docs = (await this.stats.find({ guildId, type: 'player', playerId: { $in: [...playerIds] } }).toArray()) as PlayerStats[];
    const newest = new Map<string, PlayerStats>();
    for (const d of docs) {
      const seen = newest.get(d.playerId);
      if (!seen || d.lastSeenAt > seen.lastSeenAt) newest.set(d.playerId, d);
    }
    return new Map([...newest].map(([id, d]) => [id, d.name]));
  }

  /** Players whose name starts with what was typed (index range scan), one entry per player. */
  async suggestPlayers(guildId: string, typed: string, limit = 25): Promise<{ name: string; value: string }[]> {
    const prefix = typed.trim().toLowerCase();
    const filter: Filter<StatsDoc> = prefix ? { guildId, type: 'player', nameLower: { $gte: prefix, $lt: `${prefix}\uffff` } } : { guildId, type: 'player' };
    const docs = (await this.stats.find(filter).sort({ nameLower: 1 }).limit(limit * 4).toArray()) as PlayerStats[];
    const seen = new Set<string>();
    const out: { name: string; value: string }[] = [];
    for (const d of docs) {
      if (seen.has(d.playerId)) continue;
      seen.add(d.playerId);
      out.push({ name: clip(d.name, LIMITS.choiceName), value: d.playerId });
      if (out.length === limit) break;
    }
    return out;
  }

  async weapon(guildId: string, name: string, serverId?: string): Promise<WeaponStats | null> {
    const wanted = name.trim().toLowerCase();
    const docs = ((await this.stats.find(this.scope(guildId, 'weapon', serverId)).toArray()) as WeaponStats[]).filter((w) => w.weapon.toLowerCase() === wanted);
    return docs.length ? mergeWeapons(docs) : null;
  }

  /** Weapons of the scope, merged, most kills first. */
  async weapons(guildId: string, serverId?: string): Promise<WeaponStats[]> {
    const docs = (await this.stats.find(this.scope(guildId, 'weapon', serverId)).toArray()) as WeaponStats[];
    const groups = new Map<string, WeaponStats[]>();
    for (const d of docs) groups.set(d.weapon, [...(groups.get(d.weapon) ?? []), d]);
    return [...groups.values()].map(mergeWeapons).sort((a, b) => b.kills - a.kills);
  }

  async servers(guildId: string, serverId?: string): Promise<ServerStats[]> {
    return (await this.stats.find(this.scope(guildId, 'server', serverId)).toArray()) as ServerStats[];
  }

  /** Members by pixels placed on the canvas, best first. */
  async pixelBoard(guildId: string): Promise<{ userId: string; value: number }[]> {
    const docs = await this.members.find({ guildId, canvasPixelsPlaced: { $gt: 0 } }).sort({ canvasPixelsPlaced: -1 }).limit(500).toArray();
    return docs.map((d) => ({ userId: d.userId, value: d.canvasPixelsPlaced ?? 0 }));
  }
}
