/**
 * What follows a placement off the reply path: the member's pixel counter and the pixel hook (the
 * economy pays for pixels there). A slow database or economy must not slow the member's answer; their
 * failures are logged and never undo the placement.
 *
 * Delivery is at least once: each log entry is marked `credited` once the hook succeeded, and the
 * entries of the last HOOK_RETRY_WINDOW_MS left unmarked (a crash after the reply, a failed hook) are
 * delivered again, so the hook must act once per `placementId`.
 */
import type { Collection } from 'mongodb';
import type { CanvasPlacement } from '../db/canvasSchemas.js';
import type { Logger } from '../logger.js';
import type { PlacementBookkeeping } from './bookkeeping.js';

/** What the economy needs to know about a placement. */
export interface PixelPlacedEvent {
  guildId: string;
  userId: string;
  /** The placement's canvas log entry id: unique per placement, the key to pay it once. */
  placementId: string;
  x: number;
  y: number;
  color: number;
  at: Date;
}

/** Unmarked placements older than this are delivered again (younger ones may still be on their way). */
export const HOOK_RETRY_GRACE_MS = 60_000;
/** How far back unmarked placements are looked for. */
export const HOOK_RETRY_WINDOW_MS = 6 * 3600_000;
const HOOK_RETRY_BATCH = 1_000;

export class PixelHook {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly canvasLog: Collection<CanvasPlacement>,
    private readonly bookkeeping: PlacementBookkeeping,
    private readonly logger: Logger,
    private readonly onPixelPlaced?: (event: PixelPlacedEvent) => Promise<void>,
  ) {}

  /** Whether log entries wait for a mark (placements then write `credited: false`). */
  get delivers(): boolean {
    return this.onPixelPlaced !== undefined;
  }

  /** The counter and the hook of one placement, off the reply path. */
  after(event: PixelPlacedEvent): void {
    this.bookkeeping.countPixel(event.guildId, event.userId);
    if (!this.onPixelPlaced) return;
    const work = this.deliver(event).catch((err: Error) => this.logger.warn({ err: err.message, guildId: event.guildId }, 'pixel-placed hook failed'));
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  /** The hook, then the entry's mark (a crash between the two delivers it again: the hook pays once). */
  private async deliver(event: PixelPlacedEvent): Promise<void> {
    if (!this.onPixelPlaced) return;
    await this.onPixelPlaced(event);
    this.bookkeeping.markCredited(event.guildId, event.placementId);
  }

  /**
   * Delivers the hook again for placements of the last HOOK_RETRY_WINDOW_MS whose entry is still unmarked
   * (at most HOOK_RETRY_BATCH per call, oldest first); returns how many were delivered now (and marked).
   */
  async retryUndelivered(now = new Date()): Promise<number> {
    if (!this.onPixelPlaced) return 0;
    const due = await this.canvasLog
      .find({ credited: false, at: { $gte: new Date(now.getTime() - HOOK_RETRY_WINDOW_MS), $lt: new Date(now.getTime() - HOOK_RETRY_GRACE_MS) } })
      .sort({ at: 1 })
      .limit(HOOK_RETRY_BATCH)
      .toArray();
    let delivered = 0;
    // All at once: the hook batches its credits, so they share a few round trips instead of waiting in turn.
    await Promise.all(
      due.map((e) =>
        this.deliver({ guildId: e.guildId, userId: e.userId, placementId: e._id, x: e.x, y: e.y, color: e.color, at: e.at }).then(
          () => void delivered++,
          (err: unknown) => this.logger.warn({ err: (err as Error).message, guildId: e.guildId }, 'pixel-placed hook failed again'),
        ),
      ),
    );
    await this.bookkeeping.flush();
    return delivered;
  }

  /** Resolves once every hook delivery so far is done (its mark queued). */
  async delivered(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }
}
