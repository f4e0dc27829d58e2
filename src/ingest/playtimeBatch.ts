/**
 * Step 3d of a Deadside.log batch (batchApplier.ts): the playtime of the sessions it closed, written to
 * the playtime documents (playtimeStore.ts) once. The window context (timezone, season) is frozen on
 * the pending batch before the first write, as a killfeed batch's is: a replay after a timezone change
 * or a new season adds to the same documents, and the documents' per-server seq guard adds nothing twice.
 */
import type { Collection } from 'mongodb';
import { playtimeAdds } from './playtimeDays.js';
import type { ClosedSession } from './playtimeSessions.js';
import { recordPlaytime, type PlaytimeDoc } from './playtimeStore.js';
import type { PendingBatch, WindowContext } from './schemas.js';

export interface PlaytimeBatchInput {
  guildId: string;
  serverId: string;
  b: PendingBatch;
  sessions: readonly ClosedSession[];
  now: Date;
}

export interface PlaytimeBatchDeps {
  /** The guild's window context now (asked only when the batch has none journaled). */
  context(): Promise<WindowContext>;
  /** Records the context on the pending batch (before any playtime write). */
  journal(ctx: WindowContext): Promise<void>;
  onStep(step: string): void;
}

export async function batchPlaytime(col: Collection<PlaytimeDoc>, input: PlaytimeBatchInput, deps: PlaytimeBatchDeps): Promise<void> {
  const { b } = input;
  let ctx = b.windows;
  if (!ctx) {
    ctx = await deps.context();
    await deps.journal(ctx);
  }
  await recordPlaytime(col, { guildId: input.guildId, serverId: input.serverId, seq: b.seq, adds: playtimeAdds(input.sessions, ctx, input.now) });
  deps.onStep('playtime');
}
