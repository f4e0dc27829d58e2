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
import { upsertAll, WriteWindow } from '../db/writeWindow.js';
import type { Logger } from '../logger.js';

/** How long the first write of a batch waits for company. */
export const BOOKKEEPING_DELAY_MS = 20;

export interface BookkeepingCollections {
  canvasLog: Collection<CanvasPlacement>;
  memberStats: Collection<MemberStats>;
}

/** A pixel for a member's counter, or a placement whose credit went through. */
type Item = { pixel: true; guildId: string; userId: string } | { pixel: false; guildId: string; placementId: string };

export class PlacementBookkeeping {
  private readonly window: WriteWindow<Item>;

  constructor(
    private readonly cols: BookkeepingCollections,
    private readonly logger: Logger,
    delayMs = BOOKKEEPING_DELAY_MS,
  ) {
    this.window = new WriteWindow((items) => this.write(items), { delayMs });
  }

  /** One more pixel for the member's counter. */
  countPixel(guildId: string, userId: string): void {
    void this.window.add({ pixel: true, guildId, userId });
  }

  /** The entry's credit went through: mark it so the retry leaves it alone. */
  markCredited(guildId: string, placementId: string): void {
    void this.window.add({ pixel: false, guildId, placementId });
  }

  /** Writes everything queued so far; resolves when written (or the failure logged). */
  flush(): Promise<void> {
    return this.window.flush();
  }

  /** One upsert per member's counter, one update per guild's marks, sent together; failures are logged. */
  private async write(items: Item[]): Promise<void> {
    const counts = new Map<string, { guildId: string; userId: string; n: number }>();
    const marks = new Map<string, string[]>();
    for (const item of items) {
      if (item.pixel) {
        const hit = counts.get(`${item.guildId}:${item.userId}`);
        if (hit) hit.n++;
        else counts.set(`${item.guildId}:${item.userId}`, { guildId: item.guildId, userId: item.userId, n: 1 });
      } else {
        const ids = marks.get(item.guildId);
        if (ids) ids.push(item.placementId);
        else marks.set(item.guildId, [item.placementId]);
      }
    }
    await Promise.all([this.writeCounts([...counts.values()]), ...[...marks].map(([guildId, ids]) => this.writeMarks(guildId, ids))]);
  }

  private async writeCounts(counts: Array<{ guildId: string; userId: string; n: number }>): Promise<void> {
    const ops: AnyBulkWriteOperation<MemberStats>[] = counts.map(({ guildId, userId, n }) => ({
      updateOne: { filter: { _id: `${guildId}:${userId}`, guildId, userId }, update: { $inc: { canvasPixelsPlaced: n } }, upsert: true },
    }));
    try {
      await upsertAll(this.cols.memberStats, ops);
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
