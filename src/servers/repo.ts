import { randomBytes } from 'node:crypto';
import type { Collection } from 'mongodb';
import { isDuplicateKey } from '../db/duplicateKey.js';
import { GuildScopedCollection } from '../db/guildScope.js';
import { gameServerSchema, type GameServer, type PendingServer } from '../db/schemas.js';
import { shownName } from '../discord/limits.js';
import { UserError } from '../errors.js';
import { msg } from '../i18n/message.js';
import type { SecretBox } from '../security/secrets.js';
import type { SftpServerConfig } from '../sftp/connection.js';
import type { ServerInput } from './input.js';
import { PendingServerRepo } from './pendingRepo.js';
import { INPUT_BINDING, serverBinding, ServerSealing } from './sealing.js';
import { insertWithinLimit } from './slots.js';
import { ServerStatusRepo } from './statusRepo.js';

export { PENDING_TTL_MS } from './pendingRepo.js';

export type ServerChannels = GameServer['channels'];
export type ServerSettings = GameServer['settings'];
export type ServerLayout = NonNullable<GameServer['layout']>;

export function newServerId(): string {
  return randomBytes(6).toString('base64url'); // 8 chars: short enough for custom ids
}

/** Stands where a deleted password was: a sealed-secret shape with no key id that any key could open. */
const REMOVED_PASSWORD = { v: 1, kid: 'removed', iv: '', tag: '', ct: '' } as const;

/**
 * The stored game servers of each guild (`game_servers`); their status marks (`status`, ./statusRepo.ts)
 * and the prompts awaiting Trust & save (`pending`, ./pendingRepo.ts). Every query goes through a guild
 * scope, so a guild can never read or change another guild's servers. Passwords are sealed by the
 * SecretBox on the way in, bound to their record (./sealing.ts), and opened only for a pool config or a
 * connection test. Storage only: GameServers (./gameServers.ts) makes the changes and its reconcile keeps
 * the pool and polling in step with them.
 */
export class ServerRepo {
  private readonly sealing: ServerSealing;
  readonly status: ServerStatusRepo;
  readonly pending: PendingServerRepo;

  constructor(
    private readonly servers: Collection<GameServer>,
    pending: Collection<PendingServer>,
    private readonly secrets: SecretBox,
  ) {
    this.sealing = new ServerSealing(servers, pending, secrets);
    this.status = new ServerStatusRepo(servers);
    this.pending = new PendingServerRepo(pending, secrets, this.sealing);
  }

  private scope(guildId: string): GuildScopedCollection<GameServer> {
    return new GuildScopedCollection(this.servers, guildId);
  }

  private parse(doc: unknown): GameServer {
    return gameServerSchema.parse(doc);
  }

  async list(guildId: string): Promise<GameServer[]> {
    const docs = await this.scope(guildId).find({}).sort({ createdAt: 1 }).toArray();
    return docs.map((d) => this.parse(d));
  }

  /** Every server of these guilds, oldest first in each (what the premium tier limit counts, at start). */
  async ofGuilds(guildIds: readonly string[]): Promise<GameServer[]> {
    if (guildIds.length === 0) return [];
    const docs = await this.servers.find({ guildId: { $in: [...guildIds] } }).sort({ createdAt: 1 }).toArray();
    return docs.map((d) => this.parse(d));
  }

  count(guildId: string): Promise<number> {
    return this.scope(guildId).countDocuments({});
  }

  async get(guildId: string, serverId: string): Promise<GameServer | null> {
    const doc = await this.scope(guildId).findOne({ _id: serverId });
    return doc ? this.parse(doc) : null;
  }

  /** A `server:` option value: the id autocomplete fills in, or a name typed by hand (case-insensitive). */
  async resolve(guildId: string, idOrName: string): Promise<GameServer> {
    const key = idOrName.trim();
    const byId = await this.get(guildId, key);
    if (byId) return byId;
    const byName = (await this.list(guildId)).find((s) => s.name.toLowerCase() === key.toLowerCase());
    if (!byName) throw new UserError(msg('server.error.noSuchServer', { name: shownName(key, 60) }), 'not_found');
    return byName;
  }

  async nameTaken(guildId: string, name: string, exceptId?: string): Promise<boolean> {
    return (await this.list(guildId)).some((s) => s.name.toLowerCase() === name.toLowerCase() && s._id !== exceptId);
  }

  /**
   * Inserts a new server with a pinned fingerprint (its password, from `seal()`, bound to it), unless the
   * guild already has `limit` servers: then ServerLimitReached (src/servers/slots.ts), also when adds race.
   */
  async create(guildId: string, userId: string, input: SealedServerInput, fingerprint: string, layout: ServerLayout | null, limit = Infinity): Promise<GameServer> {
    const now = new Date();
    const _id = newServerId();
    const doc = this.parse({
      _id,
      guildId,
      ...input,
      password: this.sealing.bind(input.password, serverBinding(guildId, _id)),
      hostKeyFingerprint: fingerprint,
      layout,
      createdBy: userId,
      createdAt: now,
      updatedAt: now,
    });
    try {
      return await insertWithinLimit(this.scope(guildId), doc, limit);
    } catch (err) {
      if (isDuplicateKey(err)) throw new UserError(msg('server.error.nameExists', { name: shownName(input.name) }), 'conflict');
      throw err;
    }
  }

