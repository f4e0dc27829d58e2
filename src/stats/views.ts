/**
 * Embeds for /stats and /leaderboard. Pure: data in, message parts out. Words and numbers are the
 * reader's (`t`, the guild's translator for these public replies); Discord timestamps stay as they are.
 * Player, weapon and server names come from game servers' logs and admins: each is escaped and cut
 * (src/discord/limits.ts), and every embed is clamped to Discord's limits, so one long name never
 * turns a command into a 400.
 */
import { known } from '../i18n/stored.js';
import { EmbedBuilder, type APIEmbed } from 'discord.js';
import { clampEmbed, escapeName, LIMITS, shownName } from '../discord/limits.js';
import { isMsg } from '../i18n/message.js';
import { ENGLISH, type Translator } from '../i18n/translate.js';
import type { Msg } from '../i18n/types.js';
import type { PlayerStats, ServerStats, WeaponStats } from '../ingest/schemas.js';
import { topCounts } from './topCounts.js';
import type { WindowName } from '../ingest/windows.js';
import { WINDOW_LABELS } from './options.js';
import type { Playtime } from './playtimeReads.js';

const COLOR = 0xc0392b;

const rel = (d: Date) => `<t:${Math.floor(d.getTime() / 1000)}:R>`;

/** A player or weapon name inside a line of a field or a board. */
export const LINE_NAME_MAX = 100;

function nameOf(names: ReadonlyMap<string, string>, id: string, t: Translator): string {
  const name = names.get(id);
  return name === undefined ? t.t('stats.unknownPlayer') : shownName(name, LINE_NAME_MAX);
}

/** The scope line: a server's name (escaped) or words such as "All servers". */
function scopeText(scope: string | Msg, t: Translator): string {
  return isMsg(scope) ? t.text(scope) : escapeName(scope);
}

/** The builder of an embed clamped to Discord's limits (built from data, not through setters that throw). */
function embed(data: APIEmbed): EmbedBuilder {
  return new EmbedBuilder(clampEmbed(data));
}

/** A player seen only in Deadside.log (in no killfeed yet): their playtime in the window, nothing else to show. */
export function logOnlyEmbed(row: { name: string }, played: Playtime, scope: string | Msg, t: Translator, window: WindowName = 'all'): EmbedBuilder {
  const description = [scopeText(scope, t), window === 'all' ? '' : `**${t.t(WINDOW_LABELS[window])}**`, t.t('pulse.playtime.onlyLog'), played.sessions ? t.t('pulse.playtime.sessions', { count: played.sessions }) : ''];
  return embed({
    color: COLOR,
    title: shownName(row.name, LIMITS.title),
    description: description.filter(Boolean).join(' · '),
    fields: [{ name: t.t('pulse.playtime.stat'), value: played.sessions ? t.format.duration(played.seconds) : t.t('pulse.playtime.none'), inline: true }],
  });
}

/** Ids a player embed needs names for. */
export function playerRelations(p: PlayerStats): string[] {
  return [...topCounts(p.killers, 1), ...topCounts(p.victims, 1)].map((c) => c.id);
}

/** `played`: the player's playtime in the window (from the Deadside.log sessions), shown beside last seen. */
export function playerEmbed(p: PlayerStats, names: ReadonlyMap<string, string>, scope: string | Msg, linkedUserId?: string, t: Translator = ENGLISH, window: WindowName = 'all', played?: Playtime): EmbedBuilder {
  const n = (v: number) => t.format.number(v);
  const nemesis = topCounts(p.killers, 1)[0];
  const prey = topCounts(p.victims, 1)[0];
  const s = p.suicides;
  const longest = p.longestKill
    ? t.t('stats.player.longestKill', {
        distance: p.longestKill.distance,
        weapon: shownName(p.longestKill.weapon, LINE_NAME_MAX),
        victim: shownName(p.longestKill.victimName, LINE_NAME_MAX),
        when: rel(p.longestKill.at),
      })
    : t.t('stats.noneYet');
  const weapons = topCounts(p.weapons, 3).map((w, i) => `${i + 1}. ${shownName(w.id, LINE_NAME_MAX)} (${n(w.n)})`).join('\n') || t.t('stats.noneYet');
  // In a window the numbers are the window's; the current streak and last seen are as of now.
  const description = [scopeText(scope, t), window === 'all' ? '' : `**${t.t(WINDOW_LABELS[window])}**`, linkedUserId ? t.t('stats.player.linkedTo', { userId: linkedUserId }) : '', t.t('stats.player.lastSeen', { when: rel(p.lastSeenAt) }), played?.sessions ? t.t('pulse.playtime.sessions', { count: played.sessions }) : ''];
  return embed({
    color: COLOR,
    title: `${shownName(p.name, LIMITS.title)}${p.platform ? ` · ${shownName(p.platform, 40)}` : ''}`,
    description: description.filter(Boolean).join(' · '),
    fields: [
      { name: t.t('stats.stat.kills'), value: n(p.kills), inline: true },
      { name: t.t('stats.stat.deaths'), value: p.otherDeaths ? t.t('stats.player.deaths', { deaths: p.deaths, other: p.otherDeaths }) : n(p.deaths), inline: true },
      { name: t.t('stats.stat.kdr'), value: t.format.number(p.kdr, 2), inline: true },
      {
        name: t.t('stats.stat.suicides'),
        value: t.t('stats.player.suicides', { total: p.suicidesTotal, menu: s.menu, fall: s.fall, vehicle: s.vehicle, other: s.other }),
        inline: false,
      },
      { name: t.t('stats.stat.longestKill'), value: longest, inline: false },
      { name: t.t('stats.stat.streak'), value: t.t('stats.player.streak', { best: p.bestStreak, current: p.streak }), inline: true },
      { name: t.t('stats.stat.roadkills'), value: n(p.roadkills), inline: true },
      ...(played ? [{ name: t.t('pulse.playtime.stat'), value: played.sessions ? t.format.duration(played.seconds) : t.t('pulse.playtime.none'), inline: true }] : []),
      { name: t.t('stats.stat.topWeapons'), value: weapons, inline: false },
      { name: t.t('stats.stat.nemesis'), value: nemesis ? t.t('stats.player.nemesis', { name: nameOf(names, nemesis.id, t), times: nemesis.n }) : t.t('stats.none'), inline: true },
      { name: t.t('stats.stat.prey'), value: prey ? t.t('stats.player.prey', { name: nameOf(names, prey.id, t), times: prey.n }) : t.t('stats.none'), inline: true },
    ],
  });
}

