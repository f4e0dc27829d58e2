/**
 * Factions: the rules of /faction (who may invite, kick, promote, disband; one faction per member; the
 * tier's member limit; the creation cost, charged once through the ledger) and the questions the rest of
 * the bot asks (FactionLookup for bounties, tags for posts and boards, team kills for the ingest).
 */
import { randomBytes } from 'node:crypto';
import type { Collection } from 'mongodb';
import type { Faction, FactionMember } from '../db/factionSchemas.js';
import { FACTION_NAME_MAX, FACTION_TAG } from '../db/factionSchemas.js';
import type { PlayerLink } from '../db/schemas.js';
import type { Economy } from '../economy/economy.js';
import { UserError } from '../errors.js';
import { msg } from '../i18n/message.js';
import type { FactionLookup, FactionRef } from './membership.js';
import { FACTIONS_MAX, FactionStore, type FactionCols } from './store.js';
import { teamKillIds, type KillPair } from './teamKills.js';

export const factionCostKey = (factionId: string) => `faction:${factionId}`;
const refundKey = (factionId: string) => `faction-refund:${factionId}`;

export interface FactionServiceOptions {
  cols: FactionCols;
  links: Collection<PlayerLink>;
  economy: Pick<Economy, 'spend' | 'earn'>;
  now?: () => Date;
}

/** The faction and the member's stint in it (a member acting on their own faction). */
export interface Standing {
  faction: Faction;
  stint: FactionMember;
}

export class FactionService implements FactionLookup {
  readonly store: FactionStore;
  private readonly now: () => Date;

  constructor(private readonly o: FactionServiceOptions) {
    this.store = new FactionStore(o.cols);
    this.now = o.now ?? (() => new Date());
  }

  /** The member's faction and stint; a UserError when they are in none. */
  async standing(guildId: string, userId: string): Promise<Standing> {
    const stint = await this.store.membership(guildId, userId);
    const faction = stint ? await this.store.get(guildId, stint.factionId) : null;
    if (!stint || !faction) throw new UserError(msg('faction.none'), 'not_found');
    return { faction, stint };
  }

  /**
   * The member's stint, unless its faction is not live: a disband a crash cut short (the faction marked,
   * or removed before its stints ended) is finished here, ending every stint of it. `orphan`: a leader's
   * stint of a faction never inserted (nobody else ever joined it), a create a crash cut short.
   */
  private async heldStint(guildId: string, userId: string): Promise<{ stint: FactionMember; orphan: boolean } | null> {
    const stint = await this.store.membership(guildId, userId);
    if (!stint) return null;
    const faction = await this.store.anyState(guildId, stint.factionId);
    if (faction && !faction.disbandedAt) return { stint, orphan: false };
    if (!faction && stint.role === 'leader' && !(await this.store.othersEver(stint.factionId, userId))) return { stint, orphan: true };
    await this.store.finishDisband(stint.factionId, faction?.disbandedAt ?? this.now());
    return null;
  }

  /** A free slot of the guild's FACTIONS_MAX; a UserError when there is none. */
  private async slotOf(guildId: string): Promise<number> {
    const slot = await this.store.freeSlot(guildId);
    if (slot === null) throw new UserError(msg('faction.create.tooMany', { max: FACTIONS_MAX }), 'conflict');
    return slot;
  }

  /** A UserError when another faction holds the tag or name; one being disbanded is finished first. */
  private async tagFree(guildId: string, name: string, tag: string): Promise<void> {
    const clash = await this.store.taken(guildId, name, tag);
    if (clash?.disbandedAt) await this.store.finishDisband(clash._id, clash.disbandedAt);
    else if (clash) throw new UserError(msg('faction.create.taken', { tag }), 'conflict');
  }

