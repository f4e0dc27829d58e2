/**
 * Documents of the ingestion engine. The zod schemas are the one type source (as in src/db/schemas.ts);
 * they live here because only the engine writes these collections.
 */
import { storedMsgSchema } from '../i18n/stored.js';
import { z } from 'zod';
import { FEED_STYLES, killFactsSchema } from './killFactsSchema.js';
import { windowContextSchema } from './windowContextSchema.js';

export { windowContextSchema, type WindowContext } from './windowContextSchema.js';
import { duelStatsSchema } from './duelSchema.js';

export { FEED_STYLES, killFactsSchema, LONGSHOT_METRES, type FeedStyle, type KillFacts } from './killFactsSchema.js';
export * from './outboxSchemas.js';

/** Per-server behaviour frozen into a batch when it is journaled, so a replay makes the same decisions. */
export const feedSettingsSchema = z.object({
  showSuicides: z.boolean().default(true),
  killfeedDelaySeconds: z.number().int().min(0).max(3600).default(0),
  /** Feed entries whose event is older than this when ingested are not posted (first sync, backlog). */
  maxFeedAgeSeconds: z.number().min(0).nullable().default(1800),
  /** Kill posts: `rich` (an embed per kill, with what it means) or `compact` (a line per kill); absent: rich. */
  style: z.enum(FEED_STYLES).optional(),
  /** A kill from this far (metres) or farther is a long shot. Absent in older batches: LONGSHOT_DEFAULT. */
  longshotMetres: z.number().int().min(1).optional(),
  channels: z
    .object({
      killfeed: z.string().optional(),
      callouts: z.string().optional(),
      events: z.string().optional(),
      connections: z.string().optional(),
      playercount: z.string().optional(),
    })
    .default({}),
});
export type FeedSettings = z.infer<typeof feedSettingsSchema>;

export const fileKindSchema = z.enum(['killfeed', 'serverLog']);
export type FileKind = z.infer<typeof fileKindSchema>;

/** What the reader knows about one remote file. */
export const fileCursorSchema = z.object({
  path: z.string(),
  kind: fileKindSchema,
  /** Byte offset after the last complete line applied. */
  offset: z.number().int().min(0),
  /** Lines before `offset`. */
  line: z.number().int().min(0),
  /** Size and mtime at the last poll: unchanged → no read at all. */
  size: z.number().int().min(0),
  mtimeMs: z.number(),
  /** First line of the file (≤ 256 bytes) once complete: a different head means the file was replaced. */
  head: z.string().nullable(),
  /** Bumped each time the file is found replaced/truncated; part of every event id of the file. */
  generation: z.number().int().min(0),
  /**
   * Set while a line longer than MAX_LINE_BYTES is being discarded: it began at `from` (`offset` is then
   * inside it, where discarding resumes); `nul`: the bytes read so far end in a NUL run.
   */
  skip: z.object({ from: z.number().int().min(0), nul: z.boolean() }).nullable().optional(),
});
export type FileCursor = z.infer<typeof fileCursorSchema>;

export const playerCountStateSchema = z.object({
  v: z.literal(1),
  online: z.array(z.string()),
  queued: z.array(z.string()),
  max: z.number().int().positive().nullable(),
  serverStartedAt: z.string().nullable(),
  /** Ids dropped over PlayerCounter's caps (MAX_TRACKED_PLAYERS per set). */
  dropped: z.number().int().min(0).optional(),
});

/** Deadside.log derived state carried across polls (committed with the offsets). */
export const logStateSchema = z.object({
  counter: playerCountStateSchema,
  /** EOS id → last known name, for players queued or online (pruned when they leave). */
  names: z.record(z.string(), z.string()),
  /** EOS id → ISO start of the open play session, for players online (pruned with them: src/ingest/playtimeSessions.ts). */
  since: z.record(z.string(), z.string()).optional(),
  /** ISO time of the last stamped log event applied: where a restart closes the sessions left open. */
  lastAt: z.string().nullable().optional(),
});
export type LogState = z.infer<typeof logStateSchema>;

export const journalLineSchema = z.object({ s: z.number().int(), n: z.number().int(), t: z.string() });

/**
 * A batch recorded BEFORE it is applied. It holds its lines, so a replay after a crash applies exactly the
 * same events even if the remote file has since been rotated.
 */
export const pendingBatchSchema = z.object({
  seq: z.number().int().positive(),
  path: z.string(),
  kind: fileKindSchema,
  generation: z.number().int().min(0),
  fromOffset: z.number().int().min(0),
  toOffset: z.number().int().min(0),
  lines: z.array(journalLineSchema),
  /** Junk lines (over-long, NUL runs) in the batch's range: not journaled, counted as malformed. */
  junk: z.number().int().min(0).optional(),
  settings: feedSettingsSchema,
  /** Journal time: the base of feed delays, so replays compute the same `notBefore`. */
  createdAt: z.date(),
  /** The file cursor to commit with the batch. */
  file: fileCursorSchema,
  /** The facts of the batch's posted kills, set once before its stats are written (absent until then). */
  facts: z.array(killFactsSchema).optional(),
  /** Set with `facts`: the windows' timezone and season, so a replay counts into the same window documents. */
  windows: windowContextSchema.optional(),
  /** Set with `windows`: the event ids of the batch's team kills (batchTeamKills.ts), counted and paid as none. */
  teamKills: z.array(z.string()).optional(),
});
export type PendingBatch = z.infer<typeof pendingBatchSchema>;

