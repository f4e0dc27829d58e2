/**
 * How much one poll may do. A file that grew by gigabytes (a backfill, a server spewing junk) is read
 * over several polls, so a poll slot is never held for long and other servers get their turn; progress
 * is committed batch by batch, so nothing is lost or counted twice across the cut.
 */
import { MAX_LINE_BYTES } from '../deadside/index.js';

/** Bytes one poll reads from the game server, across its files. */
export const POLL_BYTE_BUDGET = 32 * 1024 * 1024;
/** Time one poll spends before it stops at the next batch boundary. */
export const POLL_TIME_BUDGET_MS = 10_000;
/** Journaled text per batch: a batch document stays far below MongoDB's 16 MB whatever the lines hold. */
export const BATCH_MAX_BYTES = 1024 * 1024;
/** Lines per batch. */
export const BATCH_MAX_LINES = 1000;

/**
 * A poll's remaining budget. The clock may stop a poll once it has read something: the reader goes on
 * with a file until it has made progress there (see readLines: a read of at least MAX_LINE_BYTES + 1
 * bytes from a line start completes a line or starts skipping one), so every poll makes progress however
 * small the budgets. Time is checked between batches and between files, so thousands of tiny files stop
 * on the clock too (a guard on bytes read would wait for 64 KiB they may never add up to).
 */
export class PollBudget {
  private spent = 0;
  private reads = 0;
  private readonly bytes: number;
  private readonly deadline: number;

  constructor(
    bytes: number = POLL_BYTE_BUDGET,
    timeMs: number = POLL_TIME_BUDGET_MS,
    private readonly clock: () => number = Date.now,
  ) {
    this.bytes = Math.max(bytes, MAX_LINE_BYTES + 1);
    this.deadline = clock() + timeMs;
  }

  /** Records one read of `n` bytes. */
  spend(n: number): void {
    this.spent += n;
    this.reads++;
  }

  /** The clock ran out, and at least one read happened. */
  get timeUp(): boolean {
    return this.reads > 0 && this.clock() >= this.deadline;
  }

  /** The byte budget is spent. */
  get bytesSpent(): boolean {
    return this.spent >= this.bytes;
  }

  get exhausted(): boolean {
    return this.bytesSpent || this.timeUp;
  }

  /** Size of the next read: a whole chunk, or what is left of the byte budget (never less than a line). */
  readSize(chunkBytes: number): number {
    return Math.min(chunkBytes, Math.max(this.bytes - this.spent, MAX_LINE_BYTES + 1));
  }
}
