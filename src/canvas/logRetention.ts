/**
 * The bound on `canvas_log`, per guild, so one busy canvas cannot fill the database for everyone. What
 * reads the log decides what is kept:
 * - the timelapse reads the latest TIMELAPSE_MAX_PLACEMENTS (50,000) placements: more than that are kept;
 * - `/canvas admin rollback` reads a member's placements of the last MAX_ROLLBACK_MINUTES (7 days) and
 *   the others' on the same pixels, and the credit retry reads unmarked placements of the last 6 hours:
 *   nothing younger than CANVAS_LOG_MIN_AGE_MS is ever deleted;
 * - `/canvas pixel` names who placed a pixel while that placement is among the kept ones.
 * So a guild keeps its latest CANVAS_LOG_KEEP_PER_GUILD placements, plus whatever it placed in the last
 * 8 days. Placement ids come from the board (epoch and per-pixel sequence), never from the log, so a
 * deleted entry's id is not handed out again (its `pixel:` credit key cannot recur).
 */
import type { Collection } from 'mongodb';
import type { CanvasBoard, CanvasPlacement } from '../db/canvasSchemas.js';
import { MAX_ROLLBACK_MINUTES } from './moderation.js';
import { ROLLBACK_CLOCK_SLACK_MS } from './rollback.js';
import { TIMELAPSE_MAX_PLACEMENTS } from './timelapse.js';

export const CANVAS_LOG_KEEP_PER_GUILD = 2 * TIMELAPSE_MAX_PLACEMENTS;
/** The rollback window, its clock slack and a day to spare. */
export const CANVAS_LOG_MIN_AGE_MS = MAX_ROLLBACK_MINUTES * 60_000 + ROLLBACK_CLOCK_SLACK_MS + 86_400_000;

export interface PruneOptions {
  keep?: number;
  minAgeMs?: number;
}

/**
 * Deletes one guild's placements beyond its latest `keep` and older than `minAgeMs`: one indexed read
 * (guild_at: the `keep`-th newest entry's time) and, when there is anything to delete, one deleteMany.
 */
export async function pruneGuildLog(log: Collection<CanvasPlacement>, guildId: string, now = new Date(), opts: PruneOptions = {}): Promise<number> {
  const keep = opts.keep ?? CANVAS_LOG_KEEP_PER_GUILD;
  const [edge] = await log.find({ guildId }, { projection: { at: 1 } }).sort({ at: -1 }).skip(keep).limit(1).toArray();
  if (!edge) return 0;
  const cutoff = Math.min(edge.at.getTime() + 1, now.getTime() - (opts.minAgeMs ?? CANVAS_LOG_MIN_AGE_MS));
  return (await log.deleteMany({ guildId, at: { $lt: new Date(cutoff) } })).deletedCount;
}

/** Prunes the guilds whose board changed since `since` (all of them when null); returns entries deleted. */
export async function pruneCanvasLogs(cols: { canvasBoards: Collection<CanvasBoard>; canvasLog: Collection<CanvasPlacement> }, since: Date | null, now = new Date(), opts: PruneOptions = {}): Promise<number> {
  const boards = await cols.canvasBoards.find(since ? { updatedAt: { $gte: since } } : {}, { projection: { _id: 1 } }).toArray();
  let deleted = 0;
  for (const b of boards) deleted += await pruneGuildLog(cols.canvasLog, b._id, now, opts);
  return deleted;
}
