/**
 * Bounties claimed by a batch's kills, called by the ingest engine (its onKills hook) before the batch
 * commits. Each claim is the bounty's one out entry, keyed by the bounty: a replayed batch, a backfill
 * that reads the kill again, a crash between the ledger's writes or two servers reporting the same target
 * at once pay it once (the first entry wins; the others read who won). Kills past the replay horizon
 * (killPaysCredits) claim nothing. The answer is what each kill of the batch claimed, read back from the
 * documents, so a replay posts the same "💰 … bounty claimed" line as the first run.
 */
import type { Collection } from 'mongodb';
import type { Bounty } from '../db/bountySchemas.js';
import type { PlayerLink } from '../db/schemas.js';
import { killPaysCredits } from '../economy/ledgerRetention.js';
import type { FactionLookup } from '../factions/membership.js';
import { claimRef, planClaims, type KillForBounty, type LinkForBounty } from './rules.js';
import { settle, type SettleParts } from './settle.js';

export interface ClaimParts extends SettleParts {
  links: Collection<PlayerLink>;
  factions?: () => FactionLookup | undefined;
}

/** Credits claimed per event id of the batch (only kills that claimed something are in it). */
export type ClaimedByKill = ReadonlyMap<string, number>;

/** Real kills (not suicides) inside the replay horizon: the only ones that claim or put bounties. */
export function youngKills(kills: readonly KillForBounty[], now: Date): KillForBounty[] {
  return kills.filter((k) => k.victimId && k.killerId !== k.victimId && killPaysCredits(k.at, now));
}

export async function claimKills(p: ClaimParts, guildId: string, serverId: string, real: readonly KillForBounty[]): Promise<ClaimedByKill> {
  if (!real.length) return new Map();
  const victims = [...new Set(real.map((k) => k.victimId))];
  const active = await p.bounties.find({ guildId, state: 'active', targetId: { $in: victims } }).toArray();
  if (active.length) {
    const players = [...new Set(real.flatMap((k) => [k.killerId, k.victimId]))];
    const links = await p.links.find({ guildId, playerId: { $in: players } }, { projection: { playerId: 1, userId: 1, linkedAt: 1 } }).toArray();
    const byPlayer = new Map<string, LinkForBounty>(links.map((l) => [l.playerId, { userId: l.userId, linkedAt: l.linkedAt }]));
    const lookup = p.factions?.();
    const members = [...new Set(links.map((l) => l.userId))];
    const factionOf = new Map<string, string>();
    if (lookup && members.length) for (const [userId, f] of await lookup.factionOfMembers(guildId, members)) factionOf.set(userId, f.id);
    const byId = new Map(active.map((b) => [b._id, b]));
    // One at a time, in the batch's order: each is its own entry, and a loss (another server's kill,
    // the expiry) only repairs the document.
    for (const c of planClaims(real, active, { links: byPlayer, factionOf })) await settle(p, byId.get(c.bountyId)!, c.userId, claimRef(serverId, c.eventId));
  }
  return claimedBy(p.bounties, guildId, serverId, real);
}

/** What each kill claimed, from the documents (a replay finds what the first run claimed). */
async function claimedBy(bounties: Collection<Bounty>, guildId: string, serverId: string, kills: readonly KillForBounty[]): Promise<ClaimedByKill> {
  const refs = kills.map((k) => claimRef(serverId, k.eventId).slice('claim:'.length));
  const docs = await bounties.find({ guildId, claimRef: { $in: refs } }, { projection: { claimRef: 1, amount: 1 } }).toArray();
  const out = new Map<string, number>();
  const prefix = `${serverId}:`;
  for (const d of docs) {
    const eventId = d.claimRef!.slice(prefix.length);
    out.set(eventId, (out.get(eventId) ?? 0) + d.amount);
  }
  return out;
}
