/**
 * A bounty's credits out of escrow: the one ledger entry `bounty:<id>:out`, whoever enters it first (a
 * claim, the refund at expiry, a cancel) decides where they go; every later attempt finds that entry
 * (`fresh: false`) and reads the outcome from its ref and legs. The document follows the entry, also when
 * a crash came between the two: whoever next settles or reads the bounty repairs it from the entry.
 */
import type { Collection } from 'mongodb';
import type { Bounty } from '../db/bountySchemas.js';
import { ESCROW_ACCOUNT } from '../economy/economy.js';
import { entryId, type CreditLedger } from '../economy/ledger.js';
import type { LedgerEntry } from '../economy/schemas.js';
import { bountyExpireAt, inKey, outKey, settledBy } from './rules.js';

export interface SettleParts {
  bounties: Collection<Bounty>;
  ledger: Pick<CreditLedger, 'apply'>;
  now: () => Date;
  /** Test hook: after the out entry is decided, before the document follows it (crash tests stop there). */
  onSettled?: () => void;
}

export interface Settled {
  /** This attempt's cause is the one that moved the credits. */
  won: boolean;
  state: 'claimed' | 'refunded' | 'cancelled';
  /** Who got the credits (absent: a house bounty's refund, back to nobody). */
  to?: string;
  claim?: string;
}

/** What an out entry says happened to its bounty. */
export function outcomeOf(entry: Pick<LedgerEntry, 'ref' | 'legs'>): Omit<Settled, 'won'> {
  const { state, claim } = settledBy(entry.ref);
  const to = entry.legs.find((l) => l.amount > 0)?.userId;
  return { state, ...(to ? { to } : {}), ...(claim ? { claim } : {}) };
}

/**
 * Moves the bounty's credits from escrow to `to` (null: out of escrow to nobody, a house bounty's refund)
 * under its one out key, or finds who they went to. Resumes an entry a crash left pending (`resume`), so
 * the caller can go on knowing the credits are where the entry says.
 */
export async function settle(p: SettleParts, b: Bounty, to: string | null, ref: string): Promise<Settled> {
  const legs = to === null ? [{ userId: ESCROW_ACCOUNT, amount: -b.amount }] : [{ userId: ESCROW_ACCOUNT, amount: -b.amount }, { userId: to, amount: b.amount }];
  const r = await p.ledger.apply({ guildId: b.guildId, key: outKey(b._id), reason: 'bounty', ref, legs }, p.now(), { resume: true });
  // Escrow holds every active bounty's credits: a refusal means the books are wrong, never a normal race.
  if (r.outcome !== 'applied') throw new Error(`bounty ${b._id}: its settlement is ${r.outcome}`);
  p.onSettled?.();
  const out = outcomeOf(r.entry);
  await follow(p, b, out, r.entry.doneAt ?? r.entry.at);
  return { won: r.entry.ref === ref, ...out };
}

/** The document takes the state its out entry decided (a no-op when it has it already). */
export async function follow(p: Pick<SettleParts, 'bounties'>, b: Pick<Bounty, '_id'>, out: Omit<Settled, 'won'>, at: Date): Promise<void> {
  const set = { state: out.state, settledAt: at, expireAt: bountyExpireAt(at), ...(out.to ? { settledTo: out.to } : {}), ...(out.claim ? { claimRef: out.claim } : {}) };
  await p.bounties.updateOne({ _id: b._id, state: { $in: ['placing', 'active'] } }, { $set: set });
}

/**
 * Settles a `placing` document from its in entry (a crash between the two, or a place in flight): applied
 * → active, refused → void; no entry → void only once `givenUpAt` passed (the placer was never charged;
 * never a house bounty, which its kill's batch funds when replayed: voiding it could race that funding).
 * Returns the state it is in now (`placing` while the entry is still pending).
 */
export async function repairPlacing(p: SettleParts & { entries: Collection<LedgerEntry> }, b: Bounty, givenUpAt: Date): Promise<Bounty['state']> {
  const entry = await p.entries.findOne({ _id: entryId(b.guildId, inKey(b._id)) });
  // A house bounty's createdAt is its kill's time (old in a backfill), and it charges nobody: only its batch's replay funds it.
  const givenUp = !entry && b.placerId !== null && b.createdAt < givenUpAt;
  const state = entry?.state === 'applied' ? 'active' : entry?.state === 'refused' || givenUp ? 'void' : 'placing';
  if (state !== 'placing') await p.bounties.updateOne({ _id: b._id, state: 'placing' }, { $set: { state, ...(state === 'void' ? { expireAt: bountyExpireAt(new Date()) } : {}) } });
  return state;
}
