/**
 * Step 3c of a killfeed batch (batchApplier.ts): its events in the time-window documents, per server
 * and guild-wide. Exactly once like the all-time documents: each per-server window document is written
 * guarded by the `lastSeq` it was read at, and one already holding the batch is left alone on a replay;
 * the guild-wide ones are recomputed from them. The window keys come from the batch's journaled context
 * (timezone, season), never from settings read again at a replay.
 */
import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import type { KillEvent } from '../deadside/index.js';
import type { WindowContext } from './schemas.js';
import type { WindowPlayer } from './windowDocs.js';
import { refreshGuildWindows } from './windowGuild.js';
import { WindowWorkingSet } from './windowSet.js';

export interface WindowBatch {
  guildId: string;
  serverId: string;
  seq: number;
  ctx: WindowContext;
  events: readonly KillEvent[];
  /** The guild's servers that count kills (guildStats.ts guildServerIds): the sources of its guild-wide windows. */
  serverIds: readonly string[];
  now: Date;
}

/** Writes the batch's window documents; false when a guarded write found a document moved under it (another writer). */
export async function applyWindows(windows: Collection<WindowPlayer>, b: WindowBatch): Promise<boolean> {
  const ws = new WindowWorkingSet(b.guildId, b.serverId, b.seq, b.ctx, b.now);
  const ids = ws.idsOf(b.events);
  if (!ids.length) return true;
  ws.load(await windows.find({ _id: { $in: ids } }).toArray());
  for (const e of b.events) ws.apply(e);
  const writes = ws.writes();
  if (writes.length) {
    const ops: AnyBulkWriteOperation<WindowPlayer>[] = writes.map(({ doc, readSeq }) => {
      const { _id, ...rest } = doc;
      return readSeq === undefined
        ? { updateOne: { filter: { _id }, update: { $setOnInsert: rest }, upsert: true } }
        : { updateOne: { filter: { _id, lastSeq: readSeq }, update: { $set: rest } } };
    });
    const r = await windows.bulkWrite(ops, { ordered: false });
    if (r.matchedCount + r.upsertedCount < ops.length) return false;
  }
  // Also on a replay that found every document written: the guild-wide sums are recomputed from them.
  const pairs = uniquePairs(b.events, ws);
  await refreshGuildWindows(windows, b.guildId, b.serverIds.includes(b.serverId) ? b.serverIds : [...b.serverIds, b.serverId], pairs);
  return true;
}

/** Every (window, player) pair the batch's events fall in, written now or by the run a replay repeats. */
function uniquePairs(events: readonly KillEvent[], ws: WindowWorkingSet): { key: string; playerId: string }[] {
  const seen = new Map<string, { key: string; playerId: string }>();
  for (const e of events) {
    for (const key of ws.keysOf(e)) {
      for (const playerId of e.kind === 'kill' ? [e.victim.id, e.killer.id] : [e.victim.id]) seen.set(`${key}|${playerId}`, { key, playerId });
    }
  }
  return [...seen.values()];
}
