/**
 * Cooldown takes that travel together, against a collection that answers bulk writes the way MongoDB
 * does (unordered: every operation tried, each failed upsert reported with its index). The test server
 * (jongodb) reports less; tests/canvas/integration/placementPath.test.ts covers that path against it.
 */
import { describe, expect, it } from 'vitest';
import type { Collection } from 'mongodb';
import { CanvasCooldowns } from '../../src/canvas/cooldowns.js';
import type { CanvasCooldown } from '../../src/db/canvasSchemas.js';

type Doc = { _id: string; guildId: string; userId: string; until: Date; banned?: boolean; take?: string };
interface Upsert {
  filter: { _id: string; until: { $lte: Date } };
  update: { $set: Partial<Doc> };
}

/** The few calls CanvasCooldowns makes, on a Map, with MongoDB's answers. */
function mongoLike() {
  const docs = new Map<string, Doc>();
  const calls: string[] = [];
  const upsert = ({ filter, update }: Upsert): 'matched' | 'upserted' => {
    const doc = docs.get(filter._id);
    if (doc && doc.until <= filter.until.$lte && doc.banned !== true) {
      Object.assign(doc, update.$set);
      return 'matched';
    }
    if (doc) throw Object.assign(new Error('E11000 duplicate key'), { code: 11000 });
    docs.set(filter._id, { _id: filter._id, guildId: 'g', ...update.$set } as Doc);
    return 'upserted';
  };
  const collection = {
    async updateOne(filter: Upsert['filter'], update: Upsert['update']) {
      calls.push('updateOne');
      upsert({ filter, update });
      return { matchedCount: 1 };
    },
    async bulkWrite(ops: Array<{ updateOne: Upsert }>) {
      calls.push(`bulkWrite ${ops.length}`);
      const writeErrors: Array<{ index: number; code: number }> = [];
      let upsertedCount = 0;
      let matchedCount = 0;
      ops.forEach((op, index) => {
        try {
          if (upsert(op.updateOne) === 'matched') matchedCount++;
          else upsertedCount++;
        } catch {
          writeErrors.push({ index, code: 11000 });
        }
      });
      if (writeErrors.length) throw Object.assign(new Error('bulk write failed'), { code: 11000, writeErrors, result: { upsertedCount, matchedCount } });
      return { upsertedCount, matchedCount };
    },
    async findOne(filter: { _id: string }) {
      calls.push('findOne');
      return docs.get(filter._id) ?? null;
    },
    find() {
      throw new Error('MongoDB reports every failure: no documents need reading');
    },
  };
  return { docs, calls, collection: collection as unknown as Collection<CanvasCooldown> };
}

describe('takes that travel together', () => {
  it('each gets its own answer from what MongoDB reports, in one bulk write', async () => {
    const db = mongoLike();
    const cooldowns = new CanvasCooldowns(db.collection);
    const now = new Date('2026-01-01T12:00:00Z');
    db.docs.set('g:cooling', { _id: 'g:cooling', guildId: 'g', userId: 'cooling', until: new Date(now.getTime() + 30_000) });
    db.docs.set('g:banned', { _id: 'g:banned', guildId: 'g', userId: 'banned', until: new Date(0), banned: true });
    db.docs.set('g:expired', { _id: 'g:expired', guildId: 'g', userId: 'expired', until: new Date(now.getTime() - 1) });
    const who = ['first', 'a', 'cooling', 'b', 'banned', 'expired', 'a'];
    const takes = await Promise.all(who.map((u) => cooldowns.take('g', u, 60, now)));
    // The first went alone; the rest together; the second take of `a` (a double click) after, alone.
    expect(db.calls.filter((c) => c !== 'findOne')).toEqual(['updateOne', 'bulkWrite 5', 'updateOne']);
    const until = new Date(now.getTime() + 60_000);
    expect(takes).toEqual([
      { ok: true, until },
      { ok: true, until },
      { ok: false, until: new Date(now.getTime() + 30_000), banned: false },
      { ok: true, until },
      { ok: false, until: new Date(0), banned: true },
      { ok: true, until },
      { ok: false, until, banned: false },
    ]);
    expect(db.docs.get('g:expired')!.until).toEqual(until);
  });
});
