import type { Collection } from 'mongodb';
import type { MemberStats } from '../db/schemas.js';

/** Per-member counters shown on profiles (`commands_used`). One upsert per command, off the reply path. */
export class UsageStats {
  constructor(private readonly collection: Collection<MemberStats>) {}

  async commandUsed(guildId: string, userId: string, at = new Date()): Promise<void> {
    await this.collection.updateOne(
      { _id: `${guildId}:${userId}`, guildId, userId },
      { $inc: { commandsUsed: 1 }, $set: { lastCommandAt: at } },
      { upsert: true },
    );
  }

  async get(guildId: string, userId: string): Promise<MemberStats | null> {
    return this.collection.findOne({ _id: `${guildId}:${userId}`, guildId });
  }
}
