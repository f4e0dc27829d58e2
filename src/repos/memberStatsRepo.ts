/**
 * A member's stats in a guild (`member_stats`, one document per guild and member, `_id`
 * `<guildId>:<userId>`): the usage and pixel counters, what the member bought in the shop, the background
 * their profile shows and the state of their /daily streak. Every read and write of the collection goes
 * through here, each method named for what it does; the rules that decide what to write (the shop,
 * /daily, the canvas) stay with their owners.
 *
 * Upserts that create the document race with each other (a command count, a pixel, a purchase and a
 * claim can all be a member's first write): the one that loses meets a duplicate key and is tried again,
 * where it updates the document the winner created.
 */
import type { AnyBulkWriteOperation, Collection, UpdateFilter } from 'mongodb';
import { isDuplicateKey } from '../db/duplicateKey.js';
import type { MemberStats } from '../db/schemas.js';
import { upsertAll } from '../db/writeWindow.js';

/** A member's /daily state: the last claimed day (`YYYY-MM-DD` in the guild's timezone) and its streak. */
export type DailyRecord = NonNullable<MemberStats['daily']>;

/** Pixels one member placed since the last write (the canvas's bookkeeping). */
export interface PixelCount {
  guildId: string;
  userId: string;
  n: number;
}

/** Commands one member used since the last write, and when the latest was (usage counters). */
export interface CommandCount {
  guildId: string;
  userId: string;
  n: number;
  lastAt: Date;
}

/** How many members the pixel board lists at most. */
export const PIXEL_BOARD_MAX = 500;

export const memberStatsId = (guildId: string, userId: string) => `${guildId}:${userId}`;

export class MemberStatsRepo {
  constructor(private readonly collection: Collection<MemberStats>) {}

  /** The member's document as stored; null for a member the bot has written nothing for. */
  get(guildId: string, userId: string): Promise<MemberStats | null> {
    return this.collection.findOne({ _id: memberStatsId(guildId, userId), guildId });
  }

  /** Canvas colours (0xRRGGBB) the member bought: the canvas offers them beside the free palette. */
  async ownedColors(guildId: string, userId: string): Promise<number[]> {
    return (await this.get(guildId, userId))?.ownedColors ?? [];
  }

  /** Gives the member a bought colour (owning it twice changes nothing). */
  addOwnedColor(guildId: string, userId: string, rgb: number): Promise<void> {
    return this.upsertOwned(guildId, userId, { $addToSet: { ownedColors: rgb } });
  }

  /** Gives the member a bought background and makes it the one their profile shows. */
  addOwnedBackground(guildId: string, userId: string, itemId: string): Promise<void> {
    return this.upsertOwned(guildId, userId, { $addToSet: { ownedItems: itemId }, $set: { profileBackground: itemId } });
  }

  /** Makes a background the member owns the one their profile shows (an existing document only). */
  async useBackground(guildId: string, userId: string, itemId: string): Promise<void> {
    await this.collection.updateOne({ _id: memberStatsId(guildId, userId), guildId }, { $set: { profileBackground: itemId } });
  }

  /**
   * Moves the stored /daily state to `state` unless it holds that day or a later one already, so racing
   * claims write one state and a late writer never moves a streak back.
   */
  async recordDaily(guildId: string, userId: string, state: DailyRecord): Promise<void> {
    const filter = { _id: memberStatsId(guildId, userId), $or: [{ daily: { $exists: false } }, { 'daily.lastDay': { $lt: state.lastDay } }] };
    // Two attempts: an upsert that meets a document created a moment ago (the usage counter) fails with
    // a duplicate key once; a second one means the document holds this day or a later one already.
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.collection.updateOne(filter, { $set: { daily: state }, $setOnInsert: { guildId, userId, commandsUsed: 0 } }, { upsert: true });
        return;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
  }

  /** Adds placed pixels to each member's counter: one upsert per member, all in one round trip. */
  async addPixelsPlaced(counts: readonly PixelCount[]): Promise<void> {
    const ops: AnyBulkWriteOperation<MemberStats>[] = counts.map(({ guildId, userId, n }) => ({
      updateOne: { filter: { _id: memberStatsId(guildId, userId), guildId, userId }, update: { $inc: { canvasPixelsPlaced: n } }, upsert: true },
    }));
    await upsertAll(this.collection, ops);
  }

  /** Adds used commands to each member's counter with the latest time: one upsert per member, one round trip. */
  async addCommandsUsed(counts: readonly CommandCount[]): Promise<void> {
    const ops: AnyBulkWriteOperation<MemberStats>[] = counts.map(({ guildId, userId, n, lastAt }) => ({
      updateOne: { filter: { _id: memberStatsId(guildId, userId), guildId, userId }, update: { $inc: { commandsUsed: n }, $set: { lastCommandAt: lastAt } }, upsert: true },
    }));
    await upsertAll(this.collection, ops);
  }

  /** The guild's members by pixels placed on the canvas, most first (`/leaderboard stat:pixels`). */
  async topPixelPlacers(guildId: string, limit = PIXEL_BOARD_MAX): Promise<{ userId: string; pixels: number }[]> {
    const docs = await this.collection.find({ guildId, canvasPixelsPlaced: { $gt: 0 } }).sort({ canvasPixelsPlaced: -1 }).limit(limit).toArray();
    return docs.map((d) => ({ userId: d.userId, pixels: d.canvasPixelsPlaced ?? 0 }));
  }

  /** A shop grant: creates the member's document when it is their first write (three attempts, see the top). */
  private async upsertOwned(guildId: string, userId: string, update: UpdateFilter<MemberStats>): Promise<void> {
    const withInsert = { ...update, $setOnInsert: { guildId, userId, commandsUsed: 0 } };
    for (let attempt = 0; ; attempt++) {
      try {
        await this.collection.updateOne({ _id: memberStatsId(guildId, userId) }, withInsert, { upsert: true });
        return;
      } catch (err) {
        // Two upserts creating the member's document at once: the loser updates it on the next try.
        if (!isDuplicateKey(err) || attempt >= 2) throw err;
      }
    }
  }
}
