/**
 * What a board shows, shared by /leaderboard (a page on request) and the boards the bot keeps up to
 * date (src/boards/): one page read from a source, put in the reader's words, then shown as an embed or
 * drawn as a picture (./boardImage.ts). A page comes from a `PageSource`: today the live documents
 * (`liveSource`); an archived season is another source of the same shape. Reads cost what the page shows.
 *
 * Below the services: the data this needs comes in as `BoardSources`, the few reads it makes.
 */
import { createHash } from 'node:crypto';
import type { EmbedBuilder } from 'discord.js';
import { shownName } from '../discord/limits.js';
import type { MessageKey } from '../i18n/keys.js';
import type { Translator } from '../i18n/translate.js';
import type { PlayerBoardName, RankedPlayer } from '../ingest/rank.js';
import type { WindowChoice, WindowName } from '../ingest/windows.js';
import { cleanText } from '../profile/cardText.js';
import { boardLabel, boardRowsOf, isPlayerBoard, isScopedBoard, PLAYER_BOARDS, PLAYTIME_BOARD, type BoardName, type PlayerBoard } from './leaderboards.js';
import type { PlaytimePage } from './playtimeReads.js';
import { WINDOW_LABELS } from './options.js';
import type { BoardPage } from './queries.js';
import { leaderboardEmbed, LINE_NAME_MAX, type BoardRow } from './views.js';

/** Bump when what a board shows changes for the same data: posted boards are then edited once. */
export const BOARD_CONTENT_VERSION = 1;

/** A row as the embed shows it (markdown, names escaped) and as a picture draws it (plain text). */
export interface BoardLine extends BoardRow {
  /** A player's name as logged (a picture draws it as text, never parsed), or a member's id. */
  name: string;
  /** Member boards: whose row it is (the picture draws their name, the embed mentions them). */
  userId?: string;
  /** The value in plain words, no markdown. */
  text: string;
}

/** One page of a board: how many rank on it, the page shown (within 1..pages), its rows. */
export interface BoardPageData {
  total: number;
  current: number;
  rows: BoardLine[];
}

/** Where a board's pages come from: the live documents, or an archive of the same shape. */
export type PageSource = (page: number, pageSize: number) => Promise<BoardPageData>;

/** The reads a live board makes (StatsQueries and Economy give them). */
export interface BoardSources {
  players(guildId: string, board: PlayerBoardName, page: number, pageSize: number, serverId: string | undefined, window: WindowChoice): Promise<BoardPage>;
  creditHolders(guildId: string): Promise<number>;
  creditTop(guildId: string, skip: number, limit: number): Promise<{ userId: string; credits: number }[]>;
  /** Members by pixels placed, best first (a bounded list). */
  pixelPlacers(guildId: string): Promise<{ userId: string; value: number }[]>;
  /** A page of players by playtime (absent: the board is empty). */
  playtime?(guildId: string, page: number, pageSize: number, serverId: string | undefined, window: WindowChoice): Promise<PlaytimePage>;
}

/** Which board: a stat, one server or all (`serverId` absent), a window. */
export interface BoardSpec {
  guildId: string;
  board: BoardName;
  serverId?: string | undefined;
  window: WindowChoice;
}

/** A player's value in plain words: the board's own format, names inside it as logged. */
function plainValue(p: RankedPlayer, board: PlayerBoardName, t: Translator): string {
  if (board !== 'longest_kill' || !p.longestKill) return (PLAYER_BOARDS[board] as PlayerBoard).format(p, t);
  const { distance, weapon, victimName } = p.longestKill;
  return t.t('stats.board.longestKill', { distance, weapon: cleanText(weapon), victim: cleanText(victimName) });
}

/** Rows of players already ranked (one page). */
export function playerLines(players: readonly RankedPlayer[], board: PlayerBoardName, t: Translator): BoardLine[] {
  const rows = boardRowsOf(players, board, t);
  return players.map((p, i) => ({ ...rows[i]!, name: p.name, text: plainValue(p, board, t) }));
}

/** Rows of members (credits, pixels): mentioned in the embed, named in a picture. */
export function memberLines(members: readonly { userId: string; value: number }[], key: Extract<MessageKey, 'stats.board.credits' | 'stats.board.pixels'>, t: Translator): BoardLine[] {
  return members.map((m) => {
    const text = t.t(key, { count: m.value });
    return { label: `<@${m.userId}>`, value: text, name: m.userId, userId: m.userId, text };
  });
}

/** Rows of the playtime board: time played and sessions, in the reader's words. */
export function playtimeLines(players: PlaytimePage['players'], t: Translator): BoardLine[] {
  return players.map((p) => {
    const text = t.t('pulse.playtime.board', { duration: t.format.duration(p.seconds), count: p.sessions });
    return { label: shownName(p.name, LINE_NAME_MAX), value: text, name: p.name, text };
  });
}

const clampPage = (page: number, total: number, size: number) => Math.min(Math.max(1, page), Math.max(1, Math.ceil(total / size)));

