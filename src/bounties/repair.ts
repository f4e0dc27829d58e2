/**
 * Repairs of what a crash or a stalled command left, run by the expiry sweep (./expiry.ts) and /bounty list:
 * - a `placing` document settled from its in entry, or given up (void) when no charge can be on its way;
 * - a bounty given up uncharged whose charge landed after all (the command stalled past the give-up,
 *   then died before its own undo): the credits go back out of escrow under its one out key;
 * - an active document whose out entry went in before a crash: it follows the entry.
 */
import type { Collection } from 'mongodb';
import type { Bounty } from '../db/bountySchemas.js';
import { entryId } from '../economy/ledger.js';
import type { LedgerEntry } from '../economy/schemas.js';
import { bountyExpireAt, CANCELLED_REF, inKey, outKey, pastGrace } from './rules.js';
import { follow, outcomeOf, settle, type SettleParts } from './settle.js';

export type RepairParts = SettleParts & { entries: Collection<LedgerEntry> };

/** Documents whose next look (`retryAfter`, set when one had to wait or failed) is not later than `now`. */
export const retryDue = (now: Date) => ({ $or: [{ retryAfter: { $exists: false } }, { retryAfter: { $lte: now } }] });

/** A member's `placing` document older than this without its in entry was never charged (its command died first). */
export const PLACING_GIVE_UP_MS = 5 * 60_000;
/**
 * How long a bounty given up uncharged is watched for a late charge. A charge is the in entry, inserted by
 * the place (or the house's funding) that read the document `placing` before the give-up; once inserted,
 * the ledger sweep decides it within STALE_MS. A command stalled a whole day between its read and that
 * insert is far beyond any driver timeout or failover, so a day is a wide margin.
 */
export const LATE_CHARGE_WATCH_MS = 86_400_000;

/**
 * Whether a `placing` document without an in entry is given up at `now`. A member's: PLACING_GIVE_UP_MS
 * after it was placed. A house bounty's `createdAt` is its kill's time and only its kill's batch funds it
 * (a replay can skip it, e.g. after the streak setting changed): once it is past its claim grace nothing
 * could claim it, a funding would only be refunded, so it is voided and stops counting against the limits.
 */
export function givenUp(b: Pick<Bounty, 'placerId' | 'createdAt' | 'expiresAt'>, now: Date): boolean {
  return b.placerId !== null ? b.createdAt.getTime() <= now.getTime() - PLACING_GIVE_UP_MS : pastGrace(b.expiresAt, now);
}

/**
 * Settles a `placing` document from its in entry (a crash between the two, or a place in flight): applied
 * → active, refused → void; no entry → void once given up at `now` (null: never, for a cancel), with
 * `givenUpAt` so a late charge is refunded (refundLateCharges). Returns the state it is in now (`placing`
 * while the entry is pending or may still come).
 */
export async function repairPlacing(p: RepairParts, b: Bounty, now: Date | null): Promise<Bounty['state']> {
  const entry = await p.entries.findOne({ _id: entryId(b.guildId, inKey(b._id)) });
  const gaveUp = !entry && now !== null && givenUp(b, now);
  const state: Bounty['state'] = entry?.state === 'applied' ? 'active' : entry?.state === 'refused' || gaveUp ? 'void' : 'placing';
  if (state === 'placing') return state;
  const at = p.now();
  const set = state === 'void' ? { state, expireAt: bountyExpireAt(at), ...(gaveUp ? { givenUpAt: at } : {}) } : { state };
  await p.bounties.updateOne({ _id: b._id, state: 'placing' }, { $set: set, $unset: { retryAfter: '' } });
  return state;
}

/**
 * The given-up bounties of the last LATE_CHARGE_WATCH_MS (at most `limit`, by `state_given_up`, oldest
 * first, skipping those whose next look is later): one whose in entry is applied and has no out entry gets
 * its credits back to the placer (a house bounty's out of escrow to nobody) under the one out key, so a
 * place's own undo racing it moves them once. A decided one leaves the watch; one still uncharged is looked
 * at again `retryMs` later. Returns how many it refunded.
 */
export async function refundLateCharges(
  p: RepairParts,
  o: { now: Date; limit: number; retryMs: number; warn: (b: Bounty, err: Error) => void },
): Promise<{ refunded: number; seen: number }> {
  const { now, limit, retryMs, warn } = o;
  const docs = await p.bounties.find({ state: 'void', givenUpAt: { $gte: new Date(now.getTime() - LATE_CHARGE_WATCH_MS) }, ...retryDue(now) }).sort({ givenUpAt: 1 }).limit(limit).toArray();
  if (!docs.length) return { refunded: 0, seen: 0 };
  const ids = docs.flatMap((b) => [entryId(b.guildId, inKey(b._id)), entryId(b.guildId, outKey(b._id))]);
  const states = new Map((await p.entries.find({ _id: { $in: ids } }, { projection: { state: 1 } }).toArray()).map((e) => [e._id, e.state]));
  const later = (id: string) => p.bounties.updateOne({ _id: id }, { $set: { retryAfter: new Date(now.getTime() + retryMs) } });
  const done = (id: string) => p.bounties.updateOne({ _id: id }, { $unset: { givenUpAt: '', retryAfter: '' } });
  let refunded = 0;
  for (const b of docs) {
    const charged = states.get(entryId(b.guildId, inKey(b._id)));
    const out = states.get(entryId(b.guildId, outKey(b._id)));
    try {
      if (charged === 'applied' && out !== 'applied') {
        // The document stays void (follow moves only placing/active ones): in and out, nothing is left in escrow.
        if ((await settle(p, b, b.placerId, CANCELLED_REF)).won) refunded++;
        await done(b._id);
      } else if (charged === 'refused' || charged === 'applied') await done(b._id);
      else await later(b._id); // no charge yet (or one still pending): look again later, until the watch ends
    } catch (err) {
      warn(b, err as Error);
      await later(b._id).catch(() => undefined);
    }
  }
  return { refunded, seen: docs.length };
}

/**
 * The documents among `docs` (active ones) whose out entry is applied follow it now (a crash came between
 * the two); returns the others, still active. One read of the ledger by _id.
 */
export async function followSettled(p: RepairParts, docs: readonly Bounty[]): Promise<Bounty[]> {
  if (!docs.length) return [];
  const outs = new Map((await p.entries.find({ _id: { $in: docs.map((b) => entryId(b.guildId, outKey(b._id))) }, state: 'applied' }).toArray()).map((e) => [e._id, e]));
  const open: Bounty[] = [];
  for (const b of docs) {
    const e = outs.get(entryId(b.guildId, outKey(b._id)));
    if (e) await follow(p, b, outcomeOf(e), e.doneAt ?? e.at);
    else open.push(b);
  }
  return open;
}
