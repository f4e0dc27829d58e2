/**
 * What a profile shows, gathered from the parts that own each figure: credits and rank (the economy),
 * the member's counters and bought background (memberStats), the daily streak (the economy's daily
 * status: the very decision /daily takes, from memberStats.daily and the member's daily ledger entries),
 * and the linked players' stats (approved links only: a main and its alts, added up) with the member's
 * pending claims. Read in parallel: seven reads, one more per linked player (at most the tier's count).
 */
import type { MemberStats, PlayerLink } from '../db/schemas.js';
import { localDay } from '../economy/daily.js';
import { dailyStatus, type DailyEntry } from '../economy/dailyStatus.js';
import { DEFAULT_BACKGROUND, shopItem } from '../economy/shop.js';
import type { PlayerStats } from '../ingest/schemas.js';
import { kdr } from '../ingest/statsDocs.js';

export interface ProfileSources {
  balance(guildId: string, userId: string): Promise<number>;
  rank(guildId: string, userId: string): Promise<number | null>;
  memberStats(guildId: string, userId: string): Promise<MemberStats | null>;
  /** The member's daily ledger entries that can count for `today` (economy/dailyStatus.ts readDailyEntries). */
  dailyEntries(guildId: string, userId: string, today: string): Promise<DailyEntry[]>;
  /** The member's approved links, main first. */
  links(guildId: string, userId: string): Promise<PlayerLink[]>;
  /** The players the member claimed and no admin approved yet. */
  claims(guildId: string, userId: string): Promise<{ playerName: string }[]>;
  /** The player's stats merged over the guild's servers (by id). */
  player(guildId: string, playerId: string): Promise<PlayerStats | null>;
}

export interface LinkedPlayer {
  name: string;
  kills: number;
  deaths: number;
  kdr: number;
}

export interface ProfileFigures {
  credits: number;
  /** 1-based rank by credits; null without credits. */
  rank: number | null;
  /** The daily streak still alive today (0 once a day was missed). */
  streak: number;
  pixels: number;
  commands: number;
  /** The member's players added up, named after the main; null without an approved link. */
  player: LinkedPlayer | null;
  /** Each linked player, main first. */
  players: LinkedPlayer[];
  /** Names of the players claimed and awaiting approval. */
  pending: string[];
  /** The gradient's two colours: the member's bought background, or the default. */
  background: readonly [number, number];
}

/** The background in use, when it is a background the shop sells; else the default. */
export function backgroundOf(stats: MemberStats | null): readonly [number, number] {
  const item = stats?.profileBackground ? shopItem(stats.profileBackground) : undefined;
  return item?.kind === 'background' ? item.colors : DEFAULT_BACKGROUND;
}

/** The member's players as one: kills and deaths added up, K/D of the sums, the main's name. */
function together(players: readonly LinkedPlayer[]): LinkedPlayer | null {
  const [main] = players;
  if (!main) return null;
  if (players.length === 1) return main;
  const kills = players.reduce((n, p) => n + p.kills, 0);
  const deaths = players.reduce((n, p) => n + p.deaths, 0);
  return { name: main.name, kills, deaths, kdr: kdr({ kills, deaths }) };
}

export async function gatherProfile(src: ProfileSources, guildId: string, userId: string, opts: { timeZone: string; now?: Date }): Promise<ProfileFigures> {
  const linkedPlayers = async (): Promise<LinkedPlayer[]> => {
    const links = await src.links(guildId, userId);
    return Promise.all(
      links.map(async (link) => {
        const stats = await src.player(guildId, link.playerId);
        // Linked, but its stats are gone (server removed): the link still shows, with zeros.
        return { name: stats?.name ?? link.playerName, kills: stats?.kills ?? 0, deaths: stats?.deaths ?? 0, kdr: stats?.kdr ?? 0 };
      }),
    );
  };
  const now = opts.now ?? new Date();
  const [credits, rank, stats, entries, players, claims] = await Promise.all([
    src.balance(guildId, userId),
    src.rank(guildId, userId),
    src.memberStats(guildId, userId),
    src.dailyEntries(guildId, userId, localDay(now, opts.timeZone)),
    linkedPlayers(),
    src.claims(guildId, userId),
  ]);
  return {
    credits,
    rank,
    // The streak /daily would go on from: alive while its last claim, stored or only in the ledger, is today or yesterday.
    streak: dailyStatus({ guildId, userId, timeZone: opts.timeZone, now, stored: stats?.daily, entries }).streak,
    pixels: stats?.canvasPixelsPlaced ?? 0,
    commands: stats?.commandsUsed ?? 0,
    player: together(players),
    players,
    pending: claims.map((c) => c.playerName),
    background: backgroundOf(stats),
  };
}
