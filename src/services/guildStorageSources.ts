/**
 * What the per-guild storage figures (src/health/guildStorage.ts) count: the collections that grow with a
 * guild's events, each selected through an index whose first field is the guild (the ledger through its
 * `_id`, `<guildId>|<key>`), and the guilds to visit (guild_configs, by `_id`).
 */
import type { Collection, Document, Filter } from 'mongodb';
import type { StorageSource } from '../health/guildStorage.js';
import { INGEST_COLLECTION_NAMES, type IngestCollections } from '../ingest/store.js';
import { COLLECTION_NAMES, type Collections } from '../db/collections.js';

const byGuild = (name: string, col: Collection<never>): StorageSource => ({ name, col: col as unknown as Collection<Document>, filter: (guildId) => ({ guildId }) });

export function guildStorageSources(cols: Pick<Collections, 'canvasLog' | 'creditLedger'>, ingest: Pick<IngestCollections, 'stats' | 'windows' | 'killEvents' | 'playtime'>): StorageSource[] {
  return [
    byGuild(INGEST_COLLECTION_NAMES.stats, ingest.stats as unknown as Collection<never>),
    byGuild(INGEST_COLLECTION_NAMES.windows, ingest.windows as unknown as Collection<never>),
    byGuild(INGEST_COLLECTION_NAMES.killEvents, ingest.killEvents as unknown as Collection<never>),
    byGuild(INGEST_COLLECTION_NAMES.playtime, ingest.playtime as unknown as Collection<never>),
    byGuild(COLLECTION_NAMES.canvasLog, cols.canvasLog as unknown as Collection<never>),
    // Ledger ids are `<guildId>|<key>` and guild ids are digits: the range is exactly this guild's entries.
    { name: COLLECTION_NAMES.creditLedger, col: cols.creditLedger as unknown as Collection<Document>, filter: (guildId) => ({ _id: { $gte: `${guildId}|`, $lt: `${guildId}}` } }) as unknown as Filter<Document> },
  ];
}

/** The next `limit` guild ids after `after`, from guild_configs' `_id` index. */
export function guildsAfter(configs: Collections['guildConfigs']): (after: string, limit: number) => Promise<string[]> {
  return async (after, limit) => (await configs.find(after ? { _id: { $gt: after } } : {}, { projection: { _id: 1 } }).sort({ _id: 1 }).limit(limit).toArray()).map((d) => d._id);
}
