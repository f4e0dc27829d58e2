/**
 * Keeps status boards current, as the posted boards' updater does (./updater.ts: the same publishing,
 * refusals and notices): every tick at most a batch of due boards from the `due` index, each claimed,
 * read, hashed, and edited in place only when it changed, at most once per STATUS_INTERVAL_MS. A deleted
 * message is posted again once and the admins told; deleted again before the next edit, the board stops.
 * A channel that refuses the bot pauses it (retried hourly); a deleted channel stops it.
 */
import type { StatusBoard, StatusPauseReason } from '../db/statusBoardSchemas.js';
import type { Translator } from '../i18n/translate.js';
import type { Logger } from '../logger.js';
import { deleteBoardMessage, editBoardMessage, postBoardMessage, refusalOf, type BoardBody, type BoardRest } from './publish.js';
import { statusMessage } from './statusContent.js';
import { statusInput, type StatusSources } from './statusData.js';
import type { StatusNotices } from './statusNotices.js';
import type { StatusBoardStore } from './statusStore.js';
import { BOARD_BATCH, BOARD_CLAIM_MS, BOARD_CONCURRENCY, BOARD_PAUSED_RETRY_MS, BOARD_TICK_MS } from './updater.js';
import { RoundLoop } from '../util/roundLoop.js';

/** A status board is edited at most this often (and only when what it shows changed). */
export const STATUS_INTERVAL_MS = 60_000;

export interface StatusUpdaterOptions {
  store: StatusBoardStore;
  sources: StatusSources;
  texts(guildId: string): Promise<Translator>;
  rest: BoardRest;
  notices: StatusNotices;
  logger: Logger;
  now?: () => Date;
  tickMs?: number;
}

const later = (now: Date, ms: number) => new Date(now.getTime() + ms);

/** The nonce's key of a board's post: names the board (a scope's board put again is a new one) and the message replaced. */
export const statusNonceKey = (board: StatusBoard) => `${board._id}:${board.createdAt.getTime()}:after:${board.messageId ?? 'none'}`;

/** The message a status board shows now, with its hash; `gone` when its server was removed. */
export async function prepareStatus(sources: StatusSources, board: StatusBoard, t: Translator, now: Date): Promise<{ body: BoardBody; hash: string; gone: boolean }> {
  const input = await statusInput(sources, board, t);
  const { embed, hash } = statusMessage(input, t, now);
  return { body: { embeds: [embed], file: null }, hash, gone: !!board.serverId && !input.servers.length };
}

export class StatusBoardUpdater {
  private readonly loop: RoundLoop;
  private readonly now: () => Date;

  constructor(private readonly o: StatusUpdaterOptions) {
    this.now = o.now ?? (() => new Date());
    this.loop = new RoundLoop(() => this.tick(), o.tickMs ?? BOARD_TICK_MS, (err) => o.logger.warn({ err: err.message }, 'status board round failed'));
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }


  /** One round: the due boards of a batch, a few at a time. Returns how many were due. */
  async tick(): Promise<number> {
    const due = await this.o.store.due(this.now(), BOARD_BATCH);
    let next = 0;
    const worker = async () => {
      while (next < due.length) {
        const board = due[next++]!;
        await this.update(board).catch((err: Error) => this.o.logger.warn({ guildId: board.guildId, board: board._id, err: err.message }, 'status board update failed'));
      }
    };
    await Promise.all(Array.from({ length: Math.min(BOARD_CONCURRENCY, due.length) }, worker));
    return due.length;
  }

  async update(board: StatusBoard): Promise<void> {
    const now = this.now();
    if (!(await this.o.store.claim(board, later(now, BOARD_CLAIM_MS)))) return;
    const t = await this.o.texts(board.guildId);
    const { body, hash, gone } = await prepareStatus(this.o.sources, board, t, now);
    // Its server was removed: the board goes with it (there is no server left to name in remove:true).
    if (gone) return this.removeGone(board);
    const next = later(now, STATUS_INTERVAL_MS);
    if (board.messageId && board.hash === hash && !board.pause) return this.o.store.unchanged(board, next);
    if (!board.messageId) return this.post(board, body, hash, t, next, false);
    try {
      await editBoardMessage(this.o.rest, board.channelId, board.messageId, body);
      await this.o.store.shown(board, board.messageId, hash, now, next, false);
    } catch (err) {
      const refusal = refusalOf(err);
      if (refusal === 'deleted' && !board.reposted) await this.post(board, body, hash, t, next, true);
      else if (refusal === 'deleted') await this.pause(board, 'deleted', t, null);
      else await this.refused(board, err, t);
    }
  }

  private async post(board: StatusBoard, body: BoardBody, hash: string, t: Translator, next: Date, again: boolean): Promise<void> {
    // Removed meanwhile (remove:true deletes the message too): posting it again would leave a stray board.
    if (again && !(await this.o.store.get(board.guildId, board.serverId))) return;
    try {
      const id = await postBoardMessage(this.o.rest, board.channelId, body, statusNonceKey(board));
      // Posted again for its scope meanwhile (maybe elsewhere): this message belongs to no board.
      if (!(await this.o.store.shown(board, id, hash, this.now(), next, again))) return void (await deleteBoardMessage(this.o.rest, board.channelId, id).catch(() => false));
      if (!again) return;
      this.o.logger.info({ guildId: board.guildId, board: board._id, messageId: id }, 'status board message was deleted: posted again');
      await this.o.notices.reposted(board, id, t);
    } catch (err) {
      await this.refused(board, err, t);
    }
  }

  private async removeGone(board: StatusBoard): Promise<void> {
    await this.o.store.remove(board.guildId, board.serverId);
    if (board.messageId) await deleteBoardMessage(this.o.rest, board.channelId, board.messageId).catch(() => false);
    this.o.logger.info({ guildId: board.guildId, board: board._id }, 'status board of a removed server removed');
  }

  private async refused(board: StatusBoard, err: unknown, t: Translator): Promise<void> {
    const refusal = refusalOf(err);
    if (refusal === 'permissions') await this.pause(board, 'permissions', t, later(this.now(), BOARD_PAUSED_RETRY_MS));
    else if (refusal === 'channel' || refusal === 'deleted') await this.pause(board, 'channel', t, null);
    else {
      const failures = board.failures + 1;
      await this.o.store.failed(board, failures, later(this.now(), Math.min(STATUS_INTERVAL_MS * 2 ** Math.min(failures - 1, 6), BOARD_PAUSED_RETRY_MS)));
      this.o.logger.warn({ guildId: board.guildId, board: board._id, failures, err: (err as Error).message }, 'status board could not be updated: retrying');
    }
  }

  /** Pauses a board; the admins are told when it was not already paused for this reason. */
  private async pause(board: StatusBoard, reason: StatusPauseReason, t: Translator, retryAt: Date | null): Promise<void> {
    const known = board.pause?.reason === reason;
    await this.o.store.pause(board, reason, known ? board.pause!.at : this.now(), retryAt);
    if (known) return;
    this.o.logger.info({ guildId: board.guildId, board: board._id, reason }, 'status board paused');
    await this.o.notices.paused(board, reason, t);
  }
}
