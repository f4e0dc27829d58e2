/**
 * The `status_boards` collection: a guild's status boards, one per game server and one for all of them
 * (the `_id` holds that bound), and the due ones the updater takes a bounded batch of at a time (the `due`
 * index on `nextAt`), claimed by one conditional update as posted boards are (./store.ts).
 */
import type { Collection } from 'mongodb';
import { statusBoardSchema, type StatusBoard, type StatusPauseReason } from '../db/statusBoardSchemas.js';
import { TIERS } from '../premium/tiers.js';

/** Status boards a guild can have at most: one per server the best tier allows, and one for all servers. */
export const STATUS_BOARDS_MAX = Math.max(...Object.values(TIERS).map((t) => t.servers)) + 1;

export const statusBoardId = (guildId: string, serverId: string | null) => `${guildId}:${serverId ?? '*'}`;

export type NewStatusBoard = Pick<StatusBoard, 'guildId' | 'channelId' | 'serverId' | 'createdBy' | 'createdAt' | 'nextAt'>;

export class StatusBoardStore {
  constructor(private readonly col: Collection<StatusBoard>) {}

  private parse(doc: unknown): StatusBoard {
    return statusBoardSchema.parse(doc);
  }

  /** A guild's status boards, oldest first. */
  async list(guildId: string): Promise<StatusBoard[]> {
    return (await this.col.find({ guildId }).sort({ createdAt: 1, _id: 1 }).limit(STATUS_BOARDS_MAX).toArray()).map((d) => this.parse(d));
  }

  async get(guildId: string, serverId: string | null): Promise<StatusBoard | null> {
    const doc = await this.col.findOne({ _id: statusBoardId(guildId, serverId), guildId });
    return doc ? this.parse(doc) : null;
  }

  /** Puts the scope's board (replacing an earlier one, whose message is the caller's to delete); returns the earlier one. */
  async put(board: NewStatusBoard): Promise<StatusBoard | null> {
    const _id = statusBoardId(board.guildId, board.serverId);
    const doc: StatusBoard = { ...board, _id, messageId: null, hash: null, editedAt: null, reposted: false, failures: 0, pause: null };
    const before = await this.col.findOneAndReplace({ _id }, doc, { upsert: true });
    return before ? this.parse(before) : null;
  }

  /** Deletes the scope's board; returns it, or null when there was none. */
  async remove(guildId: string, serverId: string | null): Promise<StatusBoard | null> {
    const board = await this.get(guildId, serverId);
    if (!board) return null;
    const { deletedCount } = await this.col.deleteOne({ _id: board._id, guildId });
    return deletedCount ? board : null;
  }

  /** Boards due at `now`, the longest waiting first, at most `limit`. */
  async due(now: Date, limit: number): Promise<StatusBoard[]> {
    return (await this.col.find({ nextAt: { $lte: now } }).sort({ nextAt: 1 }).limit(limit).toArray()).map((d) => this.parse(d));
  }

  /** Takes a due board for this process until `until`; false when another process took it first. */
  async claim(board: StatusBoard, until: Date): Promise<boolean> {
    const { modifiedCount } = await this.col.updateOne({ _id: board._id, nextAt: board.nextAt }, { $set: { nextAt: until } });
    return modifiedCount === 1;
  }

  /**
   * The writes after an update go to the board as it was read (`_id` and `createdAt`): a board posted
   * again for its scope meanwhile (a new document under the same `_id`) is not overwritten by the old
   * one's round. `shown` says whether it was written (false: the message is the caller's to delete).
   */
  async shown(board: BoardRef, messageId: string, hash: string, now: Date, nextAt: Date, reposted: boolean): Promise<boolean> {
    const { matchedCount } = await this.col.updateOne(same(board), { $set: { messageId, hash, editedAt: now, nextAt, reposted, failures: 0, pause: null } });
    return matchedCount === 1;
  }

  async unchanged(board: BoardRef, nextAt: Date): Promise<void> {
    await this.col.updateOne(same(board), { $set: { nextAt, failures: 0, pause: null } });
  }

  async pause(board: BoardRef, reason: StatusPauseReason, at: Date, retryAt: Date | null): Promise<void> {
    await this.col.updateOne(same(board), { $set: { pause: { reason, at }, nextAt: retryAt } });
  }

  async failed(board: BoardRef, failures: number, retryAt: Date): Promise<void> {
    await this.col.updateOne(same(board), { $set: { failures, nextAt: retryAt } });
  }
}

/** A board as read: its scope's `_id` and the moment it was posted (a new post of the scope has another). */
export type BoardRef = Pick<StatusBoard, '_id' | 'createdAt'>;

const same = (board: BoardRef) => ({ _id: board._id, createdAt: board.createdAt });
