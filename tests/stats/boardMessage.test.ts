/** A board view as message parts: the text embed, or the picture in an embed with its rows as alt text; members named in pictures. */
import { describe, expect, it } from 'vitest';
import { boardView, memberLines, playerLines } from '../../src/stats/boardContent.js';
import { BoardImages } from '../../src/stats/boardImages.js';
import { boardImageInput, boardMessageParts } from '../../src/stats/boardMessage.js';
import { PAGE_SIZE } from '../../src/stats/leaderboards.js';
import { alpha, bravo, enUS } from './helpers.js';

const players = () => boardView({ t: enUS, board: 'kills', window: { name: 'all' }, serverName: null, source: async () => ({ total: 2, current: 1, rows: playerLines([alpha, bravo], 'kills', enUS) }), page: 1, pageSize: PAGE_SIZE });
const members = () =>
  boardView({ t: enUS, board: 'credits', window: { name: 'all' }, serverName: null, source: async () => ({ total: 2, current: 1, rows: memberLines([{ userId: '11', value: 50 }, { userId: '22', value: 7 }], 'stats.board.credits', enUS) }), page: 1, pageSize: PAGE_SIZE });

describe('boardMessageParts', () => {
  it('is the text embed without a picture', async () => {
    const parts = await boardMessageParts(await players(), enUS, { guildId: 'g', image: false, images: new BoardImages() });
    expect(parts.file).toBeNull();
    expect(parts.embed.description).toBe('🥇 **Alpha** — 1,234 kills\n🥈 **Bravo** — 3 kills');
  });

  it('puts the picture in the embed and its rows in the description of the file', async () => {
    const images = new BoardImages({ render: async () => Buffer.from('png') });
    const parts = await boardMessageParts(await players(), enUS, { guildId: 'g', image: true, images });
    expect(parts.embed).toMatchObject({ title: '🏆 Kills — all servers', image: { url: 'attachment://leaderboard.png' } });
    expect(parts.embed.description).toBeUndefined();
    expect(parts.file).toMatchObject({ name: 'leaderboard.png', data: Buffer.from('png'), description: 'Kills · All time · all servers\n1. Alpha — 1,234 kills\n2. Bravo — 3 kills' });
  });

  it('names members in a picture (their id when unknown), asking only for the page’s members', async () => {
    const asked: string[][] = [];
    const names = async (_g: string, ids: readonly string[]) => {
      asked.push([...ids]);
      return new Map([['11', 'Zoë']]);
    };
    let drawn: string[] = [];
    const images = new BoardImages({ render: async (i) => ((drawn = i.rows.map((r) => r.name)), Buffer.from('png')) });
    await boardMessageParts(await members(), enUS, { guildId: 'g', image: true, images, names });
    expect(asked).toEqual([['11', '22']]);
    expect(drawn).toEqual(['Zoë', '22']);
  });

  it('draws values in plain words and the view’s heading and subtitle', async () => {
    const input = boardImageInput(await players(), enUS);
    expect(input).toMatchObject({ title: 'Kills', subtitle: 'All time · all servers', first: 0, footer: 'Page 1/1 · 2 ranked', empty: 'Nobody on this board yet.' });
    expect(input.rows).toEqual([
      { name: 'Alpha', value: '1,234 kills' },
      { name: 'Bravo', value: '3 kills' },
    ]);
  });
});
