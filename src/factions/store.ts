/**
 * The faction collections' reads and writes (src/db/factionSchemas.ts). Every write is one guarded update,
 * so two clicks, two admins or a retried interaction cannot break the rules the indexes and guards hold:
 * one active membership per member (unique partial index), the member limit (`memberCount` guarded), one
 * leader (the faction's `leaderId`).
 */
import type { Collection } from 'mongodb';
import type { Faction, FactionMember, FactionRole } from '../db/factionSchemas.js';
import { isDuplicateKey } from '../db/duplicateKey.js';

/** Factions a guild may have at once: with the tier's member limit, what bounds the faction board's reads. */
export const FACTIONS_MAX = 25;
/** Stints read for one team-kill decision (members × their joins in the batch's span). */
export const STINTS_READ_MAX = 2000;

export interface FactionCols {
  factions: Collection<Faction>;
  factionMembers: Collection<FactionMember>;
}

export const stintId = (factionId: string, userId: string, joinedAt: Date) => `${factionId}:${userId}:${joinedAt.getTime()}`;

export class FactionStore {
  /** Bumped by every write here: a faction board read before it is not served after it (FactionStats). */
  version = 0;

  constructor(private readonly c: FactionCols) {}

  get(guildId: string, factionId: string): Promise<Faction | null> {
    return this.c.factions.findOne({ _id: factionId, guildId });
  }

  /** By tag or name (case-insensitive), as a member types it. */
  async find(guildId: string, typed: string): Promise<Faction | null> {
    const lower = typed.trim().toLowerCase();
    return (await this.c.factions.findOne({ guildId, tagLower: lower })) ?? (await this.c.factions.findOne({ guildId, nameLower: lower })) ?? (await this.c.factions.findOne({ guildId, _id: typed.trim() }));
  }

  /** The guild's factions (at most FACTIONS_MAX), by name. */
  list(guildId: string): Promise<Faction[]> {
    return this.c.factions.find({ guildId }).sort({ nameLower: 1 }).limit(FACTIONS_MAX).toArray();
  }

  count(guildId: string): Promise<number> {
    return this.c.factions.countDocuments({ guildId }, { limit: FACTIONS_MAX });
  }

  taken(guildId: string, name: string, tag: string): Promise<Faction | null> {
    return this.c.factions.findOne({ guildId, $or: [{ tagLower: tag.toLowerCase() }, { nameLower: name.toLowerCase() }] });
  }

  /** The member's current stint, or null. */
  membership(guildId: string, userId: string): Promise<FactionMember | null> {
    return this.c.factionMembers.findOne({ guildId, userId, active: true });
  }

  memberships(guildId: string, userIds: readonly string[]): Promise<FactionMember[]> {
    return this.c.factionMembers.find({ guildId, userId: { $in: [...new Set(userIds)] }, active: true }).toArray();
  }

  /** A faction's current members, the leader first, then officers, then by joining. */
  async members(factionId: string, limit: number): Promise<FactionMember[]> {
    const all = await this.c.factionMembers.find({ factionId, active: true }).sort({ joinedAt: 1 }).limit(limit).toArray();
    const order: Record<FactionRole, number> = { leader: 0, officer: 1, member: 2 };
    return all.sort((a, b) => order[a.role] - order[b.role]);
  }

  /** Every active membership of the guild's factions (the faction board), bounded by the factions and their limit. */
  activeOfGuild(guildId: string, limit: number): Promise<FactionMember[]> {
    return this.c.factionMembers.find({ guildId, active: true }).limit(limit).toArray();
  }

  /** Stints of these members that overlap [from, to] (team kills at the time of each kill). */
  stints(guildId: string, userIds: readonly string[], from: Date, to: Date): Promise<FactionMember[]> {
    return this.c.factionMembers
      .find({ guildId, userId: { $in: [...new Set(userIds)] }, joinedAt: { $lte: to }, $or: [{ leftAt: null }, { leftAt: { $gt: from } }] })
      .sort({ joinedAt: -1 })
      .limit(STINTS_READ_MAX)
      .toArray();
  }

  /**
   * The founder's stint, written before the faction: the unique index makes "one faction per member" hold
   * against a second create at once. 'member' when they are in a faction already.
   */
  async seatFounder(guildId: string, factionId: string, userId: string, at: Date): Promise<'seated' | 'member'> {
    this.version++;
    try {
      await this.c.factionMembers.insertOne({ _id: stintId(factionId, userId, at), guildId, factionId, userId, role: 'leader', joinedAt: at, leftAt: null, active: true });
      return 'seated';
    } catch (err) {
      if (isDuplicateKey(err)) return 'member';
      throw err;
    }
  }

