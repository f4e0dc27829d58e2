/**
 * Bounds on the collections that grow with events, run every RETENTION_EVERY_MS by one process (the one
 * holding shard 0): `canvas_log` pruned per guild (src/canvas/logRetention.ts); the credit ledger expires
 * by its TTL index (src/economy/ledgerRetention.ts) and needs nothing here. Also keeps the sizes of the
 * biggest collections for /metrics (estimatedDocumentCount: collection metadata, no scan).
 */
import { pruneCanvasLogs } from '../canvas/logRetention.js';
import type { Collections } from '../db/collections.js';
import type { Logger } from '../logger.js';

export const RETENTION_EVERY_MS = 10 * 60_000;

type Cols = Pick<Collections, 'canvasBoards' | 'canvasLog' | 'creditLedger' | 'creditBalances'>;

export class Retention {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  /** Boards changed since this time are pruned at the next pass (null: all, the first pass). */
  private since: Date | null = null;
  private figures = { pruned: 0, canvasLog: 0, creditLedger: 0, creditBalances: 0 };

  constructor(
    private readonly cols: Cols,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.running = this.pass();
    this.timer = setInterval(() => {
      this.running = this.running.then(() => this.pass());
    }, RETENTION_EVERY_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass; never rejects (a failure is logged and the next pass tries again). */
  async pass(now = new Date()): Promise<void> {
    try {
      // A minute of overlap: a placement's board write and this read may cross.
      const deleted = await pruneCanvasLogs(this.cols, this.since && new Date(this.since.getTime() - 60_000), now);
      this.since = now;
      this.figures.pruned += deleted;
      if (deleted) this.logger.info({ deleted }, 'old canvas placements pruned');
      const [canvasLog, creditLedger, creditBalances] = await Promise.all([
        this.cols.canvasLog.estimatedDocumentCount(),
        this.cols.creditLedger.estimatedDocumentCount(),
        this.cols.creditBalances.estimatedDocumentCount(),
      ]);
      Object.assign(this.figures, { canvasLog, creditLedger, creditBalances });
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'retention pass failed');
    }
  }

  gauges(): Record<string, number> {
    return {
      tower_canvas_log_pruned_total: this.figures.pruned,
      tower_storage_canvas_log_documents: this.figures.canvasLog,
      tower_storage_credit_ledger_documents: this.figures.creditLedger,
      tower_storage_credit_balances_documents: this.figures.creditBalances,
    };
  }
}
