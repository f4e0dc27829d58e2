/**
 * A bounty's credits out of escrow: the one ledger entry `bounty:<id>:out`, whoever enters it first (a
 * claim, the refund at expiry, a cancel) decides where they go; every later attempt finds that entry
 * (`fresh: false`) and reads the outcome from its ref and legs. The document follows the entry, also when
 * a crash came between the two: whoever next settles or reads the bounty repairs it from the entry.
 */
import type { Collection } from 'mongodb';
import type { Bounty } from '../db/bountySchemas.js';
import { ESCROW_ACCOUNT } from '../economy/economy.js';
import type { CreditLedger } from '../economy/ledger.js';
import type { LedgerEntry } from '../economy/schemas.js';
import { bountyExpireAt, outKey, settledBy } from './rules.js';

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
