/**
 * What a per-server stats document is: its id, its empty form, and the fields derived from it (K/D, the
 * board numbers). Apart from the working set (statsModel.ts) because the merge (merge.ts), the guild
 * documents (guildStats.ts) and a migration need these without the batch arithmetic.
 */
import type { KillEvent } from '../deadside/index.js';
import { boardRanks, type BoardRanks } from './rank.js';
import type { DuelStats } from './duelSchema.js';
import type { PlayerStats, ServerStats, StatsDoc, WeaponStats } from './schemas.js';

export interface StatsScope {
  guildId: string;
  serverId: string;
}

export const playerDocId = (serverId: string, playerId: string) => `${serverId}|p|${playerId}`;
export const weaponDocId = (serverId: string, weapon: string) => `${serverId}|w|${weapon}`;
export const serverDocId = (serverId: string) => `${serverId}|s`;
/** The duel document of a pair on a server: kills of `victimId` by `killerId` (each direction its own). */
export const duelDocId = (serverId: string, killerId: string, victimId: string) => `${serverId}|d|${killerId}|${victimId}`;

/** Every stats document id a batch of kill events touches (the server document always; a duel per pair that met). */
export function touchedDocIds(serverId: string, events: readonly KillEvent[]): string[] {
  const ids = new Set<string>([serverDocId(serverId)]);
  for (const e of events) {
    ids.add(playerDocId(serverId, e.victim.id));
    if (e.killer) ids.add(playerDocId(serverId, e.killer.id));
    if (e.kind === 'kill') {
      ids.add(weaponDocId(serverId, e.weapon));
      ids.add(duelDocId(serverId, e.killer.id, e.victim.id));
    }
  }
  return [...ids];
}

export function newPlayer(s: StatsScope, id: string, name: string, at: Date): PlayerStats {
  return {
    _id: playerDocId(s.serverId, id),
    type: 'player',
    guildId: s.guildId,
    serverId: s.serverId,
    lastSeq: 0,
    playerId: id,
    name,
    nameLower: name.toLowerCase(),
    platform: null,
    kills: 0,
    deaths: 0,
    otherDeaths: 0,
    suicides: { menu: 0, fall: 0, vehicle: 0, other: 0 },
    suicidesTotal: 0,
    roadkills: 0,
    kdr: 0,
    longestKill: null,
    streak: 0,
    bestStreak: 0,
    weapons: [],
    victims: [],
    killers: [],
    firstSeenAt: at,
    lastSeenAt: at,
  };
}

export function newWeapon(s: StatsScope, weapon: string): WeaponStats {
  return { _id: weaponDocId(s.serverId, weapon), type: 'weapon', guildId: s.guildId, serverId: s.serverId, lastSeq: 0, weapon, kills: 0, longestKill: null, users: [] };
}

export function newDuel(s: StatsScope, killerId: string, victimId: string): DuelStats {
  return { _id: duelDocId(s.serverId, killerId, victimId), type: 'duel', guildId: s.guildId, serverId: s.serverId, lastSeq: 0, killerId, victimId, n: 0 };
}

export function newServerStats(s: StatsScope): ServerStats {
  return {
    _id: serverDocId(s.serverId),
    type: 'server',
    guildId: s.guildId,
    serverId: s.serverId,
    lastSeq: 0,
    kills: 0,
    otherDeaths: 0,
    suicides: 0,
    roadkills: 0,
    killfeedLines: 0,
    lastEvents: [],
    players: { online: 0, queued: 0, max: null },
  };
}

/**
 * The fields boards and lookups query on an index: a player's number per board (`rank`), a weapon's
 * lower-cased name. Derived from the document, so setting them again changes nothing.
 */
export function withBoardFields<D extends StatsDoc>(d: D): D {
  if (d.type === 'player') (d as PlayerStats & { rank?: BoardRanks }).rank = boardRanks(d);
  else if (d.type === 'weapon') (d as WeaponStats & { nameLower?: string }).nameLower = d.weapon.toLowerCase();
  return d;
}

export function kdr(p: Pick<PlayerStats, 'kills' | 'deaths'>): number {
  return Math.round((p.kills / Math.max(1, p.deaths)) * 100) / 100;
}
