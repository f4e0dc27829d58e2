/**
 * A faction's numbers: its members' approved players' guild-wide documents summed (all time: the
 * `ingest_stats` guild player documents; a window: its guild-wide window documents). Team kills are left
 * out of those documents by the ingest, so they are out of these sums too. Bounded: a faction has at most
 * its tier's member limit (≤ 100), each member at most LINKS_MAX players; the board reads every faction
 * of the guild (≤ FACTIONS_MAX = 25), so at most 25 × 100 × LINKS_MAX player documents, by _id.
 */
import type { Collection } from 'mongodb';
import type { Faction, FactionMember } from '../db/factionSchemas.js';
import type { PlayerLink } from '../db/schemas.js';
import { guildPlayerId, type AnyStatsDoc } from '../ingest/guildStats.js';
import { kdr } from '../ingest/statsDocs.js';
import { guildWindowDocId, type WindowPlayer } from '../ingest/windowDocs.js';
import { BoundedMap } from '../util/boundedMap.js';
import { FACTIONS_MAX, type FactionStore } from './store.js';

/** Members a faction holds at most on any tier (src/premium/tiers.ts factionMembers). */
export const FACTION_MEMBERS_MAX = 100;

export interface MemberLine {
  userId: string;
  role: FactionMember['role'];
  players: { id: string; name: string }[];
  kills: number;
  deaths: number;
}

export interface FactionTotals {
  faction: Faction;
  members: MemberLine[];
  kills: number;
  deaths: number;
  kdr: number;
  /** The member with the most kills (ties: the first listed); null when nobody killed. */
  top: MemberLine | null;
}

export interface FactionStatsCols {
  links: Collection<PlayerLink>;
  stats: Collection<AnyStatsDoc>;
  windows: Collection<WindowPlayer>;
}

type Counts = { kills: number; deaths: number };

/** How long a faction board is kept, and how many are (≤ 25 factions each, without their member lines). */
export const FACTION_BOARD_TTL_MS = 30_000;
const FACTION_BOARDS_KEPT = 1_000;

export class FactionStats {
  private readonly boards = new BoundedMap<string, { ranked: FactionTotals[]; until: number; version: number }>(FACTION_BOARDS_KEPT);

  constructor(
    private readonly c: FactionStatsCols,
    private readonly store: FactionStore,
  ) {}

  /** Kills and deaths of players in the guild: all time (`key` null) or one window's guild-wide documents. */
  private async counts(guildId: string, playerIds: readonly string[], key: string | null): Promise<Map<string, Counts>> {
    const out = new Map<string, Counts>();
    if (!playerIds.length) return out;
    if (key === null) {
      const ids = playerIds.map((p) => guildPlayerId(guildId, p));
      for (const d of await this.c.stats.find({ _id: { $in: ids } }, { projection: { playerId: 1, kills: 1, deaths: 1 } }).toArray()) {
        out.set(String(d.playerId), { kills: Number(d.kills ?? 0), deaths: Number(d.deaths ?? 0) });
      }
    } else {
      const ids = playerIds.map((p) => guildWindowDocId(guildId, key, p));
      for (const d of await this.c.windows.find({ _id: { $in: ids } }, { projection: { playerId: 1, kills: 1, deaths: 1 } }).toArray()) out.set(d.playerId, { kills: d.kills, deaths: d.deaths });
    }
    return out;
  }

  /** Each faction of the guild with its members' numbers (one read of memberships, links and documents each). */
  async totals(guildId: string, key: string | null, only?: Faction): Promise<FactionTotals[]> {
    const factions = only ? [only] : await this.store.list(guildId);
    if (!factions.length) return [];
    const members = only ? await this.store.members(only._id, FACTION_MEMBERS_MAX) : await this.store.activeOfGuild(guildId, FACTIONS_MAX * FACTION_MEMBERS_MAX);
    const links = members.length ? await this.c.links.find({ guildId, userId: { $in: members.map((m) => m.userId) } }).sort({ linkedAt: 1, _id: 1 }).toArray() : [];
    const counts = await this.counts(guildId, links.map((l) => l.playerId), key);
    const byUser = new Map<string, PlayerLink[]>();
    for (const l of links) byUser.set(l.userId, [...(byUser.get(l.userId) ?? []), l]);
    return factions.map((faction) => {
      const lines: MemberLine[] = members
        .filter((m) => m.factionId === faction._id)
        .map((m) => {
          const held = byUser.get(m.userId) ?? [];
          const sum = held.reduce((a, l) => ({ kills: a.kills + (counts.get(l.playerId)?.kills ?? 0), deaths: a.deaths + (counts.get(l.playerId)?.deaths ?? 0) }), { kills: 0, deaths: 0 });
          return { userId: m.userId, role: m.role, players: held.map((l) => ({ id: l.playerId, name: l.playerName })), ...sum };
        });
      const kills = lines.reduce((a, m) => a + m.kills, 0);
      const deaths = lines.reduce((a, m) => a + m.deaths, 0);
      const top = lines.reduce<MemberLine | null>((best, m) => (m.kills > 0 && (!best || m.kills > best.kills) ? m : best), null);
      return { faction, members: lines, kills, deaths, kdr: kdr({ kills, deaths }), top };
    });
  }

  /**
   * The guild's factions ranked by kills or K/D (ties: more kills, then the name); factions without kills are
   * left out. Kept FACTION_BOARD_TTL_MS (like a player board page: kills show within that) or until a faction
   * changes in this process, without the member lines: the board's read is the factions' heaviest, and a
   * burst of /leaderboard faction:true pays it once.
   */
  async board(guildId: string, key: string | null, by: 'kills' | 'kdr'): Promise<FactionTotals[]> {
    const id = `${guildId}|${key ?? 'all'}|${by}`;
    const hit = this.boards.get(id);
    if (hit && hit.until > Date.now() && hit.version === this.store.version) return hit.ranked;
    const version = this.store.version;
    const all = (await this.totals(guildId, key)).filter((f) => f.kills > 0).map((f) => ({ ...f, members: [], top: null }));
    const ranked = all.sort((a, b) => (by === 'kdr' ? b.kdr - a.kdr : 0) || b.kills - a.kills || a.faction.nameLower.localeCompare(b.faction.nameLower));
    this.boards.set(id, { ranked, until: Date.now() + FACTION_BOARD_TTL_MS, version });
    return ranked;
  }
}
