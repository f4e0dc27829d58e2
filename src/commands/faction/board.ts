/**
 * `/leaderboard stat:kills|kdr faction:true`: the guild's factions ranked by their members' players'
 * kills or K/D in a window (all time, today, week, month, season), guild-wide. Team kills are in none of
 * the numbers. Every faction fits one embed (at most FACTIONS_MAX), so there is no paging.
 */
import { shownName } from '../../discord/limits.js';
import { UserError } from '../../errors.js';
import { FACTIONS_MAX } from '../../factions/store.js';
import { msg } from '../../i18n/message.js';
import type { Translator } from '../../i18n/translate.js';
import { kdr } from '../../ingest/statsDocs.js';
import type { WindowName } from '../../ingest/windows.js';
import type { AppServices } from '../../services/container.js';
import { WINDOW_LABELS } from '../../stats/options.js';

const STAT_LABELS = { kills: 'stats.stat.kills', kdr: 'stats.stat.kdr' } as const;

/** The faction board's message for a stat and window; a UserError for a stat factions are not ranked by. */
export async function factionBoard(services: AppServices, guildId: string, t: Translator, stat: string, window: WindowName) {
  if (stat !== 'kills' && stat !== 'kdr') throw new UserError(msg('faction.board.onlyStats'), 'validation');
  // The key the player boards read (the stats clock: the guild's timezone and current season).
  const key = await services.stats.windowKey(guildId, { name: window });
  const ranked = (await services.factionStats.board(guildId, key, stat)).slice(0, FACTIONS_MAX);
  const lines = ranked.map((f, i) =>
    t.t('faction.board.line', { rank: i + 1, tag: shownName(f.faction.tag), name: shownName(f.faction.name, 40), kills: f.kills, deaths: f.deaths, kd: t.format.number(kdr(f), 2) }),
  );
  return {
    embeds: [
      {
        title: t.t('faction.board.title', { stat: t.t(STAT_LABELS[stat]), window: t.t(WINDOW_LABELS[window]) }),
        description: lines.length ? lines.join('\n') : t.t('faction.board.empty'),
        footer: { text: t.t('faction.board.footer') },
      },
    ],
    allowedMentions: { parse: [] },
  };
}
