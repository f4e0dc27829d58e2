/**
 * The faction collections' reads and writes (src/db/factionSchemas.ts). Every write is one guarded update,
 * so two clicks, two admins or a retried interaction cannot break the rules the indexes and guards hold:
 * one active membership per member (unique partial index), the member limit (`memberCount` guarded), one
 * leader (the faction's `leaderId`), FACTIONS_MAX per guild (a unique `slot` each). A disband marks the
 * faction first (`disbandedAt`): one a crash cut short is never live again, and whoever meets it finishes it.
 */
import type { Collection, Filter } from 'mongodb';
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

/** Factions not being disbanded: the only ones members see, join or act on. */
const LIVE: Filter<Faction> = { disbandedAt: { $exists: false } };

export const stintId = (factionId: string, userId: string, joinedAt: Date) => `${factionId}:${userId}:${joinedAt.getTime()}`;

export class FactionStore {
  /** Bumped by every write here: a faction board read before it is not served after it (FactionStats). */
  version = 0;

  constructor(private readonly c: FactionCols) {}

  get(guildId: string, factionId: string): Promise<Faction | null> {
    return this.c.factions.findOne({ _id: factionId, guildId, ...LIVE });
  }

  /** The faction also while it is being disbanded (`disbandedAt` set): what a crash may have left. */
  anyState(guildId: string, factionId: string): Promise<Faction | null> {
    return this.c.factions.findOne({ _id: factionId, guildId });
  }

  /** These factions, live ones only. */
  byIds(guildId: string, ids: readonly string[]): Promise<Faction[]> {
    return this.c.factions.find({ guildId, _id: { $in: [...new Set(ids)] }, ...LIVE }).toArray();
  }

  /** By tag or name (case-insensitive), as a member types it. */
  async find(guildId: string, typed: string): Promise<Faction | null> {
    const lower = typed.trim().toLowerCase();
    const one = (f: Filter<Faction>) => this.c.factions.findOne({ guildId, ...f, ...LIVE });
    return (await one({ tagLower: lower })) ?? (await one({ nameLower: lower })) ?? (await one({ _id: typed.trim() }));
  }

  /** The guild's factions (at most FACTIONS_MAX), by name. */
  list(guildId: string): Promise<Faction[]> {
    return this.c.factions.find({ guildId, ...LIVE }).sort({ nameLower: 1 }).limit(FACTIONS_MAX).toArray();
  }

  count(guildId: string): Promise<number> {
    return this.c.factions.countDocuments({ guildId, ...LIVE }, { limit: FACTIONS_MAX });
  }

  /**
   * A free slot (null: the guild has FACTIONS_MAX), after finishing disbands a crash cut short. Factions
   * from before slots have none and keep the top slots free (they only go, so a stale read is safe).
   */
  async freeSlot(guildId: string): Promise<number | null> {
    // Slotted ones are at most FACTIONS_MAX (the index); slotless ones at most what the old check let through.
    const all = await this.c.factions.find({ guildId }, { projection: { slot: 1, disbandedAt: 1 } }).limit(2 * FACTIONS_MAX).toArray();
    for (const f of all) if (f.disbandedAt) await this.finishDisband(f._id, f.disbandedAt);
    const live = all.filter((f) => !f.disbandedAt);
    const used = new Set(live.map((f) => f.slot));
    const free = [...Array(Math.max(0, FACTIONS_MAX - live.filter((f) => f.slot === undefined).length)).keys()].filter((s) => !used.has(s));
    // At random: creates at once rarely pick the same slot (a loser picks again).
    return free.length ? free[Math.floor(Math.random() * free.length)]! : null;
  }

  /** Whether anyone but this member ever had a stint in the faction (then it existed: members join a made one). */
  async othersEver(factionId: string, userId: string): Promise<boolean> {
    return (await this.c.factionMembers.countDocuments({ factionId, userId: { $ne: userId } }, { limit: 1 })) > 0;
  }

  /** Any faction (also one being disbanded: it holds its tag and name until it is gone) with this tag or name. */
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

