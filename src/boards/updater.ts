/**
 * Keeps posted boards up to date. Every `tickMs` it takes at most `batch` due boards from the `due`
 * index (the longest waiting first), claims each, and looks: an unchanged board (same content hash) costs
 * its page read and no Discord request; a changed one is edited in place, at most once per the tier's
 * interval. Work per tick is bounded whatever the number of guilds; a backlog is worked off in order.
 *
 * - A deleted message is posted again once and the admins told; deleted again before the next edit,
 *   the board stops (`deleted`).
 * - A channel that refuses the bot (403) pauses the board, retried hourly; a deleted channel stops it.
 * - A board beyond the tier's count (a downgrade) pauses until the tier allows it again.
 * - Other failures (network, 5xx after discord.js's retries) are retried, backing off up to the interval.
 * The clock is injectable: tests move it instead of waiting an interval.
 */
import type { BoardPauseReason, PostedBoard } from '../db/boardSchemas.js';
import type { Logger } from '../logger.js';
import { TIERS, type TierName } from '../premium/tiers.js';
import { boardBody, prepareBoard, type BoardContentDeps, type PreparedBoard } from './content.js';
import type { BoardNotices } from './notices.js';
import { editBoardMessage, postBoardMessage, refusalOf, type BoardBody, type BoardRest } from './publish.js';
import type { BoardStore } from './store.js';
import { RoundLoop } from '../util/roundLoop.js';

/** How often the updater looks for due boards. */
export const BOARD_TICK_MS = 5_000;
/** Boards looked at per tick at most (per process): 300 a minute, well under Discord's 50 requests/s. */
export const BOARD_BATCH = 25;
/** Boards worked on at once within a tick. */
export const BOARD_CONCURRENCY = 4;
/** How long a claim holds a board: a process that dies while working on one leaves it for this long. */
export const BOARD_CLAIM_MS = 2 * 60_000;
/** A paused board (the channel refuses the bot, or beyond the tier's count) is tried again this often. */
export const BOARD_PAUSED_RETRY_MS = 60 * 60_000;

export interface BoardUpdaterOptions {
  store: BoardStore;
  content: BoardContentDeps;
  rest: BoardRest;
  notices: BoardNotices;
  logger: Logger;
  now?: () => Date;
  tickMs?: number;
  batch?: number;
}

const later = (now: Date, ms: number) => new Date(now.getTime() + ms);

export class BoardUpdater {
  private readonly loop: RoundLoop;
  private readonly now: () => Date;

  constructor(private readonly o: BoardUpdaterOptions) {
    this.now = o.now ?? (() => new Date());
    this.loop = new RoundLoop(() => this.tick(), o.tickMs ?? BOARD_TICK_MS, (err) => o.logger.warn({ err: err.message }, 'board update round failed'));
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }


  /** One round: the due boards of a batch, a few at a time. Returns how many were due. */
  async tick(): Promise<number> {
    const due = await this.o.store.due(this.now(), this.o.batch ?? BOARD_BATCH);
    let next = 0;
    const worker = async () => {
      while (next < due.length) {
        const board = due[next++]!;
        await this.update(board).catch((err: Error) => this.o.logger.warn({ guildId: board.guildId, board: board._id, err: err.message }, 'board update failed'));
      }
    };
    await Promise.all(Array.from({ length: Math.min(BOARD_CONCURRENCY, due.length) }, worker));
    return due.length;
  }

  /** Looks at one due board (after claiming it) and edits, posts again or pauses it as needed. */
  async update(board: PostedBoard): Promise<void> {
    const now = this.now();
    if (!(await this.o.store.claim(board, later(now, BOARD_CLAIM_MS)))) return;
    const tier = await this.o.content.tierOf(board.guildId);
    if ((await this.o.store.olderThan(board)) >= TIERS[tier].boards) {
      await this.pause(board, 'tier', tier, later(now, BOARD_PAUSED_RETRY_MS));
      return;
    }
    const prepared = await prepareBoard(this.o.content, board);
    if (board.messageId && board.hash === prepared.hash && !board.pause) {
      await this.o.store.unchanged(board._id, later(now, prepared.intervalMs));
      return;
    }
    await this.deliver(board, prepared, tier);
  }

