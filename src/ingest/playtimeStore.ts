/**
 * The playtime documents (collection `ingest_playtime`, apart from the stats documents): one per player
 * per window key (playtimeDays.ts: a day, a week, a month, a season, all time), per server and
 * guild-wide (serverId `*`). A Deadside.log batch adds its closed sessions exactly once, without
 * transactions: each document remembers, per server, the last batch (`seqs.<server>`) that added to it,
 * and an addition is guarded by it — a replayed batch (a crash before its commit) finds its own seq
 * there and adds nothing. Batches of one server are applied in seq order by one writer (the cursor's
 * guard), so "the document's seq for this server is below the batch's" means "not yet added".
 * Two round trips: create the missing documents (upsert, `_id` only), then the guarded additions.
 */
import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import type { PlaytimeAdd } from './playtimeDays.js';

export interface PlaytimeDoc {
  _id: string;
  guildId: string;
  /** A game server's id, or `*` for the guild's sum. */
  serverId: string;
  /** `all`, `d2026-12-06`, `w2026-W49`, `m2026-12` or `s<seasonId>`. */
  window: string;
  playerId: string;
  name: string;
  nameLower: string;
  seconds: number;
  sessions: number;
  /** Per server (its id as a field name, playtimeSeqKey): the last batch that added to this document. */
  seqs: Record<string, number>;
  /** When the TTL index deletes it (absent on the all-time documents). */
  expireAt?: Date;
}

export const GUILD_SCOPE = '*';

export const playtimeDocId = (guildId: string, serverId: string, key: string, playerId: string) => `${guildId}|${serverId}|${key}|${playerId}`;

/** A server id as a field name (no `.` or leading `$`). */
export const playtimeSeqKey = (serverId: string) => serverId.replace(/[.$]/g, '_');

export interface PlaytimeBatch {
  guildId: string;
  serverId: string;
  seq: number;
  adds: readonly PlaytimeAdd[];
}

/** Adds a batch's playtime to the server's and the guild's documents, once per batch. */
export async function recordPlaytime(col: Collection<PlaytimeDoc>, b: PlaytimeBatch): Promise<void> {
  if (!b.adds.length) return;
  const field = `seqs.${playtimeSeqKey(b.serverId)}`;
  const ensure: AnyBulkWriteOperation<PlaytimeDoc>[] = [];
  const add: AnyBulkWriteOperation<PlaytimeDoc>[] = [];
  for (const a of b.adds) {
    for (const serverId of [b.serverId, GUILD_SCOPE]) {
      const _id = playtimeDocId(b.guildId, serverId, a.key, a.playerId);
      const base = { guildId: b.guildId, serverId, window: a.key, playerId: a.playerId, seconds: 0, sessions: 0, seqs: {} };
      const named = a.name ? { name: a.name, nameLower: a.name.toLowerCase() } : null;
      const update = {
        $setOnInsert: named ? base : { ...base, name: a.playerId, nameLower: a.playerId },
        ...(named ? { $set: named } : {}),
      };
      ensure.push({ updateOne: { filter: { _id }, update, upsert: true } });
      add.push({
        updateOne: {
          filter: { _id, $or: [{ [field]: { $exists: false } }, { [field]: { $lt: b.seq } }] },
          // The expiry moves with the latest time added (batches of a server come in time order).
          update: { $inc: { seconds: a.seconds, sessions: a.sessions }, $set: { [field]: b.seq, ...(a.expireAt ? { expireAt: a.expireAt } : {}) } },
        },
      });
    }
  }
  await upsertAll(col, ensure);
  await col.bulkWrite(add, { ordered: false });
}

/** The creating upserts; a duplicate key (two servers creating one guild document at once) means it exists: fine. */
async function upsertAll(col: Collection<PlaytimeDoc>, ops: AnyBulkWriteOperation<PlaytimeDoc>[]): Promise<void> {
  try {
    await col.bulkWrite(ops, { ordered: false });
  } catch (e) {
    const errors = (e as { writeErrors?: { code?: number }[] | { code?: number } }).writeErrors;
    const list = Array.isArray(errors) ? errors : errors ? [errors] : [];
    if (!list.length || list.some((x) => x.code !== 11000)) throw e;
  }
}
