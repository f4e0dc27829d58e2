/**
 * Pure builders for feed messages: Discord embeds for kills, server events and connections, grouped into
 * messages within Discord's limits (src/discord/limits.ts), with deterministic outbox ids and nonces.
 * Player, weapon and event names come from a game server's logs: escaped, and cut by code point.
 */
import { createHash } from 'node:crypto';
import type { APIAllowedMentions } from 'discord.js';
import type { KillEvent } from '../deadside/index.js';
import { ENGLISH, type Translator } from '../i18n/translate.js';
import { clampEmbed, escapeName, LIMITS, NO_MENTIONS, packEmbeds, shownName } from '../discord/limits.js';
import { BoundedMap } from '../util/boundedMap.js';
import type { FeedKind } from './schemas.js';

export interface Embed {
  title?: string;
  description?: string;
  color?: number;
  timestamp?: string;
  fields?: { name: string; value: string; inline?: boolean }[];
  footer?: { text: string };
}

/** One feed item: an embed and the id of the event it came from (the first one names the message). */
export interface FeedItem {
  kind: FeedKind;
  eventId: string;
  embed: Embed;
}

export const COLOR = { kill: 0xc0392b, roadkill: 0xe67e22, suicide: 0x7f8c8d, death: 0x95a5a6, event: 0x2980b9, join: 0x27ae60, leave: 0x7f8c8d };
/** A player name in a title, escaped then cut: both names of a kill fit its 256 characters, escapes included. */
export const NAME_MAX = 120;

/** Every text of the embed within its own limit (blank ones become a dash). */
function embed(e: Embed): Embed {
  return clampEmbed(e) as Embed;
}

/** The decimal separator of each locale met (`.` in en-US, `,` in de, ru, pl, pt-BR); 100 at most. */
const decimalSeparators = new BoundedMap<string, string>(100);

function decimalSeparator(locale: string): string {
  let sep = decimalSeparators.get(locale);
  if (sep === undefined) {
    sep = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
    decimalSeparators.set(locale, sep);
  }
  return sep;
}

/** A distance as the killfeed gives it (no grouping, at most one decimal), with the reader's decimal separator. */
export function metres(d: number, t: Translator): string {
  const digits = Number.isInteger(d) ? String(d) : d.toFixed(1);
  const sep = decimalSeparator(t.format.locale);
  return t.t('feed.kill.metres', { distance: sep === '.' ? digits : digits.replace('.', sep) });
}

export const SUICIDE_TEXT = { menu: 'feed.suicide.menu', fall: 'feed.suicide.fall', vehicle: 'feed.suicide.vehicle', other: 'feed.suicide.other' } as const;

/** A kill, suicide or death, in the guild's words `t` (English by default); names and weapons as logged. */
export function killEmbed(e: KillEvent, t: Translator = ENGLISH): Embed {
  const timestamp = e.timestamp.toISOString();
  if (e.kind === 'kill') {
    const fields = [
      { name: t.t('feed.kill.weapon'), value: shownName(e.weapon, LIMITS.fieldValue), inline: true },
      { name: t.t('feed.kill.distance'), value: metres(e.distance, t), inline: true },
    ];
    const platforms = [e.killer.platform, e.victim.platform].filter(Boolean);
    if (platforms.length) {
      const value = t.t('feed.kill.platforms', { killer: shownName(e.killer.platform ?? '?', 40), victim: shownName(e.victim.platform ?? '?', 40) });
      fields.push({ name: t.t('feed.kill.platform'), value, inline: true });
    }
    const names = { killer: shownName(e.killer.name, NAME_MAX), victim: shownName(e.victim.name, NAME_MAX) };
    return embed({
      title: e.roadkill ? t.t('feed.kill.ranOver', names) : t.t('feed.kill.killed', names),
      color: e.roadkill ? COLOR.roadkill : COLOR.kill,
      fields,
      timestamp,
    });
  }
  const victim = shownName(e.victim.name, NAME_MAX);
  if (e.kind === 'suicide') {
    return embed({ title: t.t(SUICIDE_TEXT[e.suicideKind], { victim }), color: COLOR.suicide, timestamp });
  }
  return embed({ title: t.t('feed.death', { victim }), color: COLOR.death, ...(e.weapon ? { description: shownName(e.weapon, LIMITS.fieldValue) } : {}), timestamp });
}

/**
 * A server event: its title (in the guild's words) and description carry names from the server's log
 * (missions, places), so the whole title is escaped.
 */
export function eventEmbed(title: string, at: Date, description?: string): Embed {
  return embed({ title: escapeName(title), color: COLOR.event, ...(description ? { description: shownName(description, LIMITS.fieldValue) } : {}), timestamp: at.toISOString() });
}

/** `description`: a leave's session length, when the session's start is known. */
export function connectionEmbed(name: string, joined: boolean, at: Date, t: Translator = ENGLISH, description?: string): Embed {
  const shown = { name: shownName(name, NAME_MAX) };
  const title = joined ? t.t('feed.connection.joined', shown) : t.t('feed.connection.left', shown);
  return embed({ title, ...(description ? { description } : {}), color: joined ? COLOR.join : COLOR.leave, timestamp: at.toISOString() });
}

/**
 * Items of one kind (one channel) share messages, in their order, each message within Discord's limits:
 * at most 10 embeds and 6,000 characters, so long names make more, smaller messages and no kill is cut
 * or lost. Kinds go to different channels, so a join between two events does not split the events:
 * Discord takes about 5 messages per 5 s per channel, and fewer messages reach the channel sooner.
 * Deterministic: the same items always give the same groups, and the first item of a group names its
 * outbox message.
 */
export function groupItems(items: readonly FeedItem[]): FeedItem[][] {
  const byKind = new Map<FeedKind, FeedItem[]>();
  for (const it of items) {
    const run = byKind.get(it.kind);
    if (run) run.push(it);
    else byKind.set(it.kind, [it]);
  }
  const groups: FeedItem[][] = [];
  for (const run of byKind.values()) {
    let i = 0;
    for (const embeds of packEmbeds(run.map((x) => x.embed))) groups.push(embeds.map((e) => ({ ...run[i++]!, embed: e })));
  }
  return groups;
}

/**
 * The body the outbox POSTs for a stored feed message (or a part of one): mentions off, so a player named
 * `@everyone` pings nobody whatever a template makes of the name, and Discord's nonce for exactly-once.
 */
export function feedMessageBody(
  body: Readonly<Record<string, unknown>>,
  nonce: string,
): Record<string, unknown> & { allowed_mentions: APIAllowedMentions; nonce: string; enforce_nonce: true } {
  return { ...body, allowed_mentions: NO_MENTIONS, nonce, enforce_nonce: true };
}

/** Outbox id of a message: its kind and first event (event ids are deterministic). */
export function outboxId(kind: FeedKind, firstEventId: string): string {
  return `${kind}:${firstEventId}`;
}

/** Discord nonce (≤ 25 chars): a hash of the outbox id, so a resend after a crash carries the same nonce. */
export function nonceFor(id: string): string {
  return createHash('sha256').update(id).digest('hex').slice(0, 25);
}
