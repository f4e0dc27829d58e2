/**
 * What members earn from the rest of the bot: credits for the kills of their linked player (called by the
 * log ingestion engine while it applies a batch) and for pixels they place (called by CanvasService).
 * Each payment goes through the ledger under the key of its cause (`kill:<serverId>:<eventId>`,
 * `pixel:<placementId>`), so a replayed batch, a backfill read again or a retried placement pays nothing
 * more. A kill pays only inside the replay horizon (./ledgerRetention.ts killPaysCredits): a backfill of
 * old files counts the stats and pays nothing, which is what lets kill entries expire. The callers pass
 * plain records: this module knows neither the ingestion engine nor the canvas.
 */
import type { Collection } from 'mongodb';
import type { PlayerLink } from '../db/schemas.js';
import type { Economy } from './economy.js';
import type { LedgerResult } from './ledger.js';
import { killPaysCredits } from './ledgerRetention.js';
import type { LedgerReason } from './schemas.js';
import { defaultEcoSettings, type EcoSettingsOf } from './settings.js';

/** A player-versus-player kill as the ingestion engine reports it (suicides and killerless deaths never come here). */
export interface KillForCredit {
  eventId: string;
  killerId: string;
  at: Date;
  /** A kill inside one faction (ingest/batchTeamKills.ts): pays nothing. */
  teamKill?: boolean;
}

/** A placed pixel: `placementId` is its canvas log entry id, unique per placement. */
export interface PixelForCredit {
  guildId: string;
  userId: string;
  placementId: string;
}

export const killKey = (serverId: string, eventId: string) => `kill:${serverId}:${eventId}`;
export const pixelKey = (placementId: string) => `pixel:${placementId}`;

/**
 * Which kills pay whom: a kill pays the member linked to its killer when it happened at or after the link
 * was made (history from before the link, backfilled or not, pays nobody) and is inside the replay
 * horizon at `now`, the time of ingest. `player_links` holds approved links only, `linkedAt` the
 * approval: a claim waiting for an admin pays nothing, and a removed or moved link pays its former
 * member nothing more (the ledger's kill key still keeps a kill paid before the move from paying twice).
 */
export function paidKills(kills: readonly KillForCredit[], links: readonly Pick<PlayerLink, 'playerId' | 'userId' | 'linkedAt'>[], now: Date): { eventId: string; userId: string }[] {
  const byPlayer = new Map(links.map((l) => [l.playerId, l]));
  const out: { eventId: string; userId: string }[] = [];
  for (const k of kills) {
    if (k.teamKill) continue; // inside one faction: pays nothing
    const link = byPlayer.get(k.killerId);
    if (link && k.at.getTime() >= link.linkedAt.getTime() && killPaysCredits(k.at, now)) out.push({ eventId: k.eventId, userId: link.userId });
  }
  return out;
}

/**
 * economy.earn, for a caller that is the only one entering its keys while it runs (a batch being applied,
 * a placement's credit being retried, a migration under its lock). An entry of the same key found still
 * pending was left by an earlier attempt that died between the ledger's writes: it is finished now rather
 * than by the sweep a minute later, so the caller can commit knowing the credit is on the balance.
 */
export function earnSettled(
  economy: Pick<Economy, 'earn'>,
  guildId: string,
  userId: string,
  amount: number,
  reason: LedgerReason,
  key: string,
  ref: string | null,
): Promise<LedgerResult> {
  return economy.earn(guildId, userId, amount, reason, key, ref, { resume: true });
}

export interface EarningsOptions {
  links: Collection<PlayerLink>;
  economy: Pick<Economy, 'earn' | 'earnBatched'>;
  /** The ingesting clock the replay horizon is measured on (tests set it). */
  now?: () => Date;
  /** The guild's amounts per kill and pixel (`/eco settings`); the defaults when left out. */
  settingsOf?: EcoSettingsOf;
}

export class Earnings {
  constructor(private readonly o: EarningsOptions) {}

  /**
   * Pays the guild's killCredits (`/eco settings`; 0 pays nothing) for each kill of a linked player made since the link, inside the replay horizon.
   * One query for the links of the batch's killers, then one ledger entry per paid kill, in order. Throws
   * when the database does: the engine then keeps the batch pending and calls this again with the same
   * kills. (A replay that finds a kill past the horizon skips it; an entry a crash left pending for it is
   * finished by the sweep, so what was begun is paid once.)
   */
  async onKills(guildId: string, serverId: string, kills: readonly KillForCredit[]): Promise<number> {
    const now = this.o.now?.() ?? new Date();
    const young = kills.filter((k) => killPaysCredits(k.at, now));
    if (!young.length) return 0;
    const killers = [...new Set(young.map((k) => k.killerId))];
    const links = await this.o.links.find({ guildId, playerId: { $in: killers } }, { projection: { playerId: 1, userId: 1, linkedAt: 1 } }).toArray();
    if (!links.length) return 0;
    const paid = paidKills(young, links, now);
    const amount = (await (this.o.settingsOf ?? defaultEcoSettings)(guildId)).killCredits;
    if (amount <= 0) return 0;
    for (const p of paid) await earnSettled(this.o.economy, guildId, p.userId, amount, 'kill', killKey(serverId, p.eventId), p.eventId);
    return paid.length;
  }

  /**
   * Pays the guild's pixelCredits (0: nothing) for a placement, once per placement however often it is delivered. Pixels come in
   * crowds: the credit is entered with the others of the next moment (Economy.earnBatched, with
   * earnSettled's resume), and resolves once it is on the balance, so the caller's mark follows the credit.
   */
  async onPixelPlaced(e: PixelForCredit): Promise<void> {
    const amount = (await (this.o.settingsOf ?? defaultEcoSettings)(e.guildId)).pixelCredits;
    if (amount > 0) await this.o.economy.earnBatched(e.guildId, e.userId, amount, 'pixel', pixelKey(e.placementId), e.placementId);
  }
}
