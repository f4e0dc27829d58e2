/**
 * Migration 007 (src/db/migrations/007-stats-boards.ts) builds the board fields of per-server documents
 * and the guild-wide documents boards read for data written before them; running it again changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Collection } from 'mongodb';
import { backfillBoards } from '../../../src/db/migrations/007-stats-boards.js';
import type { AnyStatsDoc } from '../../../src/ingest/guildStats.js';
import type { PlayerStats, WeaponStats } from '../../../src/ingest/schemas.js';
import { ensureIngestIndexes, ingestCollections, type IngestCollections } from '../../../src/ingest/store.js';
import { boardRanks } from '../../../src/ingest/rank.js';
import { startMongo, type TestMongo } from '../../support/mongo.js';
import { guildBoards, lines, logger } from '../../ingest/guildBoards.js';

let mongo: TestMongo;
let cols: IngestCollections;
let raw: Collection<AnyStatsDoc>;
const { applyBatch, expectedGuildDocs, storedGuildDocs } = guildBoards(() => cols);

beforeAll(async () => {
  mongo = await startMongo();
  cols = ingestCollections(mongo.db);
  raw = cols.stats as unknown as Collection<AnyStatsDoc>;
  await ensureIngestIndexes(cols);
  // Batches on two servers, as the batch applier writes them today; the test strips what 007 adds.
  await applyBatch('s1', lines(1, 120, 0, 40));
  await applyBatch('s2', lines(2, 120, 20, 40));
  await applyBatch('s1', lines(3, 80, 10, 40));
});

afterAll(async () => {
  await mongo?.stop();
});

describe('migration 007', () => {
  it('gives documents written before their board fields and guild documents, and running again changes nothing', async () => {
    // Data as the previous version wrote it: no rank, no weapon nameLower, no guild documents.
    await raw.deleteMany({ type: { $in: ['guildPlayer', 'guildWeapon'] } });
    await raw.updateMany({ type: 'player' }, { $unset: { rank: '' } });
    await raw.updateMany({ type: 'weapon' }, { $unset: { nameLower: '' } });
    const want = await expectedGuildDocs();
    expect(await raw.countDocuments({ rank: { $exists: true } })).toBe(0);

    expect(await backfillBoards(mongo.db, logger)).toBeGreaterThan(60);
    expect(await storedGuildDocs()).toEqual(want);
    for (const d of (await raw.find({ type: 'player' }).toArray()) as unknown as PlayerStats[]) expect((d as PlayerStats & { rank: unknown }).rank).toEqual(boardRanks(d));
    for (const d of (await raw.find({ type: 'weapon' }).toArray()) as unknown as WeaponStats[]) expect((d as WeaponStats & { nameLower: string }).nameLower).toBe(d.weapon.toLowerCase());

    await backfillBoards(mongo.db, logger);
    expect(await storedGuildDocs()).toEqual(want);
  });
});
