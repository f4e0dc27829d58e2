import type { APIMessage } from 'discord.js';
import type { RateLimitOptions } from './rateLimits.js';

export type ChannelKind = 'text' | 'voice' | 'category' | 'announcement' | 'forum' | 'stage';

export interface ChannelDef {
  id: string;
  name: string;
  type: ChannelKind;
  parentId?: string;
  position?: number;
  topic?: string;
  /** Raw permission overwrites, passed through to the channel object. */
  permissionOverwrites?: { id: string; type: 0 | 1; allow: string; deny: string }[];
}

export interface RoleDef {
  id: string;
  name: string;
  /** Permission bits; default: none beyond @everyone. */
  permissions?: bigint;
  position?: number;
}

export interface MemberDef {
  id: string;
  username: string;
  globalName?: string;
  nick?: string;
  /** Gives the member the guild's generated "Manager" role (Manage Server). */
  manageGuild?: boolean;
  /** Extra role ids (from GuildDef.roles). */
  roles?: string[];
  bot?: boolean;
  locale?: string;
}

export interface GuildDef {
  id: string;
  name: string;
  ownerId: string;
  channels: ChannelDef[];
  roles?: RoleDef[];
  members: MemberDef[];
  /** Permissions of the bot's role in this guild (default DEFAULT_BOT_PERMISSIONS). */
  botPermissions?: bigint;
  preferredLocale?: string;
}

export interface DoubleOptions {
  applicationId: string;
  botUserId: string;
  token: string;
  botUsername?: string;
  guilds?: GuildDef[];
  /** What GET /gateway/bot recommends (default 1). */
  shards?: number;
  /** HELLO heartbeat_interval (default 41250 like Discord). */
  heartbeatIntervalMs?: number;
  /** Initial interaction response deadline (Discord: 3 s). Later callbacks get 404 Unknown interaction. */
  callbackDeadlineMs?: number;
  /** Interaction webhook token lifetime (Discord: 15 min). */
  interactionTokenTtlMs?: number;
  /** Discord allows 2 channel renames per channel per 10 minutes; the 3rd gets 429. A test may set a tighter limit. */
  channelRenameLimit?: { count: number; windowMs: number };
  /** Default timeout for the double's waiting helpers (default 5000 ms). */
  defaultTimeoutMs?: number;
  /** The application's flags in READY (default 0). */
  applicationFlags?: number;
  /** Rate limits stricter than Discord's (looser ones are refused); default: Discord's. */
  rateLimits?: RateLimitOptions;
}

export interface CapturedFile {
  /** The form field, e.g. `files[0]`. */
  field: string;
  name: string;
  contentType: string;
  data: Buffer;
}

export interface CapturedRequest {
  seq: number;
  at: number;
  method: string;
  /** Decoded path below the version prefix, e.g. `/webhooks/1/abc/messages/@original`. */
  path: string;
  /** The raw request target as received. */
  url: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** The JSON body (or the parsed payload_json of a multipart body). */
  body: unknown;
  files: CapturedFile[];
  /** OpenAPI route key, e.g. `POST /channels/{channel_id}/messages`, when the spec knows the route. */
  route?: string;
  status: number;
  response?: unknown;
  /** Set when a failNext() rule answered this request. */
  injected?: boolean;
  /** Set when Discord would count the answer toward its invalid-request ban (401, 403, non-shared 429). */
  invalid?: boolean;
}

/**
 * A request whose body is a message the bot sends or edits: channel posts and edits, interaction
 * responses that carry a message (types 4 and 7), follow-ups and webhook edits. Recorded whatever the
 * answer, so a test can check that every message set `allowed_mentions`.
 */
export interface MessageBodyRecord {
  seq: number;
  kind: 'channel' | 'channel-edit' | 'callback' | 'followup' | 'webhook-edit';
  method: string;
  path: string;
  /** The body's `allowed_mentions` as sent; undefined when the body had none. */
  allowedMentions: { parse?: string[]; users?: string[]; roles?: string[]; replied_user?: boolean } | undefined;
  /** The request itself (status, body, response). */
  request: CapturedRequest;
}

export interface SchemaViolation {
  method: string;
  path: string;
  route: string;
  schema: string;
  issues: { path: (string | number)[]; message: string; code?: string }[];
  body: unknown;
}

/** A message as the double stores it: Discord's message object plus the decoded uploads. */
export type DoubleMessage = APIMessage & {
  guild_id?: string;
  /** Uploaded files currently attached, decoded. */
  files: CapturedFile[];
  /** Set once DELETEd. */
  deleted?: boolean;
};

export type Awaitable<T> = T | Promise<T>;

export interface FaultRule {
  method?: string;
  path: RegExp;
  status: 429 | 500 | 502 | 503 | 504 | 400 | 403 | 404;
  /** How many matching requests to fail (default 1). */
  times?: number;
  /** 429 only: seconds (default 0.05). */
  retryAfter?: number;
  /** 429 only: global limit (adds X-RateLimit-Global). */
  global?: boolean;
  /** Overrides the JSON body. */
  body?: unknown;
}

export interface CallbackRecord {
  at: number;
  type: number;
  data: Record<string, unknown> | undefined;
  files: CapturedFile[];
  /** HTTP status the double answered with. */
  status: number;
  /** The query (with_response). */
  query: Record<string, string>;
}

export interface EditRecord {
  at: number;
  /** 'original' for @original (or the message id it resolved to), else the follow-up id. */
  target: 'original' | string;
  messageId: string;
  body: Record<string, unknown>;
  files: CapturedFile[];
}
