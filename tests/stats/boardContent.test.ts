/**
 * What a board shows: a page from its source in the reader's words (the window in the title, the notes
 * in the footer), rows for embeds and pictures, and a hash that changes exactly when the message would.
 */
import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/translate.js';
import type { WindowChoice } from '../../src/ingest/windows.js';
import { boardEmbed, boardHash, boardView, liveSource, memberLines, playerLines, type BoardSources, type PageSource } from '../../src/stats/boardContent.js';
import { PAGE_SIZE } from '../../src/stats/leaderboards.js';
import { A, AT, B, alpha, bravo, enUS, player } from './helpers.js';

const ru = translator({ locale: 'ru', timezone: 'UTC' });

/** Sources over fixed data, recording what the board asked for. */
function sources(players = [alpha, bravo]) {
  const asked: unknown[][] = [];
  const s: BoardSources = {
    players: async (guildId, board, page, size, serverId, window) => {
      asked.push([guildId, board, page, size, serverId, window]);
      return { total: players.length, current: 1, players };
    },
    creditHolders: async () => 12,
    creditTop: async (_g, skip, limit) => {
      asked.push(['credits', skip, limit]);
      return [{ userId: '111', credits: 1500 }];
    },
    pixelPlacers: async () => Array.from({ length: 23 }, (_, i) => ({ userId: String(900 + i), value: 100 - i })),
  };
  return { s, asked };
}

const week: WindowChoice = { name: 'week' };

describe('liveSource', () => {
  it('reads a player board a page at a time, passing the window and server through', async () => {
    const { s, asked } = sources();
    const page = await liveSource(s, { guildId: 'g', board: 'kills', serverId: 'srv', window: week }, enUS)(3, PAGE_SIZE);
    expect(asked).toEqual([['g', 'kills', 3, PAGE_SIZE, 'srv', week]]);
    expect(page.rows.map((r) => [r.name, r.text])).toEqual([
      ['Alpha', '1,234 kills'],
      ['Bravo', '3 kills'],
    ]);
  });

  it('pages member boards within their length, mentioning members in the embed rows', async () => {
    const { s, asked } = sources();
    const credits = await liveSource(s, { guildId: 'g', board: 'credits', window: week }, enUS)(9, PAGE_SIZE);
    // 12 holders: page 9 is page 2.
    expect(asked).toEqual([['credits', 10, 10]]);
    expect(credits).toMatchObject({ total: 12, current: 2, rows: [{ label: '<@111>', userId: '111', text: '1,500 credits' }] });
    const pixels = await liveSource(s, { guildId: 'g', board: 'pixels', window: { name: 'all' } }, enUS)(3, PAGE_SIZE);
    expect(pixels.current).toBe(3);
    expect(pixels.rows.map((r) => r.userId)).toEqual(['920', '921', '922']);
  });
});

describe('rows', () => {
  it('keeps names as logged for pictures and escaped for embeds', () => {
    const odd = player({ playerId: B, name: '**Boss**_<@1>', kills: 2, longestKill: { distance: 300, weapon: 'M_99', victimId: A, victimName: '*V*', at: AT } });
    const [kills] = playerLines([odd], 'kills', enUS);
    expect(kills).toMatchObject({ name: '**Boss**_<@1>', text: '2 kills' });
    expect(kills!.label).toBe('\\*\\*Boss\\*\\*\\_<\u200b@\u200b1>');
    const [longest] = playerLines([odd], 'longest_kill', enUS);
    expect(longest!.text).toBe('300 m with M_99 on *V*');
    expect(longest!.value).toBe('300 m with M\\_99 on \\*V\\*');
  });

  it('writes member values in the reader’s words', () => {
    expect(memberLines([{ userId: '1', value: 3 }], 'stats.board.pixels', ru)[0]!.text).toBe(ru.t('stats.board.pixels', { count: 3 }));
  });
});

describe('boardView', () => {
  const view = (source: PageSource, over: Partial<Parameters<typeof boardView>[0]> = {}) =>
    boardView({ t: enUS, board: 'kills', window: week, serverName: null, source, page: 1, pageSize: PAGE_SIZE, ...over });
  const fixed = (rows = playerLines([alpha, bravo], 'kills', enUS), total = 2): PageSource => async () => ({ total, current: 1, rows });

  it('names the window in the title and the subtitle; all time keeps the plain title', async () => {
    const v = await view(fixed(), { serverName: 'EU #1 | *PvP*' });
    expect(v.title).toBe('🏆 Kills · This week — EU #1 \\| \\*PvP\\*');
    expect(v.heading).toBe('Kills');
    expect(v.subtitle).toBe('This week · EU #1 | *PvP*');
    expect(v.footer).toBe('Page 1/1 · 2 ranked');
    const all = await view(fixed(), { window: { name: 'all' } });
    expect(all.title).toBe('🏆 Kills — all servers');
    expect(all.subtitle).toBe('All time · all servers');
  });

  it('says under a member board that it has no time window (and nothing when none was asked)', async () => {
    const rows = memberLines([{ userId: '1', value: 5 }], 'stats.board.credits', enUS);
    const credits = await view(fixed(rows, 1), { board: 'credits' });
    expect(credits.title).toBe('🏆 Credits — this Discord server');
    expect(credits.footer).toBe('Page 1/1 · 1 ranked · No time window for Credits: all time');
    expect((await view(fixed(rows, 1), { board: 'credits', window: { name: 'all' } })).footer).toBe('Page 1/1 · 1 ranked');
  });

  it('pages from where the page starts, with notes and without the page number when asked', async () => {
    const v = await view(async () => ({ total: 25, current: 3, rows: playerLines([bravo], 'kdr', enUS) }), { board: 'kdr', page: 3, noPage: true, notes: ['Updates every 5 min'] });
    expect([v.first, v.current, v.pages]).toEqual([20, 3, 3]);
    expect(v.footer).toBe('25 ranked · Players with at least 5 kills + deaths. · Updates every 5 min');
    expect(boardEmbed(v, enUS).toJSON().description).toBe('`21.` **Bravo** — 1.50 (3/2)');
  });
});

describe('boardHash', () => {
  it('is the same for the same board and changes with any row, the footer, the words or text vs picture', async () => {
    const base = { t: enUS, board: 'kills' as const, window: week, serverName: null, page: 1, pageSize: PAGE_SIZE };
    const of = (players = [alpha, bravo], over: object = {}) => boardView({ ...base, source: async () => ({ total: players.length, current: 1, rows: playerLines(players, 'kills', (over as { t?: typeof enUS }).t ?? enUS) }), ...over });
    const h = boardHash(await of(), false);
    expect(boardHash(await of(), false)).toBe(h);
    expect(boardHash(await of(), true)).not.toBe(h);
    expect(boardHash(await of([alpha, { ...bravo, kills: 4 }]), false)).not.toBe(h);
    expect(boardHash(await of([bravo, alpha]), false)).not.toBe(h);
    expect(boardHash(await of(undefined, { notes: ['Updates every 5 min'] }), false)).not.toBe(h);
    expect(boardHash(await of(undefined, { t: ru }), false)).not.toBe(h);
  });
});
