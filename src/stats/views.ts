/**
 * Embeds for /stats and /leaderboard. Pure: data in, message parts out. Numbers are written in the
 * guild's format (`f`, from `services.guildConfigs.format`); Discord timestamps stay as they are.
 * Player, weapon and server names come from game servers' logs and admins: each is escaped and cut
 * (src/discord/limits.ts), and every embed is clamped to Discord's limits, so one long name never
 * turns a command into a 400.
 */
import { EmbedBuilder, type APIEmbed } from 'discord.js';
import { clampEmbed, escapeName, LIMITS, shownName } from '../discord/limits.js';
import { DEFAULT_FORMAT, type GuildFormat } from '../format/guildFormat.js';
import type { PlayerStats, ServerStats, WeaponStats } from '../ingest/schemas.js';
import { topCounts } from './merge.js';

const COLOR = 0xc0392b;

const rel = (d: Date) => `<t:${Math.floor(d.getTime() / 1000)}:R>`;

/** A player or weapon name inside a line of a field or a board. */
export const LINE_NAME_MAX = 100;

function nameOf(names: ReadonlyMap<string, string>, id: string): string {
  return shownName(names.get(id) ?? 'unknown player', LINE_NAME_MAX);
}

/** The builder of an embed clamped to Discord's limits (built from data, not through setters that throw). */
function embed(data: APIEmbed): EmbedBuilder {
  return new EmbedBuilder(clampEmbed(data));
}

/** Ids a player embed needs names for. */
export function playerRelations(p: PlayerStats): string[] {
  return [...topCounts(p.killers, 1), ...topCounts(p.victims, 1)].map((c) => c.id);
}

export function playerEmbed(p: PlayerStats, names: ReadonlyMap<string, string>, scope: string, linkedUserId?: string, f: GuildFormat = DEFAULT_FORMAT): EmbedBuilder {
  const n = (v: number) => f.number(v);
  const nemesis = topCounts(p.killers, 1)[0];
  const prey = topCounts(p.victims, 1)[0];
  const s = p.suicides;
  const longest = p.longestKill
    ? `${n(p.longestKill.distance)} m — ${shownName(p.longestKill.weapon, LINE_NAME_MAX)} on ${shownName(p.longestKill.victimName, LINE_NAME_MAX)} ${rel(p.longestKill.at)}`
    : 'none yet';
  const weapons = topCounts(p.weapons, 3).map((w, i) => `${i + 1}. ${shownName(w.id, LINE_NAME_MAX)} (${n(w.n)})`).join('\n') || 'none yet';
  return embed({
    color: COLOR,
    title: `${shownName(p.name, LIMITS.title)}${p.platform ? ` · ${shownName(p.platform, 40)}` : ''}`,
    description: `${escapeName(scope)}${linkedUserId ? ` · linked to <@${linkedUserId}>` : ''} · last seen ${rel(p.lastSeenAt)}`,
    fields: [
      { name: 'Kills', value: n(p.kills), inline: true },
      { name: 'Deaths', value: `${n(p.deaths)}${p.otherDeaths ? ` (+${n(p.otherDeaths)} other)` : ''}`, inline: true },
      { name: 'K/D', value: f.number(p.kdr, 2), inline: true },
      { name: 'Suicides', value: `${n(p.suicidesTotal)} (menu ${n(s.menu)}, fall ${n(s.fall)}, vehicle ${n(s.vehicle)}, other ${n(s.other)})`, inline: false },
      { name: 'Longest kill', value: longest, inline: false },
      { name: 'Streak', value: `best ${n(p.bestStreak)}, current ${n(p.streak)}`, inline: true },
      { name: 'Roadkills', value: n(p.roadkills), inline: true },
      { name: 'Top weapons', value: weapons, inline: false },
      { name: 'Nemesis', value: nemesis ? `${nameOf(names, nemesis.id)} (killed you ${n(nemesis.n)}×)` : 'none', inline: true },
      { name: 'Prey', value: prey ? `${nameOf(names, prey.id)} (you killed ${n(prey.n)}×)` : 'none', inline: true },
    ],
  });
}

export function weaponEmbed(w: WeaponStats, names: ReadonlyMap<string, string>, scope: string, f: GuildFormat = DEFAULT_FORMAT): EmbedBuilder {
  const users = topCounts(w.users, 5).map((u, i) => `${i + 1}. ${nameOf(names, u.id)} (${f.number(u.n)})`).join('\n') || 'none yet';
  const longest = w.longestKill
    ? `${f.number(w.longestKill.distance)} m — ${shownName(w.longestKill.killerName, LINE_NAME_MAX)} on ${shownName(w.longestKill.victimName, LINE_NAME_MAX)} ${rel(w.longestKill.at)}`
    : 'none yet';
  return embed({
    color: COLOR,
    title: shownName(w.weapon, LIMITS.title),
    description: escapeName(scope),
    fields: [
      { name: 'Kills', value: f.number(w.kills), inline: true },
      { name: 'Longest kill', value: longest, inline: false },
      { name: 'Top users', value: users, inline: false },
    ],
  });
}

export function serverEmbed(title: string, servers: readonly ServerStats[], weapons: readonly Pick<WeaponStats, 'weapon' | 'kills'>[], players: number, f: GuildFormat = DEFAULT_FORMAT): EmbedBuilder {
  const n = (v: number) => f.number(v);
  const sum = (of: (s: ServerStats) => number) => n(servers.reduce((a, s) => a + of(s), 0));
  const online = servers.map((s) => `${n(s.players.online)}${s.players.max ? `/${n(s.players.max)}` : ''}${s.players.queued ? ` (${n(s.players.queued)} queued)` : ''}`);
  const events = servers
    .flatMap((s) => s.lastEvents)
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, 5)
    .map((e) => `${rel(e.at)} ${shownName(e.text, LINE_NAME_MAX)}`)
    .join('\n');
  return embed({
    color: COLOR,
    title: escapeName(title),
    fields: [
      { name: 'Kills', value: sum((s) => s.kills), inline: true },
      { name: 'Suicides', value: sum((s) => s.suicides), inline: true },
      { name: 'Other deaths', value: sum((s) => s.otherDeaths), inline: true },
      { name: 'Players seen', value: n(players), inline: true },
      { name: 'Online now', value: online.join(' · ') || 'unknown', inline: true },
      { name: 'Busiest weapons', value: weapons.slice(0, 5).map((w, i) => `${i + 1}. ${shownName(w.weapon, LINE_NAME_MAX)} (${n(w.kills)})`).join('\n') || 'none yet', inline: false },
      { name: 'Last events', value: events || 'none yet', inline: false },
    ],
  });
}

/** A board row as markdown, ready to show: names in it already escaped (playerBoardRows does). */
export interface BoardRow {
  label: string;
  value: string;
}

/** One page of a board; `rows` hold values already written in the guild's format, `f` writes the ranks. */
export function leaderboardEmbed(title: string, rows: readonly BoardRow[], first: number, footer: string, f: GuildFormat = DEFAULT_FORMAT): EmbedBuilder {
  const medals = ['🥇', '🥈', '🥉'];
  const lines = rows.map((r, i) => `${medals[first + i] ?? `\`${f.number(first + i + 1).padStart(2)}.\``} **${r.label}** — ${r.value}`);
  return embed({ color: COLOR, title, description: lines.join('\n') || 'Nobody on this board yet.', footer: { text: footer } });
}
