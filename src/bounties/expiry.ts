/**
 * The expiry sweep: bounties whose time ran out unclaimed go back to their placer (a house bounty's
 * credits leave escrow to nobody), each exactly once: the refund is the bounty's one out entry, so a
 * claim entered first wins and the refund only repairs the document. Also settles `placing` documents a
 * crash left (./settle.ts repairPlacing). Reads by the `state_expires` index; bounded per pass.
 */
import type { Collection } from 'mongodb';
import type { LedgerEntry } from '../economy/schemas.js';
import type { Logger } from '../logger.js';
import { RoundLoop } from '../util/roundLoop.js';
import { EXPIRED_REF } from './rules.js';
import { repairPlacing, settle, type SettleParts } from './settle.js';

/** Bounties one pass settles at most (the rest waits for the next pass, EXPIRY_EVERY_MS later). */
export const EXPIRY_BATCH = 100;
/** How often the sweep looks for expired bounties. */
export const EXPIRY_EVERY_MS = 30_000;
/** A `placing` document older than this without its in entry was never charged (its command died first). */
export const PLACING_GIVE_UP_MS = 5 * 60_000;
/** A bounty whose refund failed is tried again after this long, so it cannot hold the head of every pass. */
export const EXPIRY_RETRY_MS = 10 * 60_000;

export async function expireDue(p: SettleParts & { entries: Collection<LedgerEntry> }, logger: Logger): Promise<{ refunded: number; repaired: number; more: boolean }> {
  const now = p.now();
  const givenUpAt = new Date(now.getTime() - PLACING_GIVE_UP_MS);
  let repaired = 0;
  for (const b of await p.bounties.find({ state: 'placing', createdAt: { $lt: givenUpAt } }).limit(EXPIRY_BATCH).toArray()) {
    if ((await repairPlacing(p, b, givenUpAt)) !== 'placing') repaired++;
  }
  const retryDue = { $or: [{ retryAfter: { $exists: false } }, { retryAfter: { $lte: now } }] };
  const due = await p.bounties.find({ state: 'active', expiresAt: { $lte: now }, ...retryDue }).sort({ expiresAt: 1 }).limit(EXPIRY_BATCH).toArray();
  let refunded = 0;
  for (const b of due) {
    try {
      if ((await settle(p, b, b.placerId, EXPIRED_REF)).won) refunded++;
      else repaired++;
    } catch (err) {
      // One bounty's trouble never holds up the others: it is tried again EXPIRY_RETRY_MS later.
      logger.warn({ bountyId: b._id, guildId: b.guildId, err: (err as Error).message }, 'bounty refund failed; retried later');
      await p.bounties.updateOne({ _id: b._id, state: 'active' }, { $set: { retryAfter: new Date(now.getTime() + EXPIRY_RETRY_MS) } }).catch(() => undefined);
    }
  }
  if (refunded || repaired) logger.info({ refunded, repaired }, 'bounty expiry pass');
  return { refunded, repaired, more: due.length === EXPIRY_BATCH };
}

/** Runs one pass now (what a crash or downtime left is settled at start), then one every EXPIRY_EVERY_MS; returns the stop. */
export async function startBountyExpiry(pass: () => Promise<unknown>, logger: Logger, everyMs = EXPIRY_EVERY_MS): Promise<() => Promise<void>> {
  const onError = (err: Error) => logger.warn({ err: err.message }, 'bounty expiry pass failed');
  await pass().catch(onError);
  const loop = new RoundLoop(pass, everyMs, onError);
  loop.start();
  return () => loop.stop();
}
