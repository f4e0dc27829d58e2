/** What /stats and the boards show of playtime and of the server query (src/stats/views.ts, boardContent.ts). */
import { describe, expect, it } from 'vitest';
import { translator } from '../../../src/i18n/translate.js';
import { newServerStats } from '../../../src/ingest/statsModel.js';
import { playtimeLines } from '../../../src/stats/boardContent.js';
import { BOARD_NAMES, boardLabel, isScopedBoard } from '../../../src/stats/leaderboards.js';
import { serverEmbed } from '../../../src/stats/views.js';

const en = translator({ locale: 'en-US' });
const de = translator({ locale: 'de' });
const online = (e: ReturnType<typeof serverEmbed>) => e.toJSON().fields!.find((f) => f.name === en.t('stats.stat.onlineNow') || f.name === de.t('stats.stat.onlineNow'))!.value;

describe('the playtime board', () => {
  it('is a board with a window and a server, between the player and member boards', () => {
    expect(BOARD_NAMES).toEqual(['kills', 'deaths', 'kdr', 'longest_kill', 'best_streak', 'suicides', 'playtime', 'credits', 'pixels']);
    expect(isScopedBoard('playtime')).toBe(true);
    expect(isScopedBoard('credits')).toBe(false);
    expect(en.t(boardLabel('playtime'))).toBe('Playtime');
    expect(de.t(boardLabel('playtime'))).toBe('Spielzeit');
  });

  it("writes time played and sessions in the reader's words, names escaped", () => {
    const rows = playtimeLines([{ playerId: 'a', name: '*Star*', seconds: 3 * 3600 + 120, sessions: 1 }, { playerId: 'b', name: 'Bo', seconds: 59, sessions: 4 }], en);
    expect(rows.map((r) => [r.label, r.value])).toEqual([
      ['\\*Star\\*', `${en.format.duration(3 * 3600 + 120)} · 1 session`],
      ['Bo', `${en.format.duration(59)} · 4 sessions`],
    ]);
    expect(rows[0]!.name).toBe('*Star*');
    expect(playtimeLines([{ playerId: 'b', name: 'Bo', seconds: 59, sessions: 4 }], de)[0]!.value).toBe(`${de.format.duration(59)} · 4 Sitzungen`);
  });
});

describe('/stats server with the server query', () => {
  const srv = (serverId: string) => newServerStats({ guildId: 'g', serverId });
  const query = new Map([['q', { online: 17, max: 60 }]]);

  it("shows the query's count where the log gives none, and the log's where it does", () => {
    const fromLog = { ...srv('log'), players: { online: 12, queued: 2, max: 50 } };
    expect(online(serverEmbed('EU', [srv('q')], [], 0, en, query))).toBe('17/60 (server query)');
    expect(online(serverEmbed('EU', [srv('q')], [], 0, de, query))).toBe('17/60 (Serverabfrage)');
    expect(online(serverEmbed('EU', [{ ...fromLog, serverId: 'q' }], [], 0, en, query))).toBe('12/50 (2 queued)');
    expect(online(serverEmbed('EU', [srv('none')], [], 0, en, query))).toBe('0');
  });
});
