/**
 * Bounties (/bounty): placed by members on in-game players, their credits held in escrow from the moment
 * they are placed, claimed through the kills the ingest engine reports (./claims.ts), refunded at expiry
 * (./expiry.ts) or on cancel. Every movement is one ledger entry (./settle.ts says how one bounty is
 * settled exactly once); the documents follow the ledger.
 */
import type { Collection } from 'mongodb';
import type { Bounty } from '../db/bountySchemas.js';
import { isDuplicateKey } from '../db/duplicateKey.js';
import type { PlayerLink } from '../db/schemas.js';
import { ESCROW_ACCOUNT } from '../economy/economy.js';
import type { CreditLedger } from '../economy/ledger.js';
import type { LedgerEntry } from '../economy/schemas.js';
import { UserError } from '../errors.js';
import type { FactionLookup } from '../factions/membership.js';
import { msg } from '../i18n/message.js';
import type { Logger } from '../logger.js';
import { placeAutoBounties, type AutoSettings } from './auto.js';
import { claimKills, youngKills, type ClaimedByKill } from './claims.js';
import { expireDue } from './expiry.js';
import { followSettled, repairPlacing, type RepairParts } from './repair.js';
import { BOUNTY_LIMITS, bountyExpireAt, CANCELLED_REF, inKey, totalsByTarget, type KillForBounty, type TargetTotal } from './rules.js';
import { settle } from './settle.js';

export interface BountyServiceOptions {
  bounties: Collection<Bounty>;
  links: Collection<PlayerLink>;
  /** The ledger's entries, read to repair a document a crash left behind its entry. */
  entries: Collection<LedgerEntry>;
  ledger: Pick<CreditLedger, 'apply'>;
  logger: Logger;
  /** Who is in which faction (the faction service, once it exists): no claims within a faction. */
  factions?: () => FactionLookup | undefined;
  /** Which of these players were seen on a server (for `/bounty list server:`). */
  seenOn?: (guildId: string, serverId: string, playerIds: readonly string[]) => Promise<ReadonlySet<string>>;
  /** The guild's automatic-bounty settings (absent: none) and player names for their targets. */
  settingsOf?: (guildId: string) => Promise<AutoSettings>;
  playerNames?: (guildId: string, playerIds: readonly string[]) => Promise<ReadonlyMap<string, string>>;
  now?: () => Date;
  /** Test hook: after a bounty's out entry, before its document follows (the crash tests stop the bot there). */
  onSettled?: () => void;
}

export interface PlaceInput {
  /** The interaction's id: the bounty's id, so a redelivered interaction places nothing more. */
  id: string;
  guildId: string;
  placerId: string;
  target: { id: string; name: string };
  amount: number;
  hours: number;
}

/** The options that are set, for spreading into parts with optional fields. */
function pick<K extends keyof BountyServiceOptions>(o: BountyServiceOptions, ...keys: K[]): Pick<BountyServiceOptions, K> {
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) as Pick<BountyServiceOptions, K>;
}

export class BountyService {
  private readonly parts: RepairParts;

  constructor(private readonly o: BountyServiceOptions) {
    this.parts = { bounties: o.bounties, ledger: o.ledger, entries: o.entries, now: o.now ?? (() => new Date()), ...(o.onSettled ? { onSettled: o.onSettled } : {}) };
  }

  /**
   * Places a bounty: the document first (`placing`), then the placer's credits into escrow under
   * `bounty:<id>:in`, then the document `active`. Refusals (too few credits, limits) are UserErrors.
   */
  async place(input: PlaceInput): Promise<{ bounty: Bounty; total: number }> {
    const now = this.parts.now();
    let b = await this.o.bounties.findOne({ _id: input.id });
    if (!b) {
      const [inGuild, mine] = await Promise.all([
        this.o.bounties.countDocuments({ guildId: input.guildId, state: { $in: ['placing', 'active'] } }, { limit: BOUNTY_LIMITS.perGuild }),
        this.o.bounties.countDocuments({ guildId: input.guildId, placerId: input.placerId, state: { $in: ['placing', 'active'] } }, { limit: BOUNTY_LIMITS.perPlacer }),
      ]);
      if (inGuild >= BOUNTY_LIMITS.perGuild) throw new UserError(msg('bounty.place.guildFull', { max: BOUNTY_LIMITS.perGuild }), 'rate_limit');
      if (mine >= BOUNTY_LIMITS.perPlacer) throw new UserError(msg('bounty.place.mineFull', { max: BOUNTY_LIMITS.perPlacer }), 'rate_limit');
      const doc: Bounty = {
        _id: input.id,
        guildId: input.guildId,
        targetId: input.target.id,
        targetName: input.target.name,
        placerId: input.placerId,
        amount: input.amount,
        state: 'placing',
        createdAt: now,
        expiresAt: new Date(now.getTime() + input.hours * 3_600_000),
      };
      try {
        await this.o.bounties.insertOne(doc);
        b = doc;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        b = (await this.o.bounties.findOne({ _id: input.id }))!;
      }
    }
    if (b.state === 'placing') {
      const legs = [{ userId: b.placerId!, amount: -b.amount }, { userId: ESCROW_ACCOUNT, amount: b.amount }];
      const r = await this.o.ledger.apply({ guildId: b.guildId, key: inKey(b._id), reason: 'bounty', ref: b.targetId, legs }, now, { resume: true });
      if (r.outcome === 'pending') throw new UserError(msg('bounty.place.pending'), 'conflict');
      const state = r.outcome === 'applied' ? 'active' : 'void';
      const moved = await this.o.bounties.updateOne({ _id: b._id, state: 'placing' }, { $set: { state, ...(state === 'void' ? { expireAt: bountyExpireAt(now) } : {}) } });
      // The sweep voided it while this place stalled past PLACING_GIVE_UP_MS, after the charge: undo the charge once
      // (killed before this, the sweep's watch for late charges undoes it, under the same out key: ./repair.ts).
      if (moved.matchedCount === 0 && state === 'active' && (await this.o.bounties.findOne({ _id: b._id }))?.state === 'void') {
        await settle(this.parts, { ...b, state: 'active' }, b.placerId, CANCELLED_REF);
        throw new UserError(msg('bounty.place.undone'), 'conflict');
      }
      b = { ...b, state };
    }
    if (b.state === 'void') throw new UserError(msg('bounty.place.poor', { amount: b.amount }));
    return { bounty: b, total: await this.totalOn(b.guildId, b.targetId) };
  }