/** Pages read from the live documents, a page at a time (never a whole guild). */
export function liveSource(sources: BoardSources, spec: BoardSpec, t: Translator): PageSource {
  const { guildId, board } = spec;
  return async (page, size) => {
    if (isPlayerBoard(board)) {
      const { total, current, players } = await sources.players(guildId, board, page, size, spec.serverId, spec.window);
      return { total, current, rows: playerLines(players, board, t) };
    }
    if (board === PLAYTIME_BOARD) {
      const { total, current, players } = (await sources.playtime?.(guildId, page, size, spec.serverId, spec.window)) ?? { total: 0, current: 1, players: [] };
      return { total, current, rows: playtimeLines(players, t) };
    }
    if (board === 'credits') {
      const total = await sources.creditHolders(guildId);
      const current = clampPage(page, total, size);
      const top = await sources.creditTop(guildId, (current - 1) * size, size);
      return { total, current, rows: memberLines(top.map((m) => ({ userId: m.userId, value: m.credits })), 'stats.board.credits', t) };
    }
    const all = await sources.pixelPlacers(guildId);
    const current = clampPage(page, all.length, size);
    return { total: all.length, current, rows: memberLines(all.slice((current - 1) * size, current * size), 'stats.board.pixels', t) };
  };
}

/** The one page of an archived season's board: its final top rows (stats/seasons.ts archives them). */
export function archiveSource(rows: readonly RankedPlayer[], board: PlayerBoardName, t: Translator): PageSource {
  return async () => ({ total: rows.length, current: 1, rows: playerLines(rows, board, t) });
}

/** A page of a board in the reader's words: everything an embed or a picture shows. */
export interface BoardView {
  board: BoardName;
  window: WindowName;
  /** The embed's title (markdown, a server's name escaped). */
  title: string;
  /** The board's name, and the window and scope in plain words (a picture's title and subtitle). */
  heading: string;
  subtitle: string;
  /** Rank of the first row minus one. */
  first: number;
  current: number;
  pages: number;
  total: number;
  rows: BoardLine[];
  /** Under the board: page, how many rank, the board's notes. */
  footer: string;
}

export interface BoardViewInput {
  t: Translator;
  board: BoardName;
  window: WindowChoice;
  /** The server's name as typed, or null for every server of the guild. */
  serverName: string | null;
  source: PageSource;
  page: number;
  pageSize: number;
  /** Further footer parts (a posted board's update interval). */
  notes?: readonly string[];
  /** Leave the page out of the footer (a posted board shows only its first page). */
  noPage?: boolean;
  /** The window's name when it is not one of the live windows (an archived season's name). */
  windowLabel?: string;
}

/** Reads the page and puts it in words. Member boards have no time window: the footer says so. */
export async function boardView(input: BoardViewInput): Promise<BoardView> {
  const { t, board, window, serverName } = input;
  const { total, current, rows } = await input.source(input.page, input.pageSize);
  const pages = Math.max(1, Math.ceil(total / input.pageSize));
  const player = isScopedBoard(board);
  const name = t.t(boardLabel(board));
  const windowName = player ? (input.windowLabel ?? t.t(WINDOW_LABELS[window.name])) : null;
  const scopeWords = player ? (serverName === null ? t.t('stats.board.allServers') : null) : t.t('stats.board.thisDiscord');
  const scope = scopeWords ?? shownName(serverName ?? '');
  const title = windowName && window.name !== 'all' ? t.t('boards.title.window', { board: name, window: windowName, scope }) : t.t('stats.board.title', { board: name, scope });
  const note = isPlayerBoard(board) ? (PLAYER_BOARDS[board] as PlayerBoard).note : undefined;
  const ignored = !player && window.name !== 'all' ? t.t('boards.windowIgnored', { board: name }) : '';
  const footer = [input.noPage ? '' : t.t('stats.board.page', { current, pages }), t.t('stats.board.ranked', { total }), note ? t.text(note) : '', ignored, ...(input.notes ?? [])]
    .filter(Boolean)
    .join(' · ');
  const subtitle = [windowName, scopeWords ?? cleanText(serverName ?? '')].filter(Boolean).join(' · ');
  return { board, window: window.name, title, heading: name, subtitle, first: (current - 1) * input.pageSize, current, pages, total, rows, footer };
}

/** The board as an embed (its rows as text). */
export function boardEmbed(view: BoardView, t: Translator): EmbedBuilder {
  return leaderboardEmbed(view.title, view.rows, view.first, view.footer, t);
}

/**
 * A hash of everything a board's message shows (and how: `image`), so an unchanged board is not edited.
 * Times are left out: a board is edited when its standings change, not because a clock moved.
 */
export function boardHash(view: BoardView, image: boolean): string {
  const rows = view.rows.map((r) => [r.label, r.value, r.name, r.text]);
  const parts = [BOARD_CONTENT_VERSION, image, view.title, view.heading, view.subtitle, view.first, rows, view.footer];
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}
