/**
 * Pure Deadside.log interpretation: events in, new log state (player counts, names), feed items and the
 * "last events" of the server out. Deterministic, so a replayed batch yields the same result.
 */
import { PlayerCounter, type PlayerCountSnapshot, type ServerLogEvent } from '../deadside/index.js';
import { msg } from '../i18n/message.js';
import { ENGLISH, type Translator } from '../i18n/translate.js';
import type { Msg } from '../i18n/types.js';
import { connectionEmbed, eventEmbed, type FeedItem } from './feedMessages.js';
import { SessionTracker, sessionSeconds, type ClosedSession } from './playtimeSessions.js';
import type { LogState, ServerEventRecord } from './schemas.js';

export function emptyLogState(): LogState {
  return { counter: { v: 1, online: [], queued: [], max: null, serverStartedAt: null }, names: {} };
}

export interface LogEventAt {
  event: ServerLogEvent;
  eventId: string;
}

export interface LogBatchResult {
  state: LogState;
  snapshot: PlayerCountSnapshot;
  /** Snapshot changed during the batch. */
  countChanged: boolean;
  items: FeedItem[];
  records: ServerEventRecord[];
  /** Player ids dropped over the counter's caps by this batch (a log faking registrations). */
  dropped: number;
  /** Play sessions this batch closed (leave, connection closed, restart), in log order. */
  sessions: ClosedSession[];
}

const GAMEPLAY_TITLE = { helicrash: 'feed.event.helicrash', trader: 'feed.event.trader', convoy: 'feed.event.convoy' } as const;

/** Feed text of a server event worth announcing, or null: the title in the reader's words, the mission as logged. */
export function describeEvent(e: ServerLogEvent): { title: Msg; description?: string } | null {
  switch (e.type) {
    case 'serverStart':
      return { title: msg('feed.event.serverStart') };
    case 'mission':
      return e.available ? { title: msg('feed.event.mission', { place: e.place }), description: e.name } : null;
    case 'airdrop':
      return e.state === 'Flying' ? { title: msg('feed.event.airdrop') } : null;
    case 'gameplayEvent':
      return e.state === 'ACTIVE' ? { title: msg(GAMEPLAY_TITLE[e.kind]) } : null;
    default:
      return null;
  }
}

/**
 * Longest name kept in the log state (UTF-16 units): names come from join-request URLs (up to a line's
 * 64 KiB), and a few hundred players with such names would push the cursor past MongoDB's 16 MB. At the
 * player caps (10,000 online + 10,000 queued) names of 128 three-byte characters keep the state under
 * 9 MiB. Feed titles show at most 120 characters of a name, so what is cut here is never shown.
 */
export const NAME_KEEP = 128;

function keptName(name: string): string {
  if (name.length <= NAME_KEEP) return name;
  const c = name.charCodeAt(NAME_KEEP - 1);
  return name.slice(0, c >= 0xd800 && c <= 0xdbff ? NAME_KEEP - 1 : NAME_KEEP); // never half an emoji
}

/**
 * `t`: the guild's words for the feed items (English by default). The records ("last events", stored
 * with the server's stats) keep English text, as stored data does.
 */
export function applyLogEvents(prev: LogState, events: readonly LogEventAt[], t: Translator = ENGLISH): LogBatchResult {
  const counter = new PlayerCounter(structuredClone(prev.counter));
  const names: Record<string, string> = { ...prev.names };
  const sessions = new SessionTracker(prev.since, prev.lastAt);
  const before = JSON.stringify(counter.snapshot());
  const items: FeedItem[] = [];
  const records: ServerEventRecord[] = [];
  for (const { event: e, eventId } of events) {
    // Set lookup: copying the online ids per event made a batch quadratic (1,000 events at 40K online: 1.6 s).
    const wasOnline = 'eosId' in e && e.eosId ? counter.isOnline(e.eosId) : false;
    counter.apply(e);
    const closedBefore = sessions.closed.length;
    const closed = sessions.apply(e);
    // Named before a restart forgets the names: the playtime documents show them (playtimeDays.ts).
    for (let i = closedBefore; i < sessions.closed.length; i++) sessions.closed[i]!.name = names[sessions.closed[i]!.eosId] ?? null;
    if (e.type === 'queued' || e.type === 'login') names[e.eosId] = keptName(e.name);
    const at = e.timestamp ?? new Date(0);
    if (e.type === 'joined' && !wasOnline) {
      items.push({ kind: 'connections', eventId, embed: connectionEmbed(names[e.eosId] ?? e.eosId, true, at, t) });
    } else if (e.type === 'left' && wasOnline) {
      const length = closed ? t.t('pulse.session.length', { duration: t.format.duration(sessionSeconds(closed)) }) : undefined;
      items.push({ kind: 'connections', eventId, embed: connectionEmbed(names[e.eosId] ?? e.eosId, false, at, t, length) });
    }
    if (e.type === 'serverStart') for (const k of Object.keys(names)) delete names[k];
    const d = describeEvent(e);
    if (d) {
      items.push({ kind: 'events', eventId, embed: eventEmbed(t.text(d.title), at, d.description) });
      records.push({ type: e.type, text: ENGLISH.text(d.title), title: d.title, at });
    }
  }
  // Keep names only for players still queued or online: the state must not grow with history.
  for (const k of Object.keys(names)) if (!counter.isOnline(k) && !counter.isQueued(k)) delete names[k];
  sessions.prune((id) => counter.isOnline(id));
  const snapshot = counter.snapshot();
  return {
    state: { counter: counter.toJSON(), names, since: sessions.open, lastAt: sessions.lastAt },
    snapshot,
    countChanged: JSON.stringify(snapshot) !== before,
    items,
    records,
    dropped: counter.dropped - (prev.counter.dropped ?? 0),
    sessions: sessions.closed,
  };
}

/** `🟢 23/60 (2 queued)`: the player-count channel name, in the guild's words `t` (English by default). */
export function playerCountName(s: PlayerCountSnapshot, t: Translator = ENGLISH): string {
  const counts = { online: s.online, max: s.max ?? '?' };
  return s.queued > 0 ? t.t('feed.playerCount.queued', { ...counts, queued: s.queued }) : t.t('feed.playerCount.name', counts);
}
