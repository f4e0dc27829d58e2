/**
 * Kill events through the real ingest path (in-memory game server → IngestEngine → jongodb): each kill
 * kept with its file and line, a planted 900 m knife kill flagged, a batch replayed after a crash
 * stored once, a kill spree read over several polls flagged as when read at once, and a K/D jump over a
 * day's polls flagged once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flaggedKills, KILL_EVENT_RETENTION_DAYS, priorKillWindows, type KillEventDoc } from '../../../src/ingest/killEvents.js';
import { flagKills, RATE_MAX_KILLS, RATE_WINDOW_MS } from '../../../src/ingest/killFlags.js';
import { ingestCollections } from '../../../src/ingest/store.js';
import { startMongo, type TestMongo } from '../../support/mongo.js';
import { csvPath } from '../memRemote.js';
import { player, scripted, type ScriptKill } from '../support/killScript.js';

let mongo: TestMongo;

beforeAll(async () => {
  mongo = await startMongo();
});

afterAll(async () => {
  await mongo?.stop();
});

const planted: ScriptKill[] = [
  { killer: 'Alpha', victim: 'Bravo', weapon: 'Combat Knife', distance: 9 },
  { killer: 'Bravo', victim: 'Charlie', weapon: 'Mosin', distance: 420 },
  { killer: 'Alpha', victim: 'Charlie', weapon: 'Combat Knife', distance: 900 },
];

describe('kill events', () => {
  it('keeps each kill with its file and line and flags the 900 m knife kill', async () => {
    const s = await scripted(mongo.db, 'flags-range');
    await s.play(planted);
    const events = await s.engine.cols.killEvents.find({ serverId: s.serverId }).sort({ line: 1 }).toArray();
    expect(events.map((e) => [e.line, e.weapon, e.distance, e.flags])).toEqual([
      [1, 'Combat Knife', 9, []],
      [2, 'Mosin', 420, []],
      [3, 'Combat Knife', 900, ['range']],
    ]);
    const far = events[2]!;
    expect(far).toMatchObject({ guildId: `g-${s.serverId}`, file: csvPath(s.serverId), killerId: player('Alpha').id, killerName: 'Alpha', victimName: 'Charlie', maxRange: 10, flagged: true });
    expect(far.expireAt.getTime() - far.at.getTime()).toBe(KILL_EVENT_RETENTION_DAYS * 86_400_000);
    const page = await flaggedKills(s.engine.cols.killEvents, `g-${s.serverId}`, { since: null, page: 1 });
    expect(page.events.map((e) => e._id)).toEqual([far._id]);
    expect(page.more).toBe(false);
  });

  it('stores a replayed batch once', async () => {
    let armed = true;
    const s = await scripted(mongo.db, 'flags-replay', {
      onStep: (at) => {
        if (armed && at === 'outbox') {
          armed = false;
          throw new Error(`crash after ${at}`);
        }
      },
    });
    await expect(s.play(planted)).rejects.toThrow();
    const first = await s.engine.cols.killEvents.find({ serverId: s.serverId }).toArray();
    expect(first).toHaveLength(3);
    await s.poll();
    const after = await s.engine.cols.killEvents.find({ serverId: s.serverId }).sort({ line: 1 }).toArray();
    expect(after).toHaveLength(3);
    expect(after.map((e) => [e.line, e.flags])).toEqual([
      [1, []],
      [2, []],
      [3, ['range']],
    ]);
    // The replay committed: the next poll reads nothing new.
    await s.poll();
    expect(await s.engine.cols.killEvents.countDocuments({ serverId: s.serverId })).toBe(3);
  });

  const BASE = Date.UTC(2025, 4, 1, 10, 0, 0);
  // One kill a second by Alpha: the kills past RATE_MAX_KILLS within the window are too fast.
  const spree: ScriptKill[] = Array.from({ length: RATE_MAX_KILLS + 3 }, (_, i) => ({ killer: 'Alpha', victim: `V${i}`, at: BASE + i * 1000 }));
  const stored = async (serverId: string) => (await ingestCollections(mongo.db).killEvents.find({ serverId }).sort({ line: 1 }).toArray()).map((e) => [e.line, e.flags]);
  const inputs = (events: KillEventDoc[]) => events.map((e) => ({ id: e._id, killerId: e.killerId, at: e.at, weapon: e.weapon, distance: e.distance }));

  it('flags a spree read over three polls as when read in one (and a replay of the last poll the same)', async () => {
    const once = await scripted(mongo.db, 'flags-spree-once');
    await once.play(spree);
    const whole = await stored(once.serverId);
    expect(whole.filter(([, f]) => (f as string[]).includes('rate')).map(([line]) => line)).toEqual([RATE_MAX_KILLS + 1, RATE_MAX_KILLS + 2, RATE_MAX_KILLS + 3]);
    const split = await scripted(mongo.db, 'flags-spree-split');
    for (const part of [spree.slice(0, 3), spree.slice(3, 6), spree.slice(6)]) await split.play(part);
    expect(await stored(split.serverId)).toEqual(whole);
    // A replay of the last poll finds its own events stored: it leaves them out and reads the same earlier kills.
    const col = ingestCollections(mongo.db).killEvents;
    const last = inputs(await col.find({ serverId: split.serverId, line: { $gte: 7 } }).sort({ line: 1 }).toArray());
    const earlier = await priorKillWindows(col, split.serverId, last);
    expect(earlier.get(last[0]!.killerId)!.map((d) => d.getTime())).toEqual([5, 4, 3, 2, 1].map((s) => BASE + s * 1000));
    expect([...flagKills(last, () => null, earlier).keys()]).toEqual(last.map((k) => k.id));
  });

  it('reads each killer’s latest kills before the batch even when another killer’s spree fills the first read', async () => {
    const col = ingestCollections(mongo.db).killEvents;
    const doc = (id: string, killerId: string, at: number): KillEventDoc => ({ _id: id, guildId: 'g-crowd', serverId: 'crowd', at: new Date(at), killerId, killerName: killerId, victimId: 'v', victimName: 'v', weapon: 'AK-SU', distance: 1, maxRange: 800, file: 'f', line: 1, flags: [], flagged: false, expireAt: new Date(at + 86_400_000) });
    const t0 = BASE + 60_000;
    await col.insertMany([
      // A's 30 kills in the 3 s before their batch kill, newer than all of B's.
      ...Array.from({ length: 30 }, (_, i) => doc(`a${i}`, 'A', t0 - i * 100)),
      ...Array.from({ length: RATE_MAX_KILLS }, (_, i) => doc(`b${i}`, 'B', t0 - 5000 - i * 100)),
      // Outside B's window, on another server, or after B's first kill of the batch: not read.
      doc('b-old', 'B', t0 - RATE_WINDOW_MS - 1000),
      { ...doc('b-other', 'B', t0 - 5000), serverId: 'elsewhere' },
      doc('b-after', 'B', t0 + 1000),
    ]);
    const batch = [
      { id: 'na', killerId: 'A', at: new Date(t0), weapon: 'AK-SU', distance: 1 },
      { id: 'nb', killerId: 'B', at: new Date(t0), weapon: 'AK-SU', distance: 1 },
      { id: 'nc', killerId: 'C', at: new Date(t0), weapon: 'AK-SU', distance: 1 },
    ];
    const earlier = await priorKillWindows(col, 'crowd', batch);
    expect(earlier.get('A')!.map((d) => t0 - d.getTime())).toEqual([0, 100, 200, 300, 400]);
    expect(earlier.get('B')!.map((d) => t0 - d.getTime())).toEqual([5000, 5100, 5200, 5300, 5400]);
    expect(earlier.get('C') ?? []).toEqual([]);
    expect([...flagKills(batch, () => null, earlier).keys()].sort()).toEqual(['na', 'nb']);
  });

  it('flags a K/D jump spread over a day’s polls once, on the poll that passes the bar', async () => {
    const DAY2 = Date.UTC(2025, 4, 2, 10, 0, 0);
    const s = await scripted(mongo.db, 'flags-kd', { now: () => new Date(DAY2 + 12 * 3_600_000) });
    // The day before: 10 kills and 10 deaths (K/D 1).
    await s.play(Array.from({ length: 20 }, (_, i) => (i % 2 ? { killer: 'Bravo', victim: 'Alpha', at: BASE + i * 60_000 } : { killer: 'Alpha', victim: 'Bravo', at: BASE + i * 60_000 })));
    // Then 100 kills in a day over three polls: K/D 5, 9, then 11 (past 10 on the third).
    const day: ScriptKill[] = Array.from({ length: 100 }, (_, i) => ({ killer: 'Alpha', victim: 'Bravo', at: DAY2 + i * 60_000 }));
    for (const part of [day.slice(0, 40), day.slice(40, 80), day.slice(80)]) await s.play(part);
    const flagged = await ingestCollections(mongo.db).killEvents.find({ serverId: s.serverId, flags: 'kd' }).toArray();
    expect(flagged.map((e) => [e.line, e.killerName])).toEqual([[120, 'Alpha']]);
  });
});
