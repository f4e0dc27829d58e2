/**
 * Writes gathered for a moment and sent together: under a crowd one round trip carries many callers'
 * writes instead of one each. The first item of a window waits `delayMs` for company (a window of `max`
 * items is written at once, which also bounds what is held); windows are written one after the other, so
 * flush() resolving means every item added before it is written.
 *
 * Used for what is written off the member's reply path in high volume: pixel credits (economy), the
 * canvas's counters and marks, command counts.
 */
import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';

export interface WriteWindowOptions {
  delayMs: number;
  /** Items that make a window be written at once (default 1,000). */
  max?: number;
}

export class WriteWindow<T> {
  private items: T[] = [];
  private waiters: Array<{ resolve: () => void; reject: (err: unknown) => void }> = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private readonly max: number;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly options: WriteWindowOptions,
  ) {
    this.max = options.max ?? 1_000;
  }

  /** Items waiting for their window to be written. */
  get pending(): number {
    return this.items.length;
  }

  /** Adds an item; resolves once its window is written, rejects with the window's write error. */
  add(item: T): Promise<void> {
    this.items.push(item);
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (this.items.length >= this.max) void this.flush().catch(() => undefined);
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush().catch(() => undefined), this.options.delayMs);
      this.timer.unref();
    }
    return done;
  }

  /** Writes what is gathered now; resolves once it and every window before it are written (rejects when this one failed). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const items = this.items;
    const waiters = this.waiters;
    this.items = [];
    this.waiters = [];
    if (!items.length) return this.writing;
    const write = this.writing.then(() => this.write(items));
    this.writing = write.catch(() => undefined);
    void write.then(
      () => waiters.forEach((w) => w.resolve()),
      (err: unknown) => waiters.forEach((w) => w.reject(err)),
    );
    return write;
  }
}

/** A window's upserts in one round trip: updateOne for one, an unordered bulkWrite for several. */
export async function upsertAll<T extends Document>(collection: Collection<T>, ops: AnyBulkWriteOperation<T>[]): Promise<void> {
  if (!ops.length) return;
  const only = ops.length === 1 ? (ops[0] as { updateOne?: { filter: object; update: object } }).updateOne : undefined;
  if (only) await collection.updateOne(only.filter, only.update, { upsert: true });
  else await collection.bulkWrite(ops, { ordered: false });
}
