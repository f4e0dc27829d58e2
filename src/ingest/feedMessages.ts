/**
 * Pure builders for feed messages: Discord embeds for kills, server events and connections, grouped up to
 * 10 embeds per message, with deterministic outbox ids and nonces.
 */
import { createHash } from 'node:crypto';
import type { KillEvent } from '../deadside/index.js';
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

const COLOR = { kill: 0xc0392b, roadkill: 0xe67e22, suicide: 0x7f8c8d, death: 0x95a5a6, event: 0x2980b9, join: 0x27ae60, leave: 0x7f8c8d };
/** Discord limit on embeds per message. */
export const MAX_EMBEDS = 10;

/** Discord embed text fields reject empty strings and have length limits. */
function text(s: string, max = 256): string {
  const t = s.trim() === '' ? '—' : s;
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function metres(d: number): string {
  return `${Number.isInteger(d) ? d : d.toFixed(1)} m`;
}

const SUICIDE_TEXT = { menu: 'relocated (menu suicide)', fall: 'fell to their death', vehicle: 'died in a vehicle', other: 'killed themselves' } as const;

export function killEmbed(e: KillEvent): Embed {
  const timestamp = e.timestamp.toISOString();
  if (e.kind === 'kill') {
    const fields = [
      { name: 'Weapon', value: text(e.weapon, 1024), inline: true },
      { name: 'Distance', value: metres(e.distance), inline: true },
    ];
    const platforms = [e.killer.platform, e.victim.platform].filter(Boolean);
    if (platforms.length) fields.push({ name: 'Platform', value: `${e.killer.platform ?? '?'} vs ${e.victim.platform ?? '?'}`, inline: true });
    return {
      title: text(`${e.killer.name} ${e.roadkill ? 'ran over' : 'killed'} ${e.victim.name}`),
      color: e.roadkill ? COLOR.roadkill : COLOR.kill,
      fields,
      timestamp,
    };
  }
  if (e.kind === 'suicide') {
    return { title: text(`${e.victim.name} ${SUICIDE_TEXT[e.suicideKind]}`), color: COLOR.suicide, timestamp };
  }
  return { title: text(`${e.victim.name} died`), color: COLOR.death, ...(e.weapon ? { description: text(e.weapon, 1024) } : {}), timestamp };
}

export function eventEmbed(title: string, at: Date, description?: string): Embed {
  return { title: text(title), color: COLOR.event, ...(description ? { description: text(description, 1024) } : {}), timestamp: at.toISOString() };
}

export function connectionEmbed(name: string, joined: boolean, at: Date): Embed {
  return { title: text(`${name} ${joined ? 'joined' : 'left'}`), color: joined ? COLOR.join : COLOR.leave, timestamp: at.toISOString() };
}

/** Consecutive items of one kind, ≤ 10 per message (kills that arrive together share a message). */
export function groupItems(items: readonly FeedItem[]): FeedItem[][] {
  const groups: FeedItem[][] = [];
  let cur: FeedItem[] = [];
  for (const it of items) {
    if (cur.length > 0 && (cur.length === MAX_EMBEDS || cur[0]!.kind !== it.kind)) {
      groups.push(cur);
      cur = [];
    }
    cur.push(it);
  }
  if (cur.length) groups.push(cur);
  return groups;
}

/** Outbox id of a message: its kind and first event (event ids are deterministic). */
export function outboxId(kind: FeedKind, firstEventId: string): string {
  return `${kind}:${firstEventId}`;
}

/** Discord nonce (≤ 25 chars): a hash of the outbox id, so a resend after a crash carries the same nonce. */
export function nonceFor(id: string): string {
  return createHash('sha256').update(id).digest('hex').slice(0, 25);
}