export function weaponEmbed(w: WeaponStats, names: ReadonlyMap<string, string>, scope: string | Msg, t: Translator = ENGLISH): EmbedBuilder {
  const users = topCounts(w.users, 5).map((u, i) => `${i + 1}. ${nameOf(names, u.id, t)} (${t.format.number(u.n)})`).join('\n') || t.t('stats.noneYet');
  const longest = w.longestKill
    ? t.t('stats.weapon.longestKill', {
        distance: w.longestKill.distance,
        killer: shownName(w.longestKill.killerName, LINE_NAME_MAX),
        victim: shownName(w.longestKill.victimName, LINE_NAME_MAX),
        when: rel(w.longestKill.at),
      })
    : t.t('stats.noneYet');
  return embed({
    color: COLOR,
    title: shownName(w.weapon, LIMITS.title),
    description: scopeText(scope, t),
    fields: [
      { name: t.t('stats.stat.kills'), value: t.format.number(w.kills), inline: true },
      { name: t.t('stats.stat.longestKill'), value: longest, inline: false },
      { name: t.t('stats.stat.topUsers'), value: users, inline: false },
    ],
  });
}

/** The Steam query's last answer per server id (src/servers/queryStore.ts), for servers whose log gives no count. */
export type QueryCounts = ReadonlyMap<string, { online: number | null; max: number | null }>;

/** `title` is a server's name or a text about the guild's (escaped here either way). */
export function serverEmbed(title: string, servers: readonly ServerStats[], weapons: readonly Pick<WeaponStats, 'weapon' | 'kills'>[], players: number, t: Translator = ENGLISH, query: QueryCounts = new Map()): EmbedBuilder {
  const n = (v: number) => t.format.number(v);
  const sum = (of: (s: ServerStats) => number) => n(servers.reduce((a, s) => a + of(s), 0));
  // The log's count wins where it gives one (it knows the queue); the server query fills the gap.
  const fromQuery = (s: ServerStats) => {
    const q = s.players.max === null && !s.players.online && !s.players.queued ? query.get(s.serverId) : undefined;
    return q?.online != null ? t.t('pulse.query.count', { online: q.online, max: q.max ?? '?' }) : null;
  };
  const online = servers.map(
    (s) => fromQuery(s) ?? `${n(s.players.online)}${s.players.max ? `/${n(s.players.max)}` : ''}${s.players.queued ? ` ${t.t('stats.server.queued', { queued: s.players.queued })}` : ''}`,
  );
  const events = servers
    .flatMap((s) => s.lastEvents)
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, 5)
    .map((e) => `${rel(e.at)} ${shownName(known(e.title) ? t.text(e.title) : e.text, LINE_NAME_MAX)}`)
    .join('\n');
  const busiest = weapons.slice(0, 5).map((w, i) => `${i + 1}. ${shownName(w.weapon, LINE_NAME_MAX)} (${n(w.kills)})`);
  return embed({
    color: COLOR,
    title: escapeName(title),
    fields: [
      { name: t.t('stats.stat.kills'), value: sum((s) => s.kills), inline: true },
      { name: t.t('stats.stat.suicides'), value: sum((s) => s.suicides), inline: true },
      { name: t.t('stats.stat.otherDeaths'), value: sum((s) => s.otherDeaths), inline: true },
      { name: t.t('stats.stat.playersSeen'), value: n(players), inline: true },
      { name: t.t('stats.stat.onlineNow'), value: online.join(' · ') || t.t('stats.unknown'), inline: true },
      { name: t.t('stats.stat.busiestWeapons'), value: busiest.join('\n') || t.t('stats.noneYet'), inline: false },
      { name: t.t('stats.stat.lastEvents'), value: events || t.t('stats.noneYet'), inline: false },
    ],
  });
}

/** A board row as markdown, ready to show: names in it already escaped (playerBoardRows does). */
export interface BoardRow {
  label: string;
  value: string;
}

/** One page of a board; `rows` hold values already in the reader's words, `t` writes the ranks. */
export function leaderboardEmbed(title: string, rows: readonly BoardRow[], first: number, footer: string, t: Translator = ENGLISH): EmbedBuilder {
  const medals = ['🥇', '🥈', '🥉'];
  const lines = rows.map((r, i) => `${medals[first + i] ?? `\`${t.format.number(first + i + 1).padStart(2)}.\``} **${r.label}** — ${r.value}`);
  return embed({ color: COLOR, title, description: lines.join('\n') || t.t('stats.board.empty'), footer: { text: footer } });
}
