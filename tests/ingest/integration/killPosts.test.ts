/**
 * What a rich kill post says, through the real ingest path (in-memory game server → IngestEngine →
 * jongodb → outbox): each label at its boundary, from the stats as they stood at that kill in its batch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../../src/i18n/translate.js';
import { startMongo, type TestMongo } from '../../support/mongo.js';
import { field, player, scripted, spree, type PostedEmbed, type ScriptKill } from '../support/killScript.js';

let mongo: TestMongo;

beforeAll(async () => {
  mongo = await startMongo();
});

afterAll(async () => {
  await mongo?.stop();
});

const labels = (e: PostedEmbed | undefined) => e?.description ?? '';

describe('rich kill posts', () => {
  it('counts the streak kill by kill inside one batch, and calls 5 a streak but not 4', async () => {
    const s = await scripted(mongo.db, 'streak');
    await s.play([...spree('Alpha', 5), ...spree('Bravo', 1, { victim: 'Alpha' })]);
    const posts = await s.embeds();
    expect(posts.map((e) => field(e, 'Streak'))).toEqual(['1', '2', '3', '4', '5', '1']);
    expect(posts[0]!.title).toBe('Alpha killed V1');
    expect(labels(posts[3])).not.toContain('in a row');
    expect(labels(posts[4])).toContain('🔥 **5 kills in a row!**');
    // K/D after each kill: Alpha has no death yet; Bravo's kill ended Alpha's streak of 5.
    expect(posts.map((e) => field(e, 'K/D'))).toEqual(['1', '2', '3', '4', '5', '1']);
    expect(labels(posts[5])).toContain("🛑 Ended Alpha's streak of 5 kills");
    expect(field(posts[0]!, 'Weapon')).toBe('AK-SU · Rifle');
    await s.play(spree('Alpha', 5));
    const more = (await s.embeds()).slice(6);
    expect(more.map((e) => field(e, 'Streak'))).toEqual(['1', '2', '3', '4', '5']);
    expect(more.map((e) => field(e, 'K/D'))).toEqual(['6', '7', '8', '9', '10']);
  });

  it('says a streak ended only from 5 kills', async () => {
    const s = await scripted(mongo.db, 'ended');
    await s.play([...spree('Alpha', 4), { killer: 'Bravo', victim: 'Alpha' }, ...spree('Charlie', 5), { killer: 'Bravo', victim: 'Charlie' }]);
    const posts = await s.embeds();
    expect(labels(posts[4])).not.toContain('Ended');
    expect(labels(posts[10])).toContain("🛑 Ended Charlie's streak of 5 kills");
  });

  it('names the members linked to the players, as text that pings nobody, in rich posts only', async () => {
    const asked: string[][] = [];
    const linkedNames = async (_guildId: string, ids: readonly string[]) => {
      asked.push([...ids]);
      return new Map([[player('Alpha').id, '@everyone *Mike*']]);
    };
    const rich = await scripted(mongo.db, 'linked', { linkedNames });
    await rich.play([{ killer: 'Alpha', victim: 'Bravo' }, { killer: 'Bravo', victim: 'Alpha' }]);
    const [first, second] = await rich.embeds();
    expect(labels(first).split('\n')[0]).toBe('👤 Alpha is @\u200beveryone \\*Mike\\*');
    expect(labels(second)).toContain('👤 Alpha is');
    expect(asked).toEqual([[player('Alpha').id, player('Bravo').id, player('Bravo').id, player('Alpha').id]]);
    const compact = await scripted(mongo.db, 'linked-compact', { linkedNames, settings: { style: 'compact' } });
    await compact.play([{ killer: 'Alpha', victim: 'Bravo' }]);
    expect(asked).toHaveLength(1);
  });

  it('marks a long shot from 250 m by default, and from a server’s own longshot_metres', async () => {
    const byDefault = await scripted(mongo.db, 'long250');
    await byDefault.play([
      { killer: 'Alpha', victim: 'Bravo', weapon: 'M99', distance: 249.9 },
      { killer: 'Alpha', victim: 'Charlie', weapon: 'M99', distance: 250 },
    ]);
    const [near, far] = await byDefault.embeds();
    expect(labels(near)).not.toContain('Long shot');
    expect(labels(far)).toContain('🎯 **Long shot:** 250 m');
    expect(field(far!, 'Weapon')).toBe('M99 · Sniper');
    expect(field(far!, 'Distance')).toBe('250 m');

    const own = await scripted(mongo.db, 'long100', { settings: { longshotMetres: 100 } });
    await own.play([
      { killer: 'Alpha', victim: 'Bravo', distance: 99 },
      { killer: 'Alpha', victim: 'Charlie', distance: 100 },
    ]);
    const [short, long] = await own.embeds();
    expect(labels(short)).not.toContain('Long shot');
    expect(labels(long)).toContain('🎯 **Long shot:** 100 m');
  });

  it('calls a kill revenge only when the victim killed the killer the last time they met', async () => {
    const s = await scripted(mongo.db, 'revenge');
    const script: ScriptKill[] = [
      { killer: 'Alpha', victim: 'Bravo' }, // first meeting
      { killer: 'Alpha', victim: 'Bravo' }, // Alpha again: no revenge
      { killer: 'Charlie', victim: 'Bravo' },
      { killer: 'Bravo', victim: 'Alpha' }, // Alpha killed Bravo last time: revenge
      { killer: 'Bravo', victim: 'Alpha' }, // Bravo killed Alpha last time: none
      { killer: 'Alpha', victim: 'Bravo' }, // revenge
      { killer: 'Bravo', victim: 'Charlie' }, // Charlie killed Bravo: revenge, in the next batch
    ];
    await s.play(script.slice(0, 4));
    await s.play(script.slice(4));
    const revenge = (await s.embeds()).map((e) => labels(e).includes('Revenge'));
    expect(revenge).toEqual([false, false, false, true, false, true, true]);
    expect(labels((await s.embeds())[3])).toContain('🔁 **Revenge!** Bravo got payback on Alpha');
  });

  it('celebrates the 100th kill, not the 99th', async () => {
    const s = await scripted(mongo.db, 'hundred');
    const kills = Array.from({ length: 100 }, (_, i): ScriptKill => ({ killer: 'Alpha', victim: `V${i % 7}` }));
    await s.play(kills.slice(0, 60));
    await s.play(kills.slice(60));
    const posts = await s.embeds();
    expect(posts).toHaveLength(100);
    expect(posts.filter((e) => labels(e).includes('🏆'))).toHaveLength(1);
    expect(labels(posts[98])).not.toContain('🏆');
    expect(labels(posts[99])).toContain('🏆 **Kill #100** for Alpha');
    expect(field(posts[99]!, 'Streak')).toBe('100');
  });

  it("marks the server's first kill of the day in the guild's timezone", async () => {
    const day = Date.UTC(2025, 4, 1);
    const h = (hours: number, minutes = 0) => day + hours * 3_600_000 + minutes * 60_000;
    // Tokyo is UTC+9: 15:00 UTC is midnight there.
    const script: ScriptKill[] = [
      { killer: 'Alpha', victim: 'Bravo', at: h(10) },
      { killer: 'Alpha', victim: 'Charlie', at: h(14, 59) },
      { killer: 'Alpha', victim: 'Delta', at: h(15) },
      { killer: 'Alpha', victim: 'Echo', at: h(15, 30) },
    ];
    const tokyo = await scripted(mongo.db, 'tokyo', { textsOf: async () => translator({ locale: 'en-US', timezone: 'Asia/Tokyo' }) });
    await tokyo.play(script.slice(0, 2));
    await tokyo.play(script.slice(2));
    expect((await tokyo.embeds()).map((e) => labels(e).includes('First blood'))).toEqual([true, false, true, false]);
    const utc = await scripted(mongo.db, 'utc');
    await utc.play(script);
    expect((await utc.embeds()).map((e) => labels(e).includes('First blood'))).toEqual([true, false, false, false]);
    await utc.play([{ killer: 'Bravo', victim: 'Alpha', at: h(24) }]);
    expect(labels((await utc.embeds())[4])).toContain('🌅 **First blood of the day**');
  });

  it('keeps the wording of suicides and deaths, and posts in the guild’s language', async () => {
    const s = await scripted(mongo.db, 'words', { textsOf: async () => translator({ locale: 'de' }) });
    await s.play([{ killer: 'Alpha', victim: 'Alpha', weapon: 'falling', distance: 0 }, ...spree('Bravo', 5, { weapon: 'MR5' })]);
    const posts = await s.embeds();
    expect(posts[0]!.title).toBe('Alpha ist in den Tod gestürzt');
    expect(posts[0]!.description).toBeUndefined();
    expect(field(posts[1]!, 'Waffe')).toBe('MR5 · MP');
    expect(labels(posts[5])).toContain('🔥 **5 Kills in Folge!**');
  });
});
