/**
 * Kicks read from Deadside.log (`[ASFPSGameSession::KickPlayer]`), handed to the engine's `onKicks` hook
 * (the app records them in the audit log, kind `kicks`). Called before the batch commits: a batch
 * replayed after a crash may hand its kicks over again.
 */
import type { LogEventAt } from './logModel.js';

export interface KickRecord {
  /** The log line's event id. */
  eventId: string;
  player: string;
  /** The EOS id written after the login, when present. */
  playerId: string | null;
  reason: string;
  at: Date;
}

export type KicksHook = (guildId: string, serverId: string, kicks: KickRecord[]) => Promise<void>;

/** Kicks of one batch handed over at most (a hostile log can write thousands of kick lines): the first ones. */
export const KICKS_PER_BATCH = 50;

/** The batch's kicks, in log order, at most KICKS_PER_BATCH. */
export function kicksOf(events: readonly LogEventAt[]): KickRecord[] {
  const out: KickRecord[] = [];
  for (const { event: e, eventId } of events) {
    if (e.type !== 'kick') continue;
    out.push({ eventId, player: e.login, playerId: e.eosId, reason: e.msg, at: e.timestamp });
    if (out.length >= KICKS_PER_BATCH) break;
  }
  return out;
}

/** Calls the hook with the batch's kicks, when there are any. */
export async function notifyKicks(hook: KicksHook, scope: { guildId: string; serverId: string }, events: readonly LogEventAt[]): Promise<void> {
  const kicks = kicksOf(events);
  if (kicks.length) await hook(scope.guildId, scope.serverId, kicks);
}

/** What kicksToAudit writes to: the audit log (src/audit/auditLog.ts), typed here so src/ingest stays below it. */
export interface KickAudit {
  record(entry: { guildId: string; actorId: null; kind: 'kicks'; action: 'kick'; target: string; changes: { reason: string }; id: string }): Promise<void>;
}

/** The hook the app wires: each kick an audit entry of kind `kicks`, with no actor (/audit kind:kicks). */
export function kicksToAudit(audit: KickAudit): KicksHook {
  return async (guildId, _serverId, kicks) => {
    for (const k of kicks) await audit.record({ guildId, actorId: null, kind: 'kicks', action: 'kick', target: k.player, changes: { reason: k.reason }, id: `kick:${k.eventId}` });
  };
}