  /** The faction itself, its founder seated; 'duplicate' when its id, tag, name or slot is held. */
  async insert(f: Faction): Promise<'created' | 'duplicate'> {
    this.version++;
    try {
      await this.c.factions.insertOne(f);
      return 'created';
    } catch (err) {
      if (isDuplicateKey(err)) return 'duplicate';
      throw err;
    }
  }

  /** Adds the member under the limit: the seat first (guarded count), then the stint (unique per member). */
  async join(f: Pick<Faction, '_id' | 'guildId'>, userId: string, role: FactionRole, at: Date, limit: number): Promise<'joined' | 'full' | 'member' | 'gone'> {
    this.version++;
    const seatOf = () => this.c.factions.updateOne({ _id: f._id, memberCount: { $lt: limit }, ...LIVE }, { $inc: { memberCount: 1 } });
    let seat = await seatOf();
    if (seat.matchedCount !== 1) {
      // A seat a crash took without its stint is given back (the count follows the stints), then asked again.
      const stored = await this.c.factions.findOne({ _id: f._id, ...LIVE }, { projection: { memberCount: 1 } });
      if (!stored) return 'gone';
      const actual = await this.c.factionMembers.countDocuments({ factionId: f._id, active: true });
      if (actual >= stored.memberCount || actual >= limit) return 'full';
      await this.c.factions.updateOne({ _id: f._id, memberCount: stored.memberCount }, { $set: { memberCount: actual } });
      seat = await seatOf();
      if (seat.matchedCount !== 1) return 'full';
    }
    // Only the insert: a failure after it (the stint written) must not give its seat back.
    try {
      await this.c.factionMembers.insertOne({ _id: stintId(f._id, userId, at), guildId: f.guildId, factionId: f._id, userId, role, joinedAt: at, leftAt: null, active: true });
    } catch (err) {
      await this.c.factions.updateOne({ _id: f._id }, { $inc: { memberCount: -1 } });
      if (isDuplicateKey(err)) return 'member';
      throw err;
    }
    // Marked for disband meanwhile (see disband()): the stint ends at once, so the member is in no faction.
    if (!(await this.c.factions.findOne({ _id: f._id, ...LIVE }, { projection: { _id: 1 } }))) {
      await this.c.factionMembers.updateOne({ factionId: f._id, userId, active: true }, { $set: { leftAt: at }, $unset: { active: '' } });
      return 'gone';
    }
    return 'joined';
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

  /**
   * Marks the faction, ends every stint, then removes it (its tag is free again); the stints stay as
   * history. The mark first: a join racing this either wrote its stint before the stints end (ended then)
   * or finds the mark right after its insert (join() ends it); a disband a crash cut short is never taken
   * for a create cut short (create() resumes only a faction never inserted). False: not live any more.
   */
  async disband(factionId: string, at: Date): Promise<boolean> {
    if (!(await this.markDisband(factionId, at))) return false;
    await this.finishDisband(factionId, at);
    return true;
  }

  /** A disband's first write: the faction is no longer live. */
  async markDisband(factionId: string, at: Date): Promise<boolean> {
    this.version++;
    return (await this.c.factions.updateOne({ _id: factionId, ...LIVE }, { $set: { disbandedAt: at } })).modifiedCount === 1;
  }

  /** The rest of a disband, also of one a crash cut short (a faction marked, or removed before its stints ended). */
  async finishDisband(factionId: string, at: Date): Promise<void> {
    this.version++;
    await this.c.factionMembers.updateMany({ factionId, active: true }, { $set: { leftAt: at }, $unset: { active: '' } });
    await this.c.factions.deleteOne({ _id: factionId, disbandedAt: { $exists: true } });
  }

  /** Names and tags starting with or containing what was typed (autocomplete). */
  async suggest(guildId: string, typed: string): Promise<Faction[]> {
    const lower = typed.trim().toLowerCase();
    const all = await this.list(guildId);
    return lower ? all.filter((f) => f.nameLower.includes(lower) || f.tagLower.includes(lower)) : all;
  }
}
