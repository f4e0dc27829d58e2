import type { Collection, Db, IndexDescription } from 'mongodb';
import type { ErrorRecord, GuildConfig, LockDocument, MemberStats, MetaDocument, MigrationRecord } from './schemas.js';

/** Every collection the bot uses, typed, with the indexes ensured at start. */
export interface Collections {
  guildConfigs: Collection<GuildConfig>;
  memberStats: Collection<MemberStats>;
  errors: Collection<ErrorRecord>;
  migrations: Collection<MigrationRecord>;
  locks: Collection<LockDocument>;
  meta: Collection<MetaDocument>;
}

export const COLLECTION_NAMES: Record<keyof Collections, string> = {
  guildConfigs: 'guild_configs',
  memberStats: 'member_stats',
  errors: 'errors',
  migrations: 'migrations',
  locks: 'locks',
  meta: 'meta',
};

const INDEXES: Partial<Record<keyof Collections, IndexDescription[]>> = {
  memberStats: [{ key: { guildId: 1, commandsUsed: -1 }, name: 'guild_commands' }],
  errors: [
    { key: { guildId: 1, at: -1 }, name: 'guild_recent' },
    { key: { fingerprint: 1, at: -1 }, name: 'fingerprint_recent' },
  ],
};

export function collections(db: Db): Collections {
  return Object.fromEntries(
    Object.entries(COLLECTION_NAMES).map(([key, name]) => [key, db.collection(name)]),
  ) as unknown as Collections;
}

/** Creates missing indexes; createIndexes is a no-op for indexes that already exist with the same spec. */
export async function ensureIndexes(cols: Collections): Promise<void> {
  for (const [key, specs] of Object.entries(INDEXES) as [keyof Collections, IndexDescription[]][]) {
    if (specs.length) await (cols[key] as unknown as Collection).createIndexes(specs);
  }
}
