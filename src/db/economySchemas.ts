import type { Collection } from 'mongodb';
/** Stored shapes of the economy (zod: the one source of their types). Credits are per guild. */
import { z } from 'zod';

/** `bounty`: into or out of escrow; `eco`: an admin's give, take or reset; `game`: a bet or a win; `faction`: a faction's cost. */
export const LEDGER_REASONS = ['kill', 'pixel', 'daily', 'give', 'shop', 'migration', 'bounty', 'eco', 'game', 'faction'] as const;
export type LedgerReason = (typeof LEDGER_REASONS)[number];

/** One side of an entry: a member's balance moves by `amount` (negative: spent or given away). */
export const ledgerLegSchema = z.object({ userId: z.string(), amount: z.number().int() });
export type LedgerLeg = z.infer<typeof ledgerLegSchema>;

/**
 * One change of credits (`credit_ledger`). `_id` is the idempotency key of its cause (a kill's event id,
 * a placement id, a daily claim's date, an interaction id), so the same cause can never be entered twice.
 * A transfer is one entry with two legs (debit first). `pending` until every leg is on the balances;
 * `refused` when the first (debit) leg found too few credits: then nothing moved.
 */
export const ledgerEntrySchema = z.object({
  _id: z.string(),
  guildId: z.string(),
  reason: z.enum(LEDGER_REASONS),
  /** What it was for, in words or ids an admin can follow (item id, other member, event id). */
  ref: z.string().nullable().default(null),
  legs: z.array(ledgerLegSchema).min(1).max(2),
  state: z.enum(['pending', 'applied', 'refused']),
  /** The balances' markers of this entry were removed (after `applied`/`refused`). */
  cleared: z.boolean().default(false),
  at: z.date(),
  doneAt: z.date().nullable().default(null),
  /** Set with `cleared`: a TTL index deletes the entry then (./ledgerRetention.ts); absent: kept. */
  expiresAt: z.date().optional(),
  /** Sweep attempts that failed on this entry (it is retried at `retryAt`); absent once it succeeded. */
  failures: z.number().int().optional(),
  retryAt: z.date().optional(),
  lastError: z.string().optional(),
});
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

/**
 * A member's credits in a guild (`credit_balances`), never below zero. `pending` holds a marker per recent
 * entry with a leg here (`true`: applied; `'refused'`: a debit that found too few credits): the guard that
 * makes a replayed leg a no-op, until the entry is decided and its markers cleared (./ledgerMarkers.ts).
 */
export const creditBalanceSchema = z.object({
  _id: z.string(), // `${guildId}:${userId}`
  guildId: z.string(),
  userId: z.string(),
  credits: z.number().int().min(0).default(0),
  pending: z.record(z.string(), z.union([z.literal(true), z.literal('refused')])).default({}),
  /** Bumped by every removal of markers here: a worker other than an entry's inserter applies a leg only under the fence it read (./ledgerMarkers.ts). */
  fence: z.number().int().optional(),
  updatedAt: z.date().optional(),
});
export type CreditBalance = z.infer<typeof creditBalanceSchema>;

/** The ledger's two collections (src/economy/ledger.ts and its sweep). */
export interface LedgerCollections {
  ledger: Collection<LedgerEntry>;
  balances: Collection<CreditBalance>;
}
