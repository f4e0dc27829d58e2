import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import type { MemberStats } from '../db/schemas.js';

/** How long the first count of a batch waits for company. */
export const USAGE_DELAY_MS = 20;
/** A batch with this many members is written at once. */
const BATCH_MAX = 1_000;

interface Pending {
  guildId: string;
  userId: string;
  n: number;
  lastAt: Date;
}

/**
 * Per-member counters shown on profiles (`commands_used`), off the reply path. Counts are gathered for
 * USAGE_DELAY_MS and written together, one upsert per member in one bulkWrite: under a crowd one round
 * trip carries many commands. A count is a statistic, never a decision: a batch lost to a crash or a
 * failed write costs what the lost single writes cost before (the commands of those ~20 ms go uncounted,
 * and each caller's promise rejects so the failure is logged where it was before).
 */
export class UsageStats {
  private queued = new Map<string, Pending>();
  /** Callers of the queued batch, told when it is written. */
  private waiters: Array<{ resolve: () => void; reject: (err: unknown) => void }> = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly collection: Collection<MemberStats>,
    private readonly delayMs = USAGE_DELAY_MS,
  ) {}

  /** Counts one command; resolves once the count is written (rejects when its batch failed). */
  commandUsed(guildId: string, userId: string, at = new Date()): Promise<void> {
    const key = `${guildId}:${userId}`;
    const hit = this.queued.get(key);
    if (hit) {
      hit.n++;
      if (at > hit.lastAt) hit.lastAt = at;
    } else {
      this.queued.set(key, { guildId, userId, n: 1, lastAt: at });
    }
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (this.queued.size >= BATCH_MAX) void this.flush().catch(() => undefined);
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush().catch(() => undefined), this.delayMs);
      this.timer.unref();
    }
    return done;
  }

  /**
   * Writes everything counted so far. Batches are written one after the other, so it resolves once every
   * count before it is written; it rejects when this batch's write failed.
   */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = [...this.queued.values()];
    const waiters = this.waiters;
    this.queued = new Map();
    this.waiters = [];
    if (!batch.length) return this.writing;
    const write = this.writing.then(() => this.write(batch));
    this.writing = write.catch(() => undefined);
    void write.then(
      () => waiters.forEach((w) => w.resolve()),
      (err: unknown) => waiters.forEach((w) => w.reject(err)),
    );
    return write;
  }

  /** Writes what is queued (shutdown). */
  async stop(): Promise<void> {
    await this.flush().catch(() => undefined);
  }

  private async write(batch: Pending[]): Promise<void> {
    const ops: AnyBulkWriteOperation<MemberStats>[] = batch.map(({ guildId, userId, n, lastAt }) => ({
      updateOne: { filter: { _id: `${guildId}:${userId}`, guildId, userId }, update: { $inc: { commandsUsed: n }, $set: { lastCommandAt: lastAt } }, upsert: true },
    }));
    if (ops.length === 1) {
      const { filter, update } = (ops[0] as { updateOne: { filter: object; update: object } }).updateOne;
      await this.collection.updateOne(filter, update, { upsert: true });
    } else {
      await this.collection.bulkWrite(ops, { ordered: false });
    }
  }

  /** The member's counters, with their commands counted in this process so far written first. */
  async get(guildId: string, userId: string): Promise<MemberStats | null> {
    if (this.queued.has(`${guildId}:${userId}`)) await this.flush().catch(() => undefined);
    else await this.writing;
    return this.collection.findOne({ _id: `${guildId}:${userId}`, guildId });
  }
}
