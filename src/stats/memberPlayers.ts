/**
 * `/stats player member:`: a member's players (main and alts, approved links) together: their numbers
 * added up (longest kill and best streak the best of them), and a line per player. Pure.
 */
import { shownName } from '../discord/limits.js';
import type { Translator } from '../i18n/translate.js';
import { mergePlayers } from '../ingest/merge.js';
import type { PlayerStats } from '../ingest/schemas.js';
import { kdr } from '../ingest/statsDocs.js';
import { LINE_NAME_MAX } from './views.js';

/** The players' sum, named after the first (the member's main): what playerEmbed shows. */
export function memberTotals(players: readonly PlayerStats[]): PlayerStats {
  const merged = mergePlayers(players);
  return { ...merged, kdr: kdr(merged), name: players[0]!.name, playerId: players[0]!.playerId };
}

/** One line per player: name, kills, deaths and K/D, in the reader's words. */
export function memberPlayerLines(players: readonly PlayerStats[], t: Translator): string {
  return players
    .map((p) => t.t('stats.member.line', { name: shownName(p.name, LINE_NAME_MAX), kills: p.kills, deaths: p.deaths, kdr: t.format.number(p.kdr, 2) }))
    .join('\n');
}
