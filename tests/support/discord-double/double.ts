/**
 * A local Discord double: HTTP (REST v10) + WebSocket (gateway v10) on 127.0.0.1, for the real discord.js
 * client. Tests drive it as a member would (slash commands, clicks, modals) and read what the bot sent.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { APIEmbed, APIMessage, ClientOptions } from 'discord.js';
import { GatewayServer, type GatewayHost } from './gateway.js';
import {
  CallbackType,
  InteractionHandle,
  InteractionType,
  type HandleContext,
  type InteractionState,
} from './interactions.js';
import { layoutIssues } from './componentRules.js';
import { ALL_PERMISSIONS, channelPermissions, DEFAULT_BOT_PERMISSIONS, missingPermissions, Perm, PLAIN_MEMBER_PERMISSIONS, type Overwrite } from './permissions.js';
import { RateLimits } from './rateLimits.js';
import { matchOpenApiRoute, validateBody } from './schema.js';
import { SnowflakeGenerator, snowflakeTime } from './snowflake.js';
import type {
  CallbackRecord,
  CapturedFile,
  CapturedRequest,
  ChannelDef,
  ChannelKind,
  DoubleMessage,
  DoubleOptions,
  FaultRule,
  GuildDef,
  MemberDef,
  MessageBodyRecord,
  SchemaViolation,
} from './types.js';

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** Message flags. */
const Flags = { SuppressEmbeds: 1 << 2, Ephemeral: 1 << 6, Loading: 1 << 7, SuppressNotifications: 1 << 12, ComponentsV2: 1 << 15 };
const SENDABLE_FLAGS = Flags.SuppressEmbeds | Flags.Ephemeral | Flags.SuppressNotifications | Flags.ComponentsV2;
const EDITABLE_FLAGS = Flags.SuppressEmbeds | Flags.ComponentsV2;

const CHANNEL_TYPES: Record<ChannelKind, number> = { text: 0, voice: 2, category: 4, announcement: 5, stage: 13, forum: 15 };
const TEXT_CAPABLE = new Set([0, 2, 5, 13]);

/** Gateway intents the double looks at. */
const Intents = { GuildMembers: 1 << 1, GuildMessages: 1 << 9 };

/** Option types of application commands. */
const Opt = { Sub: 1, Group: 2, String: 3, Integer: 4, Boolean: 5, User: 6, Channel: 7, Role: 8, Mentionable: 9, Number: 10, Attachment: 11 };

const NONCE_WINDOW_MS = 5 * 60_000;

interface RoleState {
  id: string;
  name: string;
  permissions: bigint;
  position: number;
  managed: boolean;
  botId?: string;
}
interface MemberState {
  def: MemberDef;
  roles: string[];
  joinedAt: string;
}
interface GuildState {
  id: string;
  name: string;
  ownerId: string;
  roles: RoleState[];
  members: Map<string, MemberState>;
  channelIds: string[];
  managerRoleId: string;
  botRoleId: string;
  joinedAt: string;
  preferredLocale: string;
}
/** A channel's current state. */
export interface ChannelState {
  id: string;
  guildId: string;
  type: number;
  name: string;
  position: number;
  parentId: string | null;
  topic: string | null;
  permissionOverwrites: unknown[];
  lastMessageId: string | null;
  /** Every name the channel had, oldest first (renames append). */
  names: string[];
}
interface MessageMeta {
  source: 'channel' | 'interaction' | 'followup';
  interactionId?: string;
  nonce?: string;
}
interface ModalRecord {
  interactionId: string;
  userId: string;
  guildId: string;
  channelId: string;
  sourceMessageId?: string;
  data: Obj;
}
/** A registered application command as the double returns it. */
export type RegisteredCommand = Obj & { id: string; name: string; type: number; options?: Obj[]; guild_id?: string };

interface Ctx {
  rec: CapturedRequest;
  params: Record<string, string>;
  body: unknown;
  files: CapturedFile[];
  query: Record<string, string>;
}
interface Res {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}
type Handler = (ctx: Ctx) => Res;
interface Route {
  method: string;
  segments: string[];
  auth: boolean;
  handler: Handler;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly extra: Obj = {},
  ) {
    super(message);
  }
}

const unknownChannel = () => new HttpError(404, 10003, 'Unknown Channel');
const unknownMessage = () => new HttpError(404, 10008, 'Unknown Message');
const unknownGuild = () => new HttpError(404, 10004, 'Unknown Guild');
const unknownInteraction = () => new HttpError(404, 10062, 'Unknown interaction');
const unknownWebhook = () => new HttpError(404, 10015, 'Unknown Webhook');
const formError = (message: string, errors: Obj = {}) => new HttpError(400, 50035, 'Invalid Form Body', { errors, _detail: message });

export interface DriveBase {
  guildId: string;
  userId: string;
  /** Defaults to the guild's first text channel (or the message's channel for components). */
  channelId?: string;
  locale?: string;
}
export type OptionValue = string | number | boolean;
export interface SlashInput extends DriveBase {
  command: string;
  subcommand?: string;
  group?: string;
  options?: Record<string, OptionValue>;
}
export interface AutocompleteInput extends SlashInput {
  /** The option the member is typing in; its value is sent as typed (a string). */
  focused: string;
}
export interface ComponentInput {
  userId: string;
  guildId?: string;
  /** A message captured from the double (or its id): the current stored version is used. */
  message: DoubleMessage | APIMessage | string;
  customId: string;
  locale?: string;
}
export interface SelectInput extends ComponentInput {
  values: string[];
}
export interface ModalInput extends DriveBase {
  customId: string;
  /** Field custom_id -> value (text inputs: string; selects inside labels: string[]). */
  fields: Record<string, string | string[]>;
}

export class DiscordDouble {
  readonly options: Required<Omit<DoubleOptions, 'guilds' | 'botUsername' | 'rateLimits'>> & { botUsername: string };
  /** Every REST request, in arrival order. */
  readonly requests: CapturedRequest[] = [];
  /** Requests no route handled (answered 404). */
  readonly unhandled: CapturedRequest[] = [];
  /**
   * Requests Discord counts toward its temporary ban (answered 401, 403, or 429 other than scope
   * `shared`); 10,000 in 10 minutes ban the bot (see rateLimits).
   */
  readonly invalidRequests: CapturedRequest[] = [];
  /** Bodies Discord's OpenAPI schema (or a documented Discord rule) rejects. */
  readonly schemaViolations: SchemaViolation[] = [];
  /** Every message body the bot sent (posts, edits, message-bearing interaction responses), in order. */
  readonly messageBodies: MessageBodyRecord[] = [];
  /** OpenAPI routes that received a body the double could not validate (no component schema). */
  readonly unvalidatedRoutes = new Set<string>();
  readonly gateway: GatewayServer;
  readonly botUser: Obj;
  /** Discord's REST rate limits (buckets, global, invalid-request ban), enforced on every request. */
  readonly rateLimits: RateLimits;

  private readonly server: Server;
  private port = 0;
  private readonly snow = new SnowflakeGenerator();
  private readonly guilds = new Map<string, GuildState>();
  /** Every user the double has seen as a member, also after they left a guild. */
  private readonly knownUsers = new Map<string, MemberDef>();
  private readonly channels = new Map<string, ChannelState>();
  private readonly messages = new Map<string, DoubleMessage>();
  private readonly messageMeta = new Map<string, MessageMeta>();
  private readonly attachmentFiles = new Map<string, CapturedFile>();
  private readonly nonces = new Map<string, { id: string; at: number }>();
  private readonly interactions = new Map<string, InteractionState>();
  private readonly byToken = new Map<string, InteractionState>();
  private readonly modals: ModalRecord[] = [];
  private readonly globalCommands = new Map<string, RegisteredCommand>();
  private readonly guildCommands = new Map<string, Map<string, RegisteredCommand>>();
  private readonly faults: (FaultRule & { remaining: number })[] = [];
  private readonly renames = new Map<string, number[]>();
  private readonly waiters = new Set<{ check: () => void; abort: (e: Error) => void }>();
  private readonly routes: Route[] = [];
  private seq = 0;
  private stopped = false;

  private constructor(opts: DoubleOptions) {
    this.rateLimits = new RateLimits(opts.rateLimits);
    this.options = {
      applicationId: opts.applicationId,
      botUserId: opts.botUserId,
      token: opts.token,
      botUsername: opts.botUsername ?? 'Tower of Temptation',
      shards: opts.shards ?? 1,
      heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 41_250,
      callbackDeadlineMs: atMost('callbackDeadlineMs', opts.callbackDeadlineMs, 3_000),
      interactionTokenTtlMs: atMost('interactionTokenTtlMs', opts.interactionTokenTtlMs, 15 * 60_000),
      channelRenameLimit: renameLimit(opts.channelRenameLimit),
      defaultTimeoutMs: opts.defaultTimeoutMs ?? 5_000,
      applicationFlags: opts.applicationFlags ?? 0,
    };
    this.botUser = {
      id: opts.botUserId,
      username: this.options.botUsername,
      discriminator: '0',
      global_name: null,
      avatar: null,
      bot: true,
      public_flags: 0,
      flags: 0,
      banner: null,
      accent_color: null,
      avatar_decoration_data: null,
    };
    for (const g of opts.guilds ?? []) this.registerGuild(g);
    this.server = createServer((req, res) => void this.onHttp(req, res));
    this.server.keepAliveTimeout = 1_000;
    const host: GatewayHost = {
      token: opts.token,
      heartbeatIntervalMs: this.options.heartbeatIntervalMs,
      resumeUrl: () => this.gatewayUrl,
      readyFor: (shard, intents) => this.readyFor(shard, intents),
      requestMembers: (d) => this.requestMembers(d),
      changed: () => this.changed(),
    };
    this.gateway = new GatewayServer(host);
    this.gateway.attach(this.server);
    this.defineRoutes();
  }

  /** Starts the double on 127.0.0.1 and a free port. */
  static async start(opts: DoubleOptions): Promise<DiscordDouble> {
    const d = new DiscordDouble(opts);
    await new Promise<void>((resolve, reject) => {
      d.server.once('error', reject);
      d.server.listen(0, '127.0.0.1', () => resolve());
    });
    d.port = (d.server.address() as AddressInfo).port;
    return d;
  }

  /** REST base for `new Client({ rest: { api } })` / DISCORD_API_URL. */
  get apiBase(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }
  get token(): string {
    return this.options.token;
  }
  get applicationId(): string {
    return this.options.applicationId;
  }

  /** Environment for a bot process pointed at the double. */
  env(): Record<string, string> {
    return { DISCORD_TOKEN: this.token, DISCORD_APPLICATION_ID: this.applicationId, DISCORD_API_URL: this.apiBase };
  }

  /** Client options for an in-process discord.js Client: REST at the double, with discord.js's own limits. */
  clientOptions(): Pick<ClientOptions, 'rest'> {
    return { rest: { api: this.apiBase } };
  }

