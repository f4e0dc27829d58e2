/**
 * Per-guild storage figures (src/health/guildStorage.ts) read through the health server's HTTP endpoints,
 * over the real collections and indexes on a MongoDB-wire server: a pass counts a bounded number of
 * guilds (round trips counted), /metrics shows only the top K guilds whatever their number (bounded label
 * cardinality) with exact counts up to the cap, each collection's total beside them, and /storage?guild=
 * answers one guild counted now.
 */
import type { Server } from 'node:http';
import type { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections, ensureIndexes, type Collections } from '../../src/db/collections.js';
import { GuildStorage } from '../../src/health/guildStorage.js';
import { startHealthServer } from '../../src/health/server.js';
import { ensureIngestIndexes, ingestCollections, type IngestCollections } from '../../src/ingest/store.js';
import { guildsAfter, guildStorageSources } from '../../src/services/guildStorageSources.js';
import { recordingClient, startMongo, type SentCommand, type TestMongo } from '../support/mongo.js';

const GUILDS = Array.from({ length: 8 }, (_, i) => `19000000000000000${String(10 + i)}`);
/** Documents guild i holds in each collection: all different, so the ranking is known. */
const SIZES = { ingest_stats: (i: number) => 10 * (i + 1), ingest_windows: (i: number) => 5 * i, kill_events: (i: number) => 2 * i, ingest_playtime: (i: number) => (i % 2) * 4, canvas_log: (i: number) => (i % 3) * 7, credit_ledger: (i: number) => 3 * i + 1 };
const CAP = 70; // the largest guilds' ingest_stats (70, 80) hit it
const TOP_K = 3;
const PER_PASS = 3;

let mongo: TestMongo;
let client: MongoClient;
let sent: SentCommand[];
let cols: Collections;
let ingest: IngestCollections;
let storage: GuildStorage;
let server: Server;
let base: string;

const pad = 'x'.repeat(100);

beforeAll(async () => {
  mongo = await startMongo();
  ({ client, sent } = await recordingClient(mongo));
  const db = client.db(mongo.db.databaseName);
  cols = collections(db);
  ingest = ingestCollections(db);
  await ensureIndexes(cols);
  await ensureIngestIndexes(ingest);
  // Straight into the collections (insertMany): only the fields the figures read matter here.
  const raw = (name: string) => mongo.db.collection(name);
  await raw('guild_configs').insertMany(GUILDS.map((g) => ({ _id: g as never })));
  for (const [name, size] of Object.entries(SIZES)) {
    const docs = GUILDS.flatMap((g, i) => Array.from({ length: size(i) }, (_, k) => ({ _id: `${g}|${name}-${k}` as never, guildId: g, pad })));
    if (docs.length) await raw(name).insertMany(docs);
  }
  storage = new GuildStorage({ sources: guildStorageSources(cols, ingest), guildsAfter: guildsAfter(cols.guildConfigs), guildsPerPass: PER_PASS, countCap: CAP, topK: TOP_K, kept: 5 });
  const started = await startHealthServer(0, { checks: async () => ({}), metrics: () => storage.render(), storage: (g) => storage.figures(g) });
  server = started.server;
  base = `http://127.0.0.1:${started.port}`;
});

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await client?.close();
  await mongo?.stop();
});

/** /metrics, parsed: series name → labels → value. */
async function metrics(): Promise<Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, number>>();
  for (const line of (await (await fetch(`${base}/metrics`)).text()).split('\n')) {
    const m = /^(\w+)(\{[^}]*\})?\s+(\S+)$/.exec(line);
    if (!m) continue;
    if (!out.has(m[1]!)) out.set(m[1]!, new Map());
    out.get(m[1]!)!.set(m[2] ?? '', Number(m[3]));
  }
  return out;
}

const expected = (i: number, name: keyof typeof SIZES) => Math.min(SIZES[name](i), CAP);
const total = (i: number) => (Object.keys(SIZES) as (keyof typeof SIZES)[]).reduce((n, c) => n + expected(i, c), 0);

