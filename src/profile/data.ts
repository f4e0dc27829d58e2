/**
 * What a profile shows, gathered from the parts that own each figure: credits and rank (the economy),
 * the member's counters and bought background (memberStats), and the linked player's stats. Read in
 * parallel: five reads, one more when a player is linked.
 */
import type { MemberStats, PlayerLink } from '../db/schemas.js';
import { DEFAULT_BACKGROUND, shopItem } from '../economy/shop.js';
import type { PlayerStats } from '../ingest/schemas.js';

export interface ProfileSources {
  balance(guildId: string, userId: string): Promise<number>;
  rank(guildId: string, userId: string): Promise<number | null>;
  memberStats(guildId: string, userId: string): Promise<MemberStats | null>;
  link(guildId: string, userId: string): Promise<PlayerLink | null>;
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
  player: LinkedPlayer | null;
  /** The gradient's two colours: the member's bought background, or the default. */
  background: readonly [number, number];
}

/** Intl formatters are costly to build: one per timezone. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** `YYYY-MM-DD` of `at` in `timeZone` (en-CA formats dates that way). */
function localDay(at: Date, timeZone: string): string {
  let f = dayFormats.get(timeZone);
  if (!f) {
    if (dayFormats.size >= 500) dayFormats.delete(dayFormats.keys().next().value as string);
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, f);
  }
  return f.format(at);
}

function previousDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * The streak /daily stored counts only while it can still go on: its last claim was today or yesterday in
 * the guild's timezone. A streak left from last week is shown as 0, not as a streak the member has.
 */
export function currentStreak(daily: MemberStats['daily'], timeZone: string, now = new Date()): number {
  if (!daily) return 0;
  const today = localDay(now, timeZone);
  return daily.lastDay === today || daily.lastDay === previousDay(today) ? daily.streak : 0;
}

/** The background in use, when it is a background the shop sells; else the default. */
export function backgroundOf(stats: MemberStats | null): readonly [number, number] {
  const item = stats?.profileBackground ? shopItem(stats.profileBackground) : undefined;
  return item?.kind === 'background' ? item.colors : DEFAULT_BACKGROUND;
}

export async function gatherProfile(src: ProfileSources, guildId: string, userId: string, opts: { timeZone: string; now?: Date }): Promise<ProfileFigures> {
  const linkedPlayer = async (): Promise<LinkedPlayer | null> => {
    const link = await src.link(guildId, userId);
    if (!link) return null;
    const stats = await src.player(guildId, link.playerId);
    // Linked, but its stats are gone (server removed): the link still shows, with zeros.
    return { name: stats?.name ?? link.playerName, kills: stats?.kills ?? 0, deaths: stats?.deaths ?? 0, kdr: stats?.kdr ?? 0 };
  };
  const [credits, rank, stats, player] = await Promise.all([src.balance(guildId, userId), src.rank(guildId, userId), src.memberStats(guildId, userId), linkedPlayer()]);
  return {
    credits,
    rank,
    streak: currentStreak(stats?.daily, opts.timeZone, opts.now),
    pixels: stats?.canvasPixelsPlaced ?? 0,
    commands: stats?.commandsUsed ?? 0,
    player,
    background: backgroundOf(stats),
  };
}
