/**
 * canvas_log's per-guild bound on a real MongoDB-wire server: a guild keeps its latest placements and
 * everything younger than the rollback window; other guilds are untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections, ensureIndexes, type Collections } from '../../src/db/collections.js';
import { CANVAS_LOG_KEEP_PER_GUILD, CANVAS_LOG_MIN_AGE_MS, pruneGuildLog } from '../../src/canvas/logRetention.js';
import { MAX_ROLLBACK_MINUTES } from '../../src/canvas/moderation.js';
import { TIMELAPSE_MAX_PLACEMENTS } from '../../src/canvas/timelapse.js';
import type { CanvasPlacement } from '../../src/db/canvasSchemas.js';
import { startMongo, type TestMongo } from '../support/mongo.js';

let mongo: TestMongo;
let cols: Collections;
const NOW = new Date();
const DAY = 86_400_000;

const entry = (guildId: string, i: number, at: Date): CanvasPlacement => ({ _id: `${guildId}:0:${i}_0:1`, guildId, rev: 0, seq: 1, x: i, y: 0, color: 1, previous: 0, userId: 'u', at, credited: true });

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
  await ensureIndexes(cols);
});
afterAll(() => mongo?.stop());

describe('canvas_log retention', () => {
  it('keeps more than the timelapse reads and never less than the rollback window', () => {
    expect(CANVAS_LOG_KEEP_PER_GUILD).toBeGreaterThan(TIMELAPSE_MAX_PLACEMENTS);
    expect(CANVAS_LOG_MIN_AGE_MS).toBeGreaterThan(MAX_ROLLBACK_MINUTES * 60_000);
  });

  it('deletes a guild’s placements beyond its latest N that are older than the minimum age, and nothing of other guilds', async () => {
    // Guild A: 30 old placements (20–49 days ago) and 10 recent ones (hours ago); guild B: 30 old ones.
    const a = [...Array.from({ length: 30 }, (_, i) => entry('A', i, new Date(NOW.getTime() - (20 + i) * DAY))), ...Array.from({ length: 10 }, (_, i) => entry('A', 100 + i, new Date(NOW.getTime() - (i + 1) * 3600_000)))];
    const b = Array.from({ length: 30 }, (_, i) => entry('B', i, new Date(NOW.getTime() - (20 + i) * DAY)));
    await cols.canvasLog.insertMany([...a, ...b]);
    // Keep 15: the 10 recent ones and the 5 newest old ones (20–24 days ago).
    expect(await pruneGuildLog(cols.canvasLog, 'A', NOW, { keep: 15, minAgeMs: 8 * DAY })).toBe(25);
    const left = await cols.canvasLog.find({ guildId: 'A' }).toArray();
    expect(left).toHaveLength(15);
    expect(Math.max(...left.map((e) => NOW.getTime() - e.at.getTime()))).toBeLessThan(25 * DAY);
    expect(await cols.canvasLog.countDocuments({ guildId: 'B' })).toBe(30);
    // Within the minimum age nothing goes, however many there are.
    expect(await pruneGuildLog(cols.canvasLog, 'A', NOW, { keep: 2, minAgeMs: 30 * DAY })).toBe(0);
    expect(await pruneGuildLog(cols.canvasLog, 'A', NOW, { keep: 2, minAgeMs: 8 * DAY })).toBe(5);
    expect(await cols.canvasLog.countDocuments({ guildId: 'A' })).toBe(10);
  });
});
