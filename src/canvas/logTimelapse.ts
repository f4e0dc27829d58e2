/**
 * The timelapse of a board from its placement log: the latest TIMELAPSE_MAX_PLACEMENTS placements since
 * the last reset, fetched newest first (so the cap keeps the latest), turned into a history
 * (./history.ts) and a GIF (./timelapse.ts), both in bounded slices (./slices.ts).
 */
import type { Collection } from 'mongodb';
import type { CanvasPlacement } from '../db/canvasSchemas.js';
import { historySteps, type TimelineEntry } from './history.js';
import type { ExactBoard } from './liveBoards.js';
import { runSliced } from './slices.js';
import { buildTimelapse, TIMELAPSE_MAX_FRAMES, TIMELAPSE_MAX_PLACEMENTS, type TimelapseResult } from './timelapse.js';

/** Timelapse bounds: Discord's 10 MB upload limit with headroom, a readable length, bounded work. */
export const TIMELAPSE_LIMITS = { maxBytes: 8 * 1024 * 1024, maxFrames: TIMELAPSE_MAX_FRAMES, sizePx: 512, maxPlacements: TIMELAPSE_MAX_PLACEMENTS } as const;
/** Log entries per cursor batch: the driver decodes a batch in one go, so this bounds each stretch. */
const TIMELAPSE_FETCH_BATCH = 2_000;

/** A canvas timelapse; `capped` when older placements exist than the ones animated. */
export type CanvasTimelapse = TimelapseResult & { capped: boolean };

export async function boardTimelapse(canvasLog: Collection<CanvasPlacement>, { board, grid }: ExactBoard): Promise<CanvasTimelapse> {
  const entries: TimelineEntry[] = await canvasLog
    .find(
      { guildId: board._id, rev: { $gte: board.resetRev }, reverted: { $ne: true } },
      { projection: { _id: 0, x: 1, y: 1, color: 1, previous: 1, rev: 1, seq: 1, at: 1 } },
    )
    .sort({ at: -1 })
    .limit(TIMELAPSE_MAX_PLACEMENTS + 1)
    .batchSize(TIMELAPSE_FETCH_BATCH)
    .toArray();
  const capped = entries.length > TIMELAPSE_MAX_PLACEMENTS;
  if (capped) entries.length = TIMELAPSE_MAX_PLACEMENTS;
  entries.reverse(); // oldest first: already in time order, the ordering is then one pass
  const history = await runSliced(historySteps(board, grid, entries, capped));
  return { ...(await buildTimelapse(history, TIMELAPSE_LIMITS)), capped };
}
