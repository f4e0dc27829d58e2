/**
 * The `status` of stored game servers: the marks that change a server's mode (a changed host key, an
 * unreadable password, the tier's pause) and the poller's last-poll figures. Conditional writes where an
 * alert depends on them: only the call that set a mark gets true, so admins are told once, whichever
 * process or connection met the problem first. Reached as `ServerRepo.status`.
 */
import { msg } from '../i18n/message.js';
import type { Collection } from 'mongodb';
import { GuildScopedCollection } from '../db/guildScope.js';
import type { GameServer } from '../db/schemas.js';
import type { StatusUpdate } from './pollStatus.js';

export class ServerStatusRepo {
  constructor(private readonly servers: Collection<GameServer>) {}

  private scope(guildId: string): GuildScopedCollection<GameServer> {
    return new GuildScopedCollection(this.servers, guildId);
  }

  /** Marks a host key mismatch; true only for the call that set the mark (the alert is posted once). */
  async markHostKeyMismatch(guildId: string, serverId: string, presented: string): Promise<boolean> {
    const at = new Date();
    const r = await this.scope(guildId).updateOne(
      { _id: serverId, 'status.hostKeyMismatch': null },
      { $set: { 'status.hostKeyMismatch': { presented, at }, 'status.lastError': 'host key changed', 'status.lastErrorText': msg('server.lastError.hostKeyChanged'), 'status.lastErrorAt': at } },
    );
    return r.modifiedCount === 1;
  }

  /** `/server test` found the pinned key again: the block is lifted. */
  async clearHostKeyMismatch(guildId: string, serverId: string): Promise<void> {
    await this.scope(guildId).updateOne(
      { _id: serverId, 'status.hostKeyMismatch': { $ne: null } },
      { $set: { 'status.hostKeyMismatch': null, 'status.lastError': null, 'status.lastErrorText': null } },
    );
  }

  /** Marks the stored password unreadable (SECRETS_KEY changed). True only for the call that set the mark. */
  async markCredentialsUnreadable(guildId: string, serverId: string): Promise<boolean> {
    const at = new Date();
    const r = await this.scope(guildId).updateOne(
      { _id: serverId, 'status.credentialsUnreadable': null },
      { $set: { 'status.credentialsUnreadable': at, 'status.lastError': 'stored password unreadable: re-enter it with /server edit', 'status.lastErrorText': msg('server.lastError.passwordUnreadable'), 'status.lastErrorAt': at } },
    );
    return r.modifiedCount === 1;
  }

  /** Pauses (`at`) or resumes (null) a server for its guild's premium tier; false when it already was. */
  async setTierPaused(guildId: string, serverId: string, at: Date | null): Promise<boolean> {
    const r = await this.scope(guildId).updateOne({ _id: serverId, 'status.tierPaused': at ? null : { $ne: null } }, { $set: { 'status.tierPaused': at } });
    return r.modifiedCount === 1;
  }

  /**
   * A server that came by migration 004: marks its admins' notice sent. True only for the one call (in any
   * process) whose update set the mark, which then posts the notice.
   */
  async claimMigratedNotice(guildId: string, serverId: string): Promise<boolean> {
    const r = await this.scope(guildId).updateOne({ _id: serverId, 'status.migrated.noticeSent': false }, { $set: { 'status.migrated.noticeSent': true } });
    return r.modifiedCount === 1;
  }

  /**
   * The poller's status of several servers in one bulk write (see PollStatusBuffer): last successful poll,
   * lines read added, and the latest outcome's error (null after a good poll).
   */
  async recordPolls(updates: readonly StatusUpdate[]): Promise<void> {
    if (!updates.length) return;
    await this.servers.bulkWrite(
      updates.map((u) => ({
        updateOne: {
          filter: { _id: u.serverId, guildId: u.guildId },
          update: {
            $set: {
              ...(u.lastPollAt ? { 'status.lastPollAt': u.lastPollAt } : {}),
              ...(u.error ? { 'status.lastError': u.error.message, 'status.lastErrorText': u.error.text ?? null, 'status.lastErrorAt': u.error.at } : { 'status.lastError': null, 'status.lastErrorText': null }),
              ...(u.notice !== undefined ? { 'status.listingNotice': u.notice } : {}),
            },
            ...(u.lines ? { $inc: { 'status.linesRead': u.lines } } : {}),
          },
        },
      })),
      { ordered: false },
    );
  }
}
