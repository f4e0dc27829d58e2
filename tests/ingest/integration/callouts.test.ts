/**
 * The callouts channel through the real ingest path (in-memory game server → IngestEngine → jongodb →
 * outbox → OutboxSender → discord.js REST → Discord double): a callout for each label at its boundary,
 * none without the channel, the killfeed's posting rules (delay, old backlog), exactly once across a
 * crash and its replay, and the held-posts rule for a callouts channel that refuses the bot's posts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { translator } from '../../../src/i18n/translate.js';
import { HELD_POSTS_MAX_AGE_MS, trimHeldPosts } from '../../../src/ingest/heldPosts.js';
import { ingestCollections } from '../../../src/ingest/index.js';
import { OutboxSender } from '../../../src/ingest/outboxSender.js';
import { DiscordDouble, Perm } from '../../support/discord-double/index.js';
import { startMongo, type TestMongo } from '../../support/mongo.js';
import { restFor, silentLogger } from '../helpers.js';
import { CALLOUTS, KILLFEED, scripted, spree, type PostedEmbed, type ScriptKill } from '../support/killScript.js';

type ScriptOptions = NonNullable<Parameters<typeof scripted>[2]>;

const GUILD = '1700000000000000001';
/** Where an admin moves the callouts while the first channel refuses them. */
const CALLOUTS_NEW = '1700000000000000021';
const BASE = Date.UTC(2025, 4, 1, 10, 0, 0);

let mongo: TestMongo;
let double: DiscordDouble;

beforeAll(async () => {
  [mongo, double] = await Promise.all([
    startMongo(),
    DiscordDouble.start({
      applicationId: '1700000000000000002',
      botUserId: '1700000000000000003',
      token: 'callouts-test-token',
      guilds: [
        {
          id: GUILD,
          name: 'Deadside EU',
          ownerId: '1700000000000000004',
          channels: [
            { id: KILLFEED, name: 'killfeed', type: 'text' },
            { id: CALLOUTS, name: 'callouts', type: 'text' },
            { id: CALLOUTS_NEW, name: 'highlights', type: 'text' },
          ],
          members: [],
        },
      ],
    }),
  ]);
});

afterAll(async () => {
  await Promise.all([mongo?.stop(), double?.stop()]);
});

// The engines of all tests share one outbox: each test starts with it empty, so a sender posts only its own.
beforeEach(async () => {
  await ingestCollections(mongo.db).outbox.deleteMany({});
});

const both = { killfeed: KILLFEED, callouts: CALLOUTS };
const rest = () => restFor(double.apiBase, double.token);
const withCallouts = (id: string, opts: ScriptOptions = {}) => scripted(mongo.db, id, { guildId: GUILD, channels: both, rest: rest(), ...opts });
const titles = (posts: PostedEmbed[]) => posts.map((e) => e.title);
const posted = (channelId: string, since = 0) => double.channelMessages(channelId).slice(since).flatMap((m) => m.embeds as PostedEmbed[]);

