/**
 * Step 2 of the ledger (./ledger.ts): one leg of an entry onto one balance, at most once. The balance
 * holds a marker per entry (./ledgerMarkers.ts), `true` once the leg is on it. A debit that finds too few
 * credits records `'refused'` in the marker instead, in an update of its own, so the leg's fate is
 * decided once on the balance itself: no other worker finishing the same entry can still apply it
 * afterwards. A credit creates the balance when it is the member's first.
 */
import type { Collection } from 'mongodb';
import { isDuplicateKey } from '../db/duplicateKey.js';
import { balanceId, fenceGuard, markerIn, markerOf } from './ledgerMarkers.js';
import type { CreditBalance, LedgerEntry, LedgerLeg } from './schemas.js';

export class BalanceLegs {
  constructor(private readonly balances: Collection<CreditBalance>) {}

  /** The leg for the entry's inserter: true applied, false refused (a debit short of credits). */
  async apply(entry: LedgerEntry, leg: LedgerLeg): Promise<boolean> {
    const _id = balanceId(entry.guildId, leg.userId);
    const marker = markerOf(entry._id);
    for (let attempt = 0; attempt < 3; attempt++) {
      const applied = await this.write(entry, leg, { _id, [marker]: { $exists: false } });
      if (applied !== null) return applied;
      const mark = markerIn(await this.balances.findOne({ _id, [marker]: { $exists: true } }), marker);
      if (mark !== undefined) return mark === true;
    }
    throw new Error(`ledger entry ${entry._id}: could not apply a leg for ${leg.userId}`);
  }

  /** apply() for a worker that did not insert the entry: only under the fence it read; null when it moved. */
  applyFenced(entry: LedgerEntry, leg: LedgerLeg, fence: number | null): Promise<boolean | null> {
    const _id = balanceId(entry.guildId, leg.userId);
    return this.write(entry, leg, { _id, [markerOf(entry._id)]: { $exists: false }, fence: fenceGuard(fence) });
  }

  /** The leg's guarded writes under `guard`: true applied, false refused, null when the guard matched nothing. */
  private async write(entry: LedgerEntry, leg: LedgerLeg, guard: Record<string, unknown>): Promise<boolean | null> {
    const marker = markerOf(entry._id);
    const owner = { guildId: entry.guildId, userId: leg.userId };
    try {
      if (leg.amount < 0) {
        const r = await this.balances.updateOne(
          { ...guard, credits: { $gte: -leg.amount } },
          { $inc: { credits: leg.amount }, $set: { [marker]: true, ...owner, updatedAt: new Date() } },
        );
        if (r.modifiedCount === 1) return true;
        const refused = await this.balances.updateOne(guard, { $set: { [marker]: 'refused' }, $setOnInsert: { ...owner, credits: 0 } }, { upsert: true });
        if (refused.modifiedCount === 1 || refused.upsertedCount === 1) return false;
      } else {
        const r = await this.balances.updateOne(guard, { $inc: { credits: leg.amount }, $set: { [marker]: true, ...owner, updatedAt: new Date() } }, { upsert: true });
        if (r.modifiedCount === 1 || r.upsertedCount === 1) return true;
      }
    } catch (err) {
      // An upsert met an existing balance: either this leg's marker is on it already, or another entry
      // created the balance a moment ago, or (fenced) the fence moved. The caller looks again.
      if (!isDuplicateKey(err)) throw err;
    }
    return null;
  }
}
