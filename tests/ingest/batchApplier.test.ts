/**
 * The guild-wide documents boards read are kept by the batch applier: after every batch they equal the
 * per-server documents merged in memory, also when a batch is replayed after a crash between its stats
 * write and the guild write, and when two servers' batches land at once. Migration 007 builds them (and
 * the per-server board fields) for data written before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Collection } from 'mongodb';
import { BatchApplier } from '../../src/ingest/batchApplier.js';
import { guildPlayer, guildWeapon, type AnyStatsDoc } from '../../src/ingest/guildStats.js';
import { emptyLogState } from '../../src/ingest/logModel.js';
import type { IngestCursor, PendingBatch, PlayerStats, StatsDoc, WeaponStats } from '../../src/ingest/schemas.js';
import { ensureIngestIndexes, ingestCollections, type IngestCollections } from '../../src/ingest/store.js';
import { backfillBoards } from '../../src/db/migrations/007-stats-boards.js';
import { boardRanks } from '../../src/ingest/rank.js';
import { startMongo, type TestMongo } from '../support/mongo.js';

const G = '1600000000000000100';
const logger = pino({ level: 'silent' });
const id = (i: number) => i.toString(16).padStart(32, '0');

let mongo: TestMongo;
let cols: IngestCollections;
let raw: Collection<AnyStatsDoc>;

/** `n` killfeed lines among players [from, from + span), deterministic per seed. */
function lines(seed: number, n: number, from: number, span: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = from + ((seed * 7 + i * 13) % span);
    const v = i % 9 === 0 ? k : from + ((seed * 3 + i * 5 + 1) % span);
    const weapon = k === v ? 'suicide_by_relocation' : `Gun ${(seed + i) % 5}`;
    out.push(`2025.05.0${seed % 9 + 1}-10.${String(Math.floor(i / 60) % 60).padStart(2, '0')}.${String(i % 60).padStart(2, '0')};Name ${k};${id(k)};Name ${v};${id(v)};${weapon};${(i * 37) % 700};PC;PC;`);
  }
  return out;
}

async function cursorOf(serverId: string): Promise<IngestCursor> {
  const c: IngestCursor = { _id: serverId, guildId: G, seq: 0, files: [], log: emptyLogState(), pending: null, malformed: 0, linesRead: 0, updatedAt: new Date() } as unknown as IngestCursor;
  await cols.cursors.updateOne({ _id: serverId }, { $setOnInsert: c }, { upsert: true });
  return (await cols.cursors.findOne({ _id: serverId }))!;
}

/** Journals and applies one batch of lines on a server; `onStep` may throw to simulate a crash. */
async function applyBatch(serverId: string, text: string[], onStep?: (s: string) => void): Promise<IngestCursor> {
  const cursor = (await cols.cursors.findOne({ _id: serverId })) ?? (await cursorOf(serverId));
  const seq = cursor.seq + 1;
  const pending: PendingBatch = {
    seq,
    path: 'world_0/a.csv',
    kind: 'killfeed',
    generation: 0,
    fromOffset: 0,
    toOffset: text.length * 100,
    lines: text.map((t, i) => ({ s: (seq * 10_000 + i) * 100, n: i + 1, t })),
    settings: { showSuicides: true, killfeedDelaySeconds: 0, maxFeedAgeSeconds: null, channels: {} },
    createdAt: new Date(),
    file: { path: 'world_0/a.csv', kind: 'killfeed', offset: text.length * 100, line: text.length, size: text.length * 100, mtimeMs: 0, head: null, generation: 0 },
  };
  const journaled = await new BatchApplier(cols, logger).journal(cursor, pending);
  return (await new BatchApplier(cols, logger, onStep).apply(journaled)).cursor;
}

/** The guild documents as they should be: every per-server document merged in memory. */
async function expectedGuildDocs(): Promise<Map<string, unknown>> {
  const docs = (await raw.find({ guildId: G, type: { $in: ['player', 'weapon'] } }).toArray()) as unknown as StatsDoc[];
  const players = new Map<string, PlayerStats[]>();
  const weapons = new Map<string, WeaponStats[]>();
  for (const d of docs) {
    if (d.type === 'player') players.set(d.playerId, [...(players.get(d.playerId) ?? []), d]);
    if (d.type === 'weapon') weapons.set(d.weapon, [...(weapons.get(d.weapon) ?? []), d]);
  }
  const all = [...[...players.values()].map((g) => guildPlayer(G, g)), ...[...weapons.values()].map((g) => guildWeapon(G, g))];
  return new Map(all.map((d) => [d._id, d]));
}

async function storedGuildDocs(): Promise<Map<string, unknown>> {
  const docs = await raw.find({ guildId: G, type: { $in: ['guildPlayer', 'guildWeapon'] } }).toArray();
  return new Map(docs.map(({ dataVersion: _v, ...d }) => [d._id, d]));
}

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
