/** Embeds for /stats and /leaderboard. Pure: data in, message parts out. */
import { EmbedBuilder, escapeMarkdown } from 'discord.js';
import type { PlayerStats, ServerStats, WeaponStats } from '../ingest/schemas.js';
import { topCounts } from './merge.js';

const COLOR = 0xc0392b;

const rel = (d: Date) => `<t:${Math.floor(d.getTime() / 1000)}:R>`;

function nameOf(names: ReadonlyMap<string, string>, id: string): string {
  return escapeMarkdown(names.get(id) ?? 'unknown player');
}

/** Ids a player embed needs names for. */
export function playerRelations(p: PlayerStats): string[] {
  return [...topCounts(p.killers, 1), ...topCounts(p.victims, 1)].map((c) => c.id);
}

export function playerEmbed(p: PlayerStats, names: ReadonlyMap<string, string>, scope: string, linkedUserId?: string): EmbedBuilder {
  const nemesis = topCounts(p.killers, 1)[0];
  const prey = topCounts(p.victims, 1)[0];
  const s = p.suicides;
  const longest = p.longestKill
    ? `${p.longestKill.distance} m — ${p.longestKill.weapon} on ${escapeMarkdown(p.longestKill.victimName)} ${rel(p.longestKill.at)}`
    : 'none yet';
  const weapons = topCounts(p.weapons, 3).map((w, i) => `${i + 1}. ${w.id} (${w.n})`).join('\n') || 'none yet';
  return new EmbedBuilder()
    .setColor(COLOR)
    .setTitle(`${p.name}${p.platform ? ` · ${p.platform}` : ''}`)
    .setDescription(`${scope}${linkedUserId ? ` · linked to <@${linkedUserId}>` : ''} · last seen ${rel(p.lastSeenAt)}`)
    .addFields(
      { name: 'Kills', value: String(p.kills), inline: true },
      { name: 'Deaths', value: `${p.deaths}${p.otherDeaths ? ` (+${p.otherDeaths} other)` : ''}`, inline: true },
      { name: 'K/D', value: p.kdr.toFixed(2), inline: true },
      { name: 'Suicides', value: `${p.suicidesTotal} (menu ${s.menu}, fall ${s.fall}, vehicle ${s.vehicle}, other ${s.other})`, inline: false },
      { name: 'Longest kill', value: longest, inline: false },
      { name: 'Streak', value: `best ${p.bestStreak}, current ${p.streak}`, inline: true },
      { name: 'Roadkills', value: String(p.roadkills), inline: true },
      { name: 'Top weapons', value: weapons, inline: false },
      { name: 'Nemesis', value: nemesis ? `${nameOf(names, nemesis.id)} (killed you ${nemesis.n}×)` : 'none', inline: true },
      { name: 'Prey', value: prey ? `${nameOf(names, prey.id)} (you killed ${prey.n}×)` : 'none', inline: true },
    );
}

export function weaponEmbed(w: WeaponStats, names: ReadonlyMap<string, string>, scope: string): EmbedBuilder {
  const users = topCounts(w.users, 5).map((u, i) => `${i + 1}. ${nameOf(names, u.id)} (${u.n})`).join('\n') || 'none yet';
  const longest = w.longestKill ? `${w.longestKill.distance} m — ${escapeMarkdown(w.longestKill.killerName)} on ${escapeMarkdown(w.longestKill.victimName)} ${rel(w.longestKill.at)}` : 'none yet';
  return new EmbedBuilder()
    .setColor(COLOR)
    .setTitle(w.weapon)
    .setDescription(scope)
    .addFields(
      { name: 'Kills', value: String(w.kills), inline: true },
      { name: 'Longest kill', value: longest, inline: false },
      { name: 'Top users', value: users, inline: false },
    );
}

export function serverEmbed(title: string, servers: readonly ServerStats[], weapons: readonly WeaponStats[], players: number): EmbedBuilder {
  const sum = (f: (s: ServerStats) => number) => servers.reduce((a, s) => a + f(s), 0);
  const online = servers.map((s) => `${s.players.online}${s.players.max ? `/${s.players.max}` : ''}${s.players.queued ? ` (${s.players.queued} queued)` : ''}`);
  const events = servers
    .flatMap((s) => s.lastEvents)
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, 5)
    .map((e) => `${rel(e.at)} ${e.text}`)
    .join('\n');
  return new EmbedBuilder()
    .setColor(COLOR)
    .setTitle(title)
    .addFields(
      { name: 'Kills', value: String(sum((s) => s.kills)), inline: true },
      { name: 'Suicides', value: String(sum((s) => s.suicides)), inline: true },
      { name: 'Other deaths', value: String(sum((s) => s.otherDeaths)), inline: true },
      { name: 'Players seen', value: String(players), inline: true },
      { name: 'Online now', value: online.join(' · ') || 'unknown', inline: true },
      { name: 'Busiest weapons', value: weapons.slice(0, 5).map((w, i) => `${i + 1}. ${w.weapon} (${w.kills})`).join('\n') || 'none yet', inline: false },
      { name: 'Last events', value: events || 'none yet', inline: false },
    );
}

export interface BoardRow {
  label: string;
  value: string;
}

export function leaderboardEmbed(title: string, rows: readonly BoardRow[], first: number, footer: string): EmbedBuilder {
  const medals = ['🥇', '🥈', '🥉'];
  const lines = rows.map((r, i) => `${medals[first + i] ?? `\`${String(first + i + 1).padStart(2)}.\``} **${escapeMarkdown(r.label)}** — ${r.value}`);
  return new EmbedBuilder()
    .setColor(COLOR)
    .setTitle(title)
    .setDescription(lines.join('\n') || 'Nobody on this board yet.')
    .setFooter({ text: footer });
}
