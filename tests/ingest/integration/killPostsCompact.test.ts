/**
 * Kill posts through the real ingest path (in-memory game server → IngestEngine → jongodb → outbox): the
 * compact style packing many kills into one message, and replays after a crash at each write of a batch
 * posting every kill once, with the facts the first run saw.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedLength, LIMITS } from '../../../src/discord/limits.js';
import type { PlayerStats } from '../../../src/ingest/index.js';
import { playerDocId } from '../../../src/ingest/statsModel.js';
import { startMongo, type TestMongo } from '../../support/mongo.js';
import { field, player, scripted, spree, type ScriptKill } from '../support/killScript.js';

let mongo: TestMongo;

beforeAll(async () => {
  mongo = await startMongo();
});

afterAll(async () => {
  await mongo?.stop();
});

describe('compact kill posts', () => {
  it('puts one line per kill and many kills in one message, within Discord’s limits', async () => {
    const s = await scripted(mongo.db, 'compact', { settings: { style: 'compact' } });
    const kills: ScriptKill[] = [...spree('Alpha', 5, { weapon: 'M99', distance: 300 }), ...Array.from({ length: 55 }, (_, i) => ({ killer: `P${i % 9}`, victim: `Q${i % 4}` }))];
    await s.play(kills);
    const messages = await s.messages();
    const lines = messages.flatMap((m) => (m.body.embeds as { description: string }[]).flatMap((e) => e.description.split('\n')));
    expect(lines).toHaveLength(60);
    expect(messages.length).toBeLessThanOrEqual(2);
    expect(lines[0]).toMatch(/^<t:\d+:T> \*\*Alpha\*\* killed \*\*V1\*\* · M99 · Sniper · 300 m · 🎯 long shot 🌅 first blood$/);
    expect(lines[4]).toContain('🔥 5 in a row');
    for (const m of messages) {
      const embeds = m.body.embeds as Parameters<typeof embedLength>[0][];
      expect(embeds.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
      expect(embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(LIMITS.embedTotal);
    }
  });

  it('packs a burst of long, hostile names into few messages, all within the limits, names escaped', async () => {
    const s = await scripted(mongo.db, 'compactBig', { settings: { style: 'compact' } });
    const long = (i: number) => `@everyone **${'W'.repeat(30)}_${i % 10}`;
    await s.play(Array.from({ length: 300 }, (_, i) => ({ killer: long(i), victim: `${long(i + 1)}!`, weapon: '<@123>'.repeat(20), distance: i })));
    const messages = await s.messages();
    const embeds = messages.flatMap((m) => m.body.embeds as Parameters<typeof embedLength>[0][]);
    const lines = embeds.flatMap((e) => e.description!.split('\n'));
    expect(lines).toHaveLength(300);
    expect(messages.length).toBeLessThan(30); // a rich post would take 30 messages of 10
    for (const m of messages) {
      const mine = m.body.embeds as Parameters<typeof embedLength>[0][];
      expect(mine.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
      expect(mine.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(LIMITS.embedTotal);
      for (const e of mine) expect(embedLength(e)).toBeLessThanOrEqual(LIMITS.description);
    }
    expect(lines.every((l) => !l.includes('@everyone') && l.includes('@\u200beveryone'))).toBe(true);
    expect(lines.every((l) => l.includes('\\*\\*W'))).toBe(true);
    expect(lines.every((l) => !l.includes('<@123>'))).toBe(true);
  });
});

describe('replays', () => {
  const script = [...spree('Alpha', 5), { killer: 'Bravo', victim: 'Alpha' }];

  for (const step of ['read', 'facts', 'stats', 'guild', 'outbox']) {
    it(`after a crash at "${step}", the replay posts each kill once, with the streaks of the first run`, async () => {
      const id = `crash-${step}`;
      let crashed = false;
      const dying = await scripted(mongo.db, id, {
        onStep: (s) => {
          if (s === step && !crashed) {
            crashed = true;
            throw new Error('crash');
          }
        },
      });
      await expect(dying.play(script)).rejects.toThrow(/crash/);
      expect(crashed).toBe(true);
      const next = await scripted(mongo.db, id, { remote: dying.remote });
      await next.poll();
      await next.poll(); // nothing new: nothing more
      const posts = await next.embeds();
      expect(posts.map((e) => field(e, 'Streak'))).toEqual(['1', '2', '3', '4', '5', '1']);
      expect(posts[4]?.description).toContain('🔥 **5 kills in a row!**');
      expect(posts[5]?.description).toContain("Ended Alpha's streak of 5 kills");
      const ids = (await next.messages()).map((m) => m._id);
      expect(new Set(ids).size).toBe(ids.length);
      const alpha = (await next.engine.cols.stats.findOne({ _id: playerDocId(id, player('Alpha').id) })) as PlayerStats | null;
      expect(alpha).toMatchObject({ kills: 5, deaths: 1, streak: 0, bestStreak: 5 });
    });
  }
});
