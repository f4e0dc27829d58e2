/**
 * Which kills of a batch are team kills: the killer's and the victim's players are both linked (approved,
 * linked at or before the kill, as credits count links: src/economy/earnings.ts) to members who were in
 * the same faction when the kill happened (their stints, src/db/factionSchemas.ts, cover its time). Pure:
 * the ingest decides once per batch and journals the answer (src/ingest/batchApplier.ts), so a replay
 * never asks again.
 */
import type { FactionMember } from '../db/factionSchemas.js';

export interface KillPair {
  eventId: string;
  killerId: string;
  victimId: string;
  at: Date;
}

export interface LinkAt {
  playerId: string;
  userId: string;
  linkedAt: Date;
}

type Stint = Pick<FactionMember, 'userId' | 'factionId' | 'joinedAt' | 'leftAt'>;

/** The member's faction at `at` (joined at or before it, not yet left), or null. */
export function factionAt(stints: readonly Stint[], at: Date): string | null {
  const t = at.getTime();
  for (const s of stints) if (s.joinedAt.getTime() <= t && (s.leftAt === null || s.leftAt.getTime() > t)) return s.factionId;
  return null;
}

/** The event ids of the team kills among `kills`, in their order. */
export function teamKillIds(kills: readonly KillPair[], links: readonly LinkAt[], stints: readonly Stint[]): string[] {
  const byPlayer = new Map(links.map((l) => [l.playerId, l]));
  const byUser = new Map<string, Stint[]>();
  for (const s of stints) byUser.set(s.userId, [...(byUser.get(s.userId) ?? []), s]);
  const factionOf = (playerId: string, at: Date): string | null => {
    const link = byPlayer.get(playerId);
    if (!link || link.linkedAt.getTime() > at.getTime()) return null;
    return factionAt(byUser.get(link.userId) ?? [], at);
  };
  const out: string[] = [];
  for (const k of kills) {
    if (k.killerId === k.victimId) continue;
    const a = factionOf(k.killerId, k.at);
    if (a !== null && a === factionOf(k.victimId, k.at)) out.push(k.eventId);
  }
  return out;
}
