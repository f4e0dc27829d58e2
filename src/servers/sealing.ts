/**
 * Which record a stored SFTP password is bound to, and `npm run reseal`'s work. Every password is sealed
 * bound to its record (src/security/secrets.ts): a stored server's to its guild and server id, a pending
 * add's to its guild and pending id, so a ciphertext copied into another record (another guild's server,
 * another prompt) does not open there; the bot reports it as an unreadable password.
 */
import type { Collection } from 'mongodb';
import type { GameServer, PendingServer } from '../db/schemas.js';
import { type SealedSecret, type SecretBinding, type SecretBox } from '../security/secrets.js';

export const serverBinding = (guildId: string, serverId: string): SecretBinding => ['game_servers', guildId, serverId];
export const pendingBinding = (guildId: string, pendingId: string): SecretBinding => ['pending_server_adds', guildId, pendingId];
/**
 * A password between the form and its record (ServerRepo.seal): sealed as soon as it is parsed, so it is
 * not carried in plaintext through the add and edit flows, and re-sealed to its record when stored. Never
 * stored like this: a record holding such a seal would not open.
 */
export const INPUT_BINDING: SecretBinding = ['server_input'];

export class ServerSealing {
  constructor(
    private readonly servers: Collection<GameServer>,
    private readonly pending: Collection<PendingServer>,
    private readonly secrets: SecretBox,
  ) {}

  /** The password an add or edit carries, bound to the record it is stored in. */
  bind(sealed: SealedSecret, to: SecretBinding): SealedSecret {
    return this.secrets.reseal(sealed, INPUT_BINDING, to);
  }

  /** Stored passwords (and pending adds) sealed with an older key of SECRETS_KEY. */
  async countOldKeys(): Promise<number> {
    const older = this.secrets.keyIds.slice(1);
    if (!older.length) return 0;
    const [servers, pending] = await Promise.all([
      this.servers.countDocuments({ 'password.kid': { $in: older } }),
      this.pending.countDocuments({ 'input.password.kid': { $in: older } }),
    ]);
    return servers + pending;
  }

  /** What `npm run reseal` would move: an older key, or sealed before records were bound. */
  async countToReseal(): Promise<number> {
    const [servers, pending] = await Promise.all([this.servers.countDocuments(this.stale('password')), this.pending.countDocuments(this.stale('input.password'))]);
    return servers + pending;
  }

  /**
   * Re-seals every stored password (and pending add) sealed with an older key, or not bound to its record,
   * under the current key and bound to its record; returns how many. Run once every process has the new key
   * list and this version (an older one could not read a re-sealed record).
   */
  async resealAll(): Promise<number> {
    let count = 0;
    // One password no configured key opens must not stop the run: it is left as it is (GameServers pauses
    // that server and alerts its admins when it is next used).
    for (const doc of await this.servers.find(this.stale('password')).toArray()) {
      const password = this.tryReseal(doc.password, serverBinding(doc.guildId, doc._id));
      if (!password) continue;
      // Guarded by the old record: a concurrent edit that already re-sealed it wins.
      const r = await this.servers.updateOne({ _id: doc._id, 'password.kid': doc.password.kid, 'password.iv': doc.password.iv }, { $set: { password } });
      count += r.modifiedCount;
    }
    for (const doc of await this.pending.find(this.stale('input.password')).toArray()) {
      const password = this.tryReseal(doc.input.password, pendingBinding(doc.guildId, doc._id));
      if (!password) continue;
      const r = await this.pending.updateOne({ _id: doc._id, 'input.password.iv': doc.input.password.iv }, { $set: { 'input.password': password } });
      count += r.modifiedCount;
    }
    return count;
  }

  private stale(field: string): Record<string, unknown> {
    return { $or: [{ [`${field}.kid`]: { $ne: this.secrets.currentKid } }, { [`${field}.aad`]: { $ne: 2 } }] };
  }

  private tryReseal(sealed: SealedSecret, binding: SecretBinding): SealedSecret | null {
    try {
      // An unbound seal opens whatever the binding; a bound one only with its own.
      return this.secrets.reseal(sealed, binding);
    } catch {
      return null;
    }
  }
}
