/**
 * What each player board ranks by, as one number per board stored on every player document
 * (`rank.<board>`, 0 when the player does not qualify). Stored so MongoDB can sort and page a board on
 * an index instead of the bot loading a whole guild; pure, so the ingest engine (which writes the
 * numbers) and the boards (which read them) share one definition. It lives here, on the write side,
 * because ingest sits below stats/ in the layers: the boards import it, never the other way round.
 */
import type { PlayerStats } from './schemas.js';

/** K/D counts only players with at least this many kills + deaths. */
export const KDR_MIN_FIGHTS = 5;

/** The figures a board looks at: a per-server player document or a guild-wide one. */
export type RankedPlayer = Pick<PlayerStats, 'playerId' | 'name' | 'nameLower' | 'kills' | 'deaths' | 'otherDeaths' | 'suicidesTotal' | 'kdr' | 'longestKill' | 'bestStreak'>;

interface BoardRule {
  value: (p: RankedPlayer) => number;
  /** Players who do not qualify are left out (e.g. K/D needs a few fights to mean anything). */
  eligible?: (p: RankedPlayer) => boolean;
}

export const BOARD_RULES = {
  kills: { value: (p) => p.kills },
  deaths: { value: (p) => p.deaths + p.otherDeaths + p.suicidesTotal },
  kdr: { value: (p) => p.kdr, eligible: (p) => p.kills + p.deaths >= KDR_MIN_FIGHTS },
  longest_kill: { value: (p) => p.longestKill?.distance ?? 0, eligible: (p) => p.longestKill !== null },
  best_streak: { value: (p) => p.bestStreak },
  suicides: { value: (p) => p.suicidesTotal },
} satisfies Record<string, BoardRule>;

export type PlayerBoardName = keyof typeof BOARD_RULES;
export const PLAYER_BOARD_NAMES = Object.keys(BOARD_RULES) as PlayerBoardName[];

export type BoardRanks = Record<PlayerBoardName, number>;

/** A player's number on each board: the board's value when it qualifies and is above 0, else 0. */
export function boardRanks(p: RankedPlayer): BoardRanks {
  const out = {} as BoardRanks;
  for (const name of PLAYER_BOARD_NAMES) out[name] = rankOn(name, p);
  return out;
}

/** A player's number on one board (see boardRanks). */
export function rankOn(board: PlayerBoardName, p: RankedPlayer): number {
  const rule: BoardRule = BOARD_RULES[board];
  const v = rule.value(p);
  return v > 0 && (rule.eligible?.(p) ?? true) ? v : 0;
}

/** The stored field a board sorts on. */
export const rankField = (board: PlayerBoardName) => `rank.${board}`;

/** MongoDB's order of strings (UTF-8 bytes), which JS's `<` (UTF-16 units) differs from past U+FFFF. */
export function byteOrder(a: string, b: string): number {
  return a === b ? 0 : Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * The order of a board, the same in memory and in MongoDB (`{rank: -1, nameLower: 1, _id: 1}`; a
 * document's `_id` within one scope orders as its playerId): best first, ties by name, then by id.
 */
export function compareOnBoard(board: PlayerBoardName, a: RankedPlayer, b: RankedPlayer): number {
  return rankOn(board, b) - rankOn(board, a) || byteOrder(a.nameLower, b.nameLower) || byteOrder(a.playerId, b.playerId);
}
