/**
 * Per-member placement cooldowns in MongoDB, so every process (shard) agrees.
 *
 * take(): one upsert whose filter matches only an expired cooldown. If the member is still cooling down
 * the filter matches nothing and the upsert's insert collides with the existing `_id` (duplicate key),
 * which is the "not yet" answer — no read-then-write race. giveBack() undoes a take only if nothing
 * took it since (the filter pins the exact `until` we wrote).
 */
import type { Collection } from 'mongodb';
import type { CanvasCooldown } from '../db/canvasSchemas.js';

export type CooldownTake = { ok: true; until: Date } | { ok: false; until: Date };

const isDuplicateKey = (err: unknown): boolean => (err as { code?: number }).code === 11000;

export class CanvasCooldowns {
  constructor(private readonly collection: Collection<CanvasCooldown>) {}

  private id(guildId: string, userId: string): string {
    return `${guildId}:${userId}`;
  }

  async take(guildId: string, userId: string, seconds: number, now = new Date()): Promise<CooldownTake> {
    const _id = this.id(guildId, userId);
    const until = new Date(now.getTime() + seconds * 1000);
    try {
      await this.collection.updateOne({ _id, guildId, until: { $lte: now } }, { $set: { userId, until } }, { upsert: true });
      return { ok: true, until };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    const current = await this.collection.findOne({ _id, guildId });
    // Gone or expired between the two calls: a rare race, answered by trying once more.
    if (!current || current.until.getTime() <= now.getTime()) return this.take(guildId, userId, seconds, new Date());
    return { ok: false, until: current.until };
  }

  /** Returns a cooldown taken with `take()` whose placement then failed. */
  async giveBack(guildId: string, userId: string, taken: Date): Promise<void> {
    await this.collection.updateOne({ _id: this.id(guildId, userId), guildId, until: taken }, { $set: { until: new Date(0) } });
  }

  /** Lifts a member's cooldown (moderation: unban, reset). */
  async clear(guildId: string, userId: string): Promise<void> {
    await this.collection.deleteOne({ _id: this.id(guildId, userId), guildId });
  }

  async until(guildId: string, userId: string): Promise<Date | null> {
    return (await this.collection.findOne({ _id: this.id(guildId, userId), guildId }))?.until ?? null;
  }
}
