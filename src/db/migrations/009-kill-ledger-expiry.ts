import type { Db } from 'mongodb';
import { expiresAtOf } from '../../economy/ledgerRetention.js';
import { collections } from '../collections.js';
import type { PlannableMigration } from '../migrate.js';

/** Finished kill entries written before kills had a replay horizon: kept forever until now. */
const unexpiring = { reason: 'kill' as const, cleared: true, expiresAt: { $exists: false } };

/**
 * Gives the kill entries cleared before the replay horizon existed (src/economy/ledgerRetention.ts) the
 * expiry a kill entry cleared now gets, so the TTL index deletes them then. Counting from now (not from
 * their clearing) keeps the retention rule's proof for every kill stamped before now plus the clock skew;
 * only a kill a broken host stamped further ahead, paid before the horizon existed, could pay once more
 * when its stamp comes near. One updateMany; a second run finds nothing to do.
 */
export async function expireOldKillEntries(db: Db, now = new Date()): Promise<number> {
  const r = await collections(db).creditLedger.updateMany(unexpiring, { $set: { expiresAt: expiresAtOf('kill', now)! } });
  return r.modifiedCount;
}

export const killLedgerExpiry: PlannableMigration = {
  version: 9,
  name: 'kill-ledger-expiry',
  async up(db, logger) {
    const n = await expireOldKillEntries(db);
    if (n) logger.info({ entries: n }, 'old kill ledger entries given their expiry');
  },
  async plan(db) {
    const n = await collections(db).creditLedger.countDocuments(unexpiring);
    return { summary: `${n} kill ledger entr${n === 1 ? 'y' : 'ies'} to give an expiry`, lines: n ? [`credit_ledger: ${n} cleared kill entries without expiresAt`] : [] };
  },
};