  /** The placer takes an active bounty back; a bounty claimed (or expired) first is not theirs to cancel. */
  async cancel(guildId: string, userId: string, id: string): Promise<Bounty> {
    const b = await this.o.bounties.findOne({ _id: id, guildId });
    if (!b || b.placerId !== userId) throw new UserError(msg('bounty.cancel.notYours'), 'not_found');
    if (b.state === 'placing' && (await repairPlacing(this.parts, b, null)) !== 'active') throw new UserError(msg('bounty.place.pending'), 'conflict');
    if (b.state !== 'active' && b.state !== 'placing') throw new UserError(msg(`bounty.cancel.${b.state === 'claimed' ? 'claimed' : 'over'}`));
    const s = await settle(this.parts, b, userId, CANCELLED_REF);
    if (!s.won) throw new UserError(msg(`bounty.cancel.${s.state === 'claimed' ? 'claimed' : 'over'}`));
    return b;
  }

  /**
   * The guild's running bounties added up per target (at most BOUNTY_LIMITS.perGuild documents, one indexed
   * read). Expired ones in their claim grace are not shown (only a kill from before the expiry can still
   * claim them); active documents whose out entry went in before a crash follow it here (one read by _id).
   */
  async list(guildId: string, serverId?: string): Promise<TargetTotal[]> {
    const now = this.parts.now();
    const docs = await this.o.bounties.find({ guildId, state: 'active' }).sort({ expiresAt: 1 }).limit(BOUNTY_LIMITS.perGuild).toArray();
    let totals = totalsByTarget(await followSettled(this.parts, docs.filter((d) => d.expiresAt > now)));
    if (serverId && this.o.seenOn) {
      const seen = await this.o.seenOn(guildId, serverId, totals.map((t) => t.targetId));
      totals = totals.filter((t) => seen.has(t.targetId));
    }
    return totals;
  }

  /** A member's active bounties, soonest expiry first (for /bounty cancel's choices: also those in their claim grace, still cancellable). */
  mine(guildId: string, userId: string): Promise<Bounty[]> {
    return this.o.bounties.find({ guildId, placerId: userId, state: 'active' }).sort({ expiresAt: 1 }).limit(BOUNTY_LIMITS.perPlacer).toArray();
  }

  async totalOn(guildId: string, targetId: string): Promise<number> {
    // Running ones, as /bounty list counts them (not those expired in their claim grace).
    const docs = await this.o.bounties.find({ guildId, state: 'active', targetId, expiresAt: { $gt: this.parts.now() } }, { projection: { amount: 1 } }).limit(BOUNTY_LIMITS.perGuild).toArray();
    return docs.reduce((n, d) => n + d.amount, 0);
  }

  /**
   * The ingest engine's kills hook: first the house's bounties the batch's streaks put (./auto.ts), then
   * the claims (./claims.ts); the answer, the same on a replay, is what the posts say.
   */
  async onKills(guildId: string, serverId: string, kills: readonly KillForBounty[]): Promise<{ bounties: ClaimedByKill; autoBounties: ReadonlyMap<string, number> }> {
    const young = youngKills(kills, this.parts.now());
    const autoBounties = await placeAutoBounties({ ...this.parts, ...pick(this.o, 'settingsOf', 'playerNames') }, guildId, serverId, young);
    const bounties = await claimKills({ ...this.parts, links: this.o.links, ...pick(this.o, 'factions') }, guildId, serverId, young);
    return { bounties, autoBounties };
  }

  /** One pass of the expiry sweep (./expiry.ts): refunds what ran out unclaimed, repairs what a crash left. */
  expire(): Promise<{ refunded: number; repaired: number; more: boolean }> {
    return expireDue(this.parts, this.o.logger);
  }
}
