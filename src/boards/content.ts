/**
 * What a posted board's message shows now: the board's first page in the guild's words, with the
 * tier's update interval under it. Preparing reads the page and hashes it; only a board whose hash
 * changed is drawn (a picture) and sent.
 */
import type { PostedBoard } from '../db/boardSchemas.js';
import type { Translator } from '../i18n/translate.js';
import { WINDOW_NAMES, type WindowChoice, type WindowName } from '../ingest/windows.js';
import { TIERS, type TierName } from '../premium/tiers.js';
import { boardHash, boardView, liveSource, type BoardSources, type BoardView } from '../stats/boardContent.js';
import type { BoardImages } from '../stats/boardImages.js';
import { boardMessageParts, type MemberNames } from '../stats/boardMessage.js';
import { BOARD_NAMES, PAGE_SIZE, type BoardName } from '../stats/leaderboards.js';
import type { BoardBody } from './publish.js';

/** What a posted board reads besides the stats: the guild's words, its tier, a server's name, pictures. */
export interface BoardContentDeps {
  sources: BoardSources;
  texts(guildId: string): Promise<Translator>;
  tierOf(guildId: string): Promise<TierName>;
  /** A game server's name, null once it was removed. */
  serverName(guildId: string, serverId: string): Promise<string | null>;
  images: BoardImages;
  names?: MemberNames | undefined;
}

/** A board looked at now: its view, hash and the tier's interval. */
export interface PreparedBoard {
  view: BoardView;
  t: Translator;
  hash: string;
  intervalMs: number;
}

/** A stored board's stat, checked (a name from a newer version reads as kills rather than failing). */
export function storedBoardName(board: PostedBoard): BoardName {
  return (BOARD_NAMES as string[]).includes(board.board) ? (board.board as BoardName) : 'kills';
}

export function storedWindow(board: PostedBoard): WindowChoice {
  const name = ((WINDOW_NAMES as readonly string[]).includes(board.window) ? board.window : 'all') as WindowName;
  return board.seasonId ? { name, seasonId: board.seasonId } : { name };
}

/** Reads a board's first page and hashes what its message would show. */
export async function prepareBoard(deps: BoardContentDeps, board: PostedBoard): Promise<PreparedBoard> {
  const [t, tier] = await Promise.all([deps.texts(board.guildId), deps.tierOf(board.guildId)]);
  const minutes = TIERS[tier].boardIntervalMinutes;
  const name = storedBoardName(board);
  const window = storedWindow(board);
  const serverName = board.serverId ? ((await deps.serverName(board.guildId, board.serverId)) ?? t.t('boards.serverRemoved')) : null;
  const source = liveSource(deps.sources, { guildId: board.guildId, board: name, serverId: board.serverId ?? undefined, window }, t);
  const view = await boardView({ t, board: name, window, serverName, source, page: 1, pageSize: PAGE_SIZE, noPage: true, notes: [t.t('boards.updatesEvery', { minutes })] });
  return { view, t, hash: boardHash(view, board.image), intervalMs: minutes * 60_000 };
}

/** The message of a prepared board (the picture drawn, or taken from the cache); `now` stamps the embed. */
export async function boardBody(deps: BoardContentDeps, board: PostedBoard, prepared: PreparedBoard, now: Date): Promise<BoardBody> {
  const parts = await boardMessageParts(prepared.view, prepared.t, { guildId: board.guildId, image: board.image, images: deps.images, names: deps.names });
  // The embed's time is when the standings last changed (an unchanged board is not edited).
  return { embeds: [{ ...parts.embed, timestamp: now.toISOString() }], file: parts.file };
}
