/** The outbox sender against the Discord double: nonce dedupe, 5xx/429 retries, content refusals split and shortened, refusing channels held (see feedHolds.test.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordDouble } from '../support/discord-double/index.js';
import { startMongo, type TestMongo } from '../support/mongo.js';
import { ingestCollections, type IngestCollections, type OutboxMessage } from '../../src/ingest/index.js';
import { interleave, OutboxSender } from '../../src/ingest/outboxSender.js';
import { nonceFor } from '../../src/ingest/feedMessages.js';
import { guildDef, IDS, outboxMessage as msg, restFor, silentLogger } from './helpers.js';

let mongo: TestMongo;
let double: DiscordDouble;
let cols: IngestCollections;

beforeAll(async () => {
  [mongo, double] = await Promise.all([startMongo(), DiscordDouble.start({ applicationId: IDS.app, botUserId: IDS.bot, token: 'test-token', guilds: [guildDef()] })]);
  cols = ingestCollections(mongo.db);
});
afterAll(async () => {
  await Promise.all([mongo?.stop(), double?.stop()]);
});


const titles = () => double.channelMessages(IDS.killfeed).map((m) => m.embeds?.[0]?.title);

it('posts in order, and a resend after a lost "sent" mark is deduplicated by the nonce', async () => {
  const sender = new OutboxSender(cols, restFor(double.apiBase, double.token), silentLogger);
  await cols.outbox.insertMany([msg('a', 1), msg('b', 2), msg('c', 3)]);
  expect(await sender.sendDue()).toBe(3);
  expect(titles()).toEqual(['kill a', 'kill b', 'kill c']);
  // As if the process died between the POST of b and its mark.
  await cols.outbox.updateOne({ _id: 'b' }, { $set: { sentAt: null } });
  await sender.sendDue();
  expect(titles()).toEqual(['kill a', 'kill b', 'kill c']);
  expect(double.requestsTo('POST', /\/channels\/\d+\/messages$/)).toHaveLength(4);
});

it('retries 429 and 5xx without duplicates, and keeps a message for a deleted channel instead of dropping it', async () => {
  const sender = new OutboxSender(cols, restFor(double.apiBase, double.token), silentLogger);
  const before = titles().length;
  await cols.outbox.insertMany([msg('d', 4), msg('e', 5)]);
  double.failNext({ method: 'POST', path: /\/channels\/\d+\/messages$/, status: 429, retryAfter: 0.05 });
  double.failNext({ method: 'POST', path: /\/channels\/\d+\/messages$/, status: 502, times: 2 });
  let rounds = 0;
  const pending = { sentAt: null, channelId: IDS.killfeed };
  while ((await cols.outbox.countDocuments(pending)) > 0 && rounds++ < 20) {
    await sender.sendDue();
    if ((await cols.outbox.countDocuments(pending)) > 0) {
      // A message that failed after discord.js's own retries is backed off: make it due again.
      await cols.outbox.updateMany(pending, { $set: { notBefore: new Date(0) } });
    }
  }
  expect(titles().slice(before)).toEqual(['kill d', 'kill e']);
  // Unknown channel (404): kept as it was, and its channel backs off instead of being tried every round.
  await cols.outbox.insertOne(msg('f', 6, '1100000000000000999'));
  await sender.sendDue();
  await sender.sendDue();
  expect(await cols.outbox.findOne({ _id: 'f' })).toMatchObject({ sentAt: null, attempts: 0 });
  expect(double.requestsTo('POST', /\/channels\/1100000000000000999\/messages$/)).toHaveLength(1);
  expect(sender.holds.blocked('1100000000000000999')).toBe(true);
  expect(double.schemaViolations).toEqual([]);
});

it('posts a message refused for its content one embed per message, shortened where needed, once across resends; 403 is no content problem', async () => {
  const sender = new OutboxSender(cols, restFor(double.apiBase, double.token), silentLogger);
  const before = double.channelMessages(IDS.killfeed).length;
  const violations = double.schemaViolations.length;
  // Discord's schema refuses the invalid timestamp of the second embed, and so the whole message.
  const m: OutboxMessage = {
    ...msg('split', 10),
    body: { embeds: [{ title: 'kill 1', color: 1 }, { title: 'kill 2', color: 2, timestamp: 'yesterday' }, { title: 'kill 3', color: 3 }] },
  };
  await cols.outbox.insertOne(m);
  expect(await sender.sendDue()).toBe(1);
  const titles = () => double.channelMessages(IDS.killfeed).slice(before).map((p) => p.embeds?.map((e) => e.title));
  expect(titles()).toEqual([['kill 1'], ['kill 2'], ['kill 3']]);
  expect(double.channelMessages(IDS.killfeed).slice(before)[1]?.embeds?.[0]).toEqual({ type: 'rich', title: 'kill 2' }); // plain title
  expect(await cols.outbox.findOne({ _id: 'split' })).toMatchObject({ partsDone: 3, sentAt: expect.any(Date) });
  // A crash between the POST of part 2 and its mark: part 2 is resent with its nonce and deduplicated.
  await cols.outbox.updateOne({ _id: 'split' }, { $set: { sentAt: null, partsDone: 1 } });
  await sender.sendDue();
  // A crash before any part was marked: the whole is refused again, and every part deduplicated.
  await cols.outbox.deleteOne({ _id: 'split' });
  await cols.outbox.insertOne(m);
  await sender.sendDue();
  expect(titles()).toEqual([['kill 1'], ['kill 2'], ['kill 3']]);
  const nonces = double.requestsTo('POST', /\/channels\/\d+\/messages$/).map((p) => (p.body as { nonce?: string }).nonce);
  expect(nonces.filter((n) => n === nonceFor('split'))).toHaveLength(2);
  // Only this message's bodies were refused.
  expect(double.schemaViolations.slice(violations).every((v) => JSON.stringify(v.body).includes('yesterday'))).toBe(true);

  // Missing access (403) is no content problem: no other form is tried, and the message is kept whole.
  const posts = double.requestsTo('POST', /\/channels\/\d+\/messages$/).length;
  await cols.outbox.insertOne({ ...msg('denied', 11), body: { embeds: [{ title: 'a' }, { title: 'b' }] } });
  double.failNext({ method: 'POST', path: /\/channels\/\d+\/messages$/, status: 403 });
  await sender.sendDue();
  expect(double.requestsTo('POST', /\/channels\/\d+\/messages$/)).toHaveLength(posts + 1);
  expect(await cols.outbox.findOne({ _id: 'denied' })).toMatchObject({ sentAt: null, attempts: 0 });
  expect(await cols.outbox.findOne({ _id: 'denied' })).not.toHaveProperty('partsDone');
});

describe('interleave', () => {
  it('interleave is round-robin across guilds for a skewed mix', () => {
    const big = Array.from({ length: 5000 }, (_, i) => ({ channelId: `big${i}`, guildId: 'G' }));
    const small = Array.from({ length: 5000 }, (_, i) => ({ channelId: `s${i}`, guildId: `g${i}` }));
    const out = interleave([...big, ...small], 1);
    expect(out).toHaveLength(10_000);
    expect(new Set(out.map((c) => c.channelId)).size).toBe(10_000);
    // Round 0: every guild's first channel, starting at guild #1 (g0) and ending with G; then G's rest.
    expect(out.slice(0, 5001).map((c) => c.channelId)).toEqual([...small.map((c) => c.channelId), 'big0']);
    expect(out.slice(5001).map((c) => c.channelId)).toEqual(big.slice(1).map((c) => c.channelId));
    expect(interleave([{ channelId: 'a1', guildId: 'a' }, { channelId: 'a2', guildId: 'a' }, { channelId: 'b1', guildId: 'b' }])).toEqual([
      { channelId: 'a1', guildId: 'a' },
      { channelId: 'b1', guildId: 'b' },
      { channelId: 'a2', guildId: 'a' },
    ]);
  });
});
