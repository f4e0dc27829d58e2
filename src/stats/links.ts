import { isDuplicateKey } from '../db/duplicateKey.js';
import type { Collection } from 'mongodb';
import { UserError } from '../errors.js';
import { normalisePlayerName, type PlayerLink } from '../db/schemas.js';
import type { LinkClaim } from '../db/linkSchemas.js';
import { shownName } from '../discord/limits.js';
import { msg } from '../i18n/message.js';
import { TIERS } from '../premium/tiers.js';
import { LinkClaims } from './linkClaims.js';
import { isLinkSlotConflict, LINK_SLOT_ATTEMPTS, linkSlotOf } from './linkSlots.js';

/** The most links a member holds on any tier: a member's links are read in one page of this size. */
export const LINKS_MAX = Math.max(...Object.values(TIERS).map((t) => t.links));

/** A guild's links are counted up to this many (`/links list` says "showing 25 of N"): a count never walks further. */
export const LINKS_COUNT_MAX = 10_000;

export interface LinkedPlayerRef {
  id: string;
  name: string;
}

/** A link as stored, taking effect now. */
const linkDoc = (guildId: string, userId: string, player: LinkedPlayerRef, _id: string, linkSlot: string): PlayerLink => ({
  _id,
  guildId,
  userId,
  playerId: player.id,
  playerName: player.name,
  playerNameLower: normalisePlayerName(player.name),
  linkedAt: new Date(),
  linkSlot,
});

/**
 * Discord member ↔ in-game players, per guild. `player_links` holds approved links only: a player belongs
 * to at most one member (the unique (guildId, playerId) index settles races), a member holds up to the
 * tier's `links` players (main plus alts). Claims waiting for an admin are `claims` (./linkClaims.ts).
 */
export class LinkRepo {
  readonly claims: LinkClaims;

  constructor(
    private readonly links: Collection<PlayerLink>,
    claims: Collection<LinkClaim>,
  ) {
    this.claims = new LinkClaims(claims);
  }

  /** The member's first link (their main): the oldest approved one. */
  async get(guildId: string, userId: string): Promise<PlayerLink | null> {
    return (await this.ofMember(guildId, userId))[0] ?? null;
  }

  /** The member's approved links, oldest first (one indexed read of at most LINKS_MAX). */
  ofMember(guildId: string, userId: string): Promise<PlayerLink[]> {
    return this.links.find({ guildId, userId }).sort({ linkedAt: 1, _id: 1 }).limit(LINKS_MAX).toArray();
  }

  /** The guild's links grouped by member (the `guild_user` index), the first `limit`, and how many there are (up to LINKS_COUNT_MAX). */
  async ofGuild(guildId: string, limit: number): Promise<{ links: PlayerLink[]; total: number }> {
    const [links, total] = await Promise.all([
      this.links.find({ guildId }).sort({ userId: 1, linkedAt: 1 }).limit(limit).toArray(),
      this.links.countDocuments({ guildId }, { limit: LINKS_COUNT_MAX }),
    ]);
    return { links, total };
  }

  byPlayer(guildId: string, playerId: string): Promise<PlayerLink | null> {
    return this.links.findOne({ guildId, playerId });
  }

  /** The approved links of these players (one indexed read, at most `limit` players). */
  byPlayers(guildId: string, playerIds: readonly string[], limit = 200): Promise<PlayerLink[]> {
    return this.links.find({ guildId, playerId: { $in: [...new Set(playerIds)].slice(0, limit) } }).toArray();
  }