describe('callouts', () => {
  it('call out a streak at 5 (not 4), its end from 5, and the day’s first kill, in the callouts channel too', async () => {
    const s = await withCallouts('streaks');
    const script: ScriptKill[] = [...spree('Alpha', 5), { killer: 'Bravo', victim: 'Alpha' }, ...spree('Charlie', 4), { killer: 'Delta', victim: 'Charlie' }];
    await s.play(script);
    const callouts = await s.callouts();
    expect(titles(callouts)).toEqual(['🌅 Alpha drew first blood today', '🔥 Alpha is on a 5-kill streak!', "🛑 Bravo ended Alpha's 5-kill streak"]);
    expect(callouts[1]!.description).toBe('**Alpha** killed **V5** · AK-SU · Rifle · 30 m');
    expect(callouts[1]!.timestamp).toBe(new Date(BASE + 4 * 60_000).toISOString());
    // Still every kill in the killfeed, and the callouts under ids of their own.
    expect(await s.embeds()).toHaveLength(script.length);
    const ids = (await s.calloutMessages()).map((m) => m._id);
    expect(ids).toEqual([expect.stringMatching(/^callouts:/)]);

    const since = { killfeed: double.channelMessages(KILLFEED).length, callouts: double.channelMessages(CALLOUTS).length };
    await s.engine.sender.sendDue();
    expect(titles(posted(CALLOUTS, since.callouts))).toEqual(titles(callouts));
    expect(posted(KILLFEED, since.killfeed)).toHaveLength(script.length);
    expect(double.schemaViolations).toEqual([]);
  });

  it('call out a long shot from 250 m by default, not 249', async () => {
    const s = await withCallouts('longshot');
    await s.play([
      { killer: 'Alpha', victim: 'Bravo', weapon: 'M99', distance: 249.9 },
      { killer: 'Alpha', victim: 'Charlie', weapon: 'M99', distance: 250 },
    ]);
    const callouts = await s.callouts();
    expect(titles(callouts)).toEqual(['🌅 Alpha drew first blood today', '🎯 Long shot! Alpha hit Charlie from 250 m']);
    expect(callouts[0]!.description).toBe('**Alpha** killed **Bravo** · M99 · Sniper · 249.9 m');
  });

  it('call out the 100th kill, not the 99th, across two batches', async () => {
    const s = await withCallouts('hundred');
    const kills = Array.from({ length: 100 }, (_, i): ScriptKill => ({ killer: 'Alpha', victim: `V${i % 7}` }));
    await s.play(kills.slice(0, 60));
    await s.play(kills.slice(60));
    const callouts = await s.callouts();
    // The day's first kill, a streak milestone at every 5th kill, the 100th heading its own callout.
    expect(callouts).toHaveLength(1 + 20);
    expect(callouts.filter((e) => e.title?.startsWith('🏆'))).toHaveLength(1);
    expect(callouts.at(-2)!.title).toBe('🔥 Alpha is on a 95-kill streak!');
    expect(callouts.at(-1)!.title).toBe('🏆 Alpha reached 100 kills!');
    expect(callouts.at(-1)!.description!.split('\n')).toEqual(['🔥 Alpha is on a 100-kill streak!', '**Alpha** killed **V1** · AK-SU · Rifle · 30 m']);
  });

  it('post nothing in a callouts channel that is not set; without a killfeed channel, callouts alone', async () => {
    const off = await scripted(mongo.db, 'nocallouts', { guildId: GUILD, rest: rest() });
    const before = double.channelMessages(CALLOUTS).length;
    await off.play(spree('Alpha', 5));
    expect(await off.embeds()).toHaveLength(5);
    expect(await off.calloutMessages()).toEqual([]);
    await off.engine.sender.sendDue();
    expect(double.channelMessages(CALLOUTS).length).toBe(before);

    const alone = await withCallouts('onlycallouts', { channels: { callouts: CALLOUTS } });
    await alone.play(spree('Alpha', 5));
    expect(await alone.embeds()).toEqual([]);
    expect(titles(await alone.callouts())).toEqual(['🌅 Alpha drew first blood today', '🔥 Alpha is on a 5-kill streak!']);
  });

  it('come with compact kill posts too, in the guild’s language', async () => {
    const s = await withCallouts('compactde', { settings: { style: 'compact' }, textsOf: async () => translator({ locale: 'de' }) });
    await s.play(spree('Alpha', 5, { weapon: 'MR5' }));
    expect((await s.messages()).length).toBe(1);
    const callouts = await s.callouts();
    expect(titles(callouts)).toEqual(['🌅 Alpha holt den ersten Kill des Tages', '🔥 Alpha: 5 Kills in Folge!']);
    expect(callouts[1]!.description).toBe('**Alpha** hat **V5** getötet · MR5 · MP · 30 m');
  });

  it('follow the killfeed’s rules: its delay, and no callout for an old backlog kill', async () => {
    const delayed = await withCallouts('delayed', { settings: { killfeedDelaySeconds: 90 } });
    await delayed.play(spree('Alpha', 5));
    const [post] = await delayed.messages();
    const callouts = await delayed.calloutMessages();
    expect(callouts).toHaveLength(1);
    expect(callouts[0]!.notBefore.getTime()).toBe(post!.notBefore.getTime());
    expect(callouts[0]!.notBefore.getTime() - callouts[0]!.createdAt.getTime()).toBe(90_000);

    // Read two hours after the kills with a 30-minute feed age: counted, neither posted nor called out.
    let now = BASE + 2 * 3_600_000;
    const backlog = await withCallouts('backlog', { settings: { maxFeedAgeSeconds: 1800 }, now: () => new Date(now) });
    await backlog.play(spree('Alpha', 5));
    expect(await backlog.embeds()).toEqual([]);
    expect(await backlog.calloutMessages()).toEqual([]);
    // Fresh kills (read as they happen) are called out again.
    now = BASE + 6 * 60_000;
    await backlog.play(spree('Alpha', 5, { at: now }));
    expect(titles(await backlog.callouts())).toEqual(['🔥 Alpha is on a 10-kill streak!']);
  });
});

