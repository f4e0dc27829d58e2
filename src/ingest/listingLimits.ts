/**
 * The bounds on what listing one game server's folders may cost the bot, stated once here (and in the
 * README's "Security and limits"). A host decides how many world_N folders and CSVs it has and when their
 * mtimes move; none of that may cost the bot more than these, so one guild's host cannot slow the others.
 */

/** world_N folders read per server: the highest N first; the others are left out and the admin is told. */
export const MAX_WORLDS = 16;
/** Killfeed CSVs considered per world folder: the newest by the timestamp in their name. */
export const MAX_FILES_PER_WORLD = 64;
/**
 * Fully read CSVs kept in the cursor per world (the newest ones); older ones are dropped and remembered
 * by the world's watermark alone (see cursorPrune.ts), so the cursor document stays small.
 */
export const KEEP_READ_FILES = 4;
/** World watermarks kept in the cursor (worlds gone or beyond MAX_WORLDS keep theirs while room remains). */
export const MAX_WORLD_MARKS = 4 * MAX_WORLDS;
/**
 * Share of the poll's time budget (POLL_MAX_SECONDS) that listing may take; reading has the rest. At least
 * LISTING_MIN_MS, so that a tiny budget still lists something and every poll makes progress.
 */
export const LISTING_TIME_SHARE = 0.5;
export const LISTING_MIN_MS = 1_000;
/**
 * Folder listings per server: a bucket of one full listing's worth (deathlogs and MAX_WORLDS worlds),
 * refilled over LISTING_REFILL_MS. However often the host moves its folders' mtimes, the bot lists no more
 * than one full listing's worth per LISTING_REFILL_MS; a usual restart (one or two folders) costs 2–4.
 */
export const LISTING_BURST = MAX_WORLDS + 1;
export const LISTING_REFILL_MS = 60_000;

/** The per-server rate limit on folder listings (a token bucket; one token per folder listed). */
export class ListingAllowance {
  private tokens: number;
  private at: number;

  constructor(
    private readonly clock: () => number,
    private readonly burst = LISTING_BURST,
    private readonly refillMs = LISTING_REFILL_MS,
  ) {
    this.tokens = burst;
    this.at = clock();
  }

  /** Takes one listing if one is left. */
  take(): boolean {
    const now = this.clock();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) * this.burst) / this.refillMs);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
