/**
 * Batched command counts (UsageStats) on a real MongoDB-wire server: many counts share one bulk write,
 * exactly, and what is queued is written before a read and at stop().
 */
import type { MongoClient } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collections, ensureIndexes, type Collections } from '../../src/db/collections.js';
import { UsageStats } from '../../src/services/usageStats.js';
import { MemberStatsRepo } from '../../src/repos/memberStatsRepo.js';
import { recordingClient, startMongo, type SentCommand, type TestMongo } from '../support/mongo.js';

const G = '1810000000000000001';
const member = (i: number) => String(1810000000000001000n + BigInt(i));

let mongo: TestMongo;
let cols: Collections;
let monitored: MongoClient;
let mcols: Collections;
/** Commands sent through `monitored`, by collection. */
let sent: SentCommand[];

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  await ensureIndexes(cols);
  const recording = await recordingClient(mongo);
  ({ client: monitored, sent } = recording);
  mcols = collections(recording.db);
});
afterAll(async () => {
  await monitored?.close();
  await mongo?.stop();
});
beforeEach(async () => {
  await cols.memberStats.deleteMany({});
  sent.length = 0;
});

describe('batched command counts', () => {
  it('counts 50 concurrent commands of 20 members in one bulk write, exactly, and get() sees them', async () => {
    const usage = new UsageStats(new MemberStatsRepo(mcols.memberStats));
    await Promise.all(Array.from({ length: 50 }, (_, i) => usage.commandUsed(G, member(i % 20))));
    expect(sent.filter((s) => s.collection === 'member_stats').map((s) => s.name)).toEqual(['update']);
    const docs = await cols.memberStats.find({}).toArray();
    expect(docs).toHaveLength(20);
    for (const d of docs) expect(d.commandsUsed).toBe(Number(BigInt(d.userId) - 1810000000000001000n) < 10 ? 3 : 2);
    // A count still queued is written before a read of that member.
    void usage.commandUsed(G, member(0));
    expect((await usage.get(G, member(0)))?.commandsUsed).toBe(4);
    await usage.stop();
  });

  it('stop() writes what is queued, and adds to counts already stored', async () => {
    await cols.memberStats.insertOne({ _id: `${G}:${member(1)}`, guildId: G, userId: member(1), commandsUsed: 41, canvasPixelsPlaced: 7 });
    const usage = new UsageStats(new MemberStatsRepo(mcols.memberStats), 60_000);
    const counted = usage.commandUsed(G, member(1));
    await usage.stop();
    await counted;
    expect(await cols.memberStats.findOne({ _id: `${G}:${member(1)}` })).toMatchObject({ commandsUsed: 42, canvasPixelsPlaced: 7 });
  });
});
