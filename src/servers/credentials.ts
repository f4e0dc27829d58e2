/**
 * Stored passwords that cannot be opened (SECRETS_KEY lost or replaced, a ciphertext copied from another
 * record): found when the password is needed, recorded once (`status.credentialsUnreadable`, one alert)
 * and from then on the server's mode is `unreadable` until the admin types it again with /server edit.
 */
import type { GameServer } from '../db/schemas.js';
import { SecretsError } from '../security/secrets.js';
import type { ServersCore } from './core.js';
import { passwordUnreadableError } from './refusals.js';

export class StoredPasswords {
  constructor(private readonly core: ServersCore) {}

  /**
   * The stored password, or null when it cannot be opened: then it is recorded as unreadable (the admins
   * alerted once). Does not reconcile: the reconcile itself calls this when it connects a server.
   */
  async open(server: GameServer): Promise<string | null> {
    try {
      return this.core.repo.openPassword(server);
    } catch (err) {
      if (!(err instanceof SecretsError)) throw err;
      await this.recordUnreadable(server);
      return null;
    }
  }

  /** For a command: the password, or the error saying to enter it again (after the new mode is applied). */
  async require(server: GameServer): Promise<string> {
    const password = await this.open(server);
    if (password !== null) return password;
    await this.core.reconcile(server.guildId);
    throw passwordUnreadableError(server);
  }

  private async recordUnreadable(server: GameServer): Promise<void> {
    const { repo, status, logger, alerts, tiers } = this.core;
    status.forget(server._id); // its own error stands, not a poll's written later
    const first = await repo.status.markCredentialsUnreadable(server.guildId, server._id);
    logger.error({ guildId: server.guildId, serverId: server._id }, 'stored sftp password cannot be opened with SECRETS_KEY');
    if (first) await alerts.credentialsUnreadable(server, await tiers.texts(server.guildId));
  }
}
