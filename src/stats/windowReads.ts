/**
 * Reads of the time-window documents (ingest/windowDocs.ts): which document key a window means for a
 * guild right now (its timezone, its current season), a board page of a window, and a player's
 * numbers in a window laid over their all-time document. Like the all-time reads, a page is one
 * indexed range of at most a page of documents.
 */
import type { Collection } from 'mongodb';
import type { PlayerStats } from '../ingest/schemas.js';
import { rankField, type PlayerBoardName, type RankedPlayer } from '../ingest/rank.js';
import { guildWindowDocId, windowDocId, type WindowPlayer } from '../ingest/windowDocs.js';
import { liveWindowKey, seasonKey, type WindowChoice } from '../ingest/windows.js';

/** What the reads need to know of a guild: its timezone and current season. */
export interface WindowClock {
  timeZone(guildId: string): Promise<string>;
  currentSeason(guildId: string): Promise<{ id: string } | null>;
  now?: () => Date;
}

/**
 * The window document key `choice` reads in this guild now; null where the all-time documents answer
 * (`all`, or `season` before any season). A past season (`seasonId`) reads its own documents.
 */
export async function windowKeyOf(clock: WindowClock, guildId: string, choice: WindowChoice): Promise<string | null> {
  if (choice.name === 'all') return null;
  if (choice.name === 'season' && choice.seasonId) return seasonKey(choice.seasonId);
  const season = choice.name === 'season' ? await clock.currentSeason(guildId) : null;
  return liveWindowKey(choice, clock.now?.() ?? new Date(), await clock.timeZone(guildId), season?.id);
}

const FIELDS = ['playerId', 'name', 'nameLower', 'kills', 'deaths', 'otherDeaths', 'suicidesTotal', 'kdr', 'longestKill', 'bestStreak'] as const satisfies readonly (keyof RankedPlayer)[];

/** One page of a window's board: a count and a range of the board's window index. */
export async function windowBoard(
  windows: Collection<WindowPlayer>,
  scope: { guildId: string; serverId?: string; key: string },
  board: PlayerBoardName,
  page: number,
  pageSize: number,
): Promise<{ total: number; current: number; players: RankedPlayer[] }> {
  const filter = { guildId: scope.guildId, serverId: scope.serverId ?? '*', window: scope.key, [rankField(board)]: { $gt: 0 } };
  const total = await windows.countDocuments(filter);
  const current = Math.min(Math.max(1, page), Math.max(1, Math.ceil(total / pageSize)));
  const docs = await windows
    .find(filter)
    .sort({ [rankField(board)]: -1, nameLower: 1, _id: 1 })
    .skip((current - 1) * pageSize)
    .limit(pageSize)
    .toArray();
  return { total, current, players: docs.map((d) => Object.fromEntries(FIELDS.map((f) => [f, d[f]])) as unknown as RankedPlayer) };
}

/**
 * A player's numbers in a window over their all-time document (found by id or name as ever): the
 * counts, K/D, longest kill, best streak and top lists are the window's (zero when the player did
 * nothing in it); who they are, their platform and current streak stay as they are now.
 */
export async function playerInWindow(windows: Collection<WindowPlayer>, allTime: PlayerStats, scope: { guildId: string; serverId?: string; key: string }): Promise<PlayerStats> {
  const id = scope.serverId ? windowDocId(scope.serverId, scope.key, allTime.playerId) : guildWindowDocId(scope.guildId, scope.key, allTime.playerId);
  const w = await windows.findOne({ _id: id });
  return {
    ...allTime,
    kills: w?.kills ?? 0,
    deaths: w?.deaths ?? 0,
    otherDeaths: w?.otherDeaths ?? 0,
    suicides: w?.suicides ?? { menu: 0, fall: 0, vehicle: 0, other: 0 },
    suicidesTotal: w?.suicidesTotal ?? 0,
    roadkills: w?.roadkills ?? 0,
    kdr: w?.kdr ?? 0,
    longestKill: w?.longestKill ?? null,
    bestStreak: w?.bestStreak ?? 0,
    weapons: w?.weapons ?? [],
    victims: w?.victims ?? [],
    killers: w?.killers ?? [],
    others: undefined,
  };
}
