/**
 * Why a command may not connect to a server, as the errors it shows: a changed host key (blocked), a key
 * nobody trusted yet, a stored password that cannot be opened. Pure: the modes are decided in ./mode.ts.
 */
import type { GameServer } from '../db/schemas.js';
import { shownName } from '../discord/limits.js';
import { UserError } from '../errors.js';
import { msg } from '../i18n/message.js';
import type { ServerMode } from './mode.js';

export function passwordUnreadableError(server: GameServer): UserError {
  return new UserError(msg('server.error.passwordUnreadable', { name: shownName(server.name) }), 'validation');
}

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
