/**
 * A host key that changed, recorded once per mismatch (one alert; the server's mode becomes `blocked` and
 * the reconcile stops its polling and pool entry), and the guard every connection of a command goes through.
 */
import type { GameServer } from '../db/schemas.js';
import { HostKeyMismatchError } from '../sftp/errors.js';
import type { ServersCore } from './core.js';
import { hostKeyBlockedError } from './refusals.js';

/** Records the mismatch: the server is blocked (reconciled at once) and its admins alerted, once per mismatch. */
export async function recordHostKeyMismatch(core: ServersCore, server: GameServer, presented: string): Promise<void> {
  const { repo, logger, alerts, status, tiers } = core;
  status.forget(server._id); // the failed polls' errors are not written over the block's
  const first = await repo.status.markHostKeyMismatch(server.guildId, server._id, presented);
  await core.reconcile(server.guildId);
  logger.warn({ guildId: server.guildId, serverId: server._id, expected: server.hostKeyFingerprint, presented }, 'sftp host key mismatch');
  if (first) await alerts.hostKeyChanged(server, presented, await tiers.texts(server.guildId));
}

/** Runs a command's connection: a changed key it meets is recorded, and refused with the block's error. */
export async function guardHostKey<T>(core: ServersCore, server: GameServer, connect: () => Promise<T>): Promise<T> {
  try {
    return await connect();
  } catch (err) {
    if (!(err instanceof HostKeyMismatchError)) throw err;
    await recordHostKeyMismatch(core, server, err.actual);
    throw hostKeyBlockedError(server, err.actual);
  }
}
