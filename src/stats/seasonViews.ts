/**
 * How seasons look: the `/season list` page, a season's name, and the archive post of a season's final
 * boards (guild-wide top 3 of each board, the full top 10 being kept on the season).
 */
import { EmbedBuilder } from 'discord.js';
import type { Season } from '../db/seasonSchemas.js';
import { clip, LIMITS, shownName } from '../discord/limits.js';
import { PLAYER_BOARD_NAMES, type RankedPlayer } from '../ingest/rank.js';
import type { Translator } from '../i18n/translate.js';
import { boardRowsOf, PLAYER_BOARDS } from './leaderboards.js';

/** Rows of each board shown in the archive post. */
const ARCHIVE_POST_ROWS = 3;

const unix = (d: Date) => Math.floor(d.getTime() / 1000);

/** A season's name as shown: the admin's name (escaped), else "Season n" (number 0: before the first season). */
export function seasonTitle(season: Pick<Season, 'number' | 'name'>, t: Translator): string {
  if (season.name) return shownName(season.name);
  return season.number === 0 ? t.t('seasons.name.before') : t.t('seasons.name.numbered', { number: String(season.number) });
}

/** One page of `/season list`, newest first. */
export function seasonListEmbed(seasons: readonly Season[], current: number, pages: number, t: Translator): EmbedBuilder {
  const lines = seasons.map((s) => {
    const started = s.startedAt ? `<t:${unix(s.startedAt)}:D>` : '—';
    const span = s.endedAt ? t.t('seasons.list.ended', { started, ended: `<t:${unix(s.endedAt)}:D>` }) : t.t('seasons.list.running', { started });
    const top = s.archive?.find((a) => a.serverId === '*')?.boards.kills?.rows[0];
    const best = top ? ` · ${t.t('seasons.list.top', { name: shownName(top.name, 32), count: top.kills })}` : '';
    return `**${seasonTitle(s, t)}** — ${span}${best}`;
  });
  return new EmbedBuilder()
    .setTitle(t.t('seasons.list.title'))
    .setDescription(clip(lines.join('\n') || t.t('seasons.list.none'), LIMITS.description))
    .setFooter({ text: t.t('seasons.list.page', { current, pages }) });
}

/** The post of a season's final boards (guild-wide), in the guild's words. */
export function seasonArchiveEmbed(season: Season, next: Season, t: Translator): EmbedBuilder {
  const guild = season.archive?.find((a) => a.serverId === '*');
  const e = new EmbedBuilder().setTitle(t.t('seasons.archive.title', { season: seasonTitle(season, t) })).setDescription(t.t('seasons.archive.next', { season: seasonTitle(next, t) }));
  for (const board of PLAYER_BOARD_NAMES) {
    const rows = (guild?.boards[board]?.rows ?? []).slice(0, ARCHIVE_POST_ROWS) as RankedPlayer[];
    if (!rows.length) continue;
    const lines = boardRowsOf(rows, board, t).map((r, i) => `${['🥇', '🥈', '🥉'][i]} **${r.label}** — ${r.value}`);
    e.addFields({ name: t.t(PLAYER_BOARDS[board].label), value: clip(lines.join('\n'), LIMITS.fieldValue), inline: true });
  }
  if (!e.data.fields?.length) e.addFields({ name: '\u200b', value: t.t('seasons.archive.empty') });
  return e;
}
