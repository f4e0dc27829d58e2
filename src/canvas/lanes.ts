/**
 * Group commit, the mechanism: writes of one kind for one guild queue in a lane; while one batch of the
 * lane is on its way to MongoDB, what arrives meanwhile waits and goes as the next batch. A lone write
 * waits for nothing, and a crowd costs one round trip per batch instead of one per write. What a batch
 * is (one insertMany, one updateOne, one bulkWrite) and how each write learns its outcome is the
 * caller's `run` (./commits.ts, ./cooldowns.ts).
 */

export interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (err: unknown) => void;
}

interface Lane<T, R> {
  waiting: Array<Waiting<T, R>>;
  busy: boolean;
}

export class Lanes<T, R> {
  private readonly lanes = new Map<string, Lane<T, R>>();

  /** `run` settles every waiting write of the batch; if it throws, the writes it left unsettled fail with its error. */
  constructor(
    private readonly maxBatch: number,
    private readonly run: (batch: Array<Waiting<T, R>>) => Promise<void>,
  ) {}

  add(key: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let lane = this.lanes.get(key);
      if (!lane) this.lanes.set(key, (lane = { waiting: [], busy: false }));
      lane.waiting.push({ item, resolve, reject });
      this.pump(key);
    });
  }

  private pump(key: string): void {
    const lane = this.lanes.get(key);
    if (!lane || lane.busy) return;
    if (!lane.waiting.length) {
      this.lanes.delete(key);
      return;
    }
    lane.busy = true;
    const batch = lane.waiting.splice(0, this.maxBatch);
    void this.run(batch)
      .catch((err: unknown) => {
        for (const w of batch) w.reject(err); // settling twice does nothing: only the unsettled ones fail
      })
      .finally(() => {
        lane.busy = false;
        this.pump(key);
      });
  }
}
