/** The stored game servers (`game_servers`) and the adds awaiting host-key trust (`pending_servers`). */
import { z } from 'zod';
import { storedMsgSchema } from '../i18n/stored.js';

/**
 * A SecretBox-sealed value (AES-256-GCM, random IV, key id for rotation): see src/security/secrets.ts.
 * `aad: 2` marks a seal bound to its record; it must survive parsing, or the seal could not be opened.
 */
export const sealedSecretSchema = z.object({ v: z.literal(1), kid: z.string(), iv: z.string(), tag: z.string(), ct: z.string(), aad: z.literal(2).optional() });

/**
 * The Steam query's state of a server. `nextAt` is the claim (one process asks per interval); `down`
 * turns by a conditional update only, so each change is posted once. Written only by the query poller.
 */
export const queryStateSchema = z.object({
  nextAt: z.date(),
  lastAnswerAt: z.date().nullable(),
  online: z.number().int().nullable(),
  max: z.number().int().nullable(),
  name: z.string().nullable(),
  map: z.string().nullable(),
  version: z.string().nullable(),
  /** Queries in a row without an answer. */
  misses: z.number().int(),
  down: z.boolean(),
  downSince: z.date().nullable(),
  /** The address is refused (not public, ALLOW_PRIVATE_SFTP_HOSTS off, or unresolved): not asked, not a miss. */
  refused: z.boolean(),
});
export type QueryState = z.infer<typeof queryStateSchema>;

/**
 * A game server of a guild, reached over SFTP (`game_servers`). `_id` is the server id used in custom ids,
 * the SFTP pool and by the log poller. Written by /server (src/servers/*); the poller (issue 4) reads
 * `settings` / `channels` and writes only `status` (and `layout`).
 */
