/**
 * How often a poll's cheap check asks a game host for what (RemoteTree, discovery.ts). The live killfeed
 * CSV is stat'ed at every poll, so a kill is found within one interval; Deadside.log, the folders and
 * every other file that could grow are stat'ed on slower clocks, so fast polls stay cheap for the host.
 * At the top tier's 2 s an idle server of the usual layout (deathlogs, one world_N, its CSV, the log) is
 * asked for 1 stat a poll, the log every 2nd poll, the folders every 15th: 0.83 SFTP requests a second.
 * Polls of 0.7 of a period or more make that check at every poll: Free stats all four each poll;
 * Supporter and Pro the log each poll, the folders every 2nd and 3rd poll.
 * The bounds, stated once here (and in README "Security and limits"):
 */

/**
 * Deadside.log is stat'ed at least this often: a join, a player count, a restart (the log rotated, which
 * lists every folder again at once) is seen within LOG_CHECK_MS plus about half a poll interval.
 */
export const LOG_CHECK_MS = 4_000;
/**
 * The folders (deathlogs, each world_N) and the newest CSV of every world but the live one are stat'ed at
 * least this often: a new world or session CSV that came without a restart of the log is found within
 * FOLDER_CHECK_MS plus about half a poll interval (and listed then, as the listing bounds allow).
 */
export const FOLDER_CHECK_MS = 30_000;

/**
 * One slower check's clock. A check is made at the first poll at which waiting for the next poll would
 * overshoot its period by more than half an interval (polls come every interval ± 5 %), so it runs every
 * round(period / interval) polls, never more often than every period − interval / 2, and a change is seen at
 * most period + 0.55 interval after it happened. An interval of Infinity (not known) checks at every poll.
 */
export class CheckClock {
  private last = -Infinity;

  constructor(readonly periodMs: number) {}

  due(now: number, intervalMs: number): boolean {
    return now - this.last >= this.periodMs - intervalMs / 2;
  }

  /** The check was made (its answers are in). */
  done(now: number): void {
    this.last = now;
  }
}
