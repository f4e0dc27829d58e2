/** Pieces the /board subcommand files share: a board's words (name, scope, where) and its state. */
import type { PostedBoard } from '../../db/boardSchemas.js';
import type { Translator } from '../../i18n/translate.js';
import { boardName, messageLink } from '../../boards/notices.js';
import { storedBoardName } from '../../boards/content.js';
import { shownName } from '../../discord/limits.js';
import { isScopedBoard } from '../../stats/leaderboards.js';

/** `Kills · This week — EU #1` (a server's name escaped), for lists and replies. */
export function boardWords(board: PostedBoard, t: Translator, servers: ReadonlyMap<string, string>): string {
  const name = boardName(board, t);
  if (!isScopedBoard(storedBoardName(board))) return name;
  const scope = board.serverId ? shownName(servers.get(board.serverId) ?? t.t('boards.serverRemoved')) : t.t('stats.board.allServers');
  return `${name} — ${scope}`;
}

/** The same in plain words, for autocomplete (no markdown shows there). */
export function boardChoiceName(board: PostedBoard, t: Translator, servers: ReadonlyMap<string, string>, channelName: string | undefined): string {
  const name = boardName(board, t);
  const scope = isScopedBoard(storedBoardName(board)) ? ` — ${board.serverId ? (servers.get(board.serverId) ?? t.t('boards.serverRemoved')) : t.t('stats.board.allServers')}` : '';
  return `${name}${scope} · #${channelName ?? board.channelId}`;
}

const PAUSED = {
  permissions: 'boards.list.paused.permissions',
  channel: 'boards.list.paused.channel',
  deleted: 'boards.list.paused.deleted',
  tier: 'boards.list.paused.tier',
} as const;

const rel = (d: Date) => `<t:${Math.floor(d.getTime() / 1000)}:R>`;

/** Where a board stands: updated when, looked at next when; or why it stopped. */
export function boardState(board: PostedBoard, t: Translator): string {
  if (board.pause) return t.t(PAUSED[board.pause.reason], { since: rel(board.pause.at) });
  const parts = [board.messageId ? `[${t.t('boards.list.message')}](${messageLink(board.guildId, board.channelId, board.messageId)})` : t.t('boards.list.notPosted')];
  if (board.editedAt) parts.push(t.t('boards.list.updated', { when: rel(board.editedAt) }));
  if (board.nextAt) parts.push(t.t('boards.list.next', { when: rel(board.nextAt) }));
  return parts.join(' · ');
}