export const ingestCursorSchema = z.object({
  _id: z.string(), // serverId
  guildId: z.string(),
  /** Last committed batch. */
  seq: z.number().int().min(0),
  /** Files being read, and the newest fully read ones: bounded per world (see cursorPrune.ts). */
  files: z.array(fileCursorSchema),
  /**
   * Per world_N folder, the newest CSV name dropped from `files`: every CSV of that world at or below it
   * (and without an entry) is read (cursorPrune.ts states the rule). Absent in cursors from before it.
   */
  worlds: z.array(z.object({ dir: z.string(), through: z.string() })).optional(),
  log: logStateSchema,
  pending: pendingBatchSchema.nullable(),
  /** Malformed lines skipped so far (logged with file and line number). */
  malformed: z.number().int().min(0).default(0),
  linesRead: z.number().int().min(0).default(0),
  updatedAt: z.date(),
});
export type IngestCursor = z.infer<typeof ingestCursorSchema>;

const countSchema = z.object({ id: z.string(), n: z.number().int() });
export type Count = z.infer<typeof countSchema>;

export const suicideCountsSchema = z.object({ menu: z.number().int(), fall: z.number().int(), vehicle: z.number().int(), other: z.number().int() });
export type SuicideCounts = z.infer<typeof suicideCountsSchema>;

const statsBase = {
  _id: z.string(),
  guildId: z.string(),
  serverId: z.string(),
  /** Last batch applied to this document: a replayed batch with seq <= lastSeq is skipped. */
  lastSeq: z.number().int().min(0),
};

export const playerStatsSchema = z.object({
  ...statsBase,
  type: z.literal('player'),
  playerId: z.string(),
  name: z.string(),
  /** Lower-cased name, for autocomplete. */
  nameLower: z.string(),
  platform: z.string().nullable(),
  kills: z.number().int(),
  /** Killed by another player. */
  deaths: z.number().int(),
  /** Died with no killer recorded. */
  otherDeaths: z.number().int(),
  suicides: suicideCountsSchema,
  suicidesTotal: z.number().int(),
  roadkills: z.number().int(),
  /** kills / max(1, deaths), stored for sorting leaderboards. */
  kdr: z.number(),
  longestKill: z.object({ distance: z.number(), weapon: z.string(), victimId: z.string(), victimName: z.string(), at: z.date() }).nullable(),
  /** Kills since the last death of any kind. */
  streak: z.number().int(),
  bestStreak: z.number().int(),
  weapons: z.array(countSchema),
  /** Players this one killed (prey = top). */
  victims: z.array(countSchema),
  /** Players who killed this one (nemesis = top). */
  killers: z.array(countSchema),
  /**
   * Counts cut from the arrays above (each keeps its top COUNTS_KEEP entries), so that e.g. the sum of
   * `victims` plus `others.victims` is still `kills`. Absent until an array was first cut.
   */
  others: z.object({ weapons: z.number().int(), victims: z.number().int(), killers: z.number().int() }).optional(),
  firstSeenAt: z.date(),
  lastSeenAt: z.date(),
  /** Who killed this player the last time they met, newest first (at most 20): killing one back is a revenge. */
  lastKilledBy: z.array(z.string()).optional(),
});
export type PlayerStats = z.infer<typeof playerStatsSchema>;

export const weaponStatsSchema = z.object({
  ...statsBase,
  type: z.literal('weapon'),
  weapon: z.string(),
  kills: z.number().int(),
  longestKill: z.object({ distance: z.number(), killerId: z.string(), killerName: z.string(), victimName: z.string(), at: z.date() }).nullable(),
  users: z.array(countSchema),
  /** Kills cut from `users` (it keeps its top COUNTS_KEEP entries); absent until first cut. */
  others: z.object({ users: z.number().int() }).optional(),
});
export type WeaponStats = z.infer<typeof weaponStatsSchema>;

/** A server event for `/stats server`: `text` in English (older documents have only that), `title` its catalog message. */
export const serverEventSchema = z.object({ type: z.string(), text: z.string(), title: storedMsgSchema.optional(), at: z.date() });
export type ServerEventRecord = z.infer<typeof serverEventSchema>;

export const serverStatsSchema = z.object({
  ...statsBase,
  type: z.literal('server'),
  kills: z.number().int(),
  otherDeaths: z.number().int(),
  suicides: z.number().int(),
  roadkills: z.number().int(),
  killfeedLines: z.number().int(),
  /** Newest first, at most 20. */
  lastEvents: z.array(serverEventSchema),
  players: z.object({ online: z.number().int(), queued: z.number().int(), max: z.number().int().nullable() }),
  /** The local day (`YYYY-MM-DD`, the guild's timezone) of the newest kill: a kill on a later day is its first. */
  lastKillDay: z.string().optional(),
});
export type ServerStats = z.infer<typeof serverStatsSchema>;

export const statsDocSchema = z.discriminatedUnion('type', [playerStatsSchema, weaponStatsSchema, serverStatsSchema, duelStatsSchema]);
export type StatsDoc = z.infer<typeof statsDocSchema>;
