/**
 * What the bounty tests share: a MongoDB-wire server with the real ledger and one seeded placer, and the
 * books they check after each step (the sum of balances, escrow included, against the applied legs).
 */
import { collections, ensureIndexes, type Collections } from '../../../src/db/collections.js';
import { Economy } from '../../../src/economy/economy.js';
import { silentLogger } from '../../ingest/helpers.js';
import { startMongo, type TestMongo } from '../../support/mongo.js';

export interface BountyWorld {
  mongo: TestMongo;
  cols: Collections;
  economy: Economy;
}

/** A fresh database with its indexes and `placerId` holding `seed` credits in `guildId`. */
export async function startBountyWorld(guildId: string, placerId: string, seed: number): Promise<BountyWorld> {
  const mongo = await startMongo();
  const cols = collections(mongo.db);
  await ensureIndexes(cols);
  const economy = new Economy({ cols: { ledger: cols.creditLedger, balances: cols.creditBalances }, logger: silentLogger });
  await economy.earn(guildId, placerId, seed, 'migration', 'seed');
  return { mongo, cols, economy };
}

/** A member's balance (0 before any entry). */
export async function balanceIn(cols: Collections, guildId: string, userId: string): Promise<number> {
  return (await cols.creditBalances.findOne({ _id: `${guildId}:${userId}` }))?.credits ?? 0;
}

/** The guild's books: the sum of balances (escrow included), the sum of the applied legs, and how many balances are negative. */
export async function booksOf(cols: Collections, guildId: string): Promise<{ sum: number; legs: number; negative: number }> {
  let legs = 0;
  for (const e of await cols.creditLedger.find({ guildId, state: 'applied' }).toArray()) for (const l of e.legs) legs += l.amount;
  const balances = await cols.creditBalances.find({ guildId }).toArray();
  return { sum: balances.reduce((s, b) => s + b.credits, 0), legs, negative: balances.filter((b) => b.credits < 0).length };
}