describe('storage per guild in /metrics', () => {
  it('a pass counts at most its share of guilds, in bounded round trips; a round shows exactly the top K', async () => {
    sent.length = 0;
    await storage.pass();
    // One page of guild ids, then per guild and collection a capped count and a few documents; then the totals.
    const sources = Object.keys(SIZES).length;
    expect(sent.length).toBeLessThanOrEqual(1 + PER_PASS * sources * 2 + sources);
    let m = await metrics();
    const guildsShown = () => new Set([...m.get('tower_guild_storage_documents')!.keys()].map((l) => /guild="(\d+)"/.exec(l)![1]));
    expect([...guildsShown()].sort()).toEqual(GUILDS.slice(0, PER_PASS).sort());
    expect(m.get('tower_guild_storage_round_guilds_counted')!.get('')).toBe(PER_PASS);

    // The rest of the first round: ceil(8 / 3) passes in all.
    await storage.pass();
    await storage.pass();
    m = await metrics();
    expect(m.get('tower_guild_storage_round')!.get('')).toBe(1);
    const ranked = GUILDS.map((g, i) => ({ g, i, n: total(i) })).sort((a, b) => b.n - a.n);
    const top = ranked.slice(0, TOP_K);
    expect([...guildsShown()].sort()).toEqual(top.map((t) => t.g).sort());
    // Bounded cardinality: K guilds × collections, per metric, whatever the number of guilds.
    expect(m.get('tower_guild_storage_documents')!.size).toBe(TOP_K * Object.keys(SIZES).length);
    expect(m.get('tower_guild_storage_bytes')!.size).toBe(TOP_K * Object.keys(SIZES).length);
    for (const { g, i } of top) {
      for (const c of Object.keys(SIZES) as (keyof typeof SIZES)[]) {
        expect(m.get('tower_guild_storage_documents')!.get(`{guild="${g}",collection="${c}"}`)).toBe(expected(i, c));
        const bytes = m.get('tower_guild_storage_bytes')!.get(`{guild="${g}",collection="${c}"}`)!;
        // Same-sized documents: the estimate is the count × their size (a 100-character pad and ids).
        if (expected(i, c)) expect(bytes / expected(i, c)).toBeGreaterThan(100);
        else expect(bytes).toBe(0);
      }
    }
    for (const c of Object.keys(SIZES) as (keyof typeof SIZES)[]) {
      expect(m.get('tower_storage_collection_documents')!.get(`{collection="${c}"}`)).toBe(GUILDS.reduce((n, _, i) => n + SIZES[c](i), 0));
    }
  });

  it('a guild gone from the list leaves the figures after the next round', async () => {
    const biggest = GUILDS[7]!;
    await mongo.db.collection('guild_configs').deleteOne({ _id: biggest as never });
    for (let i = 0; i < 4; i++) await storage.pass();
    const m = await metrics();
    expect([...m.get('tower_guild_storage_documents')!.keys()].some((l) => l.includes(biggest))).toBe(false);
    await mongo.db.collection('guild_configs').insertOne({ _id: biggest as never });
  });

  it('/storage?guild= counts one guild now; a bad id is refused', async () => {
    const res = await fetch(`${base}/storage?guild=${GUILDS[7]}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { guildId: string; documents: number; collections: Record<string, { documents: number; capped: boolean }> };
    expect(body.guildId).toBe(GUILDS[7]);
    expect(body.documents).toBe(total(7));
    expect(body.collections.ingest_stats).toMatchObject({ documents: CAP, capped: true });
    expect(body.collections.credit_ledger).toMatchObject({ documents: SIZES.credit_ledger(7), capped: false });
    expect((await fetch(`${base}/storage?guild=abc`)).status).toBe(400);
    expect((await fetch(`${base}/storage`)).status).toBe(400);
  });
});
