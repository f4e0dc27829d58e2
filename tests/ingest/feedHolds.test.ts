/**
 * Held feed channels, with the outbox sender against the strict double and a clock of the test's own:
 * a channel refusing posts is tried 3 times, then held (nothing tried until its probe 10 minutes later
 * or a permission change), its posts kept in order and sent once when it accepts again; a feed moved to
 * another channel takes its held posts along; beyond 200 messages or 7 days, the oldest become one summary.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { DiscordDouble, Perm } from '../support/discord-double/index.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { ingestCollections, type IngestCollections } from '../../src/ingest/index.js';
import { OutboxSender } from '../../src/ingest/outboxSender.js';
import { HELD_POSTS_MAX, HELD_POSTS_MAX_AGE_MS } from '../../src/ingest/heldPosts.js';
import { HOLD_AFTER_ATTEMPTS, HOLD_PROBE_MS, holdReasonOf } from '../../src/ingest/feedHolds.js';
import { guildDef, IDS, outboxMessage as msg, restFor, silentLogger } from './helpers.js';

let mongo: TestMongo;
let double: DiscordDouble;
let cols: IngestCollections;
let clock = Date.parse('2026-06-01T12:00:00Z');
const now = () => new Date(clock);
const advance = (ms: number) => (clock += ms);

beforeAll(async () => {
  [mongo, double] = await Promise.all([startMongo(), DiscordDouble.start({ applicationId: IDS.app, botUserId: IDS.bot, token: 'test-token', guilds: [guildDef()] })]);
  cols = ingestCollections(mongo.db);
});
afterAll(async () => {
  await Promise.all([mongo?.stop(), double?.stop()]);
});
beforeEach(async () => {
  await Promise.all([cols.outbox.deleteMany({}), cols.feedHolds.deleteMany({})]);
  double.setBotChannelPermissions(IDS.killfeed, {});
});


const refusedPosts = () => double.requestsTo('POST', /\/channels\/\d+\/messages$/).filter((r) => r.status === 403).length;
const titlesIn = (channelId: string) => double.channelMessages(channelId).map((m) => m.embeds?.[0]?.title);
const sender = () => new OutboxSender(cols, restFor(double.apiBase, double.token), silentLogger, { now });

it('classifies refusals a permission can fix: 403 and Unknown Channel hold, other errors do not', () => {
  expect(holdReasonOf({ status: 403, code: 50013 })).toBe('missing_access');
  expect(holdReasonOf({ status: 403, code: 50001 })).toBe('missing_access');
  expect(holdReasonOf({ status: 404, code: 10003 })).toBe('unknown_channel');
  expect(holdReasonOf({ status: 404, code: 10008 })).toBeUndefined();
  expect(holdReasonOf({ status: 400, code: 50035 })).toBeUndefined();
  expect(holdReasonOf(new Error('socket hang up'))).toBeUndefined();
});

it(`tries a refusing channel ${HOLD_AFTER_ATTEMPTS} times, then holds it until its probe; its posts are kept in order`, async () => {
  const s = sender();
  double.setBotChannelPermissions(IDS.killfeed, { deny: Perm.SendMessages });
  await cols.outbox.insertMany([msg('a', 1), msg('b', 2), msg('c', 3)]);
  const before = refusedPosts();
  for (let i = 0; i < 10; i++) {
    await s.sendDue();
    advance(5_000);
  }
  expect(refusedPosts() - before).toBe(HOLD_AFTER_ATTEMPTS);
  const hold = await cols.feedHolds.findOne({ _id: IDS.killfeed });
  expect(hold).toMatchObject({ guildId: IDS.guild, reason: 'missing_access', code: 50013 });
  expect(await cols.outbox.countDocuments({ sentAt: null, attempts: 0 })).toBe(3);

  // The slow probe: one post tried per HOLD_PROBE_MS, refused again, held again.
  advance(HOLD_PROBE_MS);
  await s.sendDue();
  await s.sendDue();
  expect(refusedPosts() - before).toBe(HOLD_AFTER_ATTEMPTS + 1);

  // The permission is back; a permission change for another channel tries nothing, for this one at once,
  // and re-reading the stored hold (its probe 10 minutes away) does not undo that.
  double.setBotChannelPermissions(IDS.killfeed, {});
  expect(s.permissionsChanged(IDS.guild, (id) => id === IDS.events)).toBe(0);
  expect(s.holds.blocked(IDS.killfeed)).toBe(true);
  expect(s.permissionsChanged(IDS.guild, (id) => id === IDS.killfeed)).toBe(1);
  await s.holds.sync(true);
  expect(s.holds.blocked(IDS.killfeed)).toBe(false);
  await s.sendDue();
  expect(titlesIn(IDS.killfeed).slice(-3)).toEqual(['kill a', 'kill b', 'kill c']);
  expect(await cols.feedHolds.countDocuments({})).toBe(0);
  expect(await cols.outbox.countDocuments({ sentAt: null })).toBe(0);
});

it('a new process respects a stored hold; a feed moved to another channel takes its held posts along', async () => {
  double.setBotChannelPermissions(IDS.killfeed, { deny: Perm.ViewChannel });
  const first = sender();
  await cols.outbox.insertMany([msg('d', 4), msg('e', 5)]);
  for (let i = 0; i < 5; i++) {
    await first.sendDue();
    advance(5_000);
  }
  expect(await cols.feedHolds.findOne({ _id: IDS.killfeed })).toMatchObject({ reason: 'missing_access', code: 50001 });
  const refused = refusedPosts();
  const second = sender();
  await second.sendDue();
  expect(refusedPosts()).toBe(refused);

  expect(await second.moveFeed('s', 'killfeed', IDS.events)).toBe(2);
  await second.sendDue();
  expect(titlesIn(IDS.events).slice(-2)).toEqual(['kill d', 'kill e']);
  expect(await cols.outbox.countDocuments({ sentAt: null })).toBe(0);
});

it('keeps at most HELD_POSTS_MAX posts of a held channel and 7 days of age: the oldest become one summary, posted first', async () => {
  const s = sender();
  double.setBotChannelPermissions(IDS.killfeed, { deny: Perm.SendMessages });
  const many = Array.from({ length: HELD_POSTS_MAX + 5 }, (_, i) => ({ ...msg(`h${String(i).padStart(3, '0')}`, 100 + i), notBefore: new Date(clock - 60_000 + i) }));
  // Two of them are events, and one more killfeed post is older than the age bound.
  many[1] = { ...many[1]!, kind: 'events' };
  many[2] = { ...many[2]!, kind: 'events' };
  await cols.outbox.insertMany([{ ...msg('ancient', 99), notBefore: new Date(clock - HELD_POSTS_MAX_AGE_MS - 1_000) }, ...many]);
  for (let i = 0; i < 5; i++) {
    await s.sendDue();
    advance(5_000);
  }
  expect(await cols.feedHolds.countDocuments({})).toBe(1);
  s.start(); // the minute's pruning pass
  await new Promise((r) => setTimeout(r, 300));
  await s.stop();
  const left = await cols.outbox.find({ sentAt: null }).sort({ notBefore: 1, sortKey: 1 }).toArray();
  expect(left).toHaveLength(HELD_POSTS_MAX + 1);
  expect(left[0]!.summarized).toEqual({ killfeed: 4, events: 2 });
  expect(left.slice(1).map((m) => m._id)).toEqual(many.slice(5).map((m) => m._id));

  // Back: the summary first, then the kept posts in order (the first two kept: Discord's 5 posts per 5 s).
  await cols.outbox.deleteMany({ _id: { $in: left.slice(3).map((m) => m._id) } });
  double.setBotChannelPermissions(IDS.killfeed, {});
  const before = double.channelMessages(IDS.killfeed).length;
  const next = sender(); // the first one was stopped
  await next.holds.sync(true);
  expect(next.permissionsChanged(IDS.guild, () => true)).toBe(1);
  await next.sendDue();
  const posted = double.channelMessages(IDS.killfeed).slice(before);
  expect(posted[0]?.embeds?.[0]?.description).toBe("4 kill posts, 2 events not shown while this channel refused the bot's posts (they are counted in the stats).");
  expect(posted.slice(1, 3).map((m) => m.embeds?.[0]?.title)).toEqual([`kill h005`, `kill h006`]);
}, 120_000);
