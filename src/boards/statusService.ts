/**
 * Status boards (/server statusboard): putting one in a channel (one per game server and one for all of
 * a guild's servers: a second for the same scope moves it, deleting the old message), removing one with
 * its message, and the updater that keeps them current (./statusUpdater.ts). Started with the bot.
 */
import type { Collection } from 'mongodb';
import type { StatusBoard } from '../db/statusBoardSchemas.js';
import type { Translator } from '../i18n/translate.js';
import type { Logger } from '../logger.js';
import { deleteBoardMessage, postBoardMessage, type BoardRest } from './publish.js';
import type { StatusSources } from './statusData.js';
import type { StatusNotices } from './statusNotices.js';
import { StatusBoardStore } from './statusStore.js';
import { BOARD_CLAIM_MS } from './updater.js';
import { prepareStatus, STATUS_INTERVAL_MS, StatusBoardUpdater, statusNonceKey } from './statusUpdater.js';

export interface StatusServiceOptions {
  col: Collection<StatusBoard>;
  sources: StatusSources;
  texts(guildId: string): Promise<Translator>;
  rest: BoardRest;
  notices: StatusNotices;
  logger: Logger;
  now?: () => Date;
  tickMs?: number;
}

export interface StatusRequest {
  guildId: string;
  channelId: string;
  serverId: string | null;
  createdBy: string;
}

export class StatusBoardService {
  readonly store: StatusBoardStore;
  readonly updater: StatusBoardUpdater;
  private readonly now: () => Date;

  constructor(private readonly o: StatusServiceOptions) {
    this.store = new StatusBoardStore(o.col);
    this.now = o.now ?? (() => new Date());
    this.updater = new StatusBoardUpdater({ ...o, store: this.store, now: this.now });
  }

  start(): void {
    this.updater.start();
  }

  stop(): Promise<void> {
    return this.updater.stop();
  }

  list(guildId: string): Promise<StatusBoard[]> {
    return this.store.list(guildId);
  }

  /** Posts the scope's board (an earlier one's message is deleted); a post Discord refuses leaves none. */
  async post(request: StatusRequest): Promise<{ board: StatusBoard; messageId: string }> {
    const now = this.now();
    // Claimed from the start: the updater leaves it alone while this post is under way.
    const board = { ...request, createdAt: now, nextAt: new Date(now.getTime() + BOARD_CLAIM_MS) };
    const before = await this.store.put(board);
    if (before?.messageId) await this.deleteMessage(before);
    const stored = (await this.store.get(request.guildId, request.serverId))!;
    try {
      const { body, hash } = await prepareStatus(this.o.sources, stored, await this.o.texts(request.guildId), now);
      const messageId = await postBoardMessage(this.o.rest, stored.channelId, body, statusNonceKey(stored));
      await this.store.shown(stored, messageId, hash, now, new Date(now.getTime() + STATUS_INTERVAL_MS), false);
      return { board: { ...stored, messageId }, messageId };
    } catch (err) {
      await this.store.remove(request.guildId, request.serverId);
      throw err;
    }
  }

  /** Removes the scope's board and deletes its message (one already gone is fine); null when there is none. */
  async remove(guildId: string, serverId: string | null): Promise<StatusBoard | null> {
    const board = await this.store.remove(guildId, serverId);
    if (board?.messageId) await this.deleteMessage(board);
    return board;
  }

  private async deleteMessage(board: StatusBoard): Promise<void> {
    await deleteBoardMessage(this.o.rest, board.channelId, board.messageId!).catch((err: Error) =>
      this.o.logger.warn({ guildId: board.guildId, board: board._id, err: err.message }, 'status board message could not be deleted'),
    );
  }
}
