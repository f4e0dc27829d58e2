/**
 * The texts of a /compare reply (src/stats/compareView.ts): who leads each row, values in the guild's
 * number format, the duel in words (plural, all-time under a window), names escaped in the embed and
 * plain in the image's description, everything inside Discord's limits.
 */
import { describe, expect, it } from 'vitest';
import { codePoints, embedLength, LIMITS } from '../../src/discord/limits.js';
import { msg } from '../../src/i18n/message.js';
import { translator } from '../../src/i18n/translate.js';
import { compareRows, compareView, emptySide, sideOf, type CompareFigures, type CompareSide } from '../../src/stats/compareView.js';
import { A, alpha, B, de, enUS, player } from './helpers.js';

const side = (over: Partial<CompareSide>): CompareSide => ({ playerId: A, name: 'Alpha', kills: 10, deaths: 5, kdr: 2, longest: 300, bestStreak: 4, weapon: { name: 'M99', kills: 6 }, ...over });
const figures = (over: Partial<CompareFigures> = {}): CompareFigures => ({
  a: side({}),
  b: side({ playerId: B, name: 'Bravo', kills: 7, deaths: 9, kdr: 0.78, longest: null, bestStreak: 4, weapon: null }),
  duel: { aKilledB: 5, bKilledA: 1 },
  scope: msg('stats.scope.allServers'),
  window: 'all',
  ...over,
});

describe('sideOf / emptySide', () => {
  it('takes the figures and the weapon with the most kills from a stats document', () => {
    expect(sideOf(alpha)).toEqual({ playerId: A, name: 'Alpha', kills: 1234, deaths: 822, kdr: alpha.kdr, longest: 1520.5, bestStreak: 1500, weapon: { name: 'SVD', kills: 1100 } });
    expect(sideOf(player({}))).toMatchObject({ kills: 0, longest: null, weapon: null });
    expect(emptySide(alpha)).toEqual({ playerId: A, name: 'Alpha', kills: 0, deaths: 0, kdr: 0, longest: null, bestStreak: 0, weapon: null });
  });
});

describe('compareRows', () => {
  it('marks the leader of each figure: more kills, fewer deaths, a longest kill over none; ties and weapons none', () => {
    const rows = compareRows(figures(), enUS);
    expect(rows.map((r) => [r.label, r.a, r.b, r.lead])).toEqual([
      ['Kills', '10', '7', 'a'],
      ['Deaths', '5', '9', 'a'],
      ['K/D', '2.00', '0.78', 'a'],
      ['Longest kill', '300 m', '—', 'a'],
      ['Best streak', '4', '4', null],
      ['Favourite weapon', 'M99 (6)', '—', null],
    ]);
    const flipped = compareRows(figures({ a: side({ kills: 1, deaths: 20, kdr: 0.05, longest: 20.5 }), b: side({ kills: 2, deaths: 1, kdr: 2, longest: 21, bestStreak: 5 }) }), enUS);
    expect(flipped.map((r) => r.lead)).toEqual(['b', 'b', 'b', 'b', 'b', null]);
  });

  it('writes numbers in the guild’s format and words in its language', () => {
    const big = figures({ a: side({ kills: 12345, kdr: 1.5, longest: 1520.5, weapon: { name: 'SVD', kills: 1100 } }) });
    expect(compareRows(big, de).map((r) => r.a)).toEqual(['12.345', '5', '1,50', '1.520,5 m', '4', 'SVD (1.100)']);
    const ru = translator({ locale: 'ru', timezone: 'UTC' });
    expect(compareRows(big, ru).map((r) => r.label)).toEqual(['Убийства', 'Смерти', 'K/D', 'Самый дальний килл', 'Лучшая серия', 'Любимое оружие']);
  });
});

describe('compareView', () => {
  it('says the duel in the embed and the description, and points the embed at the card', () => {
    const v = compareView(figures(), enUS);
    expect(v.embed.title).toBe('Alpha vs Bravo');
    expect(v.embed.description).toBe('All servers · All time');
    expect(v.embed.fields).toEqual([{ name: 'Head to head', value: '**Alpha** killed **Bravo** 5 times\n**Bravo** killed **Alpha** 1 time', inline: false }]);
    expect(v.embed.image?.url).toBe('attachment://compare.png');
    expect(v.alt).toBe(
      'Alpha vs Bravo, All servers · All time. Kills: 10 vs 7, Deaths: 5 vs 9, K/D: 2.00 vs 0.78, Longest kill: 300 m vs —, Best streak: 4 vs 4, Favourite weapon: M99 (6) vs —. Alpha killed Bravo 5 times, Bravo killed Alpha 1 time.',
    );
    expect(v.card).toMatchObject({ names: ['Alpha', 'Bravo'], vs: 'VS', subtitle: 'All servers · All time', duel: { a: 5, b: 1, aText: '5', bText: '1', note: null } });
  });

  it('labels the duel all-time under a window, on the card and in words', () => {
    const v = compareView(figures({ window: 'week', scope: 'EU #1' }), enUS);
    expect(v.embed.description).toBe('EU #1 · This week');
    expect(v.embed.fields?.[0]?.name).toBe('Head to head (all time)');
    expect(v.card.duel.note).toBe('all time');
    expect(v.card.subtitle).toBe('EU #1 · This week');
    expect(v.alt).toMatch(/Bravo killed Alpha 1 time \(all time\)\.$/);
  });

  it('escapes names where markdown renders and keeps everything inside Discord’s limits', () => {
    const hostile = '@everyone **_`x`_** '.repeat(20);
    const v = compareView(figures({ a: side({ name: hostile }), b: side({ playerId: B, name: `${'名'.repeat(300)}` }), scope: '[EU] PvP #1 | x2' }), enUS);
    expect(v.embed.title).not.toContain('@everyone');
    expect(codePoints(v.embed.title!)).toBeLessThanOrEqual(LIMITS.title);
    expect(v.embed.fields?.[0]?.value).toContain('@\u200beveryone');
    expect(v.embed.description).toBe('\\[EU\\] PvP #1 \\| x2 · All time');
    expect(embedLength(v.embed)).toBeLessThanOrEqual(LIMITS.embedTotal);
    expect(codePoints(v.alt)).toBeLessThanOrEqual(1024);
    // The card draws the names as they are (it fits them itself).
    expect(v.card.names).toEqual([hostile, '名'.repeat(300)]);
  });
});
