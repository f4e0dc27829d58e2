import type { Collection, Filter } from 'mongodb';
import type { PlayerStats, ServerStats, StatsDoc, WeaponStats } from '../ingest/schemas.js';
import type { AnyStatsDoc, GuildWeaponStats } from '../ingest/guildStats.js';
import { ByteLru } from '../profile/cache.js';
import type { MemberStatsRepo } from '../repos/memberStatsRepo.js';
import { mergePlayers, mergeWeapons } from '../ingest/merge.js';
import { rankField, type PlayerBoardName, type RankedPlayer } from '../ingest/rank.js';
import { clip, LIMITS } from '../discord/limits.js';
import { ALL_TIME, type WindowChoice } from '../ingest/windows.js';
import type { WindowPlayer } from '../ingest/windowDocs.js';
import { playerInWindow, windowBoard, windowKeyOf, type WindowClock } from './windowReads.js';
import type { PlaytimeDoc } from '../ingest/playtimeStore.js';
import { playtimeBoard, playtimeOf, playtimePlayer, type Playtime, type PlaytimePage, type PlaytimeRow } from './playtimeReads.js';

/** How long a board page is reused (paging back and forth, several members looking at once). */
const CACHE_MS = 30_000;
/** Board pages kept per process, by their size as JSON (a page is ~10 players: a few KiB). */
const CACHE_BYTES = 4 * 1024 * 1024;
/** Per-server documents merged into one weapon (its servers × spellings differing only in case). */
const WEAPON_DOCS_MAX = 100;

const RANKED_FIELDS = ['playerId', 'name', 'nameLower', 'kills', 'deaths', 'otherDeaths', 'suicidesTotal', 'kdr', 'longestKill', 'bestStreak'] as const satisfies readonly (keyof RankedPlayer)[];
const RANKED_PROJECTION = Object.fromEntries(RANKED_FIELDS.map((f) => [f, 1]));

export interface BoardPage {
  /** How many rank on the board. */
  total: number;
  /** The page shown (the one asked for, within 1..pages). */
  current: number;
  players: RankedPlayer[];
}

/**
 * Read side of player stats. Every query is scoped by guild; `serverId` narrows it to one server,
 * otherwise the guild-wide documents (ingest/guildStats.ts) answer. Boards, weapon lists and counts
 * are indexed ranges read a page at a time: what a reply costs depends on what it shows, never on
 * how many players or weapons a guild holds.
 */
export class StatsQueries {
  private readonly pages = new ByteLru<BoardPage>(CACHE_BYTES);
  private readonly playtimePages = new ByteLru<PlaytimePage>(CACHE_BYTES / 4);

  constructor(
    private readonly stats: Collection<StatsDoc>,
    private readonly members: Pick<MemberStatsRepo, 'topPixelPlacers'>,
    /** The time windows' documents and what a window means in a guild now (without: every window reads all time). */
    private readonly windows?: { col: Collection<WindowPlayer>; clock: WindowClock },
    /** The playtime documents (without: no playtime anywhere). */
    private readonly playtimeDocs?: Collection<PlaytimeDoc>,
  ) {}

  /** The playtime of a player (or a member's players, together) in a window, in the scope. */
  async playtime(guildId: string, playerIds: readonly string[], serverId?: string, window: WindowChoice = ALL_TIME): Promise<Playtime> {
    if (!this.playtimeDocs) return { seconds: 0, sessions: 0 };
    return playtimeOf(this.playtimeDocs, { guildId, serverId, key: await this.windowKey(guildId, window) }, playerIds);
  }

  /** A player seen only in Deadside.log (no stats document): their all-time playtime, by id or name. */
  playtimePlayer(guildId: string, typed: string, serverId?: string): Promise<PlaytimeRow | null> {
    return this.playtimeDocs ? playtimePlayer(this.playtimeDocs, guildId, serverId, typed) : Promise.resolve(null);
  }

  /** One page of the playtime board (cached like the other boards' pages). */
  async playtimeBoard(guildId: string, page: number, pageSize: number, serverId?: string, window: WindowChoice = ALL_TIME): Promise<PlaytimePage> {
    if (!this.playtimeDocs) return { total: 0, current: 1, players: [] };
    const windowKey = await this.windowKey(guildId, window);
    const key = `${guildId}|${serverId ?? '*'}|${windowKey ?? 'all'}|playtime|${page}|${pageSize}`;
    const hit = this.playtimePages.get(key);
    if (hit) return hit;
    const result = await playtimeBoard(this.playtimeDocs, { guildId, serverId, key: windowKey }, page, pageSize);
    this.playtimePages.set(key, result, Buffer.byteLength(JSON.stringify(result)), CACHE_MS);
    return result;
  }

  /** The window document key a choice reads now; null: the all-time documents (also the faction board's). */
  async windowKey(guildId: string, window: WindowChoice): Promise<string | null> {
    return this.windows ? windowKeyOf(this.windows.clock, guildId, window) : null;
  }

  private get docs(): Collection<AnyStatsDoc> {
    return this.stats as unknown as Collection<AnyStatsDoc>;
  }

