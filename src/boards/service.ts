/**
 * Boards the bot keeps up to date (/board): posting one (within the tier's count), listing and removing
 * a guild's boards, and the updater that edits them in place (./updater.ts). Started with the bot,
 * stopped on shutdown; the board pictures' cache and the member names are shared with /leaderboard.
 */
import type { REST } from 'discord.js';
import type { Collection } from 'mongodb';
import type { PostedBoard } from '../db/boardSchemas.js';
import type { Logger } from '../logger.js';
import { TIERS } from '../premium/tiers.js';
import { BoardImages } from '../stats/boardImages.js';
import type { MemberNames } from '../stats/boardMessage.js';
import { boardBody, prepareBoard, type BoardContentDeps } from './content.js';
import { restMemberNames } from './names.js';
import { DiscordBoardNotices, type BoardNotices } from './notices.js';
import { deleteBoardMessage, postBoardMessage, type BoardRest } from './publish.js';
import { BoardStore } from './store.js';
import { BOARD_CLAIM_MS, BoardUpdater } from './updater.js';

export interface BoardServiceOptions {
  col: Collection<PostedBoard>;
  content: Omit<BoardContentDeps, 'images' | 'names'>;
  rest: BoardRest & Pick<REST, 'get'>;
  /** Where the bot's admin alerts go in a guild (see ./notices.ts). */
  adminChannel(guildId: string): Promise<string | null>;
  logger: Logger;
  notices?: BoardNotices;
  now?: () => Date;
  tickMs?: number;
}

/** What /board post asks for. */
export interface BoardRequest {
  guildId: string;
  channelId: string;
  board: string;
  window: string;
  seasonId?: string | null;
  serverId: string | null;
  image: boolean;
  createdBy: string;
}

export class BoardService {
  readonly store: BoardStore;
  readonly images = new BoardImages();
  readonly names: MemberNames;
  readonly updater: BoardUpdater;
  private readonly content: BoardContentDeps;
  private readonly now: () => Date;

  constructor(private readonly o: BoardServiceOptions) {
    this.store = new BoardStore(o.col);
    this.names = restMemberNames(o.rest);
    this.now = o.now ?? (() => new Date());
    this.content = { ...o.content, images: this.images, names: this.names };
    const notices = o.notices ?? new DiscordBoardNotices(o.rest, o.adminChannel, o.logger);
    this.updater = new BoardUpdater({ store: this.store, content: this.content, rest: o.rest, notices, logger: o.logger, now: this.now, ...(o.tickMs ? { tickMs: o.tickMs } : {}) });
  }

  /** Starts the updater; returns what stops it. */
  start(): () => Promise<void> {
    this.updater.start();
    return () => this.stop();
  }

  stop(): Promise<void> {
    return this.updater.stop();
  }

  list(guildId: string): Promise<PostedBoard[]> {
    return this.store.list(guildId);
  }

  /**
   * Posts a new board: claims a place under the tier's count (BoardLimitReached beyond it), posts its
   * message and records it. A post Discord refuses leaves no board behind (the error is the caller's).
   */
  async post(request: BoardRequest): Promise<{ board: PostedBoard; messageId: string; intervalMinutes: number }> {
    const now = this.now();
    const tier = await this.o.content.tierOf(request.guildId);
    // Claimed from the start: the updater leaves it alone while this post is under way.
    const board = await this.store.create({ ...request, seasonId: request.seasonId ?? null, createdAt: now, nextAt: new Date(now.getTime() + BOARD_CLAIM_MS) }, TIERS[tier].boards);
    try {
      const prepared = await prepareBoard(this.content, board);
      const body = await boardBody(this.content, board, prepared, now);
      // The updater's nonce for a board without a message: a crash after this post cannot make a second one.
      const messageId = await postBoardMessage(this.o.rest, board.channelId, body, `${board._id}:after:none`);
      await this.store.shown(board._id, messageId, prepared.hash, now, new Date(now.getTime() + prepared.intervalMs), false);
      return { board: { ...board, messageId }, messageId, intervalMinutes: prepared.intervalMs / 60_000 };
    } catch (err) {
      await this.store.remove(board.guildId, board._id);
      throw err;
    }
  }

  /** Removes a board and deletes its message (one already gone is fine); null when there is no such board. */
  async remove(guildId: string, id: string): Promise<PostedBoard | null> {
    const board = await this.store.remove(guildId, id);
    if (board?.messageId) {
      await deleteBoardMessage(this.o.rest, board.channelId, board.messageId).catch((err: Error) => this.o.logger.warn({ guildId, board: id, err: err.message }, 'board message could not be deleted'));
    }
    return board;
  }
}
