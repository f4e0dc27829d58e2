/**
 * Guild-wide player and weapon documents, kept beside the per-server ones so that a guild-wide board is
 * one indexed, paged query (a player's numbers summed over the guild's servers cannot be sorted on
 * otherwise). Each guild document is a pure function of the per-server documents it sums: after a batch
 * is written, the documents it touched are recomputed from their sources, so a replay recomputes the
 * same values (exactly once follows from the per-server writes).
 *
 * Two batches of two servers may recompute the same player at once. Each writes its sources before it
 * reads them, so their reads are ordered (one sees everything the other saw), and the sum of the
 * sources' `lastSeq` (`srcSum`) orders them: a write lands only where the stored srcSum is not higher.
 */
import type { Collection, Document } from 'mongodb';
import type { KillEvent } from '../deadside/index.js';
import { mergePlayers } from './merge.js';
import { boardRanks, type BoardRanks } from './rank.js';
import type { PlayerStats, StatsDoc, WeaponStats } from './schemas.js';
import { playerDocId, weaponDocId } from './statsDocs.js';

/** A player over every server of a guild: PlayerStats without the count arrays (boards need none). */
export type GuildPlayerStats = Omit<PlayerStats, 'type' | 'serverId' | 'others' | 'lastKilledBy'> & { type: 'guildPlayer'; serverId: '*'; srcSum: number; rank: BoardRanks };

/** A weapon over every server of a guild (`/stats server`'s busiest weapons, weapon autocomplete). */
export interface GuildWeaponStats {
  _id: string;
  type: 'guildWeapon';
  guildId: string;
  serverId: '*';
  lastSeq: 0;
  weapon: string;
  nameLower: string;
  kills: number;
  srcSum: number;
}

/** The stats collection as untyped documents with string ids (guild documents are not in StatsDoc). */
export interface AnyStatsDoc extends Document {
  _id: string;
}

export const guildPlayerId = (guildId: string, playerId: string) => `${guildId}|gp|${playerId}`;
export const guildWeaponId = (guildId: string, weapon: string) => `${guildId}|gw|${weapon}`;

/** Source ids per read: bounded whatever the batch and the guild's server count. */
const IDS_PER_READ = 2000;

/** The guild document of one player's per-server documents (at least one). */
export function guildPlayer(guildId: string, docs: readonly PlayerStats[]): GuildPlayerStats {
  const merged = mergePlayers(docs.map((d) => ({ ...d, weapons: [], victims: [], killers: [] })));
  const { others: _o, dataVersion: _v, rank: _r, lastKilledBy: _k, ...rest } = merged as PlayerStats & { dataVersion?: number; rank?: unknown };
  return {
    ...rest,
    _id: guildPlayerId(guildId, merged.playerId),
    type: 'guildPlayer',
    serverId: '*',
    lastSeq: 0,
    srcSum: docs.reduce((a, d) => a + d.lastSeq, 0),
    rank: boardRanks(merged),
  };
}

/** The guild document of one weapon's per-server documents (at least one). */
export function guildWeapon(guildId: string, docs: readonly WeaponStats[]): GuildWeaponStats {
  const weapon = docs[0]!.weapon;
  return {
    _id: guildWeaponId(guildId, weapon),
    type: 'guildWeapon',
    guildId,
    serverId: '*',
    lastSeq: 0,
    weapon,
    nameLower: weapon.toLowerCase(),
    kills: docs.reduce((a, d) => a + d.kills, 0),
    srcSum: docs.reduce((a, d) => a + d.lastSeq, 0),
  };
}

/** Players and weapons a batch of kill events changes. */
export function touchedKeys(events: readonly KillEvent[]): { players: string[]; weapons: string[] } {
  const players = new Set<string>();
  const weapons = new Set<string>();
  for (const e of events) {
    players.add(e.victim.id);
    if (e.killer) players.add(e.killer.id);
    if (e.kind === 'kill') weapons.add(e.weapon);
  }
  return { players: [...players], weapons: [...weapons] };
}

/**
 * Recomputes the guild documents of these players and weapons from every server's documents. Round
 * trips: one for the guild's server ids (none when the caller read them: `known`), one read per
 * IDS_PER_READ source ids, one bulk write.
 */
export async function refreshGuildStats(stats: Collection<StatsDoc>, guildId: string, players: readonly string[], weapons: readonly string[], known?: readonly string[]): Promise<void> {
  if (!players.length && !weapons.length) return;
  const col = stats as unknown as Collection<AnyStatsDoc>;
  const serverIds = known ?? (await guildServerIds(stats, guildId));
  const keys = [...players.map((id) => ({ player: id })), ...weapons.map((w) => ({ weapon: w }))];
  const perRead = Math.max(1, Math.floor(IDS_PER_READ / Math.max(1, serverIds.length)));
  const byPlayer = new Map<string, PlayerStats[]>();
  const byWeapon = new Map<string, WeaponStats[]>();
  for (let i = 0; i < keys.length; i += perRead) {
    const ids = keys.slice(i, i + perRead).flatMap((k) => serverIds.map((s) => ('player' in k ? playerDocId(s, k.player) : weaponDocId(s, k.weapon))));
    // The count arrays are the bulk of a player document and play no part in the sums.
    const docs = (await col.find({ _id: { $in: ids } }, { projection: { weapons: 0, victims: 0, killers: 0, users: 0, lastKilledBy: 0 } }).toArray()) as unknown as StatsDoc[];
    for (const d of docs) {
      if (d.guildId !== guildId) continue;
      if (d.type === 'player') byPlayer.set(d.playerId, [...(byPlayer.get(d.playerId) ?? []), { ...d, weapons: d.weapons ?? [], victims: d.victims ?? [], killers: d.killers ?? [] }]);
      else if (d.type === 'weapon') byWeapon.set(d.weapon, [...(byWeapon.get(d.weapon) ?? []), d]);
    }
  }
  const docs: (GuildPlayerStats | GuildWeaponStats)[] = [...[...byPlayer.values()].map((g) => guildPlayer(guildId, g)), ...[...byWeapon.values()].map((g) => guildWeapon(guildId, g))];
  await writeGuildDocs(col, docs);
}

/** The guild's servers that ever counted a kill: each has its server document (written with its first batch). */
export async function guildServerIds(stats: Collection<StatsDoc>, guildId: string): Promise<string[]> {
  const col = stats as unknown as Collection<AnyStatsDoc>;
  return (await col.find({ guildId, type: 'server' }, { projection: { serverId: 1 } }).toArray()).map((s) => s.serverId as string);
}

/** Writes guild documents where nothing newer is stored (see the header); one round trip. */
export async function writeGuildDocs(col: Collection<AnyStatsDoc>, docs: readonly (AnyStatsDoc & { srcSum: number })[]): Promise<void> {
  if (!docs.length) return;
  await col.bulkWrite(
    docs.flatMap(({ _id, ...rest }) => [
      // Creates it when missing (an upsert on _id alone never fails on a concurrent insert)...
      { updateOne: { filter: { _id }, update: { $setOnInsert: rest }, upsert: true } },
      // ...then sets it unless a writer that saw newer sources got there first.
      { updateOne: { filter: { _id, srcSum: { $lte: rest.srcSum } }, update: { $set: rest } } },
    ]),
    // In order: the guarded set must follow its own insert.
    { ordered: true },
  );
}
