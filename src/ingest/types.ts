import type { Msg } from '../i18n/types.js';
/** What the engine needs from the rest of the bot: small interfaces, wired at boot. */
import { z } from 'zod';
import type { Translator } from '../i18n/translate.js';
import type { ListOptions, ReadFromOptions, ReadFromResult, RemoteEntry, RemoteStat } from '../sftp/index.js';
import { FEED_STYLES, LONGSHOT_METRES } from './killFactsSchema.js';
import { MIN_POLL_SECONDS } from './scheduler.js';
import { feedSettingsSchema } from './schemas.js';

/** One game server to ingest (built by the servers module from its `game_servers` document). */
export const ingestTargetSchema = z.object({
  guildId: z.string(),
  /** Stable id of the game server (its `game_servers` _id); part of every stats and event id. */
  serverId: z.string(),
  /** Id under which the server is registered in the SftpPool. */
  poolKey: z.string(),
  settings: z
    .object({
      showSuicides: z.boolean().default(true),
      killfeedDelaySeconds: z.number().int().min(0).max(3600).default(0),
      maxFeedAgeSeconds: feedSettingsSchema.shape.maxFeedAgeSeconds,
      style: z.enum(FEED_STYLES).default('rich'),
      longshotMetres: z.number().int().min(LONGSHOT_METRES.min).max(LONGSHOT_METRES.max).default(LONGSHOT_METRES.default),
    })
    .default({ showSuicides: true, killfeedDelaySeconds: 0, maxFeedAgeSeconds: 1800, style: 'rich', longshotMetres: LONGSHOT_METRES.default }),
  channels: feedSettingsSchema.shape.channels,
  /** Remote paths (inside the pool root); detected once per process when unset. */
  paths: z.object({ deathlogs: z.string().optional(), serverLog: z.string().optional() }).optional(),
  pollSeconds: z.number().int().min(MIN_POLL_SECONDS).default(60),
  paused: z.boolean().default(false),
});
export type IngestTarget = z.input<typeof ingestTargetSchema>;
export type ResolvedTarget = z.output<typeof ingestTargetSchema>;

/** The SFTP operations the reader uses (SftpPool satisfies it). */
export interface RemoteFiles {
  /**
   * A folder's entries. With `opts.rank` the pool keeps the best-ranked ones (see ListOptions); a remote
   * that ignores the options is still correct: RemoteTree ranks and cuts what it gets again.
   */
  list(poolKey: string, path: string, opts?: ListOptions): Promise<RemoteEntry[] & { truncated?: boolean; matched?: number; incomplete?: boolean }>;
  stat(poolKey: string, path: string): Promise<RemoteStat>;
  /** Several stats in one round of requests on one connection; null for a path that does not exist. */
  statMany(poolKey: string, paths: readonly string[]): Promise<(RemoteStat | null)[]>;
  readFrom(poolKey: string, path: string, offset: number, options?: ReadFromOptions): Promise<ReadFromResult>;
}

/** The REST calls the feeds make (discord.js `client.rest` satisfies it). */
export interface RestLike {
  get(route: `/${string}`): Promise<unknown>;
  post(route: `/${string}`, options: { body: unknown }): Promise<unknown>;
  patch(route: `/${string}`, options: { body: unknown; reason?: string }): Promise<unknown>;
}

/**
 * A guild's words for what is posted to its feeds (GuildConfigRepo.texts): its `/settings` locale, else
 * its preferred locale in Discord. Without it every feed text is English.
 */
export type TextsOf = (guildId: string) => Promise<Translator>;

/** A guild's current season (the `season` window counts from its start), or null before the first. */
/** A server's killfeed began a world_N folder it never had: `world` is the folder's name. */
export type NewWorldHook = (guildId: string, serverId: string, world: string) => Promise<void>;

export type SeasonOf = (guildId: string) => Promise<{ id: string; startedAt: Date } | null>;

/** A player-versus-player kill of a batch (suicides and deaths without a killer are not kills). */
export interface KillRecord {
  /** Stable id of the kill's line (the same on every replay of its batch). */
  eventId: string;
  killerId: string;
  victimId: string;
  /** Server time of the kill. */
  at: Date;
  /** Both players were in one faction (batchTeamKills.ts): it pays no credits and no bounty. */
  teamKill?: boolean;
  /** The killer's streak after this kill, for posted kills (their journaled facts): automatic bounties. */
  streak?: number;
}

/** What a kills hook may answer for the batch's posts: the bounty credits each kill claimed, by event id (a number: ignored). */
export interface KillsOutcome {
  bounties?: ReadonlyMap<string, number>;
  /** The house's bounty a kill's streak put on its killer, by event id: announced in the callouts channel. */
  autoBounties?: ReadonlyMap<string, number>;
}

/**
 * Called while a batch is applied, after its stats are written and before it is committed, with the
 * batch's kills; awaited. A crash or a failure before the commit leaves the batch pending and the hook is
 * called again with the same kills when it is replayed: it must do its work at most once per `eventId`.
 * A failure fails the poll (the batch is retried), so the hook's effects are never skipped.
 */
export type KillsHook = (guildId: string, serverId: string, kills: KillRecord[]) => Promise<KillsOutcome | number | void>;

/** Result of one poll, reported to the servers module (`/server list`: last poll, last error, lines read). */
export interface PollReport {
  guildId: string;
  serverId: string;
  at: Date;
  ok: boolean;
  error: string | null;
  /** The error as a catalog message when it is one we name (a UserError's), for /server list. */
  errorText?: Msg | null;
  /** Lines read by this poll. */
  linesRead: number;
  /** Lines read since ingestion started (committed). */
  totalLines: number;
  malformed: number;
  durationMs: number;
  /** The poll stopped on its byte or time budget with more to read (the scheduler polls again soon). */
  more?: boolean;
  /** Nothing had changed: the poll made its cheap check and read and wrote nothing. */
  idle?: boolean;
  /** The poll took a full listing of the server's folders (not only the cheap check). */
  listed?: boolean;
  /** What the listing bounds left out (too many world folders or CSVs), for `/server list`, in the guild's words; null: nothing. */
  notice?: string | null;
}

/** Progress of a poll through one file, after each committed batch (drives a backfill progress message). */
export interface IngestProgress {
  serverId: string;
  path: string;
  /** Committed offset and the file's size as listed. */
  offset: number;
  size: number;
  /** Lines of this poll so far. */
  lines: number;
}
