/**
 * The leaderboards: the one place that says how each stat is read, who qualifies and how it is shown.
 * Values are written in the reader's words and number format (`1,234 kills` in en-US, `1.234 Kills` in de).
 */
import { shownName } from '../discord/limits.js';
import type { PlainKey } from '../i18n/keys.js';
import { msg } from '../i18n/message.js';
import { ENGLISH, type Translator } from '../i18n/translate.js';
import type { Msg } from '../i18n/types.js';
import { BOARD_RULES, compareOnBoard, rankOn, KDR_MIN_FIGHTS, type PlayerBoardName, type RankedPlayer } from '../ingest/rank.js';
import { LINE_NAME_MAX, type BoardRow } from './views.js';

export type { PlayerBoardName };

export interface PlayerBoard {
  label: PlainKey;
  /** The row's value as markdown, in the reader's words and numbers, names from the logs escaped. */
  format: (p: RankedPlayer, t: Translator) => string;
  /** Shown under the board. */
  note?: Msg;
}

export { KDR_MIN_FIGHTS };

// What each board ranks by (and who qualifies) is in rank.ts: the ingest engine stores those numbers.
export const PLAYER_BOARDS = {
  kills: { label: 'stats.stat.kills', format: (p, t) => t.t('stats.board.kills', { count: p.kills }) },
  deaths: { label: 'stats.stat.deaths', format: (p, t) => t.t('stats.board.deaths', { count: BOARD_RULES.deaths.value(p) }) },
  kdr: {
    label: 'stats.stat.kdr',
    format: (p, t) => `${t.format.number(p.kdr, 2)} (${t.format.number(p.kills)}/${t.format.number(p.deaths)})`,
    note: msg('stats.board.kdrNote', { count: KDR_MIN_FIGHTS }),
  },
  longest_kill: {
    label: 'stats.stat.longestKill',
    format: (p, t) =>
      t.t('stats.board.longestKill', {
        distance: p.longestKill!.distance,
        weapon: shownName(p.longestKill!.weapon, LINE_NAME_MAX),
        victim: shownName(p.longestKill!.victimName, LINE_NAME_MAX),
      }),
  },
  best_streak: { label: 'stats.stat.bestStreak', format: (p, t) => t.t('stats.board.bestStreak', { count: p.bestStreak }) },
  suicides: { label: 'stats.stat.suicides', format: (p, t) => t.t('stats.board.suicides', { count: p.suicidesTotal }) },
} satisfies Record<PlayerBoardName, PlayerBoard>;

/** Boards over members rather than players (`credits` reads the economy's balances a page at a time). */
export const MEMBER_BOARDS = { credits: { label: 'stats.stat.credits' }, pixels: { label: 'stats.stat.pixels' } } as const satisfies Record<string, { label: PlainKey }>;
export type MemberBoardName = keyof typeof MEMBER_BOARDS;

/**
 * Players by time played, from the playtime documents (stats/playtimeReads.ts) rather than the stats
 * ones: a window and a server like the player boards.
 */
export const PLAYTIME_BOARD = 'playtime';
export type PlaytimeBoardName = typeof PLAYTIME_BOARD;

export type BoardName = PlayerBoardName | PlaytimeBoardName | MemberBoardName;
export const BOARD_NAMES = [...Object.keys(PLAYER_BOARDS), PLAYTIME_BOARD, ...Object.keys(MEMBER_BOARDS)] as BoardName[];

export function isPlayerBoard(name: BoardName): name is PlayerBoardName {
  return name in PLAYER_BOARDS;
}

/** Boards over players (the stats boards and playtime): they have a window and a server scope. */
export function isScopedBoard(name: BoardName): name is PlayerBoardName | PlaytimeBoardName {
  return isPlayerBoard(name) || name === PLAYTIME_BOARD;
}

/** A board's name, to put in the reader's words (`t.t(boardLabel(name))`). */
export function boardLabel(name: BoardName): PlainKey {
  if (name === PLAYTIME_BOARD) return 'pulse.playtime.stat';
  return isPlayerBoard(name) ? PLAYER_BOARDS[name].label : MEMBER_BOARDS[name].label;
}

/**
 * Players ranked for a board: qualifying ones, best first, ties by name then id. The in-memory twin of
 * the indexed query in queries.ts (tests compare the two); nothing at run time ranks a whole guild.
 */
export function rankPlayers<P extends RankedPlayer>(players: readonly P[], name: PlayerBoardName): P[] {
  return players.filter((p) => rankOn(name, p) > 0).sort((a, b) => compareOnBoard(name, a, b));
}

/** A board's rows for players already ranked (one page), each value in the reader's words, names escaped and cut. */
export function boardRowsOf(players: readonly RankedPlayer[], name: PlayerBoardName, t: Translator = ENGLISH): BoardRow[] {
  const board: PlayerBoard = PLAYER_BOARDS[name];
  return players.map((p) => ({ label: shownName(p.name, LINE_NAME_MAX), value: board.format(p, t) }));
}

/** A player board's rows, ranked, each value written in the reader's words, names escaped and cut. */
export function playerBoardRows(players: readonly RankedPlayer[], name: PlayerBoardName, t: Translator = ENGLISH): BoardRow[] {
  return boardRowsOf(rankPlayers(players, name), name, t);
}

export const PAGE_SIZE = 10;

export function pageCount(total: number): number {
  return Math.max(1, Math.ceil(total / PAGE_SIZE));
}
