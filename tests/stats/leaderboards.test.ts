/**
 * Board values (src/stats/leaderboards.ts) in the guild's format (its /settings locale) and in the
 * reader's words: counts, K/D and distances written as the locale writes numbers, with the language's
 * plural forms. (The board embed: tests/stats/views.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { ENGLISH, translator } from '../../src/i18n/translate.js';
import { playerBoardRows } from '../../src/stats/leaderboards.js';
import { alpha, bravo, de, enUS, playerWithKills } from './helpers.js';

const ru = translator({ locale: 'ru' });
const german = translator({ locale: 'de' });

describe('leaderboard rows', () => {
  it('write board values in de', () => {
    expect(playerBoardRows([bravo, alpha], 'kills', de)).toEqual([
      { label: 'Alpha', value: '1.234 kills' },
      { label: 'Bravo', value: '3 kills' },
    ]);
    // 1234/822 = 1.501… ranks above 1.5; both read 1,50 once rounded.
    expect(playerBoardRows([bravo, alpha], 'kdr', de)).toEqual([
      { label: 'Alpha', value: '1,50 (1.234/822)' },
      { label: 'Bravo', value: '1,50 (3/2)' },
    ]);
    // deaths board: deaths + other deaths + suicides = 822 + 1005 + 1200.
    expect(playerBoardRows([alpha], 'deaths', de)[0]?.value).toBe('3.027 deaths');
    expect(playerBoardRows([alpha], 'longest_kill', de)[0]?.value).toBe('1.520,5 m with SVD on Bravo');
    expect(playerBoardRows([alpha, bravo], 'best_streak', de).map((r) => r.value)).toEqual(['1.500 kills in a row', '2 kills in a row']);
    expect(playerBoardRows([alpha], 'suicides', de)[0]?.value).toBe('1.200 suicides');
  });

  it('write board values in en-US, the default', () => {
    expect(playerBoardRows([bravo, alpha], 'kdr', enUS).map((r) => r.value)).toEqual(['1.50 (1,234/822)', '1.50 (3/2)']);
    expect(playerBoardRows([alpha], 'kills')[0]?.value).toBe('1,234 kills');
    expect(playerBoardRows([alpha], 'longest_kill', ENGLISH)[0]?.value).toBe('1,520.5 m with SVD on Bravo');
  });
});

describe('board values in the reader’s words', () => {
  it('writes board values with the language’s plural forms and number format', () => {
    const values = (t = ru) => playerBoardRows([playerWithKills(1, 'A'), playerWithKills(3, 'B'), playerWithKills(5, 'C'), playerWithKills(1234, 'D')], 'kills', t).map((r) => r.value);
    expect(values()).toEqual([`${ru.format.number(1234)} убийства`, '5 убийств', '3 убийства', '1 убийство']);
    expect(values(german)).toEqual(['1.234 Kills', '5 Kills', '3 Kills', '1 Kill']);
  });
});
