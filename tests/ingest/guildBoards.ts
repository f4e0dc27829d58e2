/**
 * Shared by the tests of the guild-wide documents boards read (tests/ingest/batchApplier.test.ts keeps
 * them after every batch, tests/db/migrations/007-stats-boards.test.ts builds them for data written
 * before): deterministic killfeed lines, one journaled and applied batch, and the guild documents as they
 * are stored and as they should be (every per-server document merged in memory).
 */
import pino from 'pino';
import type { Collection } from 'mongodb';
import { BatchApplier } from '../../src/ingest/batchApplier.js';
import { guildPlayer, guildWeapon, type AnyStatsDoc } from '../../src/ingest/guildStats.js';
import { emptyLogState } from '../../src/ingest/logModel.js';
import type { IngestCursor, PendingBatch, PlayerStats, StatsDoc, WeaponStats } from '../../src/ingest/schemas.js';
import type { IngestCollections } from '../../src/ingest/store.js';

export const G = '1600000000000000100';
export const logger = pino({ level: 'silent' });
export const id = (i: number) => i.toString(16).padStart(32, '0');

/** `n` killfeed lines among players [from, from + span), deterministic per seed. */
export function lines(seed: number, n: number, from: number, span: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = from + ((seed * 7 + i * 13) % span);
    const v = i % 9 === 0 ? k : from + ((seed * 3 + i * 5 + 1) % span);
    const weapon = k === v ? 'suicide_by_relocation' : `Gun ${(seed + i) % 5}`;
    out.push(`2025.05.0${seed % 9 + 1}-10.${String(Math.floor(i / 60) % 60).padStart(2, '0')}.${String(i % 60).padStart(2, '0')};Name ${k};${id(k)};Name ${v};${id(v)};${weapon};${(i * 37) % 700};PC;PC;`);
  }
  return out;
}

/** The batch and guild-document helpers on a test file's ingest collections (`ingest()`: set in its beforeAll). */
export function guildBoards(ingest: () => IngestCollections) {
  const raw = () => ingest().stats as unknown as Collection<AnyStatsDoc>;

  async function cursorOf(serverId: string): Promise<IngestCursor> {
    const c: IngestCursor = { _id: serverId, guildId: G, seq: 0, files: [], log: emptyLogState(), pending: null, malformed: 0, linesRead: 0, updatedAt: new Date() } as unknown as IngestCursor;
    await ingest().cursors.updateOne({ _id: serverId }, { $setOnInsert: c }, { upsert: true });
    return (await ingest().cursors.findOne({ _id: serverId }))!;
  }

  /** Journals and applies one batch of lines on a server; `onStep` may throw to simulate a crash. */
  async function applyBatch(serverId: string, text: string[], onStep?: (s: string) => void): Promise<IngestCursor> {
    const cursor = (await ingest().cursors.findOne({ _id: serverId })) ?? (await cursorOf(serverId));
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
    const journaled = await new BatchApplier(ingest(), logger).journal(cursor, pending);
    return (await new BatchApplier(ingest(), logger, { onStep }).apply(journaled)).cursor;
  }

  /** The guild documents as they should be: every per-server document merged in memory. */
  async function expectedGuildDocs(): Promise<Map<string, unknown>> {
    const docs = (await raw().find({ guildId: G, type: { $in: ['player', 'weapon'] } }).toArray()) as unknown as StatsDoc[];
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
    const docs = await raw().find({ guildId: G, type: { $in: ['guildPlayer', 'guildWeapon'] } }).toArray();
    return new Map(docs.map(({ dataVersion: _v, ...d }) => [d._id, d]));
  }

  return { applyBatch, expectedGuildDocs, storedGuildDocs };
}
