/**
 * What a window document is (see windows.ts): one player's numbers in one time window, per server
 * (written by each batch under the same `lastSeq` guard as the all-time documents) or guild-wide
 * (serverId `*`, the sum of the per-server ones, recomputed like guildStats.ts). They carry the fields
 * a board ranks on (`rank.<board>`, indexed per window) and the few count arrays a lookup shows.
 */
import { z } from 'zod';
import { boardRanks, type BoardRanks } from './rank.js';
import { kdr } from './statsDocs.js';
import { suicideCountsSchema } from './schemas.js';

/** Entries kept in a window document's count arrays (top weapons, nemesis, prey of the window). */
export const WINDOW_COUNTS_KEEP = 20;

const countSchema = z.object({ id: z.string(), n: z.number().int() });

export const windowPlayerSchema = z.object({
  _id: z.string(),
  guildId: z.string(),
  /** A game server's id, or `*` for the guild-wide sum. */
  serverId: z.string(),
  /** The window's key (`d2026-12-06`, `w2026-W49`, `m2026-12`, `s<seasonId>`). */
  window: z.string(),
  playerId: z.string(),
  name: z.string(),
  nameLower: z.string(),
  kills: z.number().int(),
  deaths: z.number().int(),
  otherDeaths: z.number().int(),
  suicides: suicideCountsSchema,
  suicidesTotal: z.number().int(),
  roadkills: z.number().int(),
  kdr: z.number(),
  longestKill: z.object({ distance: z.number(), weapon: z.string(), victimId: z.string(), victimName: z.string(), at: z.date() }).nullable(),
  /** The best streak reached inside the window (a streak begun before it counts from its start here). */
  bestStreak: z.number().int(),
  /** Kills in a row inside the window (a death, suicide or death without killer ends it). */
  streak: z.number().int(),
  weapons: z.array(countSchema),
  victims: z.array(countSchema),
  killers: z.array(countSchema),
  firstSeenAt: z.date(),
  lastSeenAt: z.date(),
  /** Per server: the batch that last changed it. Guild-wide: 0 (srcSum orders its writers). */
  lastSeq: z.number().int(),
  srcSum: z.number().int().optional(),
  rank: z.record(z.string(), z.number()),
  /** When the TTL index may delete it (windows.ts windowExpiry, from its latest event). */
  expireAt: z.date(),
});
export type WindowPlayer = Omit<z.infer<typeof windowPlayerSchema>, 'rank'> & { rank: BoardRanks };

export const windowDocId = (serverId: string, key: string, playerId: string) => `${serverId}|${key}|${playerId}`;
export const guildWindowDocId = (guildId: string, key: string, playerId: string) => `${guildId}|*|${key}|${playerId}`;

export function newWindowPlayer(guildId: string, serverId: string, key: string, playerId: string, name: string, at: Date): WindowPlayer {
  return {
    _id: windowDocId(serverId, key, playerId),
    guildId,
    serverId,
    window: key,
    playerId,
    name,
    nameLower: name.toLowerCase(),
    kills: 0,
    deaths: 0,
    otherDeaths: 0,
    suicides: { menu: 0, fall: 0, vehicle: 0, other: 0 },
    suicidesTotal: 0,
    roadkills: 0,
    kdr: 0,
    longestKill: null,
    bestStreak: 0,
    streak: 0,
    weapons: [],
    victims: [],
    killers: [],
    firstSeenAt: at,
    lastSeenAt: at,
    lastSeq: 0,
    rank: boardRanks({ playerId, name, nameLower: name.toLowerCase(), kills: 0, deaths: 0, otherDeaths: 0, suicidesTotal: 0, kdr: 0, longestKill: null, bestStreak: 0 }),
    expireAt: at,
  };
}

/** The derived fields (K/D, board numbers) set from the counts: setting them again changes nothing. */
export function withWindowRanks(d: WindowPlayer): WindowPlayer {
  d.kdr = kdr(d);
  d.rank = boardRanks(d);
  return d;
}
