/**
 * The leaderboards: the one place that says how each stat is read, who qualifies and how it is shown.
 * Values are written with the guild's number format (`1,234 kills` in en-US, `1.234 kills` in de).
 */
import { shownName } from '../discord/limits.js';
import { DEFAULT_FORMAT, type GuildFormat } from '../format/guildFormat.js';
import { BOARD_RULES, compareOnBoard, rankOn, KDR_MIN_FIGHTS, type PlayerBoardName, type RankedPlayer } from './rank.js';
import { LINE_NAME_MAX, type BoardRow } from './views.js';

export type { PlayerBoardName };

export interface PlayerBoard {
  label: string;
  /** The row's value as markdown, numbers in the guild's format, names from the logs escaped. */
  format: (p: RankedPlayer, f: GuildFormat) => string;
  /** Shown under the board. */
  note?: string;
}

export { KDR_MIN_FIGHTS };

// What each board ranks by (and who qualifies) is in rank.ts: the ingest engine stores those numbers.
export const PLAYER_BOARDS = {
  kills: { label: 'Kills', format: (p, f) => `${f.number(p.kills)} kills` },
  deaths: { label: 'Deaths', format: (p, f) => `${f.number(BOARD_RULES.deaths.value(p))} deaths` },
  kdr: {
    label: 'K/D',
    format: (p, f) => `${f.number(p.kdr, 2)} (${f.number(p.kills)}/${f.number(p.deaths)})`,
    note: `Players with at least ${KDR_MIN_FIGHTS} kills + deaths.`,
  },
  longest_kill: {
    label: 'Longest kill',
    format: (p, f) => `${f.number(p.longestKill!.distance)} m with ${shownName(p.longestKill!.weapon, LINE_NAME_MAX)} on ${shownName(p.longestKill!.victimName, LINE_NAME_MAX)}`,
  },
  best_streak: { label: 'Best streak', format: (p, f) => `${f.number(p.bestStreak)} kills in a row` },
  suicides: { label: 'Suicides', format: (p, f) => `${f.number(p.suicidesTotal)} suicides` },
} satisfies Record<PlayerBoardName, PlayerBoard>;


/** Boards over members rather than players (`credits` reads the economy's balances a page at a time). */
export const MEMBER_BOARDS = { credits: { label: 'Credits' }, pixels: { label: 'Pixels placed' } } as const;
export type MemberBoardName = keyof typeof MEMBER_BOARDS;

export type BoardName = PlayerBoardName | MemberBoardName;
export const BOARD_NAMES = [...Object.keys(PLAYER_BOARDS), ...Object.keys(MEMBER_BOARDS)] as BoardName[];

export function isPlayerBoard(name: BoardName): name is PlayerBoardName {
  return name in PLAYER_BOARDS;
}

export function boardLabel(name: BoardName): string {
  return isPlayerBoard(name) ? PLAYER_BOARDS[name].label : MEMBER_BOARDS[name].label;
}

/**
 * Players ranked for a board: qualifying ones, best first, ties by name then id. The in-memory twin of
 * the indexed query in queries.ts (tests compare the two); nothing at run time ranks a whole guild.
 */
export function rankPlayers<P extends RankedPlayer>(players: readonly P[], name: PlayerBoardName): P[] {
  return players.filter((p) => rankOn(name, p) > 0).sort((a, b) => compareOnBoard(name, a, b));
}

/** A board's rows for players already ranked (one page), each value in the guild's format, names escaped and cut. */
export function boardRowsOf(players: readonly RankedPlayer[], name: PlayerBoardName, f: GuildFormat = DEFAULT_FORMAT): BoardRow[] {
  const board: PlayerBoard = PLAYER_BOARDS[name];
  return players.map((p) => ({ label: shownName(p.name, LINE_NAME_MAX), value: board.format(p, f) }));
}

/** A player board's rows, ranked, each value written in the guild's format, names escaped and cut. */
export function playerBoardRows(players: readonly RankedPlayer[], name: PlayerBoardName, f: GuildFormat = DEFAULT_FORMAT): BoardRow[] {
  return boardRowsOf(rankPlayers(players, name), name, f);
}

export const PAGE_SIZE = 10;

export function pageCount(total: number): number {
  return Math.max(1, Math.ceil(total / PAGE_SIZE));
}