  /** Stops everything: sockets, HTTP server, pending waits. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const w of [...this.waiters]) w.abort(new Error('discord-double stopped'));
    await this.gateway.stop();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---------------------------------------------------------------- waiting

  /** Resolves when `probe` returns something other than undefined (checked after every change). */
  waitUntil<T>(probe: () => T | undefined, timeoutMs: number | undefined, label: string): Promise<T> {
    const ms = timeoutMs ?? this.options.defaultTimeoutMs;
    return new Promise<T>((resolve, reject) => {
      const entry = {
        check: () => {
          try {
            const v = probe();
            if (v !== undefined) {
              done();
              resolve(v);
            }
          } catch (e) {
            done();
            reject(e instanceof Error ? e : new Error(String(e)));
          }
        },
        abort: (e: Error) => {
          done();
          reject(e);
        },
      };
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(entry);
      };
      this.waiters.add(entry);
      const timer = setTimeout(() => {
        done();
        const recent = this.requests
          .slice(-8)
          .map((r) => `${r.method} ${r.path} -> ${r.status}`)
          .join('; ');
        reject(new Error(`discord-double: timed out after ${ms} ms waiting for ${label}. Recent requests: ${recent || 'none'}`));
      }, ms);
      entry.check();
    });
  }

  private changed(): void {
    for (const w of [...this.waiters]) w.check();
  }

  /** The sequence number the next request will get (use with waitForRequest's `after`). */
  mark(): number {
    return this.seq;
  }

  /** First request (already received, or future) matching `predicate`; `after` skips requests up to a mark(). */
  waitForRequest(predicate: (r: CapturedRequest) => boolean, timeoutMs?: number, opts: { after?: number } = {}): Promise<CapturedRequest> {
    const after = opts.after ?? 0;
    return this.waitUntil(() => this.requests.find((r) => r.seq > after && predicate(r)), timeoutMs, 'a matching request');
  }

  /** Resolves when every shard has a live gateway session (READY sent). */
  whenConnected(timeoutMs?: number): Promise<void> {
    return this.waitUntil(
      () => {
        const sessions = [...this.gateway.current.values()].filter((s) => s.resumable);
        if (sessions.length === 0) return undefined;
        const count = sessions[0]?.shard[1] ?? 1;
        for (let i = 0; i < count; i++) if (!this.gateway.live(i)) return undefined;
        return true;
      },
      timeoutMs,
      'the bot to identify on the gateway',
    ).then(() => undefined);
  }

  // ---------------------------------------------------------------- guild model

  private registerGuild(def: GuildDef): GuildState {
    const joinedAt = new Date().toISOString();
    const managerRoleId = this.snow.next();
    const botRoleId = this.snow.next();
    const roles: RoleState[] = [
      { id: def.id, name: '@everyone', permissions: PLAIN_MEMBER_PERMISSIONS, position: 0, managed: false },
      ...(def.roles ?? []).map((r, i) => ({
        id: r.id,
        name: r.name,
        permissions: r.permissions ?? 0n,
        position: r.position ?? i + 1,
        managed: false,
      })),
      { id: managerRoleId, name: 'Manager', permissions: Perm.ManageGuild, position: 90, managed: false },
      {
        id: botRoleId,
        name: this.options.botUsername,
        permissions: def.botPermissions ?? DEFAULT_BOT_PERMISSIONS,
        position: 100,
        managed: true,
        botId: this.options.botUserId,
      },
    ];
    const g: GuildState = {
      id: def.id,
      name: def.name,
      ownerId: def.ownerId,
      roles,
      members: new Map(),
      channelIds: [],
      managerRoleId,
      botRoleId,
      joinedAt,
      preferredLocale: def.preferredLocale ?? 'en-US',
    };
    for (const m of def.members) this.putMember(g, m);
    g.members.set(this.options.botUserId, {
      def: { id: this.options.botUserId, username: this.options.botUsername, bot: true },
      roles: [botRoleId],
      joinedAt,
    });
    def.channels.forEach((c, i) => this.putChannel(g, c, i));
    this.guilds.set(g.id, g);
    return g;
  }

  private putMember(g: GuildState, m: MemberDef): MemberState {
    this.knownUsers.set(m.id, m);
    const state: MemberState = {
      def: m,
      roles: [...(m.roles ?? []), ...(m.manageGuild ? [g.managerRoleId] : [])],
      joinedAt: new Date().toISOString(),
    };
    g.members.set(m.id, state);
    return state;
  }

  private putChannel(g: GuildState, c: ChannelDef, index: number): ChannelState {
    const state: ChannelState = {
      id: c.id,
      guildId: g.id,
      type: CHANNEL_TYPES[c.type],
      name: c.name,
      position: c.position ?? index,
      parentId: c.parentId ?? null,
      topic: c.topic ?? null,
      permissionOverwrites: c.permissionOverwrites ?? [],
      lastMessageId: null,
      names: [c.name],
    };
    this.channels.set(c.id, state);
    g.channelIds.push(c.id);
    return state;
  }

  private guild(id: string): GuildState {
    const g = this.guilds.get(id);
    if (!g) throw new Error(`discord-double: unknown guild ${id}`);
    return g;
  }

  /** Computed guild-level permissions of a member. */
  permissionsOf(guildId: string, userId: string): bigint {
    const g = this.guild(guildId);
    if (g.ownerId === userId) return ALL_PERMISSIONS;
    const m = g.members.get(userId);
    let p = g.roles.find((r) => r.id === g.id)?.permissions ?? 0n;
    for (const rid of m?.roles ?? []) p |= g.roles.find((r) => r.id === rid)?.permissions ?? 0n;
    return p & Perm.Administrator ? ALL_PERMISSIONS : p;
  }

  /** The bot's permissions in a channel: its roles, then the channel's overwrites. */
  botPermissionsIn(channelId: string): bigint {
    const c = this.channels.get(channelId);
    if (!c) throw new Error(`discord-double: unknown channel ${channelId}`);
    const g = this.guild(c.guildId);
    const me = this.options.botUserId;
    return channelPermissions(this.permissionsOf(g.id, me), c.permissionOverwrites as Overwrite[], {
      guildId: g.id,
      userId: me,
      roleIds: g.members.get(me)?.roles ?? [],
    });
  }

  /** 403 as Discord answers it: 50001 without View Channel, else 50013 naming nothing (Discord doesn't). */
  private requireBot(c: ChannelState, needed: bigint): void {
    const missing = missingPermissions(this.botPermissionsIn(c.id), needed | Perm.ViewChannel);
    if (missing.includes('ViewChannel')) throw new HttpError(403, 50001, 'Missing Access');
    if (missing.length) throw new HttpError(403, 50013, 'Missing Permissions');
  }

  private userObject(m: MemberDef): Obj {
    if (m.id === this.options.botUserId) return { ...this.botUser };
    return {
      id: m.id,
      username: m.username,
      discriminator: '0',
      global_name: m.globalName ?? null,
      avatar: null,
      ...(m.bot ? { bot: true } : {}),
      public_flags: 0,
      flags: 0,
      banner: null,
      accent_color: null,
      avatar_decoration_data: null,
      collectibles: null,
      primary_guild: null,
    };
  }

  private memberObject(g: GuildState, m: MemberState, withPermissions = false): Obj {
    return {
      user: this.userObject(m.def),
      nick: m.def.nick ?? null,
      avatar: null,
      banner: null,
      roles: [...m.roles],
      joined_at: m.joinedAt,
      premium_since: null,
      deaf: false,
      mute: false,
      pending: false,
      flags: 0,
      communication_disabled_until: null,
      unusual_dm_activity_until: null,
      ...(withPermissions ? { permissions: this.permissionsOf(g.id, m.def.id).toString() } : {}),
    };
  }

  private roleObject(r: RoleState): Obj {
    return {
      id: r.id,
      name: r.name,
      description: null,
      permissions: r.permissions.toString(),
      position: r.position,
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      managed: r.managed,
      mentionable: false,
      icon: null,
      unicode_emoji: null,
      flags: 0,
      ...(r.botId ? { tags: { bot_id: r.botId } } : {}),
    };
  }

  /** The channel object Discord would return. */
  channelObject(c: ChannelState): Obj {
    const base: Obj = {
      id: c.id,
      type: c.type,
      guild_id: c.guildId,
      name: c.name,
      position: c.position,
      parent_id: c.parentId,
      permission_overwrites: c.permissionOverwrites,
      flags: 0,
      nsfw: false,
    };
    if (c.type === 4) return base;
    if (c.type === 2 || c.type === 13) {
      return { ...base, bitrate: 64_000, user_limit: 0, rtc_region: null, last_message_id: c.lastMessageId, rate_limit_per_user: 0 };
    }
    return { ...base, topic: c.topic, last_message_id: c.lastMessageId, rate_limit_per_user: 0, last_pin_timestamp: null };
  }

  private guildObject(g: GuildState, counts = false): Obj {
    return {
      id: g.id,
      name: g.name,
      icon: null,
      icon_hash: null,
      splash: null,
      discovery_splash: null,
      owner_id: g.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      widget_enabled: false,
      widget_channel_id: null,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: g.roles.map((r) => this.roleObject(r)),
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      max_presences: null,
      max_members: 500_000,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: g.preferredLocale,
      public_updates_channel_id: null,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      safety_alerts_channel_id: null,
      incidents_data: null,
      ...(counts ? { approximate_member_count: g.members.size, approximate_presence_count: 0 } : {}),
    };
  }

  private guildCreate(g: GuildState, intents: number): Obj {
    const members = [...g.members.values()].filter(
      (m) => (intents & Intents.GuildMembers) !== 0 || m.def.id === this.options.botUserId,
    );
    return {
      ...this.guildObject(g),
      joined_at: g.joinedAt,
      large: false,
      unavailable: false,
      member_count: g.members.size,
      voice_states: [],
      members: members.map((m) => this.memberObject(g, m)),
      channels: g.channelIds.map((id) => this.channelObject(this.channels.get(id) as ChannelState)).map((c) => {
        const { guild_id: _drop, ...rest } = c;
        return rest;
      }),
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      embedded_activities: [],
      lazy: true,
    };
  }

  private shardOf(guildId: string, count?: number): number {
    const n = count ?? [...this.gateway.current.values()][0]?.shard[1] ?? this.options.shards;
    return Number((BigInt(guildId) >> 22n) % BigInt(n));
  }

  private readyFor(shard: [number, number], intents: number): { ready: Obj; guilds: unknown[] } {
    const mine = [...this.guilds.values()].filter((g) => this.shardOf(g.id, shard[1]) === shard[0]);
    return {
      ready: {
        v: 10,
        user_settings: {},
        user: { ...this.botUser, verified: true, mfa_enabled: false, email: null },
        private_channels: [],
        presences: [],
        relationships: [],
        guild_join_requests: [],
        geo_ordered_rtc_regions: ['rotterdam', 'frankfurt'],
        auth: {},
        guilds: mine.map((g) => ({ id: g.id, unavailable: true })),
        application: { id: this.options.applicationId, flags: this.options.applicationFlags },
      },
      guilds: mine.map((g) => this.guildCreate(g, intents)),
    };
  }

  private requestMembers(d: Obj): unknown[] {
    const g = this.guilds.get(str(d.guild_id) ?? '');
    if (!g) return [];
    const query = (str(d.query) ?? '').toLowerCase();
    const ids = arr(d.user_ids).map(String);
    const limit = num(d.limit) || Number.POSITIVE_INFINITY;
    return [...g.members.values()]
      .filter((m) => (ids.length > 0 ? ids.includes(m.def.id) : m.def.username.toLowerCase().startsWith(query)))
      .slice(0, limit)
      .map((m) => this.memberObject(g, m));
  }

  /** The bot joins a guild: GUILD_CREATE on its shard. */
  addGuild(def: GuildDef): void {
    const g = this.registerGuild(def);
    const shard = this.shardOf(g.id);
    const s = this.gateway.live(shard);
    this.gateway.dispatch('GUILD_CREATE', this.guildCreate(g, s?.intents ?? 0), shard);
  }

  /** The bot is removed from a guild: GUILD_DELETE. */
  removeGuild(id: string): void {
    const shard = this.shardOf(id);
    this.guilds.delete(id);
    this.gateway.dispatch('GUILD_DELETE', { id }, shard);
  }

  /**
   * A member leaves: GUILD_MEMBER_REMOVE. Discord still knows the user: a user option naming them then
   * carries the user without a member, as Discord sends it.
   */
  removeMember(guildId: string, userId: string): void {
    const g = this.guild(guildId);
    const m = g.members.get(userId);
    if (!m) throw new Error(`discord-double: ${userId} is not a member of ${guildId}`);
    g.members.delete(userId);
    this.dispatchIntent(guildId, Intents.GuildMembers, 'GUILD_MEMBER_REMOVE', { guild_id: guildId, user: this.userObject(m.def) });
  }

  /** A member joins: GUILD_MEMBER_ADD (delivered when the session has the GuildMembers intent). */
  addMember(guildId: string, def: MemberDef): void {
    const g = this.guild(guildId);
    const m = this.putMember(g, def);
    this.dispatchIntent(guildId, Intents.GuildMembers, 'GUILD_MEMBER_ADD', { ...this.memberObject(g, m), guild_id: guildId });
  }

  private dispatchIntent(guildId: string, intent: number, t: string, d: unknown): void {
    const s = this.gateway.live(this.shardOf(guildId));
    if (s && (s.intents & intent) !== 0) this.gateway.push(s, t, d);
    this.changed();
  }

  /** Sends any gateway dispatch. Routed to the shard of `data.guild_id` (or `opts.shard`), else every shard. */
  dispatch(event: string, data: unknown, opts: { shard?: number } = {}): void {
    const gid = str(obj(data).guild_id);
    const shard = opts.shard ?? (gid ? this.shardOf(gid) : undefined);
    this.gateway.dispatch(event, data, shard);
  }

  /** Closes the gateway socket(s) with `code`. 4000 etc.: the client resumes; 1000: fresh identify. */
  closeGateway(code: number, opts: { shard?: number } = {}): void {
    this.gateway.close(code, opts.shard);
  }

  // ---------------------------------------------------------------- observations

  /** The channel object Discord would send for channel `id` (e.g. to build a CHANNEL_UPDATE). */
  channelJson(id: string): Obj {
    const c = this.channels.get(id);
    if (!c) throw new Error(`discord-double: unknown channel ${id}`);
    return this.channelObject(c);
  }

  /** Someone (not the bot) edits a channel in Discord: state changes and CHANNEL_UPDATE is dispatched. */
  updateChannel(id: string, patch: { name?: string; topic?: string | null; parentId?: string | null; position?: number }): void {
    const c = this.channels.get(id);
    if (!c) throw new Error(`discord-double: unknown channel ${id}`);
    if (patch.name !== undefined && patch.name !== c.name) {
      c.name = patch.name;
      c.names.push(patch.name);
    }
    if (patch.topic !== undefined) c.topic = patch.topic;
    if (patch.parentId !== undefined) c.parentId = patch.parentId;
    if (patch.position !== undefined) c.position = patch.position;
    this.gateway.dispatch('CHANNEL_UPDATE', this.channelObject(c), this.shardOf(c.guildId));
  }

  /** An admin edits a channel's permission overwrites: CHANNEL_UPDATE. */
  setChannelOverwrites(channelId: string, overwrites: Overwrite[]): void {
    const c = this.channels.get(channelId);
    if (!c) throw new Error(`discord-double: unknown channel ${channelId}`);
    c.permissionOverwrites = structuredClone(overwrites);
    this.gateway.dispatch('CHANNEL_UPDATE', this.channelObject(c), this.shardOf(c.guildId));
    this.changed();
  }

  /** An admin sets the bot's own overwrite in a channel (`deny` wins over its roles): CHANNEL_UPDATE. */
  setBotChannelPermissions(channelId: string, p: { allow?: bigint; deny?: bigint }): void {
    const c = this.channels.get(channelId);
    if (!c) throw new Error(`discord-double: unknown channel ${channelId}`);
    const others = (c.permissionOverwrites as Overwrite[]).filter((o) => !(o.type === 1 && o.id === this.options.botUserId));
    const mine: Overwrite = { id: this.options.botUserId, type: 1, allow: (p.allow ?? 0n).toString(), deny: (p.deny ?? 0n).toString() };
    this.setChannelOverwrites(channelId, p.allow || p.deny ? [...others, mine] : others);
  }

  /** The id of the bot's managed role in a guild. */
  botRoleId(guildId: string): string {
    return this.guild(guildId).botRoleId;
  }

  /** An admin changes a role's permissions: GUILD_ROLE_UPDATE. */
  setRolePermissions(guildId: string, roleId: string, permissions: bigint): void {
    const g = this.guild(guildId);
    const r = g.roles.find((x) => x.id === roleId);
    if (!r) throw new Error(`discord-double: unknown role ${roleId}`);
    r.permissions = permissions;
    this.gateway.dispatch('GUILD_ROLE_UPDATE', { guild_id: guildId, role: this.roleObject(r) }, this.shardOf(guildId));
    this.changed();
  }

  /** Current state of a channel (after renames). */
  channel(id: string): ChannelState | undefined {
    const c = this.channels.get(id);
    return c ? { ...c, names: [...c.names] } : undefined;
  }

  /** A stored message (snapshot), including deleted ones. */
  message(id: string): DoubleMessage | undefined {
    const m = this.messages.get(id);
    return m ? this.snapshot(m) : undefined;
  }

  /**
   * Messages the bot posted with POST /channels/:id/messages, oldest first, in their current state.
   * `includeInteractionReplies` adds non-ephemeral interaction responses / follow-ups in that channel.
   */
  channelMessages(channelId: string, opts: { includeDeleted?: boolean; includeInteractionReplies?: boolean } = {}): DoubleMessage[] {
    return [...this.messages.values()]
      .filter((m) => m.channel_id === channelId)
      .filter((m) => opts.includeDeleted || !m.deleted)
      .filter((m) => {
        const meta = this.messageMeta.get(m.id);
        if (meta?.source === 'channel') return true;
        return !!opts.includeInteractionReplies && ((m.flags ?? 0) & Flags.Ephemeral) === 0;
      })
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
      .map((m) => this.snapshot(m));
  }

  /** Waits until the channel's posted messages satisfy `predicate` (returns them). */
  waitForChannelMessages(
    channelId: string,
    predicate: (msgs: DoubleMessage[]) => boolean,
    timeoutMs?: number,
  ): Promise<DoubleMessage[]> {
    return this.waitUntil(
      () => {
        const msgs = this.channelMessages(channelId);
        return predicate(msgs) ? msgs : undefined;
      },
      timeoutMs,
      `messages in channel ${channelId}`,
    );
  }

  /** Registered application commands: global when guildId is undefined, else that guild's. */
  commands(guildId?: string): RegisteredCommand[] {
    const map = guildId ? this.guildCommands.get(guildId) : this.globalCommands;
    return [...(map?.values() ?? [])].map((c) => structuredClone(c));
  }

  /** Every interaction the double sent, newest last. */
  interactionsSent(): InteractionHandle[] {
    return [...this.interactions.values()].map((s) => new InteractionHandle(s, this.handleCtx));
  }

  /** Requests with the schema-validated route (or all) that the bot sent. */
  requestsTo(method: string, pathPattern: RegExp): CapturedRequest[] {
    return this.requests.filter((r) => r.method === method.toUpperCase() && pathPattern.test(r.path));
  }

  // ---------------------------------------------------------------- faults

  /** The next `times` requests matching get `status` (429 carries retry-after; 5xx a Discord-like body). */
  failNext(rule: FaultRule): void {
    this.faults.push({ ...rule, remaining: rule.times ?? 1 });
  }

  // ---------------------------------------------------------------- driving

  private readonly handleCtx: HandleContext = {
    waitUntil: (probe, timeoutMs, label) => this.waitUntil(probe, timeoutMs, label),
    message: (id) => (id ? this.messages.get(id) : undefined),
    snapshot: (m) => this.snapshot(m),
  };

  private snapshot(m: DoubleMessage): DoubleMessage {
    const { files, ...rest } = m;
    return { ...(structuredClone(rest) as unknown as DoubleMessage), files: [...files] };
  }

  private baseInteraction(type: number, guildId: string, userId: string, channelId: string, locale?: string): InteractionState {
    const g = this.guild(guildId);
    const member = g.members.get(userId);
    if (!member) throw new Error(`discord-double: user ${userId} is not a member of guild ${guildId}`);
    const ch = this.channels.get(channelId);
    if (!ch || ch.guildId !== guildId) throw new Error(`discord-double: channel ${channelId} is not in guild ${guildId}`);
    const id = this.snow.next();
    const token = `aW50ZXJhY3Rpb246${id}:${randomBytes(48).toString('base64url')}`;
    const perms = this.permissionsOf(guildId, userId);
    const payload: Obj = {
      id,
      application_id: this.options.applicationId,
      type,
      token,
      version: 1,
      guild: { id: guildId, locale: g.preferredLocale, features: [] },
      guild_id: guildId,
      guild_locale: g.preferredLocale,
      channel: { ...this.channelObject(ch), permissions: perms.toString() },
      channel_id: channelId,
      member: this.memberObject(g, member, true),
      app_permissions: this.permissionsOf(guildId, this.options.botUserId).toString(),
      locale: locale ?? member.def.locale ?? 'en-US',
      entitlements: [],
      entitlement_sku_ids: [],
      authorizing_integration_owners: { '0': guildId },
      context: 0,
      attachment_size_limit: 10 * 1024 * 1024,
    };
    const state: InteractionState = {
      id,
      token,
      type,
      guildId,
      channelId,
      userId,
      createdAt: Date.now(),
      payload,
      callbacks: [],
      followUpIds: [],
      edits: [],
    };
    return state;
  }

  private async send(state: InteractionState): Promise<InteractionHandle> {
    await this.whenConnected();
    this.interactions.set(state.id, state);
    this.byToken.set(state.token, state);
    state.createdAt = Date.now();
    this.gateway.dispatch('INTERACTION_CREATE', state.payload, this.shardOf(state.guildId));
    return new InteractionHandle(state, this.handleCtx);
  }

  private defaultChannel(guildId: string): string {
    const g = this.guild(guildId);
    const id = g.channelIds.find((c) => this.channels.get(c)?.type === 0);
    if (!id) throw new Error(`discord-double: guild ${guildId} has no text channel`);
    return id;
  }

  private findCommand(guildId: string, name: string): RegisteredCommand | undefined {
    const match = (c: RegisteredCommand) => c.name === name && (c.type ?? 1) === 1;
    return [...(this.guildCommands.get(guildId)?.values() ?? [])].find(match) ?? [...this.globalCommands.values()].find(match);
  }

  private anyCommandsRegistered(guildId: string): boolean {
    return this.globalCommands.size > 0 || (this.guildCommands.get(guildId)?.size ?? 0) > 0;
  }

  private buildCommandData(input: SlashInput, focused?: string): Obj {
    const cmd = this.findCommand(input.guildId, input.command);
    if (!cmd && this.anyCommandsRegistered(input.guildId)) {
      throw new Error(`discord-double: /${input.command} is not a registered command (registered: ${this.registeredNames(input.guildId)})`);
    }
    const label = `/${[input.command, input.group, input.subcommand].filter(Boolean).join(' ')}`;
    let defs: Obj[] | undefined = cmd ? (cmd.options ?? []).map(obj) : undefined;
    const path: { name: string; type: number }[] = [];
    if (input.group) {
      const grp = defs?.find((o) => o.name === input.group && o.type === Opt.Group);
      if (defs && !grp) throw new Error(`discord-double: ${label}: no subcommand group "${input.group}"`);
      path.push({ name: input.group, type: Opt.Group });
      defs = grp ? arr(grp.options).map(obj) : undefined;
    }
    if (input.subcommand) {
      const sub = defs?.find((o) => o.name === input.subcommand && o.type === Opt.Sub);
      if (defs && !sub) throw new Error(`discord-double: ${label}: no subcommand "${input.subcommand}"`);
      path.push({ name: input.subcommand, type: Opt.Sub });
      defs = sub ? arr(sub.options).map(obj) : undefined;
    } else if (defs?.some((o) => o.type === Opt.Sub || o.type === Opt.Group)) {
      throw new Error(`discord-double: ${label} needs a subcommand`);
    }
    const resolved: { users: Obj; members: Obj; channels: Obj; roles: Obj } = { users: {}, members: {}, channels: {}, roles: {} };
    const g = this.guild(input.guildId);
    const leaf: Obj[] = [];
    for (const [name, value] of Object.entries(input.options ?? {})) {
      const def = defs?.find((o) => o.name === name);
      if (defs && !def) throw new Error(`discord-double: ${label} has no option "${name}"`);
      const isFocused = name === focused;
      let type = num(def?.type) ?? (typeof value === 'boolean' ? Opt.Boolean : typeof value === 'number' ? (Number.isInteger(value) ? Opt.Integer : Opt.Number) : Opt.String);
      if (isFocused) {
        leaf.push({ name, type, value: String(value), focused: true });
        continue;
      }
      if (def) this.checkOptionValue(label, def, value);
      if (type === Opt.User || type === Opt.Mentionable) {
        const m = g.members.get(String(value));
        if (m) {
          resolved.users[m.def.id] = this.userObject(m.def);
          const { user: _u, ...member } = this.memberObject(g, m, true);
          resolved.members[m.def.id] = member;
        } else if (type === Opt.User) {
          // A user Discord knows (a member who left): the user alone, no member.
          const known = this.knownUsers.get(String(value));
          if (!known) throw new Error(`discord-double: ${label} option ${name}: ${String(value)} is not a known user`);
          resolved.users[known.id] = this.userObject(known);
        }
        if (type === Opt.Mentionable && !m) {
          const role = g.roles.find((r) => r.id === String(value));
          if (!role) throw new Error(`discord-double: ${label} option ${name}: unknown user/role ${String(value)}`);
          resolved.roles[role.id] = this.roleObject(role);
        }
      } else if (type === Opt.Channel) {
        const c = this.channels.get(String(value));
        if (!c) throw new Error(`discord-double: ${label} option ${name}: unknown channel ${String(value)}`);
        const types = arr(def?.channel_types);
        if (types.length > 0 && !types.includes(c.type)) throw new Error(`discord-double: ${label} option ${name}: channel type ${c.type} not allowed`);
        resolved.channels[c.id] = { id: c.id, name: c.name, type: c.type, parent_id: c.parentId, permissions: this.permissionsOf(g.id, input.userId).toString(), flags: 0 };
      } else if (type === Opt.Role) {
        const role = g.roles.find((r) => r.id === String(value));
        if (!role) throw new Error(`discord-double: ${label} option ${name}: unknown role ${String(value)}`);
        resolved.roles[role.id] = this.roleObject(role);
      } else if (type === Opt.Attachment) {
        throw new Error('discord-double: attachment options are not modelled');
      }
      if (type === Opt.Integer && typeof value === 'number' && !Number.isInteger(value)) type = Opt.Number;
      leaf.push({ name, type, value: type === Opt.User || type === Opt.Channel || type === Opt.Role || type === Opt.Mentionable ? String(value) : value });
    }
    if (defs && focused === undefined) {
      for (const d of defs) {
        if (d.required === true && !(String(d.name) in (input.options ?? {}))) {
          throw new Error(`discord-double: ${label}: required option "${String(d.name)}" missing`);
        }
      }
    }
    if (focused !== undefined && !leaf.some((o) => o.focused)) {
      const def = defs?.find((o) => o.name === focused);
      if (defs && !def) throw new Error(`discord-double: ${label} has no option "${focused}"`);
      leaf.push({ name: focused, type: num(def?.type) ?? Opt.String, value: '', focused: true });
    }
    if (focused !== undefined && defs) {
      const def = defs.find((o) => o.name === focused);
      if (def && def.autocomplete !== true) throw new Error(`discord-double: ${label} option "${focused}" has no autocomplete`);
    }
    let options: Obj[] = leaf;
    for (const p of [...path].reverse()) options = [{ name: p.name, type: p.type, options }];
    const hasResolved = Object.values(resolved).some((r) => Object.keys(r).length > 0);
    const resolvedOut = Object.fromEntries(Object.entries(resolved).filter(([, v]) => Object.keys(v).length > 0));
    return {
      id: cmd?.id ?? this.snow.next(),
      name: input.command,
      type: 1,
      ...(cmd?.guild_id ? { guild_id: cmd.guild_id } : {}),
      ...(options.length > 0 ? { options } : {}),
      ...(hasResolved ? { resolved: resolvedOut } : {}),
    };
  }

  private checkOptionValue(label: string, def: Obj, value: OptionValue): void {
    const name = String(def.name);
    const type = num(def.type);
    const fail = (why: string) => {
      throw new Error(`discord-double: ${label} option ${name}: ${why}`);
    };
    if (type === Opt.String && typeof value !== 'string') fail('expected a string');
    if ((type === Opt.Integer || type === Opt.Number) && typeof value !== 'number') fail('expected a number');
    if (type === Opt.Integer && !Number.isInteger(value)) fail('expected an integer');
    if (type === Opt.Boolean && typeof value !== 'boolean') fail('expected a boolean');
    const choices = arr(def.choices).map(obj);
    if (choices.length > 0 && !choices.some((c) => c.value === value)) fail(`${String(value)} is not one of the choices`);
    if (typeof value === 'number') {
      if (typeof def.min_value === 'number' && value < def.min_value) fail(`below min_value ${def.min_value}`);
      if (typeof def.max_value === 'number' && value > def.max_value) fail(`above max_value ${def.max_value}`);
    }
    if (typeof value === 'string') {
      if (typeof def.min_length === 'number' && value.length < def.min_length) fail(`shorter than min_length ${def.min_length}`);
      if (typeof def.max_length === 'number' && value.length > def.max_length) fail(`longer than max_length ${def.max_length}`);
    }
  }

  private registeredNames(guildId: string): string {
    return [...this.globalCommands.values(), ...(this.guildCommands.get(guildId)?.values() ?? [])].map((c) => c.name).join(', ');
  }

  /** A member runs a slash command. */
  async slash(input: SlashInput): Promise<InteractionHandle> {
    const state = this.baseInteraction(InteractionType.ApplicationCommand, input.guildId, input.userId, input.channelId ?? this.defaultChannel(input.guildId), input.locale);
    state.payload.data = this.buildCommandData(input);
    return this.send(state);
  }

  /** A member types into an autocompleted option; resolves with the choices the bot returned. */
  async autocomplete(input: AutocompleteInput, timeoutMs?: number): Promise<{ name: string; value: string | number }[]> {
    const ix = await this.autocompleteInteraction(input);
    return ix.choices(timeoutMs);
  }

  /** Like autocomplete() but returns the handle. */
  async autocompleteInteraction(input: AutocompleteInput): Promise<InteractionHandle> {
    const state = this.baseInteraction(InteractionType.Autocomplete, input.guildId, input.userId, input.channelId ?? this.defaultChannel(input.guildId), input.locale);
    state.payload.data = this.buildCommandData(input, input.focused);
    return this.send(state);
  }

  private componentInteraction(input: ComponentInput, accept: (c: Obj) => string | undefined): { state: InteractionState; component: Obj } {
    const id = typeof input.message === 'string' ? input.message : input.message.id;
    const msg = this.messages.get(id);
    if (!msg) throw new Error(`discord-double: message ${id} is not a message the bot sent`);
    if (msg.deleted) throw new Error(`discord-double: message ${id} was deleted`);
    const ch = this.channels.get(msg.channel_id);
    if (!ch) throw new Error(`discord-double: channel ${msg.channel_id} unknown`);
    const guildId = input.guildId ?? ch.guildId;
    const all = collectComponents(msg.components ?? []);
    const component = all.find((c) => c.custom_id === input.customId);
    if (!component) {
      throw new Error(`discord-double: message ${id} has no component "${input.customId}" (has: ${all.map((c) => String(c.custom_id)).join(', ')})`);
    }
    if (component.disabled === true) throw new Error(`discord-double: component "${input.customId}" is disabled`);
    const why = accept(component);
    if (why) throw new Error(`discord-double: component "${input.customId}": ${why}`);
    if (((msg.flags ?? 0) & Flags.Ephemeral) !== 0) {
      const meta = this.messageMeta.get(id);
      const owner = meta?.interactionId ? this.interactions.get(meta.interactionId)?.userId : undefined;
      if (owner && owner !== input.userId) throw new Error('discord-double: only the member who got an ephemeral message can use it');
    }
    const state = this.baseInteraction(InteractionType.MessageComponent, guildId, input.userId, msg.channel_id, input.locale);
    state.sourceMessageId = id;
    state.payload.message = this.messageJson(msg);
    return { state, component };
  }

  /** A member clicks a button on a message the bot sent. */
  async clickButton(input: ComponentInput): Promise<InteractionHandle> {
    const { state } = this.componentInteraction(input, (c) => {
      if (c.type !== 2) return `is not a button (type ${String(c.type)})`;
      if (c.style === 5 || c.style === 6) return 'link/premium buttons do not send interactions';
      return undefined;
    });
    state.payload.data = { custom_id: input.customId, component_type: 2 };
    return this.send(state);
  }

  /** A member picks values in a select menu on a message the bot sent. */
  async selectMenu(input: SelectInput): Promise<InteractionHandle> {
    const { state, component } = this.componentInteraction(input, (c) => {
      const t = num(c.type) ?? 0;
      if (![3, 5, 6, 7, 8].includes(t)) return `is not a select menu (type ${t})`;
      const min = num(c.min_values) ?? 1;
      const max = num(c.max_values) ?? 1;
      if (input.values.length < min || input.values.length > max) return `needs ${min}..${max} values, got ${input.values.length}`;
      if (t === 3) {
        const allowed = arr(c.options).map((o) => obj(o).value);
        const bad = input.values.filter((v) => !allowed.includes(v));
        if (bad.length > 0) return `values not among the options: ${bad.join(', ')}`;
      }
      return undefined;
    });
    const data: Obj = { custom_id: input.customId, component_type: component.type, values: input.values };
    const g = this.guild(state.guildId);
    if (component.type === 5 || component.type === 6 || component.type === 7 || component.type === 8) {
      const users: Obj = {};
      const members: Obj = {};
      const roles: Obj = {};
      const channels: Obj = {};
      for (const v of input.values) {
        const m = g.members.get(v);
        if (m) {
          users[v] = this.userObject(m.def);
          const { user: _u, ...rest } = this.memberObject(g, m, true);
          members[v] = rest;
        }
        const r = g.roles.find((x) => x.id === v);
        if (r) roles[v] = this.roleObject(r);
        const c = this.channels.get(v);
        if (c) channels[v] = { id: c.id, name: c.name, type: c.type, parent_id: c.parentId, permissions: '0', flags: 0 };
      }
      data.resolved = { users, members, roles, channels };
    }
    state.payload.data = data;
    return this.send(state);
  }

  /** A member submits the latest modal with `customId` the bot showed them. */
  async submitModal(input: ModalInput): Promise<InteractionHandle> {
    const shown = [...this.modals].reverse().find((m) => m.data.custom_id === input.customId && m.userId === input.userId && m.guildId === input.guildId);
    if (!shown) throw new Error(`discord-double: no modal "${input.customId}" was shown to user ${input.userId}`);
    const used = new Set<string>();
    const value = (c: Obj): string | string[] | undefined => {
      const id = String(c.custom_id);
      used.add(id);
      return input.fields[id];
    };
    const checkText = (c: Obj, v: string | string[] | undefined): Obj => {
      const id = String(c.custom_id);
      if (Array.isArray(v)) throw new Error(`discord-double: modal field ${id} is a text input`);
      const required = c.required !== false;
      const text = v ?? (typeof c.value === 'string' ? c.value : '');
      if (required && text.length === 0) throw new Error(`discord-double: modal field ${id} is required`);
      if (text.length > 0 && typeof c.min_length === 'number' && text.length < c.min_length) throw new Error(`discord-double: modal field ${id} shorter than ${c.min_length}`);
      if (typeof c.max_length === 'number' && text.length > c.max_length) throw new Error(`discord-double: modal field ${id} longer than ${c.max_length}`);
      return { type: 4, ...(c.id !== undefined ? { id: c.id } : {}), custom_id: id, value: text };
    };
    const submitOf = (c: Obj): Obj => {
      const v = value(c);
      if (c.type === 4) return checkText(c, v);
      const values = v === undefined ? [] : Array.isArray(v) ? v : [v];
      return { type: c.type, ...(c.id !== undefined ? { id: c.id } : {}), custom_id: String(c.custom_id), values };
    };
    const components = arr(shown.data.components).map(obj).map((row): Obj => {
      if (row.type === 1) return { type: 1, ...(row.id !== undefined ? { id: row.id } : {}), components: arr(row.components).map(obj).map(submitOf) };
      if (row.type === 18) return { type: 18, ...(row.id !== undefined ? { id: row.id } : {}), component: submitOf(obj(row.component)) };
      return { type: row.type, ...(row.id !== undefined ? { id: row.id } : {}) };
    });
    const unknown = Object.keys(input.fields).filter((k) => !used.has(k));
    if (unknown.length > 0) throw new Error(`discord-double: modal "${input.customId}" has no field(s) ${unknown.join(', ')}`);
    const state = this.baseInteraction(InteractionType.ModalSubmit, input.guildId, input.userId, input.channelId ?? shown.channelId, input.locale);
    state.payload.data = { custom_id: input.customId, components };
    if (shown.sourceMessageId) {
      const src = this.messages.get(shown.sourceMessageId);
      if (src) {
        state.sourceMessageId = src.id;
        state.payload.message = this.messageJson(src);
      }
    }
    return this.send(state);
  }

  // ---------------------------------------------------------------- messages

  private messageJson(m: DoubleMessage): Obj {
    const { files: _f, deleted: _d, guild_id: _g, ...rest } = m;
    return structuredClone(rest) as Obj;
  }

  private buildAttachments(channelId: string, bodyAtts: unknown, files: CapturedFile[], existing: Obj[]): Obj[] {
    const listed = Array.isArray(bodyAtts) ? bodyAtts.map(obj) : undefined;
    const kept = listed ? existing.filter((a) => listed.some((l) => str(l.id) === a.id)) : existing;
    const added = files.map((f) => {
      const index = /^files\[(\d+)\]$/.exec(f.field)?.[1] ?? f.field;
      const meta = listed?.find((l) => str(l.id) === index) ?? {};
      const id = this.snow.next();
      const filename = str(meta.filename) ?? f.name;
      this.attachmentFiles.set(id, { ...f, name: filename });
      const url = `https://cdn.discordapp.com/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`;
      return {
        id,
        filename,
        size: f.data.length,
        url,
        proxy_url: url.replace('cdn.discordapp.com', 'media.discordapp.net'),
        content_type: f.contentType,
        ...(meta.description !== undefined ? { description: meta.description } : {}),
        ...(meta.title !== undefined ? { title: meta.title } : {}),
      };
    });
    return [...kept, ...added];
  }

  private filesOf(atts: Obj[]): CapturedFile[] {
    return atts.map((a) => this.attachmentFiles.get(String(a.id))).filter((f): f is CapturedFile => f !== undefined);
  }

  private normalizeEmbeds(embeds: unknown, atts: Obj[]): APIEmbed[] {
    return arr(embeds).map((e) => {
      const embed: Obj = { type: 'rich', ...structuredClone(obj(e)) };
      for (const key of ['image', 'thumbnail']) {
        const media = obj(embed[key]);
        const url = str(media.url);
        if (url?.startsWith('attachment://')) {
          const att = atts.find((a) => a.filename === url.slice('attachment://'.length));
          if (att) embed[key] = { ...media, url: att.url, proxy_url: att.proxy_url };
        }
      }
      return embed as APIEmbed;
    });
  }

  private normalizeComponents(components: unknown): Obj[] {
    let next = 1;
    const walk = (c: unknown): unknown => {
      if (Array.isArray(c)) return c.map(walk);
      if (c === null || typeof c !== 'object') return c;
      const o: Obj = { ...(c as Obj) };
      if (typeof o.type === 'number' && o.id === undefined) o.id = next++;
      for (const k of ['components', 'accessory', 'component', 'items']) if (o[k] !== undefined) o[k] = walk(o[k]);
      return o;
    };
    return arr(walk(structuredClone(arr(components)))).map(obj);
  }

  private createMessage(
    channelId: string,
    body: Obj,
    files: CapturedFile[],
    extra: { type?: number; flags?: number; meta: MessageMeta; interaction?: InteractionState; skipEmptyCheck?: boolean },
  ): DoubleMessage {
    const ch = this.channels.get(channelId);
    if (!ch) throw unknownChannel();
    const id = this.snow.next();
    const attachments = this.buildAttachments(channelId, body.attachments, files, []);
    const flags = extra.flags ?? (num(body.flags) ?? 0) & SENDABLE_FLAGS;
    const msg = {
      id,
      type: extra.type ?? 0,
      content: str(body.content) ?? '',
      channel_id: channelId,
      author: { ...this.botUser },
      attachments,
      embeds: this.normalizeEmbeds(body.embeds, attachments),
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: body.tts === true,
      timestamp: discordTime(snowflakeTime(id)),
      edited_timestamp: null,
      flags,
      components: this.normalizeComponents(body.components),
      ...(body.nonce !== undefined && body.nonce !== null ? { nonce: body.nonce } : {}),
      ...(body.poll ? { poll: body.poll } : {}),
      ...(extra.interaction
        ? { webhook_id: this.options.applicationId, application_id: this.options.applicationId, interaction_metadata: this.interactionMetadata(extra.interaction) }
        : {}),
      guild_id: ch.guildId,
      files: this.filesOf(attachments),
    } as unknown as DoubleMessage;
    if (!extra.skipEmptyCheck) assertNotEmpty(msg);
    this.messages.set(id, msg);
    this.messageMeta.set(id, extra.meta);
    ch.lastMessageId = id;
    if ((flags & Flags.Ephemeral) === 0) this.dispatchIntent(ch.guildId, Intents.GuildMessages, 'MESSAGE_CREATE', this.gatewayMessage(msg));
    this.changed();
    return msg;
  }

  private gatewayMessage(m: DoubleMessage): Obj {
    const g = this.guilds.get(m.guild_id ?? '');
    const bot = g?.members.get(this.options.botUserId);
    const member = g && bot ? (({ user: _u, ...rest }) => rest)(this.memberObject(g, bot)) : undefined;
    return { ...this.messageJson(m), guild_id: m.guild_id, ...(member ? { member } : {}) };
  }

  private interactionMetadata(st: InteractionState): Obj {
    const g = this.guilds.get(st.guildId);
    const m = g?.members.get(st.userId);
    const data = obj(st.payload.data);
    return {
      id: st.id,
      type: st.type,
      user: m ? this.userObject(m.def) : { id: st.userId },
      authorizing_integration_owners: { '0': st.guildId },
      ...(st.type === InteractionType.ApplicationCommand ? { name: data.name, command_type: 1 } : {}),
      ...(st.sourceMessageId ? { interacted_message_id: st.sourceMessageId } : {}),
    };
  }

  private applyEdit(m: DoubleMessage, body: Obj, files: CapturedFile[], opts: { fillLoading?: boolean } = {}): void {
    const draft = { ...m } as DoubleMessage;
    if ('content' in body) draft.content = str(body.content) ?? '';
    const atts =
      'attachments' in body || files.length > 0
        ? this.buildAttachments(m.channel_id, 'attachments' in body ? (body.attachments ?? []) : undefined, files, m.attachments as unknown as Obj[])
        : (m.attachments as unknown as Obj[]);
    draft.attachments = atts as unknown as DoubleMessage['attachments'];
    if ('embeds' in body) draft.embeds = this.normalizeEmbeds(body.embeds ?? [], atts);
    if ('components' in body) draft.components = this.normalizeComponents(body.components ?? []) as unknown as DoubleMessage['components'];
    if (typeof body.flags === 'number') draft.flags = ((m.flags ?? 0) & ~EDITABLE_FLAGS) | (body.flags & EDITABLE_FLAGS);
    if (opts.fillLoading) draft.flags = (draft.flags ?? 0) & ~Flags.Loading;
    else draft.edited_timestamp = discordTime(Date.now());
    draft.files = this.filesOf(atts);
    assertNotEmpty(draft);
    Object.assign(m, draft);
    if (((m.flags ?? 0) & Flags.Ephemeral) === 0) {
      const g = this.channels.get(m.channel_id)?.guildId ?? '';
      this.dispatchIntent(g, Intents.GuildMessages, 'MESSAGE_UPDATE', this.gatewayMessage(m));
    }
    this.changed();
  }

  private deleteMessage(m: DoubleMessage): void {
    m.deleted = true;
    if (((m.flags ?? 0) & Flags.Ephemeral) === 0) {
      this.dispatchIntent(m.guild_id ?? '', Intents.GuildMessages, 'MESSAGE_DELETE', { id: m.id, channel_id: m.channel_id, guild_id: m.guild_id });
    }
    this.changed();
  }

  // ---------------------------------------------------------------- HTTP

  private route(method: string, pattern: string, handler: Handler, auth = true): void {
    this.routes.push({ method, segments: pattern.split('/').filter(Boolean), auth, handler });
  }

  private match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    const segs = path.split('/').filter(Boolean);
    let best: { route: Route; params: Record<string, string>; literals: number } | undefined;
    for (const r of this.routes) {
      if (r.method !== method || r.segments.length !== segs.length) continue;
      const params: Record<string, string> = {};
      let literals = 0;
      let ok = true;
      r.segments.forEach((s, i) => {
        const v = segs[i] ?? '';
        if (s.startsWith(':')) params[s.slice(1)] = v;
        else if (s === v) literals++;
        else ok = false;
      });
      if (ok && (!best || literals > best.literals)) best = { route: r, params, literals };
    }
    return best;
  }

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const query = Object.fromEntries(url.searchParams.entries());
    const versioned = /^\/api(?:\/v(\d+))?(\/.*)$/.exec(url.pathname);
    const path = (versioned?.[2] ?? url.pathname)
      .split('/')
      .map((s) => {
        try {
          return decodeURIComponent(s);
        } catch {
          return s;
        }
      })
      .join('/');
    const rec: CapturedRequest = { seq: ++this.seq, at: Date.now(), method, path, url: req.url ?? '', query, headers, body: undefined, files: [], status: 0 };
    let parseError: unknown;
    await this.parseBody(rec, raw, headers['content-type'] ?? '').catch((e: unknown) => (parseError = e));
    // From here on everything is synchronous: waiters woken by the handler run only after the request is
    // recorded with its status.
    let out: Res;
    this.requests.push(rec);
    this.recordMessageBody(rec);
    try {
      if (parseError) throw parseError;
      if (!versioned || (versioned[1] !== undefined && versioned[1] !== '10')) throw new HttpError(404, 0, '404: Not Found');
      out = this.handle(rec, query);
    } catch (e) {
      out = errorResponse(e);
    }
    rec.status = out.status;
    rec.response = out.body;
    if (this.rateLimits.answered(out.status, out.headers?.['x-ratelimit-scope'])) {
      rec.invalid = true;
      this.invalidRequests.push(rec);
    }
    if (out.status === 404 && (out.body as { code?: number } | undefined)?.code === 0) this.unhandled.push(rec);
    const body = out.body === undefined ? '' : JSON.stringify(out.body);
    res.writeHead(out.status, {
      ...(out.body === undefined ? {} : { 'content-type': 'application/json' }),
      via: 'discord-double',
      ...out.headers,
    });
    res.end(body);
    this.changed();
  }

  private async parseBody(rec: CapturedRequest, raw: Buffer, contentType: string): Promise<void> {
    if (raw.length === 0) return;
    if (contentType.startsWith('multipart/form-data')) {
      const form = await new Request('http://127.0.0.1/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
      for (const [field, value] of form.entries()) {
        if (typeof value === 'string') {
          if (field === 'payload_json') rec.body = JSON.parse(value) as unknown;
        } else {
          const file = value as File;
          rec.files.push({ field, name: file.name, contentType: file.type || 'application/octet-stream', data: Buffer.from(await file.arrayBuffer()) });
        }
      }
      return;
    }
    const text = raw.toString('utf8');
    try {
      rec.body = JSON.parse(text) as unknown;
    } catch {
      rec.body = text;
      throw new HttpError(400, 50109, 'The request body contains invalid JSON.');
    }
  }

  private recordMessageBody(rec: CapturedRequest): void {
    const kind = messageBodyKind(rec.method, rec.path, rec.body);
    if (!kind) return;
    const payload = kind === 'callback' ? obj(obj(rec.body).data) : obj(rec.body);
    const am = payload.allowed_mentions;
    this.messageBodies.push({
      seq: rec.seq,
      kind,
      method: rec.method,
      path: rec.path,
      allowedMentions: am === undefined || am === null ? undefined : (structuredClone(am) as MessageBodyRecord['allowedMentions']),
      request: rec,
    });
  }

  private handle(rec: CapturedRequest, query: Record<string, string>): Res {
    const m = this.match(rec.method, rec.path);
    rec.route = matchOpenApiRoute(rec.method, rec.path);
    const botAuth = rec.headers.authorization === `Bot ${this.options.token}`;
    if (m?.route.auth && !botAuth) {
      return { status: 401, body: { message: '401: Unauthorized', code: 0 } };
    }
    const limit = this.rateLimits.take(rec.method, rec.path, botAuth);
    if (!limit.ok) return { status: 429, body: limit.body, headers: limit.headers };
    const out = this.handleWithin(rec, query, m);
    return { ...out, headers: { ...limit.headers, ...out.headers } };
  }

  private handleWithin(rec: CapturedRequest, query: Record<string, string>, m: ReturnType<DiscordDouble['match']>): Res {
    try {
      if (rec.body !== undefined && ['POST', 'PUT', 'PATCH'].includes(rec.method) && rec.route) {
        const bad = this.validate(rec);
        const fault = this.takeFault(rec);
        if (fault) return fault;
        if (bad) return bad;
      } else {
        const fault = this.takeFault(rec);
        if (fault) return fault;
      }
      if (!m) return { status: 404, body: { message: '404: Not Found', code: 0 } };
      return m.route.handler({ rec, params: m.params, body: rec.body, files: rec.files, query });
    } catch (e) {
      return errorResponse(e);
    }
  }

  private validate(rec: CapturedRequest): Res | undefined {
    const route = rec.route as string;
    const check = validateBody(route, rec.body);
    if (!check.validated) this.unvalidatedRoutes.add(route);
    const issues = [...check.issues, ...discordRules(route, rec.body), ...layoutIssues(route, rec.body)];
    if (issues.length === 0) return undefined;
    this.schemaViolations.push({ method: rec.method, path: rec.path, route, schema: check.schema ?? 'discord rules', issues, body: rec.body });
    const errors: Obj = {};
    for (const i of issues) errors[i.path.join('.') || '_root'] = { _errors: [{ code: i.code ?? 'BASE_TYPE_INVALID', message: i.message }] };
    return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors } };
  }

  private takeFault(rec: CapturedRequest): Res | undefined {
    const f = this.faults.find((x) => x.remaining > 0 && (!x.method || x.method.toUpperCase() === rec.method) && x.path.test(rec.path));
    if (!f) return undefined;
    f.remaining--;
    rec.injected = true;
    if (f.status === 429) {
      const retryAfter = f.retryAfter ?? 0.05;
      return {
        status: 429,
        body: f.body ?? { message: 'You are being rate limited.', retry_after: retryAfter, global: f.global ?? false },
        headers: {
          'retry-after': String(retryAfter),
          'x-ratelimit-scope': f.global ? 'global' : 'user',
          ...(f.global ? { 'x-ratelimit-global': 'true' } : {}),
        },
      };
    }
    const messages: Record<number, string> = { 400: 'Bad Request', 403: 'Missing Access', 404: 'Not Found', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };
    return { status: f.status, body: f.body ?? { message: `${f.status}: ${messages[f.status] ?? 'Error'}`, code: f.status === 403 ? 50001 : 0 } };
  }

  // ---------------------------------------------------------------- routes

  private defineRoutes(): void {
    const app = () => ({
      id: this.options.applicationId,
      name: this.options.botUsername,
      icon: null,
      description: '',
      type: null,
      bot: { ...this.botUser },
      bot_public: true,
      bot_require_code_grant: false,
      flags: this.options.applicationFlags,
      verify_key: '0'.repeat(64),
      owner: { id: '1', username: 'owner', discriminator: '0', global_name: null, avatar: null, public_flags: 0, flags: 0 },
      team: null,
      summary: '',
      tags: [],
      install_params: null,
      integration_types_config: { '0': {} },
      approximate_guild_count: this.guilds.size,
    });
    this.route('GET', '/gateway', () => ({ status: 200, body: { url: this.gatewayUrl } }), false);
    this.route('GET', '/gateway/bot', () => ({
      status: 200,
      body: {
        url: this.gatewayUrl,
        shards: this.options.shards,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      },
    }));
    this.route('GET', '/users/@me', () => ({ status: 200, body: { ...this.botUser, verified: true, mfa_enabled: false, email: null } }));
    this.route('GET', '/users/:user', ({ params }) => {
      for (const g of this.guilds.values()) {
        const m = g.members.get(params.user ?? '');
        if (m) return { status: 200, body: this.userObject(m.def) };
      }
      throw new HttpError(404, 10013, 'Unknown User');
    });
    this.route('GET', '/applications/@me', () => ({ status: 200, body: app() }));
    this.route('GET', '/oauth2/applications/@me', () => ({ status: 200, body: app() }));
    this.route('DELETE', '/users/@me/guilds/:guild', ({ params }) => {
      if (!this.guilds.has(params.guild ?? '')) throw unknownGuild();
      this.removeGuild(params.guild ?? '');
      return { status: 204 };
    });

    // Application commands (global and guild scopes).
    const scope = (params: Record<string, string>): Map<string, RegisteredCommand> => {
      if (params.app !== this.options.applicationId) throw new HttpError(403, 50001, 'Missing Access');
      if (!params.guild) return this.globalCommands;
      if (!this.guilds.has(params.guild)) throw new HttpError(403, 50001, 'Missing Access');
      let map = this.guildCommands.get(params.guild);
      if (!map) this.guildCommands.set(params.guild, (map = new Map()));
      return map;
    };
    const cmdObject = (body: Obj, guildId: string | undefined, existing?: RegisteredCommand): RegisteredCommand => ({
      id: existing?.id ?? this.snow.next(),
      application_id: this.options.applicationId,
      version: this.snow.next(),
      default_member_permissions: body.default_member_permissions ?? null,
      type: num(body.type) ?? 1,
      name: String(body.name),
      name_localizations: body.name_localizations ?? null,
      description: str(body.description) ?? '',
      description_localizations: body.description_localizations ?? null,
      ...(guildId ? { guild_id: guildId } : {}),
      dm_permission: body.dm_permission ?? true,
      contexts: body.contexts ?? null,
      integration_types: body.integration_types ?? [0],
      nsfw: body.nsfw ?? false,
      ...(arr(body.options).length > 0 ? { options: structuredClone(arr(body.options)).map(obj) } : {}),
    });
    const list = ({ params }: Ctx): Res => ({ status: 200, body: [...scope(params).values()] });
    const put = ({ params, body }: Ctx): Res => {
      const map = scope(params);
      const items = arr(body).map(obj);
      const seen = new Set<string>();
      for (const [i, c] of items.entries()) {
        const key = `${num(c.type) ?? 1}:${String(c.name)}`;
        if (seen.has(key)) throw formError('duplicate command name', { [i]: { name: { _errors: [{ code: 'APPLICATION_COMMANDS_DUPLICATE_NAME', message: `Application command names must be unique` }] } } });
        seen.add(key);
      }
      const old = [...map.values()];
      map.clear();
      for (const c of items) {
        const prev = old.find((o) => o.name === c.name && o.type === (num(c.type) ?? 1));
        const cmd = cmdObject(c, params.guild, prev);
        map.set(cmd.id, cmd);
      }
      this.changed();
      return { status: 200, body: [...map.values()] };
    };
    const post = ({ params, body }: Ctx): Res => {
      const map = scope(params);
      const b = obj(body);
      const prev = [...map.values()].find((o) => o.name === b.name && o.type === (num(b.type) ?? 1));
      const cmd = cmdObject(b, params.guild, prev);
      if (prev) map.delete(prev.id);
      map.set(cmd.id, cmd);
      this.changed();
      return { status: prev ? 200 : 201, body: cmd };
    };
    const one = ({ params }: Ctx): Res => {
      const c = scope(params).get(params.cmd ?? '');
      if (!c) throw new HttpError(404, 10063, 'Unknown application command');
      return { status: 200, body: c };
    };
    const patch = ({ params, body }: Ctx): Res => {
      const map = scope(params);
      const c = map.get(params.cmd ?? '');
      if (!c) throw new HttpError(404, 10063, 'Unknown application command');
      const next = cmdObject({ ...c, ...obj(body) }, params.guild, c);
      map.set(c.id, next);
      this.changed();
      return { status: 200, body: next };
    };
    const del = ({ params }: Ctx): Res => {
      if (!scope(params).delete(params.cmd ?? '')) throw new HttpError(404, 10063, 'Unknown application command');
      this.changed();
      return { status: 204 };
    };
    for (const base of ['/applications/:app/commands', '/applications/:app/guilds/:guild/commands']) {
      this.route('GET', base, list);
      this.route('PUT', base, put);
      this.route('POST', base, post);
      this.route('GET', `${base}/:cmd`, one);
      this.route('PATCH', `${base}/:cmd`, patch);
      this.route('DELETE', `${base}/:cmd`, del);
    }

    // Interactions.
    this.route('POST', '/interactions/:id/:token/callback', (ctx) => this.onCallback(ctx), false);
    this.route('POST', '/webhooks/:app/:token', (ctx) => this.onFollowUp(ctx), false);
    this.route('GET', '/webhooks/:app/:token/messages/:msg', ({ params }) => {
      const { message } = this.webhookTarget(params);
      return { status: 200, body: this.messageJson(message) };
    }, false);
    this.route('PATCH', '/webhooks/:app/:token/messages/:msg', ({ params, body, files }) => {
      const { state, message } = this.webhookTarget(params);
      const fill = message.id === state.originalId && ((message.flags ?? 0) & Flags.Loading) !== 0;
      this.applyEdit(message, obj(body), files, { fillLoading: fill });
      state.edits.push({ at: Date.now(), target: params.msg === '@original' ? 'original' : String(params.msg), messageId: message.id, body: obj(body), files });
      this.changed();
      return { status: 200, body: this.messageJson(message) };
    }, false);
    this.route('DELETE', '/webhooks/:app/:token/messages/:msg', ({ params }) => {
      const { message } = this.webhookTarget(params);
      this.deleteMessage(message);
      return { status: 204 };
    }, false);

    // Channels and messages.
    const channelOf = (id: string | undefined): ChannelState => {
      const c = this.channels.get(id ?? '');
      if (!c || !this.guilds.has(c.guildId)) throw unknownChannel();
      return c;
    };
    const messageOf = (c: ChannelState, id: string | undefined): DoubleMessage => {
      const m = this.messages.get(id ?? '');
      if (!m || m.deleted || m.channel_id !== c.id || ((m.flags ?? 0) & Flags.Ephemeral) !== 0) throw unknownMessage();
      return m;
    };
    // What the bot needs in the channel, beyond View Channel (checked for every channel route).
    const allowed = (id: string | undefined, needed: bigint): ChannelState => {
      const c = channelOf(id);
      this.requireBot(c, needed);
      return c;
    };
    const posting = (b: Obj, files: CapturedFile[]): bigint =>
      (arr(b.embeds).length ? Perm.EmbedLinks : 0n) | (files.length ? Perm.AttachFiles : 0n) | (b.message_reference ? Perm.ReadMessageHistory : 0n);
    this.route('GET', '/channels/:channel', ({ params }) => ({ status: 200, body: this.channelObject(allowed(params.channel, 0n)) }));
    this.route('PATCH', '/channels/:channel', ({ params, body, rec }) => {
      const overwrites = Array.isArray(obj(body).permission_overwrites) ? Perm.ManageRoles : 0n;
      return this.onChannelPatch(allowed(params.channel, Perm.ManageChannels | overwrites), obj(body), rec);
    });
    this.route('POST', '/channels/:channel/typing', ({ params }) => {
      allowed(params.channel, Perm.SendMessages);
      return { status: 204 };
    });
    this.route('GET', '/channels/:channel/messages', ({ params, query }) => {
      const c = allowed(params.channel, Perm.ReadMessageHistory);
      const limit = Math.min(Number(query.limit ?? 50) || 50, 100);
      let msgs = [...this.messages.values()]
        .filter((m) => m.channel_id === c.id && !m.deleted && ((m.flags ?? 0) & Flags.Ephemeral) === 0)
        .sort((a, b) => (BigInt(a.id) > BigInt(b.id) ? -1 : 1));
      if (query.before) msgs = msgs.filter((m) => BigInt(m.id) < BigInt(query.before ?? '0'));
      if (query.after) msgs = msgs.filter((m) => BigInt(m.id) > BigInt(query.after ?? '0')).reverse().slice(0, limit).reverse();
      return { status: 200, body: msgs.slice(0, limit).map((m) => this.messageJson(m)) };
    });
    this.route('POST', '/channels/:channel/messages', ({ params, body, files }) => {
      const c = channelOf(params.channel);
      if (!TEXT_CAPABLE.has(c.type)) throw new HttpError(400, 50008, 'Cannot send messages in a non-text channel');
      const b = obj(body);
      this.requireBot(c, Perm.SendMessages | posting(b, files));
      const nonce = b.nonce === undefined || b.nonce === null ? undefined : String(b.nonce);
      const key = nonce !== undefined ? `${this.options.botUserId}:${nonce}` : undefined;
      if (key && b.enforce_nonce === true) {
        const prev = this.nonces.get(key);
        const prevMsg = prev && Date.now() - prev.at < NONCE_WINDOW_MS ? this.messages.get(prev.id) : undefined;
        if (prevMsg) return { status: 200, body: this.messageJson(prevMsg) };
      }
      if (b.message_reference) {
        const ref = obj(b.message_reference);
        if (!this.messages.has(String(ref.message_id)) && ref.fail_if_not_exists !== false) {
          throw formError('Unknown message', { message_reference: { _errors: [{ code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' }] } });
        }
      }
      const msg = this.createMessage(c.id, b, files, { meta: { source: 'channel', ...(nonce !== undefined ? { nonce } : {}) } });
      if (b.message_reference) Object.assign(msg, { type: 19, message_reference: { ...obj(b.message_reference), channel_id: c.id, guild_id: c.guildId } });
      if (key) this.nonces.set(key, { id: msg.id, at: Date.now() });
      return { status: 200, body: this.messageJson(msg) };
    });
    this.route('GET', '/channels/:channel/messages/:msg', ({ params }) => {
      const c = allowed(params.channel, Perm.ReadMessageHistory);
      return { status: 200, body: this.messageJson(messageOf(c, params.msg)) };
    });
    this.route('PATCH', '/channels/:channel/messages/:msg', ({ params, body, files }) => {
      const c = allowed(params.channel, posting(obj(body), files));
      const m = messageOf(c, params.msg);
      this.applyEdit(m, obj(body), files);
      return { status: 200, body: this.messageJson(m) };
    });
    this.route('DELETE', '/channels/:channel/messages/:msg', ({ params }) => {
      const c = allowed(params.channel, 0n);
      this.deleteMessage(messageOf(c, params.msg));
      return { status: 204 };
    });

    // Guilds.
    const guildOf = (id: string | undefined): GuildState => {
      const g = this.guilds.get(id ?? '');
      if (!g) throw unknownGuild();
      return g;
    };
    this.route('GET', '/guilds/:guild', ({ params, query }) => ({ status: 200, body: this.guildObject(guildOf(params.guild), query.with_counts === 'true') }));
    this.route('GET', '/guilds/:guild/channels', ({ params }) => {
      const g = guildOf(params.guild);
      return { status: 200, body: g.channelIds.map((id) => this.channelObject(this.channels.get(id) as ChannelState)) };
    });
    this.route('GET', '/guilds/:guild/roles', ({ params }) => ({ status: 200, body: guildOf(params.guild).roles.map((r) => this.roleObject(r)) }));
    this.route('GET', '/guilds/:guild/members', ({ params, query }) => {
      const g = guildOf(params.guild);
      const limit = Math.min(Number(query.limit ?? 1) || 1, 1000);
      const after = BigInt(query.after ?? '0');
      const members = [...g.members.values()].filter((m) => BigInt(m.def.id) > after).sort((a, b) => (BigInt(a.def.id) < BigInt(b.def.id) ? -1 : 1));
      return { status: 200, body: members.slice(0, limit).map((m) => this.memberObject(g, m)) };
    });
    this.route('GET', '/guilds/:guild/members/search', ({ params, query }) => {
      const g = guildOf(params.guild);
      const q = (query.query ?? '').toLowerCase();
      const limit = Math.min(Number(query.limit ?? 1) || 1, 1000);
      const found = [...g.members.values()].filter((m) => m.def.username.toLowerCase().startsWith(q) || (m.def.nick ?? '').toLowerCase().startsWith(q));
      return { status: 200, body: found.slice(0, limit).map((m) => this.memberObject(g, m)) };
    });
    this.route('GET', '/guilds/:guild/members/:user', ({ params }) => {
      const g = guildOf(params.guild);
      const m = g.members.get(params.user ?? '');
      if (!m) throw new HttpError(404, 10007, 'Unknown Member');
      return { status: 200, body: this.memberObject(g, m) };
    });
  }

  private onChannelPatch(c: ChannelState, body: Obj, rec: CapturedRequest): Res {
    const renaming = typeof body.name === 'string' && body.name !== c.name;
    const topicChange = 'topic' in body && (body.topic ?? null) !== c.topic;
    const limit = this.options.channelRenameLimit;
    if (renaming || topicChange) {
      const now = Date.now();
      const times = (this.renames.get(c.id) ?? []).filter((t) => now - t < limit.windowMs);
      if (times.length >= limit.count) {
        const retryAfter = Math.ceil(((times[0] ?? now) + limit.windowMs - now) / 1000);
        rec.injected = false;
        return {
          status: 429,
          body: { message: 'You are being rate limited.', retry_after: retryAfter, global: false },
          headers: { 'retry-after': String(retryAfter), 'x-ratelimit-scope': 'shared' },
        };
      }
      times.push(now);
      this.renames.set(c.id, times);
    }
    if (typeof body.name === 'string') {
      c.name = body.name;
      if (renaming) c.names.push(body.name);
    }
    if ('topic' in body) c.topic = str(body.topic) ?? null;
    if (typeof body.position === 'number') c.position = body.position;
    if ('parent_id' in body) c.parentId = str(body.parent_id) ?? null;
    if (Array.isArray(body.permission_overwrites)) c.permissionOverwrites = body.permission_overwrites;
    const json = this.channelObject(c);
    this.gateway.dispatch('CHANNEL_UPDATE', json, this.shardOf(c.guildId));
    return { status: 200, body: json };
  }

  private webhookState(params: Record<string, string>): InteractionState {
    if (params.app !== this.options.applicationId) throw unknownWebhook();
    const st = this.byToken.get(params.token ?? '');
    if (!st) throw unknownWebhook();
    if (Date.now() - st.createdAt > this.options.interactionTokenTtlMs) throw new HttpError(401, 50027, 'Invalid Webhook Token');
    if (!st.ack) throw unknownWebhook();
    return st;
  }

  private webhookTarget(params: Record<string, string>): { state: InteractionState; message: DoubleMessage } {
    const st = this.webhookState(params);
    let id: string | undefined;
    if (params.msg === '@original') {
      const t = st.ack?.type;
      if (t === CallbackType.ChannelMessageWithSource || t === CallbackType.DeferredChannelMessageWithSource) id = st.originalId;
      else if (t === CallbackType.UpdateMessage || t === CallbackType.DeferredUpdateMessage) id = st.sourceMessageId;
    } else if (params.msg === st.originalId || st.followUpIds.includes(params.msg ?? '')) {
      id = params.msg;
    }
    const m = id ? this.messages.get(id) : undefined;
    if (!m || m.deleted) throw unknownMessage();
    return { state: st, message: m };
  }

  private onCallback({ params, body, files, query }: Ctx): Res {
    const st = this.interactions.get(params.id ?? '');
    if (!st || st.token !== params.token) throw unknownInteraction();
    const b = obj(body);
    const type = num(b.type) ?? 0;
    const data = b.data === undefined || b.data === null ? undefined : obj(b.data);
    const record: CallbackRecord = { at: Date.now(), type, data, files, status: 0, query };
    const refuse = (e: HttpError): never => {
      record.status = e.status;
      st.callbacks.push(record);
      this.changed();
      throw e;
    };
    if (st.ack) refuse(new HttpError(400, 40060, 'Interaction has already been acknowledged.'));
    if (Date.now() - st.createdAt > this.options.callbackDeadlineMs) refuse(unknownInteraction());
    const allowed: Record<number, number[]> = {
      [InteractionType.ApplicationCommand]: [4, 5, 9],
      [InteractionType.MessageComponent]: [4, 5, 6, 7, 9],
      [InteractionType.Autocomplete]: [8],
      [InteractionType.ModalSubmit]: st.sourceMessageId ? [4, 5, 6, 7] : [4, 5],
    };
    if (!(allowed[st.type] ?? []).includes(type)) {
      refuse(formError('bad callback type', { type: { _errors: [{ code: 'INTERACTION_CALLBACK_TYPE_INVALID', message: `Callback type ${type} is not valid for interaction type ${st.type}` }] } }));
    }
    const meta: MessageMeta = { source: 'interaction', interactionId: st.id };
    const msgType = st.type === InteractionType.ApplicationCommand ? 20 : 0;
    let message: DoubleMessage | undefined;
    try {
      switch (type) {
        case CallbackType.ChannelMessageWithSource:
          message = this.createMessage(st.channelId, data ?? {}, files, { type: msgType, meta, interaction: st });
          st.originalId = message.id;
          break;
        case CallbackType.DeferredChannelMessageWithSource:
          message = this.createMessage(st.channelId, {}, [], {
            type: msgType,
            flags: Flags.Loading | ((num(data?.flags) ?? 0) & Flags.Ephemeral),
            meta,
            interaction: st,
            skipEmptyCheck: true,
          });
          st.originalId = message.id;
          break;
        case CallbackType.UpdateMessage: {
          const src = this.messages.get(st.sourceMessageId ?? '');
          if (!src || src.deleted) throw unknownMessage();
          this.applyEdit(src, data ?? {}, files);
          message = src;
          break;
        }
        case CallbackType.Modal:
          this.modals.push({
            interactionId: st.id,
            userId: st.userId,
            guildId: st.guildId,
            channelId: st.channelId,
            ...(st.sourceMessageId ? { sourceMessageId: st.sourceMessageId } : {}),
            data: data ?? {},
          });
          break;
        default:
          break;
      }
    } catch (e) {
      if (e instanceof HttpError) refuse(e);
      throw e;
    }
    record.status = query.with_response === 'true' ? 200 : 204;
    st.ack = record;
    st.callbacks.push(record);
    this.changed();
    if (query.with_response !== 'true') return { status: 204 };
    return {
      status: 200,
      body: {
        interaction: {
          id: st.id,
          type: st.type,
          activity_instance_id: null,
          response_message_id: message?.id ?? null,
          response_message_loading: type === CallbackType.DeferredChannelMessageWithSource,
          response_message_ephemeral: message ? ((message.flags ?? 0) & Flags.Ephemeral) !== 0 : false,
        },
        resource: { type, ...(message ? { message: this.messageJson(message) } : {}) },
      },
    };
  }

  private onFollowUp({ params, body, files, query }: Ctx): Res {
    const st = this.webhookState(params);
    const b = obj(body);
    const original = this.messages.get(st.originalId ?? '');
    let message: DoubleMessage;
    if (original && !original.deleted && ((original.flags ?? 0) & Flags.Loading) !== 0) {
      // The first follow-up after a defer fills the "thinking" message, keeping the defer's ephemeral flag.
      this.applyEdit(original, { ...b, flags: num(b.flags) ?? 0 }, files, { fillLoading: true });
      message = original;
    } else {
      message = this.createMessage(st.channelId, b, files, { type: 0, meta: { source: 'followup', interactionId: st.id }, interaction: st });
      st.followUpIds.push(message.id);
    }
    this.changed();
    return query.wait === 'true' ? { status: 200, body: this.messageJson(message) } : { status: 204 };
  }
}

/** Discord's deadline or lifetime, or a shorter one a test asks for (never a longer one). */
function atMost(name: string, asked: number | undefined, discord: number): number {
  if (asked === undefined) return discord;
  if (asked > discord) throw new Error(`discord-double: ${name} looser than Discord`);
  return asked;
}

/** Discord's 2 renames per channel per 10 minutes, or a tighter limit a test asks for (never a looser one). */
function renameLimit(asked: { count: number; windowMs: number } | undefined): { count: number; windowMs: number } {
  const discord = { count: 2, windowMs: 600_000 };
  if (!asked) return discord;
  if (asked.count > discord.count || asked.windowMs < discord.windowMs) throw new Error('discord-double: channel rename limit looser than Discord');
  return asked;
}

function collectComponents(components: unknown): Obj[] {
  const out: Obj[] = [];
  const walk = (c: unknown) => {
    if (Array.isArray(c)) return c.forEach(walk);
    if (c === null || typeof c !== 'object') return;
    const o = c as Obj;
    if (typeof o.custom_id === 'string') out.push(o);
    for (const k of ['components', 'accessory', 'component']) if (o[k] !== undefined) walk(o[k]);
  };
  walk(components);
  return out;
}

function assertNotEmpty(m: DoubleMessage): void {
  const empty =
    (m.content ?? '') === '' &&
    (m.embeds ?? []).length === 0 &&
    (m.components ?? []).length === 0 &&
    (m.attachments ?? []).length === 0 &&
    !m.poll &&
    (m.sticker_items ?? []).length === 0;
  if (empty) throw new HttpError(400, 50006, 'Cannot send an empty message');
}

/** Discord's timestamp format (microseconds, +00:00). */
function discordTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000+00:00');
}

/** Which message a request's body is, if it is one (see MessageBodyRecord). */
function messageBodyKind(method: string, path: string, body: unknown): MessageBodyRecord['kind'] | undefined {
  const s = path.split('/').filter(Boolean);
  if (s[0] === 'channels' && s[2] === 'messages') {
    if (method === 'POST' && s.length === 3) return 'channel';
    if (method === 'PATCH' && s.length === 4) return 'channel-edit';
  }
  if (s[0] === 'interactions' && s[3] === 'callback' && method === 'POST') {
    const type = num(obj(body).type);
    return type === CallbackType.ChannelMessageWithSource || type === CallbackType.UpdateMessage ? 'callback' : undefined;
  }
  if (s[0] === 'webhooks') {
    if (method === 'POST' && s.length === 3) return 'followup';
    if (method === 'PATCH' && s[3] === 'messages' && s.length === 5) return 'webhook-edit';
  }
  return undefined;
}

/** Discord counts characters by code point (its API measures Python strings), not UTF-16 units. */
function codePoints(s: string | undefined): number {
  let n = 0;
  for (const _ of s ?? '') n++;
  return n;
}

/** Rules Discord enforces that the OpenAPI schema does not express (or expresses more loosely). */
function discordRules(route: string, body: unknown): { path: (string | number)[]; message: string; code?: string }[] {
  const issues: { path: (string | number)[]; message: string; code?: string }[] = [];
  const b = obj(body);
  const payload = route.endsWith('/callback') ? obj(b.data) : b;
  const embeds = arr(payload.embeds).map(obj);
  let total = 0;
  for (const e of embeds) {
    total += codePoints(str(e.title)) + codePoints(str(e.description));
    total += codePoints(str(obj(e.footer).text)) + codePoints(str(obj(e.author).name));
    for (const f of arr(e.fields).map(obj)) total += codePoints(str(f.name)) + codePoints(str(f.value));
  }
  if (total > 6000) issues.push({ path: ['embeds'], message: `Embed size exceeds maximum size of 6000 (${total})`, code: 'MAX_EMBED_SIZE_EXCEEDED' });
  if (embeds.length > 10) issues.push({ path: ['embeds'], message: `Must be 10 or fewer in length (${embeds.length})`, code: 'BASE_TYPE_MAX_LENGTH' });
  // The spec allows 4,000 (a premium limit for users); a bot's message content is capped at 2,000.
  const content = str(payload.content);
  if (content !== undefined && codePoints(content) > 2000) {
    issues.push({ path: ['content'], message: `Must be 2000 or fewer in length (${codePoints(content)})`, code: 'BASE_TYPE_MAX_LENGTH' });
  }
  const ids = collectComponents(payload.components).map((c) => String(c.custom_id));
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) issues.push({ path: ['components'], message: `Component custom id cannot be duplicated (${dup})`, code: 'COMPONENT_CUSTOM_ID_DUPLICATED' });
  return issues;
}

function errorResponse(e: unknown): Res {
  if (e instanceof HttpError) {
    const { _detail: _d, ...extra } = e.extra;
    return { status: e.status, body: { message: e.message, code: e.code, ...extra } };
  }
  console.error('discord-double: handler crashed', e);
  return { status: 500, body: { message: '500: Internal Server Error', code: 0 } };
}
