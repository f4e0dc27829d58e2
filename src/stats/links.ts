import { isDuplicateKey } from '../db/duplicateKey.js';
import type { Collection } from 'mongodb';
import { UserError } from '../errors.js';
import { normalisePlayerName, type PlayerLink } from '../db/schemas.js';
import { shownName } from '../discord/limits.js';
import { msg } from '../i18n/message.js';

const linkId = (guildId: string, userId: string) => `${guildId}:${userId}`;

/** Discord member ↔ in-game player, per guild. A player belongs to at most one member of a guild. */
export class LinkRepo {
  constructor(private readonly links: Collection<PlayerLink>) {}

  get(guildId: string, userId: string): Promise<PlayerLink | null> {
    return this.links.findOne({ _id: linkId(guildId, userId) });
  }

  byPlayer(guildId: string, playerId: string): Promise<PlayerLink | null> {
    return this.links.findOne({ guildId, playerId });
  }

  /** The links of these players (one indexed read, at most `limit` players). */
  byPlayers(guildId: string, playerIds: readonly string[], limit = 200): Promise<PlayerLink[]> {
    return this.links.find({ guildId, playerId: { $in: [...new Set(playerIds)].slice(0, limit) } }).toArray();
  }

  /** Links the member to the player, replacing the member's previous link. */
  async link(guildId: string, userId: string, player: { id: string; name: string }): Promise<void> {
    const owner = await this.byPlayer(guildId, player.id);
    if (owner && owner.userId !== userId) throw new UserError(msg('stats.link.taken', { name: shownName(player.name), userId: owner.userId }), 'conflict');
    try {
      // Re-linking the same player keeps `linkedAt`: kills since the first link stay payable.
      const previous = await this.links.findOne({ _id: linkId(guildId, userId) });
      const linkedAt = previous?.playerId === player.id ? previous.linkedAt : new Date();
      await this.links.updateOne(
        { _id: linkId(guildId, userId) },
        { $set: { guildId, userId, playerId: player.id, playerName: player.name, playerNameLower: normalisePlayerName(player.name), linkedAt } },
        { upsert: true },
      );
    } catch (err) {
      // The unique (guildId, playerId) index: another member linked the same player a moment ago.
      if (isDuplicateKey(err)) throw new UserError(msg('stats.link.raced', { name: shownName(player.name) }), 'conflict');
      throw err;
    }
  }

  /** Removes the member's link; the removed link, or null when there was none. */
  async unlink(guildId: string, userId: string): Promise<PlayerLink | null> {
    const existing = await this.get(guildId, userId);
    if (existing) await this.links.deleteOne({ _id: existing._id });
    return existing;
  }
}
