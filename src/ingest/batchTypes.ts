/** What a BatchApplier reports, calls out to, and throws when another writer got there first. */
import type { IngestCursor } from './schemas.js';
import type { KillsHook, NewWorldHook, SeasonOf, TextsOf } from './types.js';
import type { KicksHook } from './kicks.js';
import type { TeamKillsOf } from './batchTeamKills.js';

export type AdminPostsOf = (guildId: string, serverId: string) => Promise<{ channelId: string; server: string } | null>;

export class ConcurrentWriterError extends Error {
  constructor(serverId: string) {
    super(`ingest cursor of server ${serverId} changed under us (another writer?)`);
  }
}

export interface BatchOutcome {
  cursor: IngestCursor;
  /** Set when the batch changed the player count. */
  playerCount: { online: number; queued: number; max: number | null } | null;
  outboxWritten: number;
}

/** What a BatchApplier calls out to; every hook is optional. */
export interface BatchHooks {
  /** Test hook: called between writes (the crash test kills the process there). */
  onStep?: (step: string) => void;
  onKills?: KillsHook;
  /** Kicks of a Deadside.log batch (kicks.ts); may be called again on a replay. */
  onKicks?: KicksHook;
  /** The guild's words for its feed posts (English when not given); posts are built once, in it. */
  textsOf?: TextsOf;
  /** The guild's current season (windows.ts); none: `season` is all time. */
  seasonOf?: SeasonOf;
  /** A killfeed batch from a world_N folder the server never had before (a likely wipe); may be called again on a replay. */
  onNewWorld?: NewWorldHook;
  /** The display names of members linked to these players (rich kill posts); absent: no names. */
  linkedNames?: (guildId: string, playerIds: readonly string[]) => Promise<ReadonlyMap<string, string>>;
  /** Where a guild's kicks and flagged kills are posted (its admin channel) and the server's name in them; null: not posted. */
  adminPosts?: AdminPostsOf;
  /** The batch's team kills (batchTeamKills.ts), asked once before its stats are written; absent: none. */
  teamKillsOf?: TeamKillsOf;
  /** The faction tags of the members linked to these players: posts show `[TAG] Name`; absent: no tags. */
  factionTagsOf?: (guildId: string, playerIds: readonly string[]) => Promise<ReadonlyMap<string, string>>;
  /** The clock windows past their retention are left out by (tests set it). */
  now?: () => Date;
}
