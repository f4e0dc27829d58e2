/**
 * Trust & save prompts (`pending_server_adds`): an add or edit whose host key the admin has not trusted
 * yet. The prompt holds the validated form, its password sealed to the prompt, so no secret travels in a
 * custom id; it is for the admin who opened it, for PENDING_TTL_MS. Reached as `ServerRepo.pending`.
 */
import { randomBytes } from 'node:crypto';
import type { Collection } from 'mongodb';
import { GuildScopedCollection } from '../db/guildScope.js';
import type { PendingServer } from '../db/schemas.js';
import { UserError } from '../errors.js';
import { msg } from '../i18n/message.js';
import type { SecretBox } from '../security/secrets.js';
import { pendingBinding, type ServerSealing } from './sealing.js';

/** How long a Trust & save prompt stays valid. */
export const PENDING_TTL_MS = 15 * 60_000;

export class PendingServerRepo {
  constructor(
    private readonly pending: Collection<PendingServer>,
    private readonly secrets: SecretBox,
    private readonly sealing: ServerSealing,
  ) {}

  private scope(guildId: string): GuildScopedCollection<PendingServer> {
    return new GuildScopedCollection(this.pending, guildId);
  }

  /** Stores a prompt; `p.input` comes from `ServerRepo.seal()`, its password is bound to the prompt here. */
  async create(p: Omit<PendingServer, '_id' | 'createdAt' | 'expiresAt'>): Promise<PendingServer> {
    const now = new Date();
    const _id = randomBytes(9).toString('base64url');
    const input = { ...p.input, password: this.sealing.bind(p.input.password, pendingBinding(p.guildId, _id)) };
    const doc: PendingServer = { ...p, _id, input, createdAt: now, expiresAt: new Date(now.getTime() + PENDING_TTL_MS) };
    await this.scope(p.guildId).insertOne(doc);
    return doc;
  }

  /** The prompt, only for the admin who started it and only while it is fresh. */
  async take(guildId: string, userId: string, id: string): Promise<PendingServer> {
    const doc = await this.scope(guildId).findOne({ _id: id, userId });
    // The TTL monitor runs once a minute: check the expiry here too.
    if (!doc || doc.expiresAt.getTime() < Date.now()) {
      if (doc) await this.scope(guildId).deleteOne({ _id: id });
      throw new UserError(msg('server.error.promptExpired'), 'not_found');
    }
    return doc;
  }

  async delete(guildId: string, id: string): Promise<void> {
    await this.scope(guildId).deleteOne({ _id: id });
  }

  /** Every prompt of a server (it was removed) or of the guild (the bot left it). */
  async deleteAll(guildId: string, serverId?: string): Promise<void> {
    await this.scope(guildId).deleteMany(serverId === undefined ? {} : { serverId });
  }

  /** The plaintext password of a prompt, for the connection test after the admin trusted the key. Throws SecretsError. */
  openPassword(pending: PendingServer): string {
    return this.secrets.open(pending.input.password, pendingBinding(pending.guildId, pending._id));
  }
}
