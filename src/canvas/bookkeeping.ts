/**
 * The writes a placement leaves behind once the member has their answer — the member's pixel counter
 * (`member_stats.canvasPixelsPlaced`) and the `credited` mark of log entries whose credit went through —
 * gathered for a moment and written together: under a crowd one round trip carries many placements'
 * bookkeeping instead of one each.
 *
 * Nothing here decides anything: the counter was already written off the reply path and its failure
 * only logged, and a mark that is never written leaves the entry to the retry of unmarked placements,
 * whose hook pays once per placement (see CanvasService). So a batch lost to a crash or a failed write
 * costs exactly what one lost single write cost before.
 */
import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import type { CanvasPlacement } from '../db/canvasSchemas.js';
import type { MemberStats } from '../db/schemas.js';
import type { Logger } from '../logger.js';

/** How long the first write of a batch waits for company. */
export const BOOKKEEPING_DELAY_MS = 20;
/** A batch this big is written at once. */
const BATCH_MAX = 1_000;

export interface BookkeepingCollections {
  canvasLog: Collection<CanvasPlacement>;
  memberStats: Collection<MemberStats>;
}

export class PlacementBookkeeping {
  /** `${guildId}:${userId}` → pixels placed since the last write. */
  private counts = new Map<string, { guildId: string; userId: string; n: number }>();
  /** guildId → placement ids to mark credited. */
  private marks = new Map<string, string[]>();
  private queued = 0;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly cols: BookkeepingCollections,
    private readonly logger: Logger,
    private readonly delayMs = BOOKKEEPING_DELAY_MS,
  ) {}

  /** One more pixel for the member's counter. */
  countPixel(guildId: string, userId: string): void {
    const key = `${guildId}:${userId}`;
    const hit = this.counts.get(key);
    if (hit) hit.n++;
    else this.counts.set(key, { guildId, userId, n: 1 });
    this.queue();
  }

  /** The entry's credit went through: mark it so the retry leaves it alone. */
  markCredited(guildId: string, placementId: string): void {
    const ids = this.marks.get(guildId);
    if (ids) ids.push(placementId);
    else this.marks.set(guildId, [placementId]);
    this.queue();
  }

  /** Writes everything queued so far; resolves when written (or the failure logged). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const counts = [...this.counts.values()];
    const marks = [...this.marks];
    this.counts = new Map();
    this.marks = new Map();
    this.queued = 0;
    if (!counts.length && !marks.length) return this.writing;
    // Batches are written one after the other, so flush() resolving means everything before it is written.
    const write = this.writing.then(() => Promise.all([this.writeCounts(counts), ...marks.map(([guildId, ids]) => this.writeMarks(guildId, ids))]).then(() => undefined));
    this.writing = write;
    return write;
  }

  private queue(): void {
    if (++this.queued >= BATCH_MAX) {
      void this.flush();
      return;
    }
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.delayMs);
      this.timer.unref();
    }
  }

  private async writeCounts(counts: Array<{ guildId: string; userId: string; n: number }>): Promise<void> {
    if (!counts.length) return;
    const ops: AnyBulkWriteOperation<MemberStats>[] = counts.map(({ guildId, userId, n }) => ({
      updateOne: { filter: { _id: `${guildId}:${userId}`, guildId, userId }, update: { $inc: { canvasPixelsPlaced: n } }, upsert: true },
    }));
    try {
      if (ops.length === 1) {
        const { filter, update } = (ops[0] as { updateOne: { filter: object; update: object } }).updateOne;
        await this.cols.memberStats.updateOne(filter, update, { upsert: true });
      } else {
        await this.cols.memberStats.bulkWrite(ops, { ordered: false });
      }
    } catch (err) {
      this.logger.warn({ err: (err as Error).message, members: counts.length }, 'could not count placed pixels');
    }
  }

  private async writeMarks(guildId: string, ids: string[]): Promise<void> {
    try {
      if (ids.length === 1) await this.cols.canvasLog.updateOne({ _id: ids[0]!, guildId }, { $set: { credited: true } });
      else await this.cols.canvasLog.updateMany({ guildId, _id: { $in: ids } }, { $set: { credited: true } });
    } catch (err) {
      // The entries stay unmarked: the retry of unmarked placements delivers them again (paid once).
      this.logger.warn({ err: (err as Error).message, guildId, placements: ids.length }, 'could not mark placements credited');
    }
  }
}
