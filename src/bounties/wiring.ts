/**
 * The bounty service as app.ts builds it, and the ingest's kills hook that pays kill credits and claims
 * bounties in one call (before the batch commits), answering the bounty lines the kill posts show.
 */
import type { Db } from 'mongodb';
import type { Collections } from '../db/collections.js';
import { CreditLedger, type LedgerStepHook } from '../economy/ledger.js';
import type { FactionLookup } from '../factions/membership.js';
import { guildPlayerId } from '../ingest/guildStats.js';
import { ingestCollections } from '../ingest/store.js';
import { playerDocId } from '../ingest/statsModel.js';
import type { KillRecord, KillsHook } from '../ingest/types.js';
import type { Logger } from '../logger.js';
import { startBountyExpiry as startExpiry } from './expiry.js';
import type { AutoSettings } from './auto.js';
import { BountyService } from './service.js';

/**
 * Test only: `BOUNTY_CRASH_AT=inserted|leg|decided` kills the process at that step of a bounty's ledger
 * entry, `settled` after the out entry and before the document follows it (tests/e2e/bounties-crash).
 */
const CRASH_ENV = 'BOUNTY_CRASH_AT';
const die = () => process.kill(process.pid, 'SIGKILL');

export function bountyServiceOf(o: { db: Db; cols: Collections; ledger: CreditLedger; logger: Logger; factions?: () => FactionLookup | undefined; settingsOf?: (guildId: string) => Promise<AutoSettings> }): BountyService {
  const crashAt = process.env[CRASH_ENV];
  const onStep: LedgerStepHook | undefined = crashAt && crashAt !== 'settled' ? (step) => step === crashAt && die() : undefined;
  const ledger = onStep ? new CreditLedger({ ledger: o.cols.creditLedger, balances: o.cols.creditBalances }, onStep) : o.ledger;
  const stats = ingestCollections(o.db).stats;
  return new BountyService({
    bounties: o.cols.bounties,
    links: o.cols.playerLinks,
    entries: o.cols.creditLedger,
    ledger,
    logger: o.logger,
    ...(o.factions ? { factions: o.factions } : {}),
    ...(o.settingsOf ? { settingsOf: o.settingsOf } : {}),
    playerNames: async (guildId, ids) => {
      // By _id (the guild-wide documents, written before the kills hook runs), names only: no scan of the guild's players.
      const docs = await stats.find({ _id: { $in: ids.map((id) => guildPlayerId(guildId, id)) } } as never, { projection: { playerId: 1, name: 1 } }).toArray();
      return new Map(docs.map((d) => [(d as { playerId: string }).playerId, (d as { name: string }).name]));
    },
    ...(crashAt === 'settled' ? { onSettled: die } : {}),
    seenOn: async (guildId, serverId, ids) => {
      const docs = await stats.find({ _id: { $in: ids.map((id) => playerDocId(serverId, id)) }, guildId }, { projection: { playerId: 1 } }).toArray();
      return new Set(docs.map((d) => (d as { playerId?: string }).playerId ?? ''));
    },
  });
}

/** Kill credits first (each kill's own entry), then the bounties; the answer feeds the kill posts. */
export function killsHookOf(earnings: { onKills: (guildId: string, serverId: string, kills: KillRecord[]) => Promise<unknown> }, bounties: Pick<BountyService, 'onKills'>): KillsHook {
  return async (guildId, serverId, kills) => {
    await earnings.onKills(guildId, serverId, kills);
    return bounties.onKills(guildId, serverId, kills);
  };
}

/** The expiry sweep of every guild's bounties (one process runs it: app.ts starts it on the first shard); returns the stop. */
export function startBountyExpiry(bounties: Pick<BountyService, 'expire'>, logger: Logger): Promise<() => Promise<void>> {
  return startExpiry(() => bounties.expire(), logger.child({ module: 'bounty-expiry' }));
}
