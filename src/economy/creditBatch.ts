/**
 * Credits gathered for a moment and entered together (CreditLedger.applyCredits): under a crowd many
 * pixels' credits share three bulk round trips instead of three round trips each. Each caller's promise
 * settles when its own entry is decided — applied on the balance, as with a single entry — or rejects
 * when its batch failed; then its entry is where a crash at that point would have left it, and the
 * caller's retry (or the sweep) finishes it, once per key.
 *
 * Only credits to one member go here (pixels); spending, gifts and daily claims keep the single-entry
 * path, whose answer the member waits for.
 */
import { WriteWindow } from '../db/writeWindow.js';
import type { CreditLedger, LedgerInput, LedgerResult } from './ledger.js';
import { entryId } from './ledger.js';

/** How long the first credit of a batch waits for company. */
export const CREDIT_BATCH_DELAY_MS = 20;

interface Credit {
  id: string;
  input: LedgerInput;
  /** Set when its batch is entered. */
  result?: LedgerResult;
}

export class CreditBatch {
  private readonly window: WriteWindow<Credit>;

  constructor(
    private readonly ledger: Pick<CreditLedger, 'applyCredits'>,
    delayMs = CREDIT_BATCH_DELAY_MS,
  ) {
    this.window = new WriteWindow((credits) => this.enter(credits), { delayMs });
  }

  /** Enters a one-leg credit with the next batch; resolves with its outcome (as apply with `resume`). */
  async credit(input: LedgerInput): Promise<LedgerResult> {
    const credit: Credit = { id: entryId(input.guildId, input.key), input };
    await this.window.add(credit);
    return credit.result!;
  }

  /**
   * Enters everything queued so far. Batches are entered one after the other, so it resolves once every
   * credit queued before it is decided (or its failure passed to its caller).
   */
  flush(): Promise<void> {
    return this.window.flush().catch(() => undefined);
  }

  /** One entry per key: the same cause twice in a batch (a retry meeting the live delivery) is entered once, both told. */
  private async enter(credits: Credit[]): Promise<void> {
    const first = new Map<string, Credit>();
    for (const c of credits) if (!first.has(c.id)) first.set(c.id, c);
    const unique = [...first.values()];
    const results = await this.ledger.applyCredits(unique.map((c) => c.input));
    const byId = new Map(unique.map((c, i) => [c.id, results[i]!]));
    for (const c of credits) {
      const r = byId.get(c.id)!;
      c.result = first.get(c.id) === c ? r : { ...r, fresh: false };
    }
  }
}
