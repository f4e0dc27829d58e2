/** What enters the credit ledger (./ledger.ts) and what it answers. */
import type { LedgerEntry, LedgerLeg, LedgerReason } from './schemas.js';

export interface LedgerInput {
  guildId: string;
  /** Idempotency key of the cause, unique per guild (e.g. `kill:<eventId>`, `daily:<userId>:<date>`). */
  key: string;
  reason: LedgerReason;
  ref?: string | null;
  /** One leg (earn, spend) or two (transfer: the debit first). */
  legs: LedgerLeg[];
}

/** `pending`: the same cause is being entered right now by another request (a double click). */
export type LedgerOutcome = 'applied' | 'refused' | 'pending';

export interface LedgerResult {
  outcome: LedgerOutcome;
  /** False when this cause had been entered before (a replay, a double click): nothing moved now. */
  fresh: boolean;
  entry: LedgerEntry;
}

/** Test hook: called after each step of an entry (crash tests stop the process there). */
export type LedgerStepHook = (step: 'inserted' | 'leg' | 'decided' | 'cleared') => void;