  /**
   * A new faction led by `userId`, in three writes: the founder's stint (one faction per member), the cost
   * (0: free) charged once under `faction:<id>`, the faction (in a free slot: FACTIONS_MAX hold against
   * creates at once). A create a crash cut short left the stint of a faction never inserted: the next
   * create goes on under that id, so its cost is never charged twice. When the faction cannot be made (a
   * race took the tag or the last slot), the cost is refunded once; a resumed one stays seated and paid
   * instead (two resumes at once share the id: one must not refund or unseat the other's).
   */
  async create(guildId: string, userId: string, name: string, tag: string, cost: number): Promise<Faction> {
    const cleanName = name.trim().replace(/\s+/g, ' ');
    if (!cleanName || cleanName.length > FACTION_NAME_MAX) throw new UserError(msg('faction.create.badName', { max: FACTION_NAME_MAX }));
    if (!FACTION_TAG.pattern.test(tag)) throw new UserError(msg('faction.create.badTag', { min: FACTION_TAG.min, max: FACTION_TAG.max }));
    const held = await this.heldStint(guildId, userId);
    if (held && !held.orphan) throw new UserError(msg('faction.alreadyMember'), 'conflict');
    const orphan = held?.stint;
    let slot = await this.slotOf(guildId);
    await this.tagFree(guildId, cleanName, tag);
    const at = orphan?.joinedAt ?? this.now();
    const f: Faction = { _id: orphan?.factionId ?? randomBytes(9).toString('base64url'), guildId, name: cleanName, nameLower: cleanName.toLowerCase(), tag, tagLower: tag.toLowerCase(), leaderId: userId, memberCount: 1, createdAt: at };
    if (!orphan && (await this.store.seatFounder(guildId, f._id, userId, at)) === 'member') throw new UserError(msg('faction.alreadyMember'), 'conflict');
    if (cost > 0) {
      const paid = await this.o.economy.spend(guildId, userId, cost, 'faction', factionCostKey(f._id), f._id);
      // The same creation paid by another request right now (a retry of a crashed one): it stays seated for the next try.
      if (paid.outcome === 'pending') throw new UserError(msg('faction.create.pending'), 'conflict');
      if (paid.outcome === 'refused') {
        await this.store.unseatFounder(f._id, userId);
        throw new UserError(msg('faction.create.tooPoor', { cost }), 'conflict');
      }
    }
    // Each failed try is a slot another create took or a tag a disband freed meanwhile: FACTIONS_MAX bound it.
    for (let tries = 0; ; tries++) {
      if ((await this.store.insert({ ...f, slot })) === 'created') return { ...f, slot };
      try {
        // The same id: a resume of this creation at once made it (a double click): that one stands.
        const same = await this.store.anyState(guildId, f._id);
        if (same) {
          if (same.leaderId === userId && !same.disbandedAt) return same;
          throw new UserError(msg('faction.gone'), 'not_found');
        }
        await this.tagFree(guildId, cleanName, tag);
        if (tries >= FACTIONS_MAX) throw new UserError(msg('faction.create.tooMany', { max: FACTIONS_MAX }), 'conflict');
        slot = await this.slotOf(guildId);
      } catch (err) {
        if (!orphan && err instanceof UserError) {
          if (cost > 0) await this.o.economy.earn(guildId, userId, cost, 'faction', refundKey(f._id), f._id);
          await this.store.unseatFounder(f._id, userId);
        }
        throw err;
      }
    }
  }

  /** Who may invite (leader, officers) and whom (a member in no faction, while there is room). */
  async checkInvite(guildId: string, inviterId: string, targetId: string, limit: number): Promise<Faction> {
    const { faction, stint } = await this.standing(guildId, inviterId);
    if (stint.role === 'member') throw new UserError(msg('faction.officersOnly'), 'permission');
    if (targetId === inviterId || (await this.heldStint(guildId, targetId))) throw new UserError(msg('faction.invite.inOne'), 'conflict');
    if (faction.memberCount >= limit) throw new UserError(msg('faction.full', { max: limit }), 'conflict');
    return faction;
  }

  /** The invited member accepts: joins under the limit, unless in a faction already or it is gone. */
  async accept(guildId: string, factionId: string, userId: string, limit: number): Promise<Faction> {
    const faction = await this.store.get(guildId, factionId);
    if (!faction) throw new UserError(msg('faction.gone'), 'not_found');
    const r = await this.store.join(faction, userId, 'member', this.now(), limit);
    if (r === 'full') throw new UserError(msg('faction.full', { max: limit }), 'conflict');
    if (r === 'member') throw new UserError(msg('faction.alreadyMember'), 'conflict');
    if (r === 'gone') throw new UserError(msg('faction.gone'), 'not_found');
    return faction;
  }

  /** Leaves the member's faction; the leader disbands instead (a faction always has its leader). */
  async leave(guildId: string, userId: string): Promise<Faction> {
    const { faction, stint } = await this.standing(guildId, userId);
    if (stint.role === 'leader') throw new UserError(msg('faction.leave.leader'), 'conflict');
    await this.store.leave(faction._id, userId, this.now());
    return faction;
  }

