import { randomBytes } from 'node:crypto';
import type { Collection } from 'mongodb';
import { isDuplicateKey } from '../db/duplicateKey.js';
import type { LinkClaim } from '../db/linkSchemas.js';

/**
 * Claims waiting for an admin, per guild. A guild holds at most CLAIMS_MAX_PER_GUILD of them (a new one
 * beyond is refused until admins review): the review pages and counts never walk further.
 */
export const CLAIMS_MAX_PER_GUILD = 500;
/** Claims on one /links review page: one row of Approve / Reject buttons each, plus the pager row. */
export const CLAIMS_PAGE_SIZE = 4;

export interface ClaimPage {
  claims: LinkClaim[];
  total: number;
  /** The page shown, from 0 (the asked one clamped to the pages there are). */
  current: number;
}

export class LinkClaims {
  constructor(private readonly col: Collection<LinkClaim>) {}

  get(guildId: string, claimId: string): Promise<LinkClaim | null> {
    return this.col.findOne({ _id: claimId, guildId });
  }

  /** Deletes and returns the claim; null when another admin handled it first. */
  async take(guildId: string, claimId: string): Promise<LinkClaim | null> {
    const claim = await this.get(guildId, claimId);
    return claim && (await this.col.deleteOne({ _id: claim._id })).deletedCount === 1 ? claim : null;
  }

  /** The member's claims, oldest first (at most `limit`). */
  ofMember(guildId: string, userId: string, limit: number): Promise<LinkClaim[]> {
    return this.col.find({ guildId, userId }).sort({ claimedAt: 1, _id: 1 }).limit(limit).toArray();
  }

  /** Claims in the guild, counted up to the bound. */
  count(guildId: string): Promise<number> {
    return this.col.countDocuments({ guildId }, { limit: CLAIMS_MAX_PER_GUILD });
  }

  /**
   * Files the member's claim on the player; `{ filed: false }` when the member had claimed it already
   * (the earlier claim keeps its place in the queue).
   */
  async file(guildId: string, userId: string, player: { id: string; name: string }): Promise<{ claim: LinkClaim; filed: boolean }> {
    const claim: LinkClaim = { _id: randomBytes(9).toString('base64url'), guildId, userId, playerId: player.id, playerName: player.name, claimedAt: new Date() };
    try {
      await this.col.insertOne(claim);
      return { claim, filed: true };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await this.col.findOne({ guildId, playerId: player.id, userId });
      if (!existing) throw err;
      return { claim: existing, filed: false };
    }
  }

  /** Closes every claim on the player (it was just linked). */
  async deleteForPlayer(guildId: string, playerId: string): Promise<void> {
    await this.col.deleteMany({ guildId, playerId });
  }

  /** One page of the guild's claims, oldest first. */
  async page(guildId: string, page: number, size = CLAIMS_PAGE_SIZE): Promise<ClaimPage> {
    const total = await this.count(guildId);
    const last = Math.max(0, Math.ceil(total / size) - 1);
    const current = Math.min(Math.max(0, Math.floor(page)), last);
    const claims = total ? await this.col.find({ guildId }).sort({ claimedAt: 1, _id: 1 }).skip(current * size).limit(size).toArray() : [];
    return { claims, total, current };
  }
}
