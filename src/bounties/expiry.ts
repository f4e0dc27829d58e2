/**
 * The expiry sweep: bounties whose time and claim grace (BOUNTY_CLAIM_GRACE_MS) ran out unclaimed go back
 * to their placer (a house bounty's credits leave escrow to nobody), each exactly once: the refund is the
 * bounty's one out entry, so a claim entered first wins and the refund only repairs the document. Also
 * repairs what a crash left (./repair.ts): `placing` documents, and late charges of bounties it gave up.
 * Reads by the `state_expires` and `state_given_up` indexes; bounded per pass.
 */
import type { Logger } from '../logger.js';
import { RoundLoop } from '../util/roundLoop.js';
import { BOUNTY_CLAIM_GRACE_MS, EXPIRED_REF } from './rules.js';
import { PLACING_GIVE_UP_MS, refundLateCharges, repairPlacing, retryDue, type RepairParts } from './repair.js';
import { settle } from './settle.js';

/** Bounties one pass settles at most, per kind of work (the rest waits for the next pass, EXPIRY_EVERY_MS later). */
export const EXPIRY_BATCH = 100;
/** How often the sweep looks for expired bounties. */
export const EXPIRY_EVERY_MS = 30_000;
/**
 * A bounty whose refund failed, or a given-up one not charged (./repair.ts), is looked at again after this
 * long, so it cannot hold the head of every pass.
 */
export const EXPIRY_RETRY_MS = 10 * 60_000;
/**
 * A `placing` document that must wait (its in entry pending, which the ledger sweep decides within
 * STALE_MS; a house bounty waiting for its batch's replay) is looked at again after this long: short, as
 * it cannot be claimed meanwhile, yet the oldest cannot fill every pass and hide the ones behind them.
 */
export const PLACING_RETRY_MS = 2 * 60_000;

export async function expireDue(p: RepairParts, logger: Logger): Promise<{ refunded: number; repaired: number; more: boolean }> {
  const now = p.now();
  const retryNow = retryDue(now);
  const later = (ms: number) => ({ retryAfter: new Date(now.getTime() + ms) });
  let repaired = 0;
  // Oldest first in the index's order (expiry); one that must wait steps back PLACING_RETRY_MS, so the ones behind it are reached.
  const placing = await p.bounties
    .find({ state: 'placing', createdAt: { $lt: new Date(now.getTime() - PLACING_GIVE_UP_MS) }, ...retryNow })
    .sort({ expiresAt: 1 })
    .limit(EXPIRY_BATCH)
    .toArray();
  for (const b of placing) {
    if ((await repairPlacing(p, b, now)) !== 'placing') repaired++;
    else await p.bounties.updateOne({ _id: b._id, state: 'placing' }, { $set: later(PLACING_RETRY_MS) });
  }
  const warn = (b: { _id: string; guildId: string }, err: Error) => logger.warn({ bountyId: b._id, guildId: b.guildId, err: err.message }, 'bounty repair failed; retried later');
  const late = await refundLateCharges(p, { now, limit: EXPIRY_BATCH, retryMs: EXPIRY_RETRY_MS, warn });
  repaired += late.refunded;
  const due = await p.bounties
    .find({ state: 'active', expiresAt: { $lte: new Date(now.getTime() - BOUNTY_CLAIM_GRACE_MS) }, ...retryNow })
    .sort({ expiresAt: 1 })
    .limit(EXPIRY_BATCH)
    .toArray();
  let refunded = 0;
  for (const b of due) {
    try {
      if ((await settle(p, b, b.placerId, EXPIRED_REF)).won) refunded++;
      else repaired++;
    } catch (err) {
      // One bounty's trouble never holds up the others: it is tried again EXPIRY_RETRY_MS later.
      logger.warn({ bountyId: b._id, guildId: b.guildId, err: (err as Error).message }, 'bounty refund failed; retried later');
      await p.bounties.updateOne({ _id: b._id, state: 'active' }, { $set: later(EXPIRY_RETRY_MS) }).catch(() => undefined);
    }
  }
  if (refunded || repaired) logger.info({ refunded, repaired }, 'bounty expiry pass');
  return { refunded, repaired, more: [placing.length, late.seen, due.length].some((n) => n === EXPIRY_BATCH) };
}

/** Runs one pass now (what a crash or downtime left is settled at start), then one every EXPIRY_EVERY_MS; returns the stop. */
export async function startBountyExpiry(pass: () => Promise<unknown>, logger: Logger, everyMs = EXPIRY_EVERY_MS): Promise<() => Promise<void>> {
  const onError = (err: Error) => logger.warn({ err: err.message }, 'bounty expiry pass failed');
  await pass().catch(onError);
  const loop = new RoundLoop(pass, everyMs, onError);
  loop.start();
  return () => loop.stop();
}