  /** The leader kicks anyone; an officer kicks plain members. */
  async kick(guildId: string, actorId: string, targetId: string): Promise<Faction> {
    const { faction, stint } = await this.standing(guildId, actorId);
    if (stint.role === 'member') throw new UserError(msg('faction.officersOnly'), 'permission');
    const target = await this.store.membership(guildId, targetId);
    if (!target || target.factionId !== faction._id) throw new UserError(msg('faction.notInYours', { userId: targetId }), 'not_found');
    if (target.role === 'leader' || (target.role === 'officer' && stint.role !== 'leader')) throw new UserError(msg('faction.kick.rank'), 'permission');
    await this.store.leave(faction._id, targetId, this.now());
    return faction;
  }

  /** The leader makes a member an officer. */
  async promote(guildId: string, actorId: string, targetId: string): Promise<Faction> {
    const { faction, stint } = await this.standing(guildId, actorId);
    if (stint.role !== 'leader') throw new UserError(msg('faction.leaderOnly'), 'permission');
    const target = await this.store.membership(guildId, targetId);
    if (!target || target.factionId !== faction._id) throw new UserError(msg('faction.notInYours', { userId: targetId }), 'not_found');
    if (!(await this.store.promote(faction._id, targetId))) throw new UserError(msg('faction.promote.already', { userId: targetId }), 'conflict');
    return faction;
  }

  /** The leader's faction, for the disband prompt. */
  async led(guildId: string, userId: string): Promise<Faction> {
    const { faction, stint } = await this.standing(guildId, userId);
    if (stint.role !== 'leader') throw new UserError(msg('faction.leaderOnly'), 'permission');
    return faction;
  }

  /** Disbands the faction the button names, when the clicker still leads it. */
  async disband(guildId: string, userId: string, factionId: string): Promise<Faction> {
    // A second click after a disband a crash cut short finishes it.
    const cut = await this.store.anyState(guildId, factionId);
    if (cut?.disbandedAt && cut.leaderId === userId) {
      await this.store.finishDisband(cut._id, cut.disbandedAt);
      return cut;
    }
    const faction = await this.led(guildId, userId);
    if (faction._id !== factionId) throw new UserError(msg('faction.gone'), 'not_found');
    await this.store.disband(faction._id, this.now());
    return faction;
  }

  async factionOfMembers(guildId: string, userIds: readonly string[]): Promise<ReadonlyMap<string, FactionRef>> {
    const out = new Map<string, FactionRef>();
    if (!userIds.length) return out;
    const stints = await this.store.memberships(guildId, userIds);
    const factions = await this.store.byIds(guildId, stints.map((s) => s.factionId));
    const byId = new Map(factions.map((f) => [f._id, f]));
    for (const s of stints) {
      const f = byId.get(s.factionId);
      if (f) out.set(s.userId, { id: f._id, tag: f.tag });
    }
    return out;
  }

  /** The current tag of each of these players whose linked member is in a faction (posts and boards). */
  async tagsOfPlayers(guildId: string, playerIds: readonly string[]): Promise<ReadonlyMap<string, string>> {
    const out = new Map<string, string>();
    if (!playerIds.length || !(await this.store.count(guildId))) return out;
    const links = await this.o.links.find({ guildId, playerId: { $in: [...new Set(playerIds)] } }, { projection: { playerId: 1, userId: 1 } }).toArray();
    const refs = await this.factionOfMembers(guildId, links.map((l) => l.userId));
    for (const l of links) {
      const r = refs.get(l.userId);
      if (r) out.set(l.playerId, r.tag);
    }
    return out;
  }

  /** The batch's team kills (teamKills.ts): one read of the players' links, one of their members' stints. */
  async teamKillsOf(guildId: string, kills: readonly KillPair[]): Promise<string[]> {
    if (!kills.length) return [];
    const players = [...new Set(kills.flatMap((k) => [k.killerId, k.victimId]))];
    const links = await this.o.links.find({ guildId, playerId: { $in: players } }, { projection: { playerId: 1, userId: 1, linkedAt: 1 } }).toArray();
    if (links.length < 2) return [];
    const times = kills.map((k) => k.at.getTime());
    const stints = await this.store.stints(guildId, links.map((l) => l.userId), new Date(Math.min(...times)), new Date(Math.max(...times)));
    return stints.length ? teamKillIds(kills, links, stints) : [];
  }
}
