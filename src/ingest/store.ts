/** The engine's collections and indexes (kept apart from src/db/collections.ts: only the engine writes them). */
import type { Collection, Db, IndexDescription } from 'mongodb';
import { versioned } from '../db/dataVersions.js';
import { PLAYER_BOARD_NAMES, rankField } from './rank.js';
import type { FeedHold, IngestCursor, OutboxMessage, StatsDoc } from './schemas.js';
import type { WindowPlayer } from './windowDocs.js';
import type { KillEventDoc } from './killEvents.js';
import type { PlaytimeDoc } from './playtimeStore.js';

export interface IngestCollections {
  cursors: Collection<IngestCursor>;
  stats: Collection<StatsDoc>;
  outbox: Collection<OutboxMessage>;
  feedHolds: Collection<FeedHold>;
  /** Per-player numbers per time window (windowDocs.ts). */
  windows: Collection<WindowPlayer>;
  /** Each kill with its file, line and flags (killEvents.ts), kept KILL_EVENT_RETENTION_DAYS. */
  killEvents: Collection<KillEventDoc>;
  /** Playtime per player per day, window and all time, per server and guild-wide (playtimeStore.ts). */
  playtime: Collection<PlaytimeDoc>;
}

export const INGEST_COLLECTION_NAMES = { cursors: 'ingest_cursors', stats: 'ingest_stats', outbox: 'ingest_outbox', feedHolds: 'feed_holds', windows: 'ingest_windows', killEvents: 'kill_events', playtime: 'ingest_playtime' } as const;

const INDEXES: Record<keyof IngestCollections, IndexDescription[]> = {
  cursors: [],
  stats: [
    // Leaderboards and autocomplete per guild (optionally per server); guild-wide = aggregate over servers.
    { key: { guildId: 1, type: 1, kills: -1 }, name: 'guild_type_kills' },
    { key: { guildId: 1, type: 1, nameLower: 1 }, name: 'guild_type_name' },
    { key: { serverId: 1, type: 1 }, name: 'server_type' },
    // One per player board: a page is a range of one of these, per server (type player) or guild-wide
    // (type guildPlayer, serverId '*'); the sort {rank.<board>: -1, nameLower: 1, _id: 1} reads it in order.
    ...PLAYER_BOARD_NAMES.map((b) => ({ key: { guildId: 1, serverId: 1, type: 1, [rankField(b)]: -1, nameLower: 1, _id: 1 }, name: `board_${b}` })),
    // Busiest weapons of a server or of the guild (type guildWeapon).
    { key: { guildId: 1, serverId: 1, type: 1, kills: -1, _id: 1 }, name: 'weapons_by_kills' },
  ],
  outbox: [
    { key: { sentAt: 1, notBefore: 1, sortKey: 1 }, name: 'due' },
    // The sender's turn: one channel's due messages in order (and the channels that have any).
    { key: { sentAt: 1, channelId: 1, notBefore: 1, sortKey: 1 }, name: 'channel_due' },
    { key: { serverId: 1 }, name: 'server' },
  ],
  feedHolds: [{ key: { guildId: 1 }, name: 'guild' }],
  windows: [
    // One per player board and window, per server or guild-wide (serverId '*'): a page is a range of it.
    ...PLAYER_BOARD_NAMES.map((b) => ({ key: { guildId: 1, serverId: 1, window: 1, [rankField(b)]: -1, nameLower: 1, _id: 1 }, name: `window_${b}` })),
    // A player's window (lookups, /compare) and autocomplete stay on the all-time documents.
    { key: { guildId: 1, serverId: 1, window: 1, playerId: 1 }, name: 'window_player' },
    // Windows past their retention (windows.ts WINDOW_RETENTION_DAYS) go by themselves.
    { key: { expireAt: 1 }, name: 'expire_ttl', expireAfterSeconds: 0 },
  ],
  killEvents: [
    // /flags: a page of a guild's (or one server's) flagged kills, newest first.
    { key: { guildId: 1, flagged: 1, at: -1, _id: -1 }, name: 'guild_flagged' },
    { key: { guildId: 1, serverId: 1, flagged: 1, at: -1, _id: -1 }, name: 'server_flagged' },
    // The rate rule across polls (killEvents.ts priorKillWindows): a killer's kills just before a batch.
    { key: { serverId: 1, killerId: 1, at: -1 }, name: 'server_killer_at' },
    // Gone KILL_EVENT_RETENTION_DAYS after the kill.
    { key: { expireAt: 1 }, name: 'expire_ttl', expireAfterSeconds: 0 },
  ],
  playtime: [
    // /leaderboard stat:playtime: a page of one scope's window (or all time) is a range of this index.
    { key: { guildId: 1, serverId: 1, window: 1, seconds: -1, nameLower: 1, _id: 1 }, name: 'board' },
    // /stats player for a player seen only in Deadside.log: their all-time document by name.
    { key: { guildId: 1, serverId: 1, window: 1, nameLower: 1 }, name: 'lookup' },
    // Day, week, month and season documents go after their retention (playtimeDays.ts); all time stays.
    { key: { expireAt: 1 }, name: 'expire_ttl', expireAfterSeconds: 0 },
  ],
};

export function ingestCollections(db: Db): IngestCollections {
  return {
    // Versioned like collections(): see src/db/dataVersions.ts.
    cursors: versioned(db.collection<IngestCursor>(INGEST_COLLECTION_NAMES.cursors), 'cursors'),
    stats: versioned(db.collection<StatsDoc>(INGEST_COLLECTION_NAMES.stats), 'stats'),
    outbox: versioned(db.collection<OutboxMessage>(INGEST_COLLECTION_NAMES.outbox), 'outbox'),
    feedHolds: versioned(db.collection<FeedHold>(INGEST_COLLECTION_NAMES.feedHolds), 'feedHolds'),
    windows: versioned(db.collection<WindowPlayer>(INGEST_COLLECTION_NAMES.windows), 'windows'),
    killEvents: versioned(db.collection<KillEventDoc>(INGEST_COLLECTION_NAMES.killEvents), 'killEvents'),
    playtime: versioned(db.collection<PlaytimeDoc>(INGEST_COLLECTION_NAMES.playtime), 'playtime'),
  };
}

export async function ensureIngestIndexes(cols: IngestCollections): Promise<void> {
  for (const [key, specs] of Object.entries(INDEXES) as [keyof IngestCollections, IndexDescription[]][]) {
    if (specs.length) await (cols[key] as unknown as Collection).createIndexes(specs);
  }
}
