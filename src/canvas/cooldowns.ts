/**
 * Per-member placement cooldowns in MongoDB, so every process (shard) agrees. The same document also
 * carries a canvas ban (`banned: true`), so one write both checks the ban and takes the cooldown.
 *
 * take(): one upsert whose filter matches only an expired cooldown of a member not banned. If the member
 * is still cooling down (or banned) the filter matches nothing and the upsert's insert collides with the
 * existing `_id` (duplicate key), which is the "not yet" answer — no read-then-write race; a read then
 * says until when, or that it is a ban. giveBack() undoes a take only if nothing took it since (the
 * filter pins the exact `until` we wrote).
 *
 * The ban mark is a copy: `canvas_bans` stays the record of bans (who, why, when). markBanned() and
 * clearBan() keep the copy in step; CanvasService copies bans made before the marks existed at start.
 */
import type { Collection } from 'mongodb';
import type { CanvasCooldown } from '../db/canvasSchemas.js';

export type CooldownTake = { ok: true; until: Date } | { ok: false; until: Date; banned: boolean };

const isDuplicateKey = (err: unknown): boolean => (err as { code?: number }).code === 11000;

/** The stored document: a cooldown, and the copy of a ban. */
type CooldownDoc = CanvasCooldown & { banned?: boolean };

export class CanvasCooldowns {
  private readonly collection: Collection<CooldownDoc>;

  constructor(collection: Collection<CanvasCooldown>) {
    this.collection = collection as Collection<CooldownDoc>;
  }

  private id(guildId: string, userId: string): string {
    return `${guildId}:${userId}`;
  }

  async take(guildId: string, userId: string, seconds: number, now = new Date()): Promise<CooldownTake> {
    const _id = this.id(guildId, userId);
    const until = new Date(now.getTime() + seconds * 1000);
    try {
      await this.collection.updateOne({ _id, guildId, until: { $lte: now }, banned: { $ne: true } }, { $set: { userId, until } }, { upsert: true });
      return { ok: true, until };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    const current = await this.collection.findOne({ _id, guildId });
    if (current?.banned === true) return { ok: false, until: current.until, banned: true };
    // Gone or expired between the two calls: a rare race, answered by trying once more.
    if (!current || current.until.getTime() <= now.getTime()) return this.take(guildId, userId, seconds, new Date());
    return { ok: false, until: current.until, banned: false };
  }

  /** Returns a cooldown taken with `take()` whose placement then failed. */
  async giveBack(guildId: string, userId: string, taken: Date): Promise<void> {
    await this.collection.updateOne({ _id: this.id(guildId, userId), guildId, until: taken }, { $set: { until: new Date(0) } });
  }

  /** Marks a member banned: take() refuses them until clearBan(). */
  async markBanned(guildId: string, userId: string): Promise<void> {
    await this.collection.updateOne({ _id: this.id(guildId, userId), guildId }, { $set: { userId, banned: true }, $setOnInsert: { until: new Date(0) } }, { upsert: true });
  }

  /** The same for many members at once (one round trip per 1,000). */
  async markManyBanned(bans: ReadonlyArray<{ guildId: string; userId: string }>): Promise<void> {
    for (let i = 0; i < bans.length; i += 1_000) {
      await this.collection.bulkWrite(
        bans.slice(i, i + 1_000).map((b) => ({
          updateOne: { filter: { _id: this.id(b.guildId, b.userId), guildId: b.guildId }, update: { $set: { userId: b.userId, banned: true }, $setOnInsert: { until: new Date(0) } }, upsert: true },
        })),
        { ordered: false },
      );
    }
  }

  /** Lifts a ban mark (the cooldown itself stays as it was). */
  async clearBan(guildId: string, userId: string): Promise<void> {
    await this.collection.updateOne({ _id: this.id(guildId, userId), guildId }, { $unset: { banned: '' } });
  }

  /** Lifts a member's cooldown and ban mark (moderation). */
  async clear(guildId: string, userId: string): Promise<void> {
    await this.collection.deleteOne({ _id: this.id(guildId, userId), guildId });
  }

  async until(guildId: string, userId: string): Promise<Date | null> {
    return (await this.collection.findOne({ _id: this.id(guildId, userId), guildId }))?.until ?? null;
  }
}