  /** Replaces connection settings (an edit); the password is kept when `input.password` is absent. */
  async updateConnection(
    guildId: string,
    serverId: string,
    input: Omit<SealedServerInput, 'password'> & { password?: SealedServerInput['password'] },
    fingerprint: string,
    layout: ServerLayout | null,
  ): Promise<void> {
    const set: Record<string, unknown> = {
      name: input.name,
      host: input.host,
      port: input.port,
      username: input.username,
      root: input.root,
      legacyAlgorithms: input.legacyAlgorithms,
      hostKeyFingerprint: fingerprint,
      'status.hostKeyMismatch': null,
      updatedAt: new Date(),
    };
    if (input.password) {
      set.password = this.sealing.bind(input.password, serverBinding(guildId, serverId));
      set['status.credentialsUnreadable'] = null;
    }
    if (layout) set.layout = layout;
    const r = await this.scope(guildId).updateOne({ _id: serverId }, { $set: set });
    if (r.matchedCount === 0) throw new UserError(msg('server.error.removedMeanwhile'), 'not_found');
  }

  async remove(guildId: string, serverId: string): Promise<boolean> {
    await this.pending.deleteAll(guildId, serverId);
    return (await this.scope(guildId).deleteOne({ _id: serverId })).deletedCount === 1;
  }

  async setChannels(guildId: string, serverId: string, channels: Partial<ServerChannels>): Promise<void> {
    await this.setFields(guildId, serverId, prefixed('channels', channels));
  }

  async setSettings(guildId: string, serverId: string, settings: Partial<ServerSettings>): Promise<void> {
    await this.setFields(guildId, serverId, prefixed('settings', settings));
  }

  /** Pins a (new) host key after an admin trusted it, and lifts the mismatch block. */
  async trustHostKey(guildId: string, serverId: string, fingerprint: string): Promise<void> {
    await this.setFields(guildId, serverId, { hostKeyFingerprint: fingerprint, 'status.hostKeyMismatch': null, 'status.lastError': null, 'status.lastErrorText': null });
  }

  /**
   * The bot left the guild: every stored SFTP password of it is overwritten by one that opens nowhere,
   * and pending adds (sealed passwords too) are deleted. Each server then waits, paused, for its password
   * to be entered again with /server edit (after a re-invite). Returns how many passwords were deleted.
   */
  async forgetPasswords(guildId: string, at: Date): Promise<number> {
    await this.pending.deleteAll(guildId);
    const r = await this.scope(guildId).updateMany(
      {},
      {
        $set: {
          password: REMOVED_PASSWORD,
          'status.credentialsUnreadable': at,
          'status.lastError': 'password deleted when the bot left this Discord server: enter it again with /server edit',
          'status.lastErrorText': msg('server.lastError.passwordDeleted'),
          'status.lastErrorAt': at,
        },
      },
    );
    return r.modifiedCount;
  }

  async setLayout(guildId: string, serverId: string, layout: ServerLayout): Promise<void> {
    await this.scope(guildId).updateOne({ _id: serverId }, { $set: { layout } });
  }

  private async setFields(guildId: string, serverId: string, fields: Record<string, unknown>): Promise<void> {
    const r = await this.scope(guildId).updateOne({ _id: serverId }, { $set: { ...fields, updatedAt: new Date() } });
    if (r.matchedCount === 0) throw new UserError(msg('server.error.removedMeanwhile'), 'not_found');
  }

  /** Stored passwords (and pending adds) sealed with an older key of SECRETS_KEY (the warning at start). */
  countOldKeys(): Promise<number> {
    return this.sealing.countOldKeys();
  }

  /** What `npm run reseal` would move: an older key, or a password sealed before records were bound. */
  countToReseal(): Promise<number> {
    return this.sealing.countToReseal();
  }

  /**
   * `npm run reseal`: re-seals every stored password (and pending add) sealed with an older key, or not yet
   * bound to its record, under the current key and bound (src/servers/sealing.ts); returns how many.
   */
  resealOldKeys(): Promise<number> {
    return this.sealing.resealAll();
  }

  /**
   * The config the SFTP pool needs, password decrypted. Keep it in memory only; never log it. Only for a
   * server with a pinned key: the pool would otherwise trust whatever key it meets first and send the password.
   */
  poolConfig(server: GameServer, password = this.openPassword(server)): SftpServerConfig & { hostKeyFingerprint: string } {
    if (!server.hostKeyFingerprint) throw new Error(`server ${server._id} has no trusted host key: no pool config`);
    return {
      serverId: server._id,
      host: server.host,
      port: server.port,
      username: server.username,
      password,
      root: server.root,
      hostKeyFingerprint: server.hostKeyFingerprint,
      legacyAlgorithms: server.legacyAlgorithms,
    };
  }

  /** The plaintext password of a stored server (for re-testing an edit that keeps it). Throws SecretsError. */
  openPassword(server: GameServer): string {
    return this.secrets.open(server.password, serverBinding(server.guildId, server._id));
  }

  /** The form's input with its password sealed for the way to its record (which binds it when storing). */
  seal(input: ServerInput): SealedServerInput {
    return { ...input, password: this.secrets.seal(input.password, INPUT_BINDING) };
  }
}

export type SealedServerInput = Omit<ServerInput, 'password'> & { password: GameServer['password'] };

function prefixed(prefix: string, fields: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined).map(([k, v]) => [`${prefix}.${k}`, v]));
}
