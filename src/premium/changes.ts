import { randomBytes } from 'node:crypto';
import type { Collection } from 'mongodb';
import { premiumChangeSchema, type PremiumChange } from '../db/premiumChanges.js';

export { premiumChangeSchema, type PremiumChange } from '../db/premiumChanges.js';

/** The operators' record of premium changes, newest first per guild. */
export class PremiumChangeLog {
  constructor(private readonly collection: Collection<PremiumChange>) {}

  async record(change: Omit<PremiumChange, '_id'>): Promise<PremiumChange> {
    const doc = premiumChangeSchema.parse({ _id: randomBytes(9).toString('base64url'), ...change });
    await this.collection.insertOne(doc);
    return doc;
  }

  async last(guildId: string): Promise<PremiumChange | null> {
    const [doc] = await this.collection.find({ guildId }).sort({ at: -1 }).limit(1).toArray();
    return doc ? premiumChangeSchema.parse(doc) : null;
  }
}
