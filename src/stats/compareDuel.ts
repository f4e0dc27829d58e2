/**
 * The duel record of two players for /compare: how often each killed the other, per server from the
 * exact pair documents the engine keeps (ingest/duelSchema.ts), summed over the guild's servers.
 *
 * Data from before the pair documents: a pair's kills then live only in the players' count arrays
 * (`victims` of the killer, `killers` of the victim), which are exact while the entry stays in their top
 * COUNTS_KEEP. A pair document counts from its creation on. Both are lower bounds of the true count, so
 * per server the record takes the largest of the three: exact for any pair that met only since the
 * upgrade (its document) or whose entry was never cut from the arrays; short only for an old pair that
 * had also dropped out of both arrays, whose older kills are lost anyway.
 */
import type { Collection } from 'mongodb';
import type { DuelStats } from '../ingest/duelSchema.js';
import type { Count, PlayerStats, StatsDoc } from '../ingest/schemas.js';
import { duelDocId, playerDocId } from '../ingest/statsDocs.js';

/** Kills of b by a and of a by b. */
export interface DuelRecord {
  aKilledB: number;
  bKilledA: number;
}

/**
 * Servers whose documents a guild-wide duel reads, the busiest first: a guild's servers are bounded by
 * its tier (25 at most) but removed servers keep their stats, so this bounds the read (4 documents each).
 */
export const DUEL_SERVERS_MAX = 100;

/** What a duel reads per server: both directions' pair documents and both players' documents. */
export function duelReadIds(serverIds: readonly string[], a: string, b: string): string[] {
  return serverIds.flatMap((s) => [duelDocId(s, a, b), duelDocId(s, b, a), playerDocId(s, a), playerDocId(s, b)]);
}

const countOf = (list: readonly Count[] | undefined, id: string) => list?.find((c) => c.id === id)?.n ?? 0;

/** The duel from the documents read for it (see the header for the rule per server). */
export function duelRecord(docs: readonly StatsDoc[], serverIds: readonly string[], a: string, b: string): DuelRecord {
  const byId = new Map(docs.map((d) => [d._id, d]));
  const kills = (serverId: string, killer: string, victim: string) => {
    const pair = byId.get(duelDocId(serverId, killer, victim)) as DuelStats | undefined;
    const k = byId.get(playerDocId(serverId, killer)) as PlayerStats | undefined;
    const v = byId.get(playerDocId(serverId, victim)) as PlayerStats | undefined;
    return Math.max(pair?.n ?? 0, countOf(k?.victims, victim), countOf(v?.killers, killer));
  };
  let aKilledB = 0;
  let bKilledA = 0;
  for (const s of new Set(serverIds)) {
    aKilledB += kills(s, a, b);
    bKilledA += kills(s, b, a);
  }
  return { aKilledB, bKilledA };
}

/**
 * Reads the duel of two players on one server (one round trip by _id) or over the guild's servers (one
 * more: the guild's server documents, an index range of at most DUEL_SERVERS_MAX).
 */
export async function readDuel(stats: Collection<StatsDoc>, guildId: string, a: string, b: string, serverId?: string): Promise<DuelRecord> {
  const serverIds = serverId
    ? [serverId]
    : (await stats.find({ guildId, type: 'server' }, { projection: { serverId: 1 } }).sort({ kills: -1 }).limit(DUEL_SERVERS_MAX).toArray()).map((s) => s.serverId);
  if (!serverIds.length) return { aKilledB: 0, bKilledA: 0 };
  // The weapons and revenge lists are the bulk of a player document and play no part here.
  const docs = await stats.find({ _id: { $in: duelReadIds(serverIds, a, b) } }, { projection: { weapons: 0, lastKilledBy: 0, lastEvents: 0 } }).toArray();
  return duelRecord(
    docs.filter((d) => d.guildId === guildId),
    serverIds,
    a,
    b,
  );
}
