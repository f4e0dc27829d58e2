/**
 * A host key that changed, handled in one place: the record (once per mismatch, one alert; the server's
 * mode becomes `blocked` and the reconcile stops its polling and pool entry), the guard every connection
 * of a command goes through, and the words: the error commands show and the pinned/presented key fields
 * of the /server test prompt and the admins' alert.
 */
import type { APIEmbedField } from 'discord.js';
import type { GameServer } from '../db/schemas.js';
import { shownName } from '../discord/limits.js';
import { UserError } from '../errors.js';
import { msg } from '../i18n/message.js';
import type { Translator } from '../i18n/translate.js';
import { HostKeyMismatchError } from '../sftp/errors.js';
import type { ServersCore } from './core.js';
import { passwordUnreadableError } from './credentials.js';
import type { ServerMode } from './mode.js';

/** A blocked server, refused (`presented`: the key seen now, else the recorded one). */
export function hostKeyBlockedError(server: GameServer, presented = server.status.hostKeyMismatch?.presented): UserError {
  return new UserError(msg('server.error.hostKeyBlocked', { name: shownName(server.name), presented: presented ?? msg('server.error.unknownKey') }), 'external');
}

/** A server whose key nobody trusted yet (a migrated one), refused before any password is sent. */
export function untrustedKeyError(server: GameServer): UserError {
  return new UserError(msg('server.error.untrusted', { name: shownName(server.name) }), 'validation');
}

/** Why a command cannot connect to a server in this mode (null: it can; a paused server can be browsed). */
export function connectRefusal(server: GameServer, mode: ServerMode): UserError | null {
  if (mode === 'blocked') return hostKeyBlockedError(server);
  if (mode === 'untrusted') return untrustedKeyError(server);
  if (mode === 'unreadable') return passwordUnreadableError(server);
  return null;
}

/** The pinned key and the one the host presents, side by side (`presentedLabel`: "Presented" or "Presented now"). */
export function keyChangeFields(
  server: GameServer,
  presented: string,
  t: Translator,
  presentedLabel: 'server.field.presented' | 'server.field.presentedNow',
): APIEmbedField[] {
  return [
    { name: t.t('server.field.pinned'), value: `\`${server.hostKeyFingerprint}\`` },
    { name: t.t(presentedLabel), value: `\`${presented}\`` },
  ];
}

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