export const gameServerSchema = z.object({
  _id: z.string(), // short random id (8 chars, base64url)
  guildId: z.string(),
  name: z.string(),
  host: z.string(),
  port: z.number().int(),
  username: z.string(),
  password: sealedSecretSchema, // never plaintext; open with ServerRepo.poolConfig()
  /**
   * The add that created it: which set of the guild's servers it joined (src/servers/slots.ts). Unique
   * (partial index), so two adds racing at the tier's limit cannot both be saved. Absent on older servers.
   */
  addSlot: z.string().optional(),
  /** Folder on the host the bot is confined to ("/" = the SFTP home/root). */
  root: z.string().default('/'),
  /**
   * Pinned host key, `SHA256:<base64>`; every connection must present it. Null until an admin trusted one
   * (a server that came by migration): no password is sent to it until then.
   */
  hostKeyFingerprint: z.string().nullable().default(null),
  /** Offer legacy SSH algorithms (dh-group14-sha1, ssh-rsa, aes-cbc, hmac-sha1) to this host only. */
  legacyAlgorithms: z.boolean().default(false),
  /** Discord channel ids where each feed goes (null = feed off). `playercount` is a voice channel to rename. */
  channels: z
    .object({
      killfeed: z.string().nullable().default(null),
      /** Milestones, long shots and streak ends, as posts of their own (src/ingest/callouts.ts). */
      callouts: z.string().nullable().default(null),
      events: z.string().nullable().default(null),
      connections: z.string().nullable().default(null),
      playercount: z.string().nullable().default(null),
    })
    .default({ killfeed: null, callouts: null, events: null, connections: null, playercount: null }),
  settings: z
    .object({
      /** Seconds between polls, at least the tier's `minPollSeconds`; 0 (the default): as often as the tier allows. */
      pollSeconds: z.number().int().default(0),
      /** Hold kills this long before posting (anti ghosting). */
      killfeedDelaySeconds: z.number().int().default(0),
      showSuicides: z.boolean().default(true),
      /** Admin paused polling: the poller skips the server. */
      paused: z.boolean().default(false),
      /** Kill posts: `rich` (an embed per kill, with what it means) or `compact` (a line per kill, many per message). */
      killfeedStyle: z.enum(['rich', 'compact']).default('rich'),
      /** A kill from this far (metres) or farther is a long shot; the command bounds it (50–2000), the poller clamps it. */
      longshotMetres: z.number().int().default(250),
      /** The Steam query (A2S) port the bot asks for players and name (src/servers/queryPoller.ts); null/absent: not asked. */
      queryPort: z.number().int().nullish(),
    })
    .default({ pollSeconds: 0, killfeedDelaySeconds: 0, showSuicides: true, paused: false, killfeedStyle: 'rich', longshotMetres: 250 }),
  status: z
    .object({
      lastPollAt: z.date().nullable().default(null),
      /** Last failure in words for admins (never credentials), English for logs; null after a good poll. */
      lastError: z.string().nullable().default(null),
      /** The same failure as a catalog message, shown in the reader's language (absent: an older poll's, or not one we name). */
      lastErrorText: storedMsgSchema.nullish(),
      lastErrorAt: z.date().nullable().default(null),
      linesRead: z.number().int().default(0),
      /** Set when the host presented another key than the pinned one: no connection until /server test re-trusts. */
      hostKeyMismatch: z.object({ presented: z.string(), at: z.date() }).nullable().default(null),
      /** Set when the stored password cannot be opened (SECRETS_KEY lost): paused until re-entered with /server edit. */
      credentialsUnreadable: z.date().nullable().default(null),
      /** What the listing bounds leave out (too many world_N folders or CSVs); from the poll status, not stored. */
      listingNotice: z.string().nullish(),
      /**
       * Set while the server is beyond its guild's premium server limit (the newest ones pause on a
       * downgrade): not polled, data kept. Cleared by itself once the tier allows it again. Not the admin's
       * `settings.paused`. Absent (documents from before it) means not paused.
       */
      tierPaused: z.date().nullish(),
      /**
       * Set by migration 004 on a server that came from the old bot's SFTP integration (no host key trusted
       * yet). `noticeSent` turns true by the one conditional update that then posts the admins' notice.
       */
      migrated: z.object({ from: z.string(), at: z.date(), noticeSent: z.boolean() }).nullish(),
    })
    .default({ lastPollAt: null, lastError: null, lastErrorAt: null, linesRead: 0, hostKeyMismatch: null, credentialsUnreadable: null }),
  /** What the Steam query last found (src/servers/queryPoller.ts); absent until the first query. */
  query: queryStateSchema.nullish(),
  /** What the last connection test found (paths relative to the SFTP server, inside `root`). */
  layout: z
    .object({
      serverDirs: z.array(z.string()),
      killfeedDirs: z.array(z.string()),
      logFile: z.string().nullable(),
      csvCount: z.number().int(),
      detectedAt: z.date(),
    })
    .nullable()
    .default(null),
  createdBy: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type GameServer = z.infer<typeof gameServerSchema>;

/**
 * An add or edit waiting for the admin's Trust & save (`pending_server_adds`): holds the validated input
 * (password sealed) so no secret travels in a custom id. Expires after `expiresAt` (TTL index + checked on read).
 */
export const pendingServerSchema = z.object({
  _id: z.string(), // random token, in the Trust & save / Cancel custom ids
  guildId: z.string(),
  userId: z.string(),
  /** Set for an edit of an existing server; absent for an add. */
  serverId: z.string().nullable(),
  input: z.object({
    name: z.string(),
    host: z.string(),
    port: z.number().int(),
    username: z.string(),
    password: sealedSecretSchema,
    root: z.string(),
    legacyAlgorithms: z.boolean(),
  }),
  fingerprint: z.string(),
  layout: gameServerSchema.shape.layout,
  expiresAt: z.date(),
  createdAt: z.date(),
});
export type PendingServer = z.infer<typeof pendingServerSchema>;