  private scope<T extends StatsDoc['type']>(guildId: string, type: T, serverId?: string): Filter<StatsDoc> {
    return serverId ? { guildId, type, serverId } : { guildId, type };
  }

  /** Player documents of one server, or the guild-wide ones. */
  private players(guildId: string, serverId?: string): Filter<AnyStatsDoc> {
    return serverId ? { guildId, serverId, type: 'player' } : { guildId, serverId: '*', type: 'guildPlayer' };
  }

  /** One page of a player board: a count and a range of the board's index (two round trips). */
  async board(guildId: string, board: PlayerBoardName, page: number, pageSize: number, serverId?: string, window: WindowChoice = ALL_TIME): Promise<BoardPage> {
    const windowKey = await this.windowKey(guildId, window);
    const key = `${guildId}|${serverId ?? '*'}|${windowKey ?? 'all'}|${board}|${page}|${pageSize}`;
    const hit = this.pages.get(key);
    if (hit) return hit;
    if (windowKey) {
      const result = await windowBoard(this.windows!.col, { guildId, serverId, key: windowKey }, board, page, pageSize);
      this.pages.set(key, result, Buffer.byteLength(JSON.stringify(result)), CACHE_MS);
      return result;
    }
    const filter = { ...this.players(guildId, serverId), [rankField(board)]: { $gt: 0 } };
    const total = await this.docs.countDocuments(filter);
    const current = Math.min(Math.max(1, page), Math.max(1, Math.ceil(total / pageSize)));
    const docs = await this.docs
      .find(filter, { projection: RANKED_PROJECTION })
      .sort({ [rankField(board)]: -1, nameLower: 1, _id: 1 })
      .skip((current - 1) * pageSize)
      .limit(pageSize)
      .toArray();
    // Only what a row shows is kept (a per-server document also holds its count arrays).
    const players = docs.map((d) => Object.fromEntries(RANKED_FIELDS.map((f) => [f, d[f]])) as unknown as RankedPlayer);
    const result = { total, current, players };
    this.pages.set(key, result, Buffer.byteLength(JSON.stringify(result)), CACHE_MS);
    return result;
  }

  /** How many players were seen in the scope (an index count: no document is read). */
  playersSeen(guildId: string, serverId?: string): Promise<number> {
    return this.docs.countDocuments(this.players(guildId, serverId));
  }

  /** The scope's weapons with the most kills, at most `limit`. */
  async topWeapons(guildId: string, limit: number, serverId?: string): Promise<Pick<WeaponStats, 'weapon' | 'kills'>[]> {
    const filter = serverId ? { guildId, serverId, type: 'weapon' } : { guildId, serverId: '*', type: 'guildWeapon' };
    return (await this.docs.find(filter).sort({ kills: -1, _id: 1 }).limit(limit).toArray()) as unknown as GuildWeaponStats[];
  }

  /** A player by id (what autocomplete sends) or exact name, case-insensitive; in a window, its numbers there. */
  async player(guildId: string, idOrName: string, serverId?: string, window: WindowChoice = ALL_TIME): Promise<PlayerStats | null> {
    const all = await this.allTimePlayer(guildId, idOrName, serverId);
    const windowKey = all ? await this.windowKey(guildId, window) : null;
    return all && windowKey ? playerInWindow(this.windows!.col, all, { guildId, serverId, key: windowKey }) : all;
  }

  private async allTimePlayer(guildId: string, idOrName: string, serverId?: string): Promise<PlayerStats | null> {
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

  /**
   * Weapons for autocomplete, one per guild-wide weapon document: names starting with what was typed
   * (an index range, like players), or the busiest ones while nothing is typed.
   */
  async suggestWeapons(guildId: string, typed: string, limit = 25): Promise<string[]> {
    const prefix = typed.trim().toLowerCase();
    if (!prefix) return (await this.topWeapons(guildId, limit)).map((w) => w.weapon);
    const docs = await this.docs
      .find({ guildId, type: 'guildWeapon', nameLower: { $gte: prefix, $lt: `${prefix}\uffff` } })
      .sort({ nameLower: 1 })
      .limit(limit)
      .toArray();
    return docs.map((d) => d.weapon as string);
  }

  /** A weapon by name, case-insensitive, merged over the scope's servers (one indexed lookup). */
  async weapon(guildId: string, name: string, serverId?: string): Promise<WeaponStats | null> {
    const wanted = name.trim().toLowerCase();
    const docs = (await this.stats.find({ ...this.scope(guildId, 'weapon', serverId), nameLower: wanted } as Filter<StatsDoc>).limit(WEAPON_DOCS_MAX).toArray()) as WeaponStats[];
    return docs.length ? mergeWeapons(docs) : null;
  }

  async servers(guildId: string, serverId?: string): Promise<ServerStats[]> {
    return (await this.stats.find(this.scope(guildId, 'server', serverId)).toArray()) as ServerStats[];
  }

  /** Members by pixels placed on the canvas, best first. */
  async pixelBoard(guildId: string): Promise<{ userId: string; value: number }[]> {
    return (await this.members.topPixelPlacers(guildId)).map((m) => ({ userId: m.userId, value: m.pixels }));
  }
}
