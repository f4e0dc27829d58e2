/**
 * The guild-wide documents boards read are kept by the batch applier: after every batch they equal the
 * per-server documents merged in memory, also when a batch is replayed after a crash between its stats
 * write and the guild write, and when two servers' batches land at once. (Migration 007 builds them for
 * data written before: tests/db/migrations/007-stats-boards.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Collection } from 'mongodb';
import { BatchApplier } from '../../src/ingest/batchApplier.js';
import type { AnyStatsDoc } from '../../src/ingest/guildStats.js';
import type { PlayerStats } from '../../src/ingest/schemas.js';
import { ensureIngestIndexes, ingestCollections, type IngestCollections } from '../../src/ingest/store.js';
import { boardRanks } from '../../src/ingest/rank.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { G, guildBoards, id, lines, logger } from './guildBoards.js';

let mongo: TestMongo;
let cols: IngestCollections;
let raw: Collection<AnyStatsDoc>;
const { applyBatch, expectedGuildDocs, storedGuildDocs } = guildBoards(() => cols);

beforeAll(async () => {
  mongo = await startMongo();
  cols = ingestCollections(mongo.db);
  raw = cols.stats as unknown as Collection<AnyStatsDoc>;
  await ensureIngestIndexes(cols);
});

afterAll(async () => {
  await mongo?.stop();
});

describe('guild-wide documents kept by the batch applier', () => {
  it('equal the merged per-server documents after batches on two servers', async () => {
    await applyBatch('s1', lines(1, 120, 0, 40));
    await applyBatch('s2', lines(2, 120, 20, 40));
    await applyBatch('s1', lines(3, 80, 10, 40));
    const want = await expectedGuildDocs();
    expect(want.size).toBeGreaterThan(60);
    expect(await storedGuildDocs()).toEqual(want);
    // Players on both servers are summed there.
    const both = [...want.values()].find((d) => (d as { _id: string })._id === `${G}|gp|${id(25)}`) as PlayerStats;
    const parts = (await raw.find({ guildId: G, type: 'player', playerId: id(25) }).toArray()) as unknown as PlayerStats[];
    expect(parts).toHaveLength(2);
    expect(both.kills).toBe(parts[0]!.kills + parts[1]!.kills);
    // Per-server documents carry their board numbers too.
    expect((parts[0] as PlayerStats & { rank: unknown }).rank).toEqual(boardRanks(parts[0]!));
  });

  it('a batch replayed after a crash between its stats and guild writes counts once', async () => {
    let crashed = false;
    const crash = (s: string) => {
      if (s === 'stats' && !crashed) {
        crashed = true;
        throw new Error('crash');
      }
    };
    await expect(applyBatch('s2', lines(4, 100, 0, 60), crash)).rejects.toThrow('crash');
    // The per-server documents hold the batch, the guild ones not yet.
    expect(await storedGuildDocs()).not.toEqual(await expectedGuildDocs());
    const cursor = (await cols.cursors.findOne({ _id: 's2' }))!;
    expect(cursor.pending).not.toBeNull();
    await new BatchApplier(cols, logger).apply(cursor);
    expect(await storedGuildDocs()).toEqual(await expectedGuildDocs());
    // Replaying once more (a second crash after the guild write) changes nothing.
    const before = await storedGuildDocs();
    await expect(applyBatch('s1', lines(5, 50, 0, 60), (s) => { if (s === 'guild') throw new Error('crash'); })).rejects.toThrow('crash');
    await new BatchApplier(cols, logger).apply((await cols.cursors.findOne({ _id: 's1' }))!);
    expect(await storedGuildDocs()).not.toEqual(before);
    expect(await storedGuildDocs()).toEqual(await expectedGuildDocs());
  });

  it('two servers’ batches touching the same players at once end exact', async () => {
    await Promise.all([applyBatch('s1', lines(6, 60, 0, 30)), applyBatch('s2', lines(7, 60, 0, 30)), applyBatch('s3', lines(8, 60, 0, 30))]);
    expect(await storedGuildDocs()).toEqual(await expectedGuildDocs());
  });
});
