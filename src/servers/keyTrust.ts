/**
 * Host keys of stored servers: `/server test` (a changed key blocks the server), trusting the key a host
 * now presents, the gate every command's pool use goes through, and the notice for migrated servers that
 * wait for a first trust. A password goes only to a host that has shown the key pinned for that server.
 */
import type { GameServer } from '../db/schemas.js';
import { UserError } from '../errors.js';
import type { Msg } from '../i18n/types.js';
import type { ConnectionReport } from '../sftp/connectivity.js';
import { HostKeyMismatchError } from '../sftp/errors.js';
import type { SftpPool } from '../sftp/pool.js';
import { checkHostKey, layoutOf, probe } from './connect.js';
import type { ServersCore } from './core.js';
import type { StoredPasswords } from './credentials.js';
import { guardHostKey, recordHostKeyMismatch } from './hostKeyGuard.js';
import { connectRefusal } from './refusals.js';
import type { ServerInput } from './input.js';
import { serverMode } from './mode.js';

/** `changed`: the host shows another key than the pinned one; `unpinned`: no key was ever trusted (a migrated server). */
export type TestOutcome = { ok: true; report: ConnectionReport; unblocked: boolean } | { ok: false; reason: 'changed' | 'unpinned'; presented: string };
export type RetrustOutcome = { ok: true; report: ConnectionReport } | { ok: false; error: Msg };

export class KeyTrust {
  constructor(
    private readonly core: ServersCore,
    private readonly passwords: StoredPasswords,
  ) {}

  /**
   * `/server test`: connects with the pinned key; a changed key blocks the server (and alerts once). A
   * server without a trusted key gets a key-only check: its key is shown to trust, no password is sent.
   */
  async test(server: GameServer): Promise<TestOutcome> {
    const { repo, status } = this.core;
    if (!server.hostKeyFingerprint) {
      const key = await checkHostKey(server, this.core.probe);
      return { ok: false, reason: 'unpinned', presented: key.fingerprint };
    }
    let report: ConnectionReport;
    try {
      report = await probe({ ...server, password: await this.passwords.require(server) }, this.core.probe, server.hostKeyFingerprint);
    } catch (err) {
      if (!(err instanceof HostKeyMismatchError)) throw err;
      await recordHostKeyMismatch(this.core, server, err.actual);
      return { ok: false, reason: 'changed', presented: err.actual };
    }
    const unblocked = serverMode(server).mode === 'blocked';
    if (unblocked) {
      status.forget(server._id); // the failed polls' error is cleared with the block
      await repo.status.clearHostKeyMismatch(server.guildId, server._id);
    }
    const layout = layoutOf(report);
    if (layout) await repo.setLayout(server.guildId, server._id, layout);
    if (unblocked) await this.core.reconcile(server.guildId);
    return { ok: true, report, unblocked };
  }

  /**
   * An admin trusted the key the host now presents (shown by `/server test`): it is pinned, then the real
   * connection test runs against it. A failed test (e.g. a wrong password) keeps the key trusted and says why.
   */
  async trustNewKey(server: GameServer, fingerprint: string): Promise<RetrustOutcome> {
    const { repo, status } = this.core;
    status.forget(server._id);
    await repo.trustHostKey(server.guildId, server._id, fingerprint);
    const trusted: GameServer = { ...server, hostKeyFingerprint: fingerprint, status: { ...server.status, hostKeyMismatch: null } };
    try {
      const report = await this.testPinned(trusted, { ...trusted, password: await this.passwords.require(trusted) }, fingerprint);
      const layout = layoutOf(report);
      if (layout) await repo.setLayout(server.guildId, server._id, layout);
      return { ok: true, report };
    } catch (err) {
      if (err instanceof UserError) return { ok: false, error: err.text };
      throw err;
    } finally {
      await this.core.reconcile(server.guildId);
    }
  }

  /** The full connection test against a pinned key; a different key blocks the server and alerts once. */
  testPinned(server: GameServer, input: Omit<ServerInput, 'name'>, pinned: string): Promise<ConnectionReport> {
    return guardHostKey(this.core, server, () => probe(input, this.core.probe, pinned));
  }

  /**
   * Runs `fn` on the shared SFTP pool for a stored server: the one gate every command's pool use goes
   * through. A server whose mode allows no connection is refused without connecting; a key change seen now blocks it.
   */
  async withPool<T>(server: GameServer, fn: (pool: SftpPool, serverId: string) => Promise<T>): Promise<T> {
    const refusal = connectRefusal(server, serverMode(server).mode);
    if (refusal) throw refusal;
    const { pool, repo } = this.core;
    // A no-op when nothing changed; a changed config (edit, re-trust elsewhere) drains old connections.
    pool.setServer(repo.poolConfig(server, await this.passwords.require(server)));
    return guardHostKey(this.core, server, () => fn(pool, server._id));
  }

  /**
   * Servers the old bot's SFTP integrations became (migration 004) wait for an admin to trust their host
   * key: the admins are told once, by the one process whose conditional update marked the notice sent.
   */
  async noticeMigrated(servers: readonly GameServer[]): Promise<void> {
    const { repo, logger, alerts, tiers } = this.core;
    for (const server of servers) {
      if (serverMode(server).mode !== 'untrusted' || !server.status.migrated || server.status.migrated.noticeSent) continue;
      const log = { guildId: server.guildId, serverId: server._id };
      try {
        if (!(await repo.status.claimMigratedNotice(server.guildId, server._id))) continue;
        logger.info(log, 'migrated server awaits host-key trust: admins told');
        await alerts.importedServer(server, await tiers.texts(server.guildId));
      } catch (err) {
        // A notice is not worth failing the start over: /server list shows the server's state anyway.
        logger.warn({ ...log, err: (err as Error).message }, 'migrated server notice failed');
      }
    }
  }
}