  /**
   * Sends a prepared board: edits its message, or posts it when it has none (a /board post cut short by
   * a crash) or its message was deleted.
   */
  private async deliver(board: PostedBoard, prepared: PreparedBoard, tier: TierName): Promise<void> {
    const now = this.now();
    const body = await boardBody(this.o.content, board, prepared, now);
    const next = later(now, prepared.intervalMs);
    if (!board.messageId) return this.post(board, prepared, body, now, next, tier, false);
    try {
      await editBoardMessage(this.o.rest, board.channelId, board.messageId, body);
      await this.o.store.shown(board._id, board.messageId, prepared.hash, now, next, false);
    } catch (err) {
      const refusal = refusalOf(err);
      if (refusal === 'deleted' && !board.reposted) await this.post(board, prepared, body, now, next, tier, true);
      else if (refusal === 'deleted') await this.pause(board, 'deleted', tier, null);
      else await this.refused(board, prepared, err, tier);
    }
  }

  /** Posts a board that has no message (`again`: its message was deleted: the admins are told). */
  private async post(board: PostedBoard, prepared: PreparedBoard, body: BoardBody, now: Date, next: Date, tier: TierName, again: boolean): Promise<void> {
    // Removed meanwhile (/board remove deletes the message too): posting it again would leave a stray board.
    if (again && !(await this.o.store.get(board.guildId, board._id))) return;
    try {
      // The nonce names the message replaced: a retry after a crash here returns this post, not a second one.
      const id = await postBoardMessage(this.o.rest, board.channelId, body, `${board._id}:after:${board.messageId ?? 'none'}`);
      await this.o.store.shown(board._id, id, prepared.hash, now, next, again);
      if (!again) return;
      this.o.logger.info({ guildId: board.guildId, board: board._id, messageId: id }, 'board message was deleted: posted again');
      await this.o.notices.reposted(board, id, prepared.t);
    } catch (err) {
      await this.refused(board, prepared, err, tier);
    }
  }

  /** A send failed: a refusal pauses the board, anything else is retried later. */
  private async refused(board: PostedBoard, prepared: PreparedBoard, err: unknown, tier: TierName): Promise<void> {
    const refusal = refusalOf(err);
    if (refusal === 'permissions') await this.pause(board, 'permissions', tier, later(this.now(), BOARD_PAUSED_RETRY_MS));
    else if (refusal === 'channel' || refusal === 'deleted') await this.pause(board, 'channel', tier, null);
    else await this.failed(board, prepared, err as Error);
  }

  /** Pauses a board; the admins are told when it was not already paused for this reason. */
  private async pause(board: PostedBoard, reason: BoardPauseReason, tier: TierName, retryAt: Date | null): Promise<void> {
    if (board.pause?.reason === reason) {
      if (retryAt) await this.o.store.stillPaused(board._id, retryAt);
      else await this.o.store.pause(board._id, reason, board.pause.at, null);
      return;
    }
    await this.o.store.pause(board._id, reason, this.now(), retryAt);
    this.o.logger.info({ guildId: board.guildId, board: board._id, reason }, 'board paused');
    await this.o.notices.paused(board, reason, await this.o.content.texts(board.guildId), tier);
  }

  private async failed(board: PostedBoard, prepared: PreparedBoard, err: Error): Promise<void> {
    const failures = board.failures + 1;
    const wait = Math.min(prepared.intervalMs, 60_000 * 2 ** Math.min(failures - 1, 6));
    await this.o.store.failed(board._id, failures, later(this.now(), wait));
    this.o.logger.warn({ guildId: board.guildId, board: board._id, failures, err: err.message }, 'board could not be updated: retrying');
  }
}
