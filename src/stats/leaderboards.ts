/**
 * The leaderboards: the one place that says how each stat is read, who qualifies and how it is shown.
 * Values are written with the guild's number format (`1,234 kills` in en-US, `1.234 kills` in de).
 */
import { shownName } from '../discord/limits.js';
import { DEFAULT_FORMAT, type GuildFormat } from '../format/guildFormat.js';
import type { PlayerStats } from '../ingest/schemas.js';
import { LINE_NAME_MAX, type BoardRow } from './views.js';

export interface PlayerBoard {
  label: string;
  value: (p: PlayerStats) => number;
  /** Players who do not qualify are left out (e.g. K/D needs a few fights to mean anything). */
  eligible?: (p: PlayerStats) => boolean;
  /** The row's value as markdown, numbers in the guild's format, names from the logs escaped. */
  format: (p: PlayerStats, f: GuildFormat) => string;
  /** Shown under the board. */
  note?: string;
}

/** K/D counts only players with at least this many kills + deaths. */
export const KDR_MIN_FIGHTS = 5;

export const PLAYER_BOARDS = {
  kills: { label: 'Kills', value: (p) => p.kills, format: (p, f) => `${f.number(p.kills)} kills` },
  deaths: {
    label: 'Deaths',
    value: (p) => p.deaths + p.otherDeaths + p.suicidesTotal,
    format: (p, f) => `${f.number(p.deaths + p.otherDeaths + p.suicidesTotal)} deaths`,
  },
  kdr: {
    label: 'K/D',
    value: (p) => p.kdr,
    eligible: (p) => p.kills + p.deaths >= KDR_MIN_FIGHTS,
    format: (p, f) => `${f.number(p.kdr, 2)} (${f.number(p.kills)}/${f.number(p.deaths)})`,
    note: `Players with at least ${KDR_MIN_FIGHTS} kills + deaths.`,
  },
  longest_kill: {
    label: 'Longest kill',
    value: (p) => p.longestKill?.distance ?? 0,
    eligible: (p) => p.longestKill !== null,
    format: (p, f) => `${f.number(p.longestKill!.distance)} m with ${shownName(p.longestKill!.weapon, LINE_NAME_MAX)} on ${shownName(p.longestKill!.victimName, LINE_NAME_MAX)}`,
  },
  best_streak: { label: 'Best streak', value: (p) => p.bestStreak, eligible: (p) => p.bestStreak > 0, format: (p, f) => `${f.number(p.bestStreak)} kills in a row` },
  suicides: { label: 'Suicides', value: (p) => p.suicidesTotal, eligible: (p) => p.suicidesTotal > 0, format: (p, f) => `${f.number(p.suicidesTotal)} suicides` },
} satisfies Record<string, PlayerBoard>;

export type PlayerBoardName = keyof typeof PLAYER_BOARDS;

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

/** Players ranked for a board: qualifying ones, best first, ties by name. */
export function rankPlayers(players: readonly PlayerStats[], name: PlayerBoardName): PlayerStats[] {
  const board: PlayerBoard = PLAYER_BOARDS[name];
  return players
    .filter((p) => board.value(p) > 0 && (board.eligible?.(p) ?? true))
    .sort((a, b) => board.value(b) - board.value(a) || a.name.localeCompare(b.name));
}

/** A player board's rows, ranked, each value written in the guild's format, names escaped and cut. */
export function playerBoardRows(players: readonly PlayerStats[], name: PlayerBoardName, f: GuildFormat = DEFAULT_FORMAT): BoardRow[] {
  const board: PlayerBoard = PLAYER_BOARDS[name];
  return rankPlayers(players, name).map((p) => ({ label: shownName(p.name, LINE_NAME_MAX), value: board.format(p, f) }));
}

export const PAGE_SIZE = 10;

export function pageCount(total: number): number {
  return Math.max(1, Math.ceil(total / PAGE_SIZE));
}
