/** The 30-day purge of a guild the bot left: everything of that guild, nothing of the others. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import pino from 'pino';
import { collections, type Collections } from '../../src/db/collections.js';
import { GUILD_DATA_KEPT_DAYS, GuildDepartures } from '../../src/servers/guildDeparture.js';
import { startMongo, type TestMongo } from '../support/mongo.js';

let mongo: TestMongo;
let cols: Collections;
const DAY = 86_400_000;
const now = new Date('2026-06-01T00:00:00Z');
const OLD = '2000000000000000001';
const RECENT = '2000000000000000002';
const STAYING = '2000000000000000003';
const left: string[] = [];

beforeAll(async () => {
  mongo = await startMongo();
  cols = collections(mongo.db);
});
afterAll(async () => {
  await mongo?.stop();
});

it(`deletes a guild's data ${GUILD_DATA_KEPT_DAYS} days after the bot left, and only then`, async () => {
  const departures = new GuildDepartures(mongo.db, cols, { guildLeft: async (g) => (left.push(g), 1) }, pino({ level: 'silent' }));
  for (const g of [OLD, RECENT, STAYING]) {
    await mongo.db.collection('guild_configs').insertOne({ _id: g as never, timezone: 'UTC', createdAt: now, updatedAt: now });
    for (const name of ['ingest_stats', 'credit_balances', 'canvas_log', 'game_servers', 'member_stats', 'ingest_outbox']) {
      await mongo.db.collection(name).insertOne({ _id: `${name}:${g}` as never, guildId: g });
    }
  }
  await departures.left(OLD, new Date(now.getTime() - (GUILD_DATA_KEPT_DAYS + 1) * DAY));
  await departures.left(RECENT, new Date(now.getTime() - (GUILD_DATA_KEPT_DAYS - 1) * DAY));
  expect(left).toEqual([OLD, RECENT]);
  // A second GUILD_DELETE keeps the first date.
  await departures.left(OLD, now);

  expect(await departures.purgeDeparted(now)).toEqual([OLD]);
  const count = async (g: string) => {
    let n = 0;
    for (const name of ['ingest_stats', 'credit_balances', 'canvas_log', 'game_servers', 'member_stats', 'ingest_outbox', 'guild_configs']) {
      n += await mongo.db.collection(name).countDocuments(name === 'guild_configs' ? { _id: g as never } : { guildId: g });
    }
    return n;
  };
  expect(await count(OLD)).toBe(0);
  expect(await count(RECENT)).toBe(7);
  expect(await count(STAYING)).toBe(7);
  expect(await cols.guildDepartures.countDocuments({})).toBe(1);

  // Invited back before the end: nothing is purged later.
  expect(await departures.returnedAll([RECENT, STAYING])).toBe(1);
  expect(await departures.purgeDeparted(new Date(now.getTime() + 60 * DAY))).toEqual([]);
  expect(await count(RECENT)).toBe(7);
});
