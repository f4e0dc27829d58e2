/**
 * The pure rules of bounties: their ledger keys and refs, and which kill claims which bounty. The service
 * (./service.ts) reads the documents and links these rules decide on.
 */
import type { Bounty, BountyState } from '../db/bountySchemas.js';

/** Active bounties a guild and one member may have at once (placing ones count): the one place the bounds are stated. */
export const BOUNTY_LIMITS = { perGuild: 200, perPlacer: 10 } as const;
/**
 * Days a bounty's document is kept once it is decided (claimed, refunded, cancelled or void), then deleted
 * by a TTL index: longer than its ledger entries (src/economy/ledgerRetention.ts) and than the replay horizon,
 * after which no kill can claim it again. So bounties placed and cancelled in a loop cannot pile up.
 */
export const BOUNTY_KEPT_DAYS = 40;
/**
 * How long after its `expiresAt` an unclaimed bounty waits before the sweep refunds it, so a kill from
 * before the expiry that is read late (a Free server's poll every 30 s or more, the killfeed's own delay, a
 * short outage) still claims it. Only kills stamped before `expiresAt` claim (noClaim), grace or not.
 */
export const BOUNTY_CLAIM_GRACE_MS = 15 * 60_000;
/** Whether a bounty expiring at `expiresAt` is past its grace at `now`: the sweep may refund it. */
export const pastGrace = (expiresAt: Date, now: Date): boolean => expiresAt.getTime() + BOUNTY_CLAIM_GRACE_MS <= now.getTime();
/** When a bounty decided at `at` may go. */
export const bountyExpireAt = (at: Date): Date => new Date(at.getTime() + BOUNTY_KEPT_DAYS * 86_400_000);

/** The entry that moves the placer's credits into escrow (an automatic bounty: the house's credit to escrow). */
export const inKey = (id: string): string => `bounty:${id}:in`;
/** The one entry that moves them out: a claim, the refund at expiry or a cancel, whichever comes first. */
export const outKey = (id: string): string => `bounty:${id}:out`;
/** An automatic bounty's id: once per streak-reaching kill. */
export const autoId = (serverId: string, eventId: string): string => `auto:${serverId}:${eventId}`;

/** The out entry's ref: the claiming kill, or why the credits went back. */
export const claimRef = (serverId: string, eventId: string): string => `claim:${serverId}:${eventId}`;
export const EXPIRED_REF = 'expired';
export const CANCELLED_REF = 'cancelled';

/** The state an out entry with this ref puts its bounty in, and the kill that claimed it. */
export function settledBy(ref: string | null): { state: Extract<BountyState, 'claimed' | 'refunded' | 'cancelled'>; claim?: string } {
  if (ref?.startsWith('claim:')) return { state: 'claimed', claim: ref.slice('claim:'.length) };
  return { state: ref === CANCELLED_REF ? 'cancelled' : 'refunded' };
}

/** A kill as the bounties see it (the ingest's KillRecord satisfies it). */
export interface KillForBounty {
  eventId: string;
  killerId: string;
  victimId: string;
  at: Date;
  /** Both players in one faction at the time of the kill (the faction code sets it). */
  teamKill?: boolean;
  /** The killer's streak after this kill (posted kills only): automatic bounties. */
  streak?: number;
}

export interface LinkForBounty {
  userId: string;
  linkedAt: Date;
}

/** What the rules know besides the kill and the bounty: approved links by player id, factions by member. */
export interface ClaimContext {
  links: ReadonlyMap<string, LinkForBounty>;
  factionOf: ReadonlyMap<string, string>;
}

export type NoClaim = 'selfKill' | 'outOfTime' | 'unlinked' | 'placer' | 'targetMember' | 'teamKill' | 'sameFaction';

/**
 * Why `kill` does not claim `bounty` (null: it does; the killer's member is then paid). Only a real kill
 * while the bounty runs, by a player whose approved link predates the kill; never by the placer's own
 * players, the target's member's other players, a team mate or a member of the target's faction.
 */
export function noClaim(kill: KillForBounty, bounty: Pick<Bounty, 'targetId' | 'placerId' | 'createdAt' | 'expiresAt'>, ctx: ClaimContext): NoClaim | null {
  if (kill.killerId === kill.victimId || kill.victimId !== bounty.targetId) return 'selfKill';
  const at = kill.at.getTime();
  if (at < bounty.createdAt.getTime() || at >= bounty.expiresAt.getTime()) return 'outOfTime';
  const killer = ctx.links.get(kill.killerId);
  if (!killer || killer.linkedAt.getTime() > at) return 'unlinked';
  if (bounty.placerId !== null && killer.userId === bounty.placerId) return 'placer';
  const target = ctx.links.get(kill.victimId)?.userId;
  if (target === killer.userId) return 'targetMember';
  if (kill.teamKill) return 'teamKill';
  const theirs = target ? ctx.factionOf.get(target) : undefined;
  if (theirs !== undefined && ctx.factionOf.get(killer.userId) === theirs) return 'sameFaction';
  return null;
}

export interface PlannedClaim {
  bountyId: string;
  eventId: string;
  userId: string;
}

/**
 * Which kill of a batch claims each bounty, in the batch's order: the first kill that may claims it (a
 * bounty a kill may not claim stays for the next). Pure: a replay with the same documents plans the same.
 */
export function planClaims(kills: readonly KillForBounty[], bounties: readonly Bounty[], ctx: ClaimContext): PlannedClaim[] {
  const open = new Map(bounties.map((b) => [b._id, b]));
  const out: PlannedClaim[] = [];
  for (const k of kills) {
    for (const b of open.values()) {
      if (noClaim(k, b, ctx) !== null) continue;
      out.push({ bountyId: b._id, eventId: k.eventId, userId: ctx.links.get(k.killerId)!.userId });
      open.delete(b._id);
    }
  }
  return out;
}

/** Bounties on one target added up, for /bounty list: the total, how many and the soonest expiry. */
export interface TargetTotal {
  targetId: string;
  targetName: string;
  total: number;
  count: number;
  expiresAt: Date;
}

/** Totals per target, the biggest first (ties: the sooner expiry, then the id, so pages are stable). */
export function totalsByTarget(bounties: readonly Pick<Bounty, 'targetId' | 'targetName' | 'amount' | 'expiresAt'>[]): TargetTotal[] {
  const by = new Map<string, TargetTotal>();
  for (const b of bounties) {
    const t = by.get(b.targetId);
    if (!t) by.set(b.targetId, { targetId: b.targetId, targetName: b.targetName, total: b.amount, count: 1, expiresAt: b.expiresAt });
    else {
      t.total += b.amount;
      t.count += 1;
      if (b.expiresAt < t.expiresAt) t.expiresAt = b.expiresAt;
    }
  }
  return [...by.values()].sort((a, b) => b.total - a.total || a.expiresAt.getTime() - b.expiresAt.getTime() || a.targetId.localeCompare(b.targetId));
}
