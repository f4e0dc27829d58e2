/**
 * Kill events through the real ingest path (in-memory game server → IngestEngine → jongodb): each kill
 * kept with its file and line, a planted 900 m knife kill flagged, and a batch replayed after a crash
 * stored once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flaggedKills, KILL_EVENT_RETENTION_DAYS } from '../../../src/ingest/killEvents.js';
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
});