describe('callouts exactly once', () => {
  const script = [...spree('Alpha', 5), { killer: 'Bravo', victim: 'Alpha' }];

  for (const step of ['facts', 'stats', 'outbox']) {
    it(`after a crash at "${step}", the replay calls out each kill once, from the first run's facts`, async () => {
      const id = `crash-${step}`;
      let crashed = false;
      const onStep = (s: string) => {
        if (s === step && !crashed) {
          crashed = true;
          throw new Error('crash');
        }
      };
      const dying = await withCallouts(id, { onStep });
      await expect(dying.play(script)).rejects.toThrow(/crash/);
      const next = await withCallouts(id, { remote: dying.remote });
      await next.poll();
      await next.poll(); // nothing new: nothing more
      const want = ['🌅 Alpha drew first blood today', '🔥 Alpha is on a 5-kill streak!', "🛑 Bravo ended Alpha's 5-kill streak"];
      expect(titles(await next.callouts())).toEqual(want);
      expect(await next.calloutMessages()).toHaveLength(1);
      const before = double.channelMessages(CALLOUTS).length;
      await next.engine.sender.sendDue();
      await next.engine.sender.sendDue();
      expect(titles(posted(CALLOUTS, before))).toEqual(want);
    });
  }
});

describe('a callouts channel that refuses the bot', () => {
  it('holds its callouts (the killfeed goes on), moves them with the feed, and sums up the too old', async () => {
    let clock = Date.now();
    const now = () => new Date(clock);
    const s = await withCallouts('held');
    const sender = new OutboxSender(s.engine.cols, rest(), silentLogger, { now });
    double.setBotChannelPermissions(CALLOUTS, { deny: Perm.SendMessages });
    const before = { killfeed: double.channelMessages(KILLFEED).length, moved: double.channelMessages(CALLOUTS_NEW).length };
    await s.play(spree('Alpha', 5));
    for (let i = 0; i < 10; i++) {
      await sender.sendDue();
      clock += 5_000;
    }
    expect(posted(KILLFEED, before.killfeed)).toHaveLength(5);
    expect(await s.engine.cols.feedHolds.findOne({ _id: CALLOUTS })).toMatchObject({ guildId: GUILD, reason: 'missing_access' });
    expect(await s.engine.cols.outbox.countDocuments({ kind: 'callouts', channelId: CALLOUTS, sentAt: null })).toBe(1);

    // The admin points the callouts elsewhere: the held callouts follow (the killfeed's posts stay put).
    expect(await sender.moveFeed('held', 'callouts', CALLOUTS_NEW)).toBe(1);
    await sender.sendDue();
    expect(titles(posted(CALLOUTS_NEW, before.moved))).toEqual(['🌅 Alpha drew first blood today', '🔥 Alpha is on a 5-kill streak!']);
    expect(await s.engine.cols.outbox.countDocuments({ serverId: 'held', sentAt: null })).toBe(0);

    // Held for more than a week: the callouts become one summary post.
    await s.play(spree('Charlie', 5));
    clock += HELD_POSTS_MAX_AGE_MS + 60_000;
    expect(await trimHeldPosts(s.engine.cols, CALLOUTS, now(), silentLogger)).toBe(1);
    const [summary] = await s.engine.cols.outbox.find({ channelId: CALLOUTS, sentAt: null }).toArray();
    expect((summary!.body.embeds as PostedEmbed[])[0]!.description).toBe("1 callout not shown while this channel refused the bot's posts (they are counted in the stats).");
    double.setBotChannelPermissions(CALLOUTS, {});
  });
});
