import { UserError } from '../errors.js';
import { msg } from '../i18n/message.js';
import type { Msg } from '../i18n/types.js';

/** The server presented a host key whose fingerprint differs from the pinned one. */
export class HostKeyMismatchError extends UserError {
  constructor(
    readonly expected: string,
    readonly actual: string,
    target?: { host: string; port: number },
  ) {
    const server = target ? msg('sftp.where', { host: target.host, port: String(target.port) }) : msg('sftp.hostKey.thisServer');
    super(msg('sftp.hostKey.mismatch', { server, expected, actual }), 'external');
  }
}

/**
 * A connection attempt that never completed an SSH key exchange: refused, filtered, timed out, reset,
 * or the port speaks something other than SSH. One message for all of them, so `/server add` and
 * `/server test` cannot be used to tell closed, filtered and open ports apart (a port scanner).
 * `kind` keeps the underlying kind for retries and logs.
 */
export class SshUnreachableError extends Error {
  override readonly name = 'SshUnreachableError';
  readonly code: string | number | undefined;
  constructor(
    readonly kind: SshErrorKind,
    cause: unknown,
  ) {
    super(`no SSH server answered (${kind})`, { cause });
    this.code = (cause as ErrLike | undefined)?.code;
  }
}

/** Kinds that prove an SSH server answered (it negotiated or judged credentials): reported as they are. */
const SSH_ANSWERED: ReadonlySet<SshErrorKind> = new Set(['auth', 'hostkey', 'handshake', 'user']);

/** Wraps an error raised before the SSH key exchange completed, unless it shows an SSH server answered. */
export function preHandshakeError(err: unknown): unknown {
  if (err instanceof SshUnreachableError) return err;
  const kind = classifySshError(err);
  return SSH_ANSWERED.has(kind) ? err : new SshUnreachableError(kind, err);
}

/** An operation that took longer than its budget (classified 'timeout', so transient). */
export function timeoutError(what: string, ms: number): Error {
  return Object.assign(new Error(`${what} timed out after ${ms} ms`), { code: 'ETIMEDOUT' });
}

/** The admin-facing message for any SshUnreachableError. */
export function unreachableMessage(host: string, port: number): Msg {
  return msg('sftp.error.unreachable', { host, port: String(port) });
}

export type SshErrorKind =
  | 'auth'
  | 'hostkey'
  | 'refused'
  | 'timeout'
  | 'transient'
  | 'dns'
  | 'unreachable'
  | 'handshake'
  | 'not_found'
  | 'permission'
  | 'user'
  | 'other';

interface ErrLike {
  message?: string;
  code?: string | number;
  level?: string;
}

/** Classifies an error thrown by ssh2 / ssh2-sftp-client / our own code. */
export function classifySshError(err: unknown): SshErrorKind {
  if (err instanceof HostKeyMismatchError) return 'hostkey';
  if (err instanceof UserError) return 'user';
  if (err instanceof SshUnreachableError) return err.kind;
  const e = (err ?? {}) as ErrLike;
  const text = String(e.message ?? err ?? '');
  const code = e.code;
  if (e.level === 'client-authentication' || /All configured authentication methods failed|authentication/i.test(text)) {
    return 'auth';
  }
  if (/Host denied \(verification failed\)/i.test(text)) return 'hostkey';
  if (code === 'ECONNREFUSED' || /refused connection|ECONNREFUSED/.test(text)) return 'refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || /Address lookup failed/.test(text)) return 'dns';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'unreachable';
  if (
    code === 'ETIMEDOUT' ||
    /Timed out while waiting for handshake|timed out/i.test(text)
  ) {
    return 'timeout';
  }
  if (/no matching .*(found|algorithm)|Handshake failed/i.test(text)) return 'handshake';
  if (
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    code === 'ECONNABORTED' ||
    /No response from server|Unexpected (end|close)|Connection lost|not connected|No SFTP connection|ECONNRESET|socket hang up|Channel open failure/i.test(
      text,
    )
  ) {
    return 'transient';
  }
  if (code === 2 || code === 'ENOENT' || /No such file/i.test(text)) return 'not_found';
  if (code === 3 || code === 'EACCES' || /Permission denied/i.test(text)) return 'permission';
  return 'other';
}

/** Errors worth retrying with backoff (the connection dropped or the host was briefly unavailable). */
export function isTransient(err: unknown): boolean {
  const k = classifySshError(err);
  return k === 'transient' || k === 'timeout' || k === 'refused';
}

/** Errors after which the connection must not be reused. */
export function isConnectionFatal(err: unknown): boolean {
  const k = classifySshError(err);
  return !(k === 'not_found' || k === 'permission' || k === 'user');
}

/**
 * Maps any connection/operation error to a UserError an admin can act on. Never includes credentials:
 * messages are built from the host, port and error kind only.
 */
export function toUserError(err: unknown, ctx: { host: string; port: number; path?: string }): UserError {
  if (err instanceof UserError) return err;
  const where = { host: ctx.host, port: String(ctx.port) };
  const external = (text: Msg) => new UserError(text, 'external', { cause: err });
  if (err instanceof SshUnreachableError) return external(unreachableMessage(ctx.host, ctx.port));
  const kind = classifySshError(err);
  switch (kind) {
    case 'auth':
      return external(msg('sftp.error.auth'));
    case 'refused':
      return external(msg('sftp.error.refused', where));
    case 'timeout':
      return external(msg('sftp.error.timeout', where));
    case 'dns':
      return external(msg('sftp.host.unresolved', { host: ctx.host }));
    case 'unreachable':
      return external(msg('sftp.error.hostUnreachable', where));
    case 'handshake':
      return external(msg('sftp.error.handshake', where));
    case 'transient':
      return external(msg('sftp.error.lost', where));
    case 'not_found':
      return new UserError(ctx.path ? msg('sftp.error.notFoundPath', { path: ctx.path }) : msg('sftp.error.notFound'), 'not_found', { cause: err });
    case 'permission':
      return new UserError(ctx.path ? msg('sftp.error.permissionPath', { path: ctx.path }) : msg('sftp.error.permission'), 'permission', { cause: err });
    case 'hostkey':
      return external(msg('sftp.hostKey.rejected', where));
    default:
      return external(msg('sftp.error.other', where));
  }
}
