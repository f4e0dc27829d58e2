/**
 * What a status board's message shows (pure): per server online / queued / max and uptime, or "server
 * down" when the Steam query says so; the latest mission, airdrop and helicrash; the players online with
 * their session (Discord renders `<t:…:R>` as a length that counts up, so the message need not be edited
 * for it) and linked member names as text; the last few events. The hash leaves the time stamp out: a
 * board whose content did not change is not edited.
 */
import type { APIEmbed, APIEmbedField } from 'discord.js';
import { createHash } from 'node:crypto';
import { shownName } from '../discord/limits.js';
import { known } from '../i18n/stored.js';
import type { Translator } from '../i18n/translate.js';
import type { ServerEventRecord } from '../ingest/schemas.js';

/** Players listed per server on a one-server board; a board of all servers lists fewer per server. */
export const STATUS_PLAYERS_SHOWN = 15;
export const STATUS_PLAYERS_SHOWN_EACH = 5;
/** Servers a board of all shows (the first by the guild's order): with the events' field, far under 25 fields. */
export const STATUS_SERVERS_SHOWN = 10;
/** Events listed under the servers (newest first, across them). */
export const STATUS_EVENTS_SHOWN = 5;
/** Names shown cut to this (escaped). */
const NAME_SHOWN = 32;
/**
 * Characters the servers' fields share (Discord: 6,000 per embed, 1,024 per field): with the title, the
 * field names (64 each), the events and the footer, a board of STATUS_SERVERS_SHOWN servers stays under 5,400.
 */
const FIELDS_BUDGET = 3_600;
const FIELD_MAX = 1_024;

export interface StatusPlayer {
  name: string;
  /** The linked member's display name, as text (never a mention). */
  member: string | null;
  since: Date | null;
}

export interface StatusServer {
  name: string;
  online: number;
  queued: number;
  max: number | null;
  startedAt: Date | null;
  /** Since when the Steam query has had no answer (null: up, or not asked). */
  downSince: Date | null;
  /** The first players online (those on longest first), at most what the board lists. */
  players: StatusPlayer[];
  /** Newest first. */
  events: ServerEventRecord[];
}

export interface StatusInput {
  /** The server's name on a one-server board, null: every server of the guild. */
  scope: string | null;
  servers: StatusServer[];
}

const unix = (d: Date) => String(Math.floor(d.getTime() / 1000));
const eventText = (e: ServerEventRecord, t: Translator) => shownName(known(e.title) ? t.text(e.title) : e.text, 80);

/** The newest mission, airdrop and helicrash of a server's events, if it logged any. */
export function currentStates(events: readonly ServerEventRecord[], t: Translator): string | null {
  const mission = events.find((e) => e.type === 'mission');
  const airdrop = events.find((e) => e.type === 'airdrop');
  const heli = events.find((e) => e.type === 'gameplayEvent' && e.title?.key === 'feed.event.helicrash');
  const parts = [mission, airdrop, heli].flatMap((e) => (e ? [`${eventText(e, t)} <t:${unix(e.at)}:R>`] : []));
  return parts.length ? parts.join(' · ') : null;
}

function playerLine(p: StatusPlayer, t: Translator): string {
  const player = shownName(p.name, NAME_SHOWN);
  const name = p.member ? t.t('pulse.online.member', { name: player, member: shownName(p.member, NAME_SHOWN) }) : player;
  return p.since ? t.t('pulse.online.line', { name, at: unix(p.since) }) : t.t('pulse.online.lineNoStart', { name });
}

function serverLines(s: StatusServer, t: Translator, shown: number): string[] {
  if (s.downSince) return [t.t('pulse.status.down', { at: unix(s.downSince) })];
  const counts = [t.t('pulse.status.online', { online: s.online, max: s.max === null ? '?' : t.format.number(s.max) })];
  if (s.queued) counts.push(t.t('pulse.status.queued', { queued: s.queued }));
  if (s.startedAt) counts.push(t.t('pulse.status.uptime', { at: unix(s.startedAt) }));
  const lines = [counts.join(' · ')];
  const states = currentStates(s.events, t);
  if (states) lines.push(states);
  const players = s.players.slice(0, shown);
  lines.push(...(players.length ? players.map((p) => playerLine(p, t)) : [t.t('pulse.online.none')]));
  const more = s.online - players.length;
  if (players.length && more > 0) lines.push(t.t('pulse.status.more', { count: more }));
  return lines;
}

/** Whole lines of `lines` within `max` characters (a cut line would break its markdown). */
function fit(lines: string[], max: number): string {
  const kept: string[] = [];
  let length = 0;
  for (const line of lines) {
    if (length + line.length + 1 > max) break;
    kept.push(line);
    length += line.length + 1;
  }
  return kept.join('\n') || '…';
}

/** The board's embed without its time stamp (what the hash covers). */
export function statusEmbed(input: StatusInput, t: Translator): APIEmbed {
  const scope = input.scope ?? t.t('stats.board.allServers');
  const servers = input.servers.slice(0, STATUS_SERVERS_SHOWN);
  const shown = servers.length > 1 ? STATUS_PLAYERS_SHOWN_EACH : STATUS_PLAYERS_SHOWN;
  const each = Math.min(FIELD_MAX, Math.floor(FIELDS_BUDGET / Math.max(1, servers.length)));
  const fields: APIEmbedField[] = servers.map((s) => ({ name: shownName(s.name, 64), value: fit(serverLines(s, t, shown), each) }));
  const events = servers
    .flatMap((s) => s.events.map((e) => ({ e, server: s.name })))
    .sort((a, b) => b.e.at.getTime() - a.e.at.getTime())
    .slice(0, STATUS_EVENTS_SHOWN)
    .map(({ e, server }) => `<t:${unix(e.at)}:R> ${servers.length > 1 ? `${shownName(server, NAME_SHOWN)} · ` : ''}${eventText(e, t)}`);
  fields.push({ name: t.t('stats.stat.lastEvents'), value: events.join('\n') || t.t('stats.noneYet') });
  const color = servers.some((s) => s.downSince) ? 0xed4245 : 0x57f287;
  return { color, title: t.t('pulse.status.title', { scope: shownName(scope, 100) }), fields, footer: { text: t.t('pulse.status.footer') } };
}

export function statusHash(embed: APIEmbed): string {
  return createHash('sha256').update(JSON.stringify(embed)).digest('base64url');
}

/** The message of a status board now: the embed stamped `now` (when it was last updated), and its hash. */
export function statusMessage(input: StatusInput, t: Translator, now: Date): { embed: APIEmbed; hash: string } {
  const embed = statusEmbed(input, t);
  return { embed: { ...embed, timestamp: now.toISOString() }, hash: statusHash(embed) };
}
