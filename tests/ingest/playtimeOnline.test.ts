/** Who is online now (src/ingest/playtimeOnline.ts), read from cursors written as the engine writes them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerLogEvent } from '../../src/deadside/index.js';
import { applyLogEvents, emptyLogState } from '../../src/ingest/logModel.js';
import { ONLINE_READ_MAX, onlinePage } from '../../src/ingest/playtimeOnline.js';
import { ingestCollections, type IngestCollections } from '../../src/ingest/store.js';
import type { IngestCursor } from '../../src/ingest/schemas.js';
import { startMongo, type TestMongo } from '../support/mongo.js';

let mongo: TestMongo;
let cols: IngestCollections;
beforeAll(async () => {
  mongo = await startMongo();
  cols = ingestCollections(mongo.db);
});
afterAll(async () => {
  await mongo?.stop();
});

const hex = (n: number) => n.toString(16).padStart(32, '0');
const t0 = Date.UTC(2025, 4, 15, 10, 0, 0);

/** A cursor whose log state saw `n` players join, a minute apart, and the first `left` of them leave. */
function cursor(serverId: string, guildId: string, n: number, left = 0): IngestCursor {
  const events: ServerLogEvent[] = [];
  for (let i = 0; i < n; i++) {
    const at = new Date(t0 + i * 60_000);
    events.push({ type: 'queued', timestamp: at, frame: 1, eosId: hex(i), name: `P${i}`, world: 1 });
    events.push({ type: 'joined', timestamp: at, frame: 1, eosId: hex(i) });
  }
  for (let i = 0; i < left; i++) events.push({ type: 'left', timestamp: new Date(t0 + 3_600_000), frame: 1, eosId: hex(i) });
  const log = applyLogEvents(emptyLogState(), events.map((event, i) => ({ event, eventId: `e${i}` }))).state;
  return { _id: serverId, guildId, seq: 1, files: [], log, pending: null, malformed: 0, linesRead: 0, updatedAt: new Date() };
}

describe('online now', () => {
  it('pages the online players of the guild servers in order, with names and session starts', async () => {
    await cols.cursors.insertMany([cursor('a1', 'g1', 5, 2), cursor('a2', 'g1', 30), cursor('b1', 'g2', 4)]);
    const p1 = await onlinePage(cols.cursors, 'g1', ['a1', 'a2'], 1, 20);
    expect(p1.total).toBe(33);
    expect([...p1.counts]).toEqual([['a1', 3], ['a2', 30]]);
    expect(p1.players.slice(0, 4)).toEqual([
      { serverId: 'a1', eosId: hex(2), name: 'P2', since: new Date(t0 + 120_000) },
      { serverId: 'a1', eosId: hex(3), name: 'P3', since: new Date(t0 + 180_000) },
      { serverId: 'a1', eosId: hex(4), name: 'P4', since: new Date(t0 + 240_000) },
      { serverId: 'a2', eosId: hex(0), name: 'P0', since: new Date(t0) },
    ]);
    const p2 = await onlinePage(cols.cursors, 'g1', ['a1', 'a2'], 2, 20);
    expect(p2.players.map((p) => p.name)).toEqual(Array.from({ length: 13 }, (_, i) => `P${i + 17}`));
    // Another guild's server is never read, even when asked for.
    expect((await onlinePage(cols.cursors, 'g1', ['b1'], 1, 20)).total).toBe(0);
  });

  it('reads at most ONLINE_READ_MAX ids of a server', async () => {
    await cols.cursors.insertOne(cursor('big', 'g3', ONLINE_READ_MAX + 40));
    const p = await onlinePage(cols.cursors, 'g3', ['big'], 1, 20);
    expect(p.total).toBe(ONLINE_READ_MAX);
    expect(p.players[0]).toMatchObject({ name: 'P0', since: new Date(t0) });
  });
});
