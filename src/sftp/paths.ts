import path from 'node:path';
import { UserError } from '../errors.js';
import { msg } from '../i18n/message.js';

const posix = path.posix;

/** Normalises a server root: absolute posix path, no trailing slash (except "/"). */
export function normalizeRoot(root: string | undefined): string {
  const r = (root ?? '').trim() || '/';
  if (r.includes('\0')) throw new UserError(msg('sftp.path.rootNul'), 'validation');
  const abs = posix.normalize(r.startsWith('/') ? r : `/${r}`);
  return abs.length > 1 ? abs.replace(/\/+$/, '') : abs;
}

/** True when `candidate` (absolute, normalised) is `root` or below it. */
export function isInside(root: string, candidate: string): boolean {
  const r = normalizeRoot(root);
  const c = posix.normalize(candidate);
  if (r === '/') return c.startsWith('/');
  return c === r || c.startsWith(`${r}/`);
}

/**
 * Resolves a user-supplied path inside a server's root. Relative paths are relative to the root;
 * absolute paths must already lie inside it. `..` that would leave the root, NUL bytes and
 * backslash tricks are refused with a UserError.
 */
export function resolveInside(root: string, userPath: string | undefined): string {
  const r = normalizeRoot(root);
  const p = (userPath ?? '').trim();
  if (p.includes('\0')) throw new UserError(msg('sftp.path.nul'), 'validation');
  if (p.length > 4096) throw new UserError(msg('sftp.path.tooLong'), 'validation');
  if (p === '' || p === '.' || p === '/') {
    // "/" means "the root" to the admin browsing their server.
    return r;
  }
  const cleaned = p.replace(/\\/g, '/');
  // Relative input is relative to the root. Absolute input is taken literally when it lies inside
  // the root, otherwise it is refused (never silently re-rooted: the admin must see the mistake).
  const joined = cleaned.startsWith('/') ? posix.normalize(cleaned) : posix.normalize(posix.join(r, cleaned));
  const resolved = joined.length > 1 ? joined.replace(/\/+$/, '') : joined;
  if (!isInside(r, resolved)) {
    throw new UserError(msg('sftp.path.outsideRoot', { path: p.slice(0, 200), root: r }), 'permission');
  }
  return resolved;
}

/** Shows a path relative to the root for messages ("/" for the root itself). */
export function displayPath(root: string, absPath: string): string {
  const r = normalizeRoot(root);
  if (r === '/') return absPath;
  const rel = posix.relative(r, absPath);
  return rel === '' ? '/' : `/${rel}`;
}

/**
 * Symlink check: after resolving a path lexically, ask the server for its realpath and make sure
 * it is still inside the (real) root. `realPath` is the server's canonicalisation (sftp realpath).
 * `knownRealRoot` skips the root's round trip when the caller already has it.
 */
export async function assertRealPathInside(
  root: string,
  absPath: string,
  realPath: (p: string) => Promise<string>,
  knownRealRoot?: string,
): Promise<string> {
  const r = normalizeRoot(root);
  const realRoot = knownRealRoot ?? ((await realPath(r)) || r);
  const real = await realPath(absPath);
  if (!real) throw new UserError(msg('sftp.path.missing', { path: codeSpanText(displayPath(r, absPath)) }), 'not_found');
  if (!isInside(realRoot, real) && !isInside(r, real)) {
    throw new UserError(msg('sftp.path.pointsOutside', { path: codeSpanText(displayPath(r, absPath)) }), 'permission');
  }
  return real;
}

/**
 * A remote path for a message whose catalog text shows it in a code span (`` `{path}` ``), where a
 * hostile folder name (`[x](https://…)`, `**`, `@everyone`) is shown as typed and formats nothing.
 * A backtick in it would close the span, so it is replaced.
 */
export function codeSpanText(path: string): string {
  return path.replace(/`/g, 'ˋ');
}