  /** Removes a founder's stint of a faction that was never made (its cost refused, its tag taken). */
  async unseatFounder(factionId: string, userId: string): Promise<void> {
    this.version++;
    await this.c.factionMembers.deleteOne({ factionId, userId, active: true, role: 'leader' });
  }

  /** The faction itself, its founder seated; 'taken' when the tag or name is. */
  async insert(f: Faction): Promise<'created' | 'taken'> {
    this.version++;
    try {
      await this.c.factions.insertOne(f);
      return 'created';
    } catch (err) {
      if (isDuplicateKey(err)) return 'taken';
      throw err;
    }
  }

  /** Adds the member under the limit: the seat first (guarded count), then the stint (unique per member). */
  async join(f: Pick<Faction, '_id' | 'guildId'>, userId: string, role: FactionRole, at: Date, limit: number): Promise<'joined' | 'full' | 'member' | 'gone'> {
    this.version++;
    let seat = await this.c.factions.updateOne({ _id: f._id, memberCount: { $lt: limit } }, { $inc: { memberCount: 1 } });
    if (seat.matchedCount !== 1) {
      // A seat a crash took without its stint is given back (the count follows the stints), then asked again.
      const stored = await this.c.factions.findOne({ _id: f._id }, { projection: { memberCount: 1 } });
      if (!stored) return 'gone';
      const actual = await this.c.factionMembers.countDocuments({ factionId: f._id, active: true });
      if (actual >= stored.memberCount || actual >= limit) return 'full';
      await this.c.factions.updateOne({ _id: f._id, memberCount: stored.memberCount }, { $set: { memberCount: actual } });
      seat = await this.c.factions.updateOne({ _id: f._id, memberCount: { $lt: limit } }, { $inc: { memberCount: 1 } });
      if (seat.matchedCount !== 1) return 'full';
    }
    try {
      await this.c.factionMembers.insertOne({ _id: stintId(f._id, userId, at), guildId: f.guildId, factionId: f._id, userId, role, joinedAt: at, leftAt: null, active: true });
      // Disbanded meanwhile (see disband()): the stint ends at once, so the member is in no faction.
      if (!(await this.c.factions.findOne({ _id: f._id }, { projection: { _id: 1 } }))) {
        await this.c.factionMembers.updateOne({ factionId: f._id, userId, active: true }, { $set: { leftAt: at }, $unset: { active: '' } });
        return 'gone';
      }
      return 'joined';
    } catch (err) {
      await this.c.factions.updateOne({ _id: f._id }, { $inc: { memberCount: -1 } });
      if (isDuplicateKey(err)) return 'member';
      throw err;
    }
  }

  /** Ends the member's stint in this faction; false when they were not in it. */
  async leave(factionId: string, userId: string, at: Date): Promise<boolean> {
    this.version++;
    const r = await this.c.factionMembers.updateOne({ factionId, userId, active: true }, { $set: { leftAt: at }, $unset: { active: '' } });
    if (r.modifiedCount !== 1) return false;
    await this.c.factions.updateOne({ _id: factionId }, { $inc: { memberCount: -1 } });
    return true;
  }

  /** Makes a member an officer; false when they are not a plain member of it. */
  async promote(factionId: string, userId: string): Promise<boolean> {
    this.version++;
    const r = await this.c.factionMembers.updateOne({ factionId, userId, active: true, role: 'member' }, { $set: { role: 'officer' } });
    return r.modifiedCount === 1;
  }

  /** Ends every stint, then removes the faction (its tag is free again); the stints stay as history. */
  async disband(factionId: string, at: Date): Promise<boolean> {
    this.version++;
    // The faction first: a join racing this either wrote its stint before the updateMany (ended by it) or
    // finds the faction gone right after its insert (join() ends it then).
    const r = await this.c.factions.deleteOne({ _id: factionId });
    await this.c.factionMembers.updateMany({ factionId, active: true }, { $set: { leftAt: at }, $unset: { active: '' } });
    return r.deletedCount === 1;
  }

  /** Names and tags starting with or containing what was typed (autocomplete). */
  async suggest(guildId: string, typed: string): Promise<Faction[]> {
    const lower = typed.trim().toLowerCase();
    const all = await this.list(guildId);
    return lower ? all.filter((f) => f.nameLower.includes(lower) || f.tagLower.includes(lower)) : all;
  }
}
