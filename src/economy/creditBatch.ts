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
import type { CreditLedger, LedgerInput, LedgerResult } from './ledger.js';
import { entryId } from './ledger.js';

/** How long the first credit of a batch waits for company. */
export const CREDIT_BATCH_DELAY_MS = 20;
/** A batch this big is entered at once. */
const BATCH_MAX = 1_000;

interface Queued {
  input: LedgerInput;
  waiters: Array<{ resolve: (r: LedgerResult) => void; reject: (err: unknown) => void }>;
}

export class CreditBatch {
  private queued = new Map<string, Queued>();
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly ledger: Pick<CreditLedger, 'applyCredits'>,
    private readonly delayMs = CREDIT_BATCH_DELAY_MS,
  ) {}

  /** Enters a one-leg credit with the next batch; resolves with its outcome (as apply with `resume`). */
  credit(input: LedgerInput): Promise<LedgerResult> {
    const id = entryId(input.guildId, input.key);
    return new Promise<LedgerResult>((resolve, reject) => {
      const hit = this.queued.get(id);
      // The same cause twice in one batch (a retry meeting the live delivery): one entry, both told.
      if (hit) hit.waiters.push({ resolve, reject });
      else this.queued.set(id, { input, waiters: [{ resolve, reject }] });
      if (this.queued.size >= BATCH_MAX) void this.flush();
      else if (!this.timer) {
        this.timer = setTimeout(() => void this.flush(), this.delayMs);
        this.timer.unref();
      }
    });
  }

  /**
   * Enters everything queued so far. Batches are entered one after the other, so it resolves once every
   * credit queued before it is decided (or its failure passed to its caller).
   */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = [...this.queued.values()];
    this.queued = new Map();
    if (!batch.length) return this.writing;
    const write = this.writing.then(async () => {
      try {
        const results = await this.ledger.applyCredits(batch.map((q) => q.input));
        batch.forEach((q, i) => q.waiters.forEach((w, n) => w.resolve(n === 0 ? results[i]! : { ...results[i]!, fresh: false })));
      } catch (err) {
        for (const q of batch) for (const w of q.waiters) w.reject(err);
      }
    });
    this.writing = write;
    return write;
  }
}
