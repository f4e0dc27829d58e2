/**
 * The `boards` collection: a guild's posted boards, bounded by its tier, and the due ones the updater
 * takes a bounded batch of at a time (the `due` index on `nextAt`). A board is claimed before it is
 * worked on by one conditional update of its `nextAt`, so two processes never edit the same board at once
 * (no transaction, no returned "before" document is relied on).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Collection } from 'mongodb';
import { postedBoardSchema, type BoardPauseReason, type PostedBoard } from '../db/boardSchemas.js';
import { isDuplicateKey } from '../db/duplicateKey.js';
import { TIERS } from '../premium/tiers.js';

/** The most boards any tier allows: what /board list reads at most. */
export const BOARDS_MAX = Math.max(...Object.values(TIERS).map((t) => t.boards));
/** Every post lost a race this many times in a row: give up rather than spin. */
const MAX_ATTEMPTS = 20;

/** The guild already has `count` boards, `limit` or more. */
export class BoardLimitReached extends Error {
  override readonly name = 'BoardLimitReached';
  constructor(
    readonly count: number,
    readonly limit: number,
  ) {
    super(`the guild has ${count} boards, its limit is ${limit}`);
  }
}

/** The slot a new board claims: one per set of the guild's other boards (see src/servers/slots.ts). */
export function boardSlotOf(guildId: string, boardIds: readonly string[]): string {
  return `${guildId}:${createHash('sha256').update(JSON.stringify([...boardIds].sort())).digest('base64url').slice(0, 22)}`;
}

/** A short id an admin can read and type (`/board remove`). */
export function newBoardId(): string {
  return randomBytes(6).toString('base64url').replace(/[-_]/g, 'x');
}

export type NewBoard = Omit<PostedBoard, '_id' | 'slot' | 'messageId' | 'hash' | 'editedAt' | 'reposted' | 'failures' | 'pause'>;

export class BoardStore {
  constructor(private readonly col: Collection<PostedBoard>) {}

  private parse(doc: unknown): PostedBoard {
    return postedBoardSchema.parse(doc);
  }

  /** A guild's boards, oldest first (at most BOARDS_MAX: no tier allows more). */
  async list(guildId: string): Promise<PostedBoard[]> {
    return (await this.col.find({ guildId }).sort({ createdAt: 1, _id: 1 }).limit(BOARDS_MAX).toArray()).map((d) => this.parse(d));
  }

  async get(guildId: string, id: string): Promise<PostedBoard | null> {
    const doc = await this.col.findOne({ _id: id, guildId });
    return doc ? this.parse(doc) : null;
  }

  /** Inserts a board unless the guild has `limit` already (BoardLimitReached); racing posts hold the bound. */
  async create(board: NewBoard, limit: number): Promise<PostedBoard> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const ids = (await this.col.find({ guildId: board.guildId }, { projection: { _id: 1 } }).limit(BOARDS_MAX + 1).toArray()).map((d) => d._id);
      if (ids.length >= limit) throw new BoardLimitReached(ids.length, limit);
      const doc: PostedBoard = { ...board, _id: newBoardId(), slot: boardSlotOf(board.guildId, ids), messageId: null, hash: null, editedAt: null, reposted: false, failures: 0, pause: null };
      try {
        await this.col.insertOne(doc);
        return doc;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
    throw new Error(`could not add a board to guild ${board.guildId}: other posts kept winning`);
  }

  /** Deletes a board; returns it, or null when it was not there. */
  async remove(guildId: string, id: string): Promise<PostedBoard | null> {
    const board = await this.get(guildId, id);
    if (!board) return null;
    const { deletedCount } = await this.col.deleteOne({ _id: id, guildId });
    return deletedCount ? board : null;
  }

  /** Boards due at `now`, the longest waiting first, at most `limit` (one range of the `due` index). */
  async due(now: Date, limit: number): Promise<PostedBoard[]> {
    return (await this.col.find({ nextAt: { $lte: now } }).sort({ nextAt: 1 }).limit(limit).toArray()).map((d) => this.parse(d));
  }

  /** Takes a due board for this process until `until`; false when another process took it first. */
  async claim(board: PostedBoard, until: Date): Promise<boolean> {
    const { modifiedCount } = await this.col.updateOne({ _id: board._id, nextAt: board.nextAt }, { $set: { nextAt: until } });
    return modifiedCount === 1;
  }

  /** How many of the guild's boards are older than this one (its place under the tier's count). */
  olderThan(board: PostedBoard): Promise<number> {
    return this.col.countDocuments({ guildId: board.guildId, $or: [{ createdAt: { $lt: board.createdAt } }, { createdAt: board.createdAt, _id: { $lt: board._id } }] });
  }

  /** The message went out (posted or edited) showing `hash`; next look at `nextAt`. */
  async shown(id: string, messageId: string, hash: string, now: Date, nextAt: Date, reposted: boolean): Promise<void> {
    await this.col.updateOne({ _id: id }, { $set: { messageId, hash, editedAt: now, nextAt, reposted, failures: 0, pause: null } });
  }

  /** Nothing changed: look again at `nextAt`. */
  async unchanged(id: string, nextAt: Date): Promise<void> {
    await this.col.updateOne({ _id: id }, { $set: { nextAt, failures: 0, pause: null } });
  }

  /** Paused for `reason`; looked at again at `retryAt` (null: not until an admin acts). */
  async pause(id: string, reason: BoardPauseReason, now: Date, retryAt: Date | null): Promise<void> {
    await this.col.updateOne({ _id: id }, { $set: { pause: { reason, at: now }, nextAt: retryAt } });
  }

  /** Keeps an earlier pause's time (the admins were told then), moving only the next look. */
  async stillPaused(id: string, retryAt: Date): Promise<void> {
    await this.col.updateOne({ _id: id }, { $set: { nextAt: retryAt } });
  }

  /** An attempt failed for a passing reason: the `failures`-th in a row, retried at `retryAt`. */
  async failed(id: string, failures: number, retryAt: Date): Promise<void> {
    await this.col.updateOne({ _id: id }, { $set: { failures, nextAt: retryAt } });
  }
}
