/**
 * What the ingestion engine is built from (IngestEngineOptions) and what it reports (IngestFigures).
 * Apart from engine.ts so the engine reads as what it does; both are importable from there as before.
 */
import type { Db } from 'mongodb';
import type { Logger } from '../logger.js';
import type { ChannelRenamerOptions } from './channelRenamer.js';
import type { OutboxSenderOptions } from './outboxSender.js';
import type { LagFigures, SchedulerOptions } from './scheduler.js';
import type { IngestProgress, KillsHook, PollReport, RemoteFiles, RestLike, NewWorldHook, SeasonOf, TextsOf } from './types.js';
import type { KicksHook } from './kicks.js';
import type { AdminPostsOf, BatchHooks } from './batchTypes.js';

export interface IngestEngineOptions {
  db: Db;
  /** SFTP access (the bot's SftpPool; targets name their pool entry with `poolKey`). */
  remote: RemoteFiles;
  /** discord.js `client.rest`. */
  rest: RestLike;
  logger: Logger;
  /** Called after every poll (record last poll, last error, lines read on the game server). */
  onPoll?: (report: PollReport) => void | Promise<void>;
  /** Called after each committed batch (a backfill's progress: file, offset/size, lines). */
  onProgress?: (progress: IngestProgress) => void;
  /** Called with each batch's kills before the batch is committed (credits for kills; see KillsHook). */
  onKills?: KillsHook;
  /** Called with each Deadside.log batch's kicks before it is committed (the audit log, kind `kicks`). */
  onKicks?: KicksHook;
  /** Where kicks and flagged kills are posted for the guild's admins (BatchHooks.adminPosts). */
  adminPosts?: AdminPostsOf;
  /**
   * A guild's words (GuildConfigRepo.texts): feed posts, the held-posts summary, the player-count
   * channel's name and the listing notice are put in them. Without it they are English.
   */
  textsOf?: TextsOf;
  /** A guild's current season (the `season` window); without it `season` reads all time. */
  seasonOf?: SeasonOf;
  /** A server's killfeed began a new world_N folder (a likely wipe: the admins are asked about a season). */
  onNewWorld?: NewWorldHook;
  /** Display names of the members linked to players, for rich kill posts (never a mention). */
  linkedNames?: (guildId: string, playerIds: readonly string[]) => Promise<ReadonlyMap<string, string>>;
  /** Team kills and faction tags (BatchHooks): factions, wired in app.ts. */
  teamKillsOf?: BatchHooks['teamKillsOf'];
  factionTagsOf?: BatchHooks['factionTagsOf'];
  scheduler?: SchedulerOptions;
  sender?: OutboxSenderOptions;
  renamer?: ChannelRenamerOptions;
  /** Most lines / journaled bytes per batch (defaults BATCH_MAX_LINES, BATCH_MAX_BYTES). */
  batchLines?: number;
  batchBytes?: number;
  chunkBytes?: number;
  /** Bytes and time one poll may spend (defaults POLL_BYTE_BUDGET, POLL_TIME_BUDGET_MS). */
  pollBytes?: number;
  pollTimeMs?: number;
  /** Test hook: called between database writes of a batch. */
  onStep?: (step: string) => void;
  now?: () => Date;
}

/** What the engine did since start (the bot's /metrics). */
export interface IngestFigures {
  /** Servers followed. */
  servers: number;
  polls: number;
  /** Polls that found nothing new: one round of stats, nothing read or written. */
  idlePolls: number;
  /** Polls that took a full listing of a server's folders. */
  listings: number;
  failedPolls: number;
  lag: LagFigures;
}
