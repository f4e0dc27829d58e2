/**
 * The duel record of /compare (src/stats/compareDuel.ts): the pair documents summed over servers, the
 * count arrays for data from before them (the larger lower bound per server), and what a read costs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Collection, MongoClient } from 'mongodb';
import type { DuelStats } from '../../src/ingest/duelSchema.js';
import type { PlayerStats, StatsDoc } from '../../src/ingest/schemas.js';
import { duelDocId, newServerStats } from '../../src/ingest/statsModel.js';
import { newPlayer } from '../../src/ingest/statsDocs.js';
import { ensureIngestIndexes, ingestCollections } from '../../src/ingest/store.js';
import { DUEL_SERVERS_MAX, duelReadIds, duelRecord, readDuel } from '../../src/stats/compareDuel.js';
import { recordingClient, startMongo, type SentCommand, type TestMongo } from '../support/mongo.js';

const G = 'guild-1';
const A = 'a'.repeat(32);
const B = 'b'.repeat(32);
const at = new Date('2025-05-01T00:00:00Z');

const duel = (guildId: string, serverId: string, killerId: string, victimId: string, n: number): DuelStats => ({
  _id: duelDocId(serverId, killerId, victimId),
  type: 'duel',
  guildId,
  serverId,
  lastSeq: 1,
  killerId,
  victimId,
  n,
});

function player(guildId: string, serverId: string, id: string, victims: Record<string, number> = {}, killers: Record<string, number> = {}): PlayerStats {
  const p = newPlayer({ guildId, serverId }, id, id === A ? 'Alpha' : 'Bravo', at);
  p.victims = Object.entries(victims).map(([i, n]) => ({ id: i, n }));
  p.killers = Object.entries(killers).map(([i, n]) => ({ id: i, n }));
  return p;
}

describe('duelRecord', () => {
  it('sums each direction’s pair documents over the servers', () => {
    const docs = [duel(G, 's1', A, B, 4), duel(G, 's1', B, A, 1), duel(G, 's2', A, B, 2), duel(G, 's3', B, A, 7)];
    expect(duelRecord(docs, ['s1', 's2', 's3'], A, B)).toEqual({ aKilledB: 6, bKilledA: 8 });
    expect(duelRecord(docs, ['s1', 's2', 's3'], B, A)).toEqual({ aKilledB: 8, bKilledA: 6 });
    expect(duelRecord(docs, ['s2'], A, B)).toEqual({ aKilledB: 2, bKilledA: 0 });
    // A server named twice counts once.
    expect(duelRecord(docs, ['s1', 's1'], A, B)).toEqual({ aKilledB: 4, bKilledA: 1 });
  });

  it('reads data from before the pair documents from the count arrays, the larger lower bound per server', () => {
    // s1: only old data (no pair documents). s2: a pair document made after the upgrade holds the newer
    // kills only, the arrays the whole count. s3: the killer's victims lost B (cut), the victim's killers kept A.
    const docs: StatsDoc[] = [
      player(G, 's1', A, { [B]: 5 }),
      player(G, 's1', B, { [A]: 2 }, { [A]: 5 }),
      player(G, 's2', A, { [B]: 9 }),
      duel(G, 's2', A, B, 3),
      player(G, 's3', A, {}),
      player(G, 's3', B, {}, { [A]: 4 }),
      duel(G, 's3', A, B, 1),
    ];
    expect(duelRecord(docs, ['s1', 's2', 's3'], A, B)).toEqual({ aKilledB: 5 + 9 + 4, bKilledA: 2 });
  });

  it('reads four documents per server', () => {
    expect(duelReadIds(['s1', 's2'], A, B)).toEqual([`s1|d|${A}|${B}`, `s1|d|${B}|${A}`, `s1|p|${A}`, `s1|p|${B}`, `s2|d|${A}|${B}`, `s2|d|${B}|${A}`, `s2|p|${A}`, `s2|p|${B}`]);
  });
});

describe('readDuel', () => {
  let mongo: TestMongo;
  let client: MongoClient;
  let sent: SentCommand[];
  let stats: Collection<StatsDoc>;
  const read = (guildId: string, a: string, b: string, serverId?: string) => readDuel(stats, guildId, a, b, serverId);

  beforeAll(async () => {
    mongo = await startMongo();
    const cols = ingestCollections(mongo.db);
    await ensureIngestIndexes(cols);
    await cols.stats.insertMany([
      newServerStats({ guildId: G, serverId: 's1' }),
      newServerStats({ guildId: G, serverId: 's2' }),
      duel(G, 's1', A, B, 4),
      duel(G, 's1', B, A, 1),
      duel(G, 's2', A, B, 2),
      player(G, 's2', B, { [A]: 3 }),
      // Another guild's server, and a document of another guild under an id this guild's read could name.
      newServerStats({ guildId: 'other', serverId: 'x1' }),
      duel('other', 'x1', A, B, 50),
    ]);
    const rec = await recordingClient(mongo);
    client = rec.client;
    sent = rec.sent;
    stats = ingestCollections(rec.db).stats;
  });

  afterAll(async () => {
    await client?.close();
    await mongo?.stop();
  });

  it('sums the guild’s servers in two round trips, one of them by _id', async () => {
    sent.length = 0;
    expect(await read(G, A, B)).toEqual({ aKilledB: 6, bKilledA: 4 });
    expect(sent.map((c) => c.name)).toEqual(['find', 'find']);
    expect(await read('other', A, B)).toEqual({ aKilledB: 50, bKilledA: 0 });
  });

  it('reads one server in one round trip', async () => {
    sent.length = 0;
    expect(await read(G, A, B, 's2')).toEqual({ aKilledB: 2, bKilledA: 3 });
    expect(sent.map((c) => c.name)).toEqual(['find']);
    // A server of another guild reads nothing of it.
    expect(await read(G, A, B, 'x1')).toEqual({ aKilledB: 0, bKilledA: 0 });
  });

  it('answers zero for a guild without servers, without reading pairs', async () => {
    sent.length = 0;
    expect(await read('nobody', A, B)).toEqual({ aKilledB: 0, bKilledA: 0 });
    expect(sent.map((c) => c.name)).toEqual(['find']);
    expect(DUEL_SERVERS_MAX).toBeGreaterThanOrEqual(25);
  });
});