  /**
   * Links the player to the member from now on (open mode, an approval, an admin's add). Refused when
   * another member holds the player, or when the member already holds `limit` players (the limit named,
   * exact when links race: ./linkSlots.ts). Linking a player the member already holds changes nothing
   * and keeps its `linkedAt`.
   */
  async link(guildId: string, userId: string, player: LinkedPlayerRef, limit: number = LINKS_MAX): Promise<{ added: boolean }> {
    for (let attempt = 0; attempt < LINK_SLOT_ATTEMPTS; attempt++) {
      const owner = await this.byPlayer(guildId, player.id);
      if (owner?.userId === userId) return { added: false };
      if (owner) throw new UserError(msg('stats.link.taken', { name: shownName(player.name), userId: owner.userId }), 'conflict');
      try {
        await this.links.insertOne(linkDoc(guildId, userId, player, `${guildId}:${player.id}`, await this.slot(guildId, userId, limit)));
        return { added: true };
      } catch (err) {
        // Another link of the member took the slot: read the member's links again.
        if (isLinkSlotConflict(err)) continue;
        // The unique (guildId, playerId) index: another member got the same player a moment ago.
        if (isDuplicateKey(err)) throw new UserError(msg('stats.link.raced', { name: shownName(player.name) }), 'conflict');
        throw err;
      }
    }
    throw new Error(`could not link a player in guild ${guildId}: other links kept winning`);
  }

  /** The slot a new link of the member claims; refused when they hold `limit` links already. */
  private async slot(guildId: string, userId: string, limit: number): Promise<string> {
    const ids = (await this.links.find({ guildId, userId }, { projection: { _id: 1 } }).limit(limit).toArray()).map((l) => l._id);
    if (ids.length >= limit) throw new UserError(msg('links.limit', { count: limit }), 'validation');
    return linkSlotOf(guildId, userId, ids);
  }

  /** Removes one of the member's links; the removed link, or null when they did not hold that player. */
  async remove(guildId: string, userId: string, playerId: string): Promise<PlayerLink | null> {
    const link = await this.links.findOne({ guildId, userId, playerId });
    // Two removals racing: only the one that deleted it reports it.
    return link && (await this.links.deleteOne({ _id: link._id })).deletedCount === 1 ? link : null;
  }

  /**
   * An admin gives the player to `userId` (taking it from whoever held it): the new link credits from
   * now on, the old one stops now. Refused beyond the new member's limit, before anything changed. One
   * write: the held link is replaced only while its member still holds it (no moment without a link that
   * another member's /link could take); a link changed meanwhile is read again, and `previous` is the
   * member it was taken from.
   */
  async move(guildId: string, userId: string, player: LinkedPlayerRef, limit: number): Promise<{ previous: PlayerLink | null; added: boolean }> {
    for (let attempt = 0; attempt < LINK_SLOT_ATTEMPTS; attempt++) {
      const previous = await this.byPlayer(guildId, player.id);
      if (previous?.userId === userId) return { previous: null, added: false };
      const doc = linkDoc(guildId, userId, player, previous?._id ?? `${guildId}:${player.id}`, await this.slot(guildId, userId, limit));
      try {
        if (!previous) await this.links.insertOne(doc);
        else if (!(await this.links.findOneAndReplace({ _id: previous._id, userId: previous.userId }, doc))) continue;
      } catch (err) {
        // The slot taken by another link of the member, or the player by another member: read again.
        if (isDuplicateKey(err)) continue;
        throw err;
      }
      await this.claims.deleteForPlayer(guildId, player.id);
      return { previous, added: true };
    }
    throw new Error(`could not move a player in guild ${guildId}: other links kept winning`);
  }

  /**
   * Approves a claim: the player is linked to its member from now on (taken from a member who held it:
   * the admin saw that in the review), and every claim on that player is closed. Refused, the claim
   * kept, when the member is at the limit; a claim handled meanwhile is not found.
   */
  async approve(guildId: string, claimId: string, limit: number): Promise<{ claim: LinkClaim; previous: string | null }> {
    const claim = await this.claims.get(guildId, claimId);
    if (!claim) throw new UserError(msg('links.review.gone'), 'not_found');
    const { previous } = await this.move(guildId, claim.userId, { id: claim.playerId, name: claim.playerName }, limit);
    await this.claims.deleteForPlayer(guildId, claim.playerId);
    return { claim, previous: previous?.userId ?? null };
  }

  /** Rejects a claim (deletes it); the claim, or a not-found error when it was already handled. */
  async reject(guildId: string, claimId: string): Promise<LinkClaim> {
    const claim = await this.claims.take(guildId, claimId);
    if (!claim) throw new UserError(msg('links.review.gone'), 'not_found');
    return claim;
  }
}
