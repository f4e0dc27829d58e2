/**
 * Automatic bounties (`/eco settings auto_bounty_streak:`, off at 0): a kill that brings its killer's
 * streak to exactly n makes the house put `autoBountyAmount` on the killer, funded by nobody's balance
 * (a one-leg credit to escrow). Keyed by the kill (`auto:<serverId>:<eventId>`), so a replayed batch or
 * a backfill puts it once; the answer, read back from the documents, is what the callouts announce.
 */
import type { Bounty } from '../db/bountySchemas.js';
import { isDuplicateKey } from '../db/duplicateKey.js';
import { ESCROW_ACCOUNT } from '../economy/economy.js';
import { BOUNTY_HOURS } from '../economy/settings.js';
import { autoId, BOUNTY_LIMITS, inKey, type KillForBounty } from './rules.js';
import type { SettleParts } from './settle.js';

export interface AutoSettings {
  autoBountyStreak: number;
  autoBountyAmount: number;
}

export interface AutoParts extends SettleParts {
  settingsOf?: (guildId: string) => Promise<AutoSettings>;
  /** Player names by id (the stats'), for the bounty's target name. */
  playerNames?: (guildId: string, playerIds: readonly string[]) => Promise<ReadonlyMap<string, string>>;
}

/** The kills (inside the replay horizon, with their streak) that reach the guild's streak: each puts one house bounty. */
export async function placeAutoBounties(p: AutoParts, guildId: string, serverId: string, kills: readonly KillForBounty[]): Promise<ReadonlyMap<string, number>> {
  if (!p.settingsOf || !kills.some((k) => k.streak !== undefined)) return new Map();
  const s = await p.settingsOf(guildId);
  const due = s.autoBountyStreak > 0 ? kills.filter((k) => k.streak === s.autoBountyStreak && !k.teamKill) : [];
  if (!due.length) return new Map();
  const ids = due.map((k) => autoId(serverId, k.eventId));
  const known = new Map((await p.bounties.find({ _id: { $in: ids } }).toArray()).map((b) => [b._id, b]));
  const names = p.playerNames ? await p.playerNames(guildId, [...new Set(due.map((k) => k.killerId))]) : new Map<string, string>();
  const out = new Map<string, number>();
  for (const k of due) {
    const id = autoId(serverId, k.eventId);
    let b = known.get(id);
    if (!b) {
      // The guild's bound holds for the house too: a full guild gets no automatic bounty.
      if ((await p.bounties.countDocuments({ guildId, state: { $in: ['placing', 'active'] } }, { limit: BOUNTY_LIMITS.perGuild })) >= BOUNTY_LIMITS.perGuild) continue;
      b = { _id: id, guildId, targetId: k.killerId, targetName: names.get(k.killerId) ?? k.killerId, placerId: null, amount: s.autoBountyAmount, state: 'placing', createdAt: k.at, expiresAt: new Date(k.at.getTime() + BOUNTY_HOURS.default * 3_600_000) };
      try {
        await p.bounties.insertOne(b);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        b = (await p.bounties.findOne({ _id: id }))!;
      }
    }
    if (b.state === 'placing') b = await fund(p, b);
    if (b.state !== 'void') out.set(k.eventId, b.amount);
  }
  return out;
}

/** The house's credit into escrow (its one in entry), then the document active. */
async function fund(p: SettleParts, b: Bounty): Promise<Bounty> {
  const r = await p.ledger.apply({ guildId: b.guildId, key: inKey(b._id), reason: 'bounty', ref: b.targetId, legs: [{ userId: ESCROW_ACCOUNT, amount: b.amount }] }, p.now(), { resume: true });
  if (r.outcome !== 'applied') throw new Error(`automatic bounty ${b._id}: its funding is ${r.outcome}`);
  const moved = await p.bounties.updateOne({ _id: b._id, state: 'placing' }, { $set: { state: 'active' } });
  // The sweep gave it up meanwhile (void, past its grace): it announces nothing, and the sweep's watch for late charges takes the credits back out.
  if (moved.matchedCount === 0) return (await p.bounties.findOne({ _id: b._id })) ?? b;
  return { ...b, state: 'active' };
}
