import { UserError } from '../errors.js';
import { msg } from '../i18n/message.js';
import { bytes } from '../i18n/units.js';
import type { SftpConnection } from './connection.js';
import type { RemoteStat } from './entries.js';
import { classifySshError } from './errors.js';
import type { ReadFromOptions, ReadFromResult } from './fileRead.js';
import type { ListOptions, RemoteListing } from './listing.js';
import { assertRealPathInside, codeSpanText, displayPath, resolveInside } from './paths.js';

// The pool's file operations on one borrowed connection, for a path an admin or the poller gave
// relative to the server's root. Each resolves the path inside the root lexically, then refuses it when
// the server's realpath leaves the root (a symlink escape; cached per path per connection, see
// InsideCheck), and words a missing or forbidden path for the admin, relative to the root.

/** A folder's entries; a file named as a folder is said to be one. */
export async function listIn(c: SftpConnection, root: string, userPath: string, opts?: ListOptions): Promise<RemoteListing> {
  const p = await checkedPath(c, root, userPath);
  return c.list(p, opts).catch(async (err: unknown) => {
    // Servers answer "no such file" when asked to list a file: say what it really is.
    const st = await c.stat(p).catch(() => null);
    if (st && st.type === 'file') throw new UserError(msg('sftp.path.isFile', { path: shown(root, p) }), 'validation', { cause: err });
    return rethrowPathError(err, root, p);
  });
}

export async function statIn(c: SftpConnection, root: string, userPath: string): Promise<RemoteStat> {
  const p = await checkedPath(c, root, userPath);
  return c.stat(p).catch((err) => rethrowPathError(err, root, p));
}

/** Several stats in one round of requests, each path's realpath check (when due) in the same round; missing: null. */
export function statManyIn(c: SftpConnection, root: string, userPaths: readonly string[]): Promise<(RemoteStat | null)[]> {
  return Promise.all(
    userPaths.map(async (userPath) => {
      const p = resolveInside(root, userPath);
      try {
        const [, st] = await Promise.all([c.assertInside(root, p), c.stat(p)]);
        return st;
      } catch (err) {
        if (classifySshError(err) === 'not_found' || (err instanceof UserError && err.category === 'not_found')) return null;
        return rethrowPathError(err, root, p);
      }
    }),
  );
}

export async function readFromIn(c: SftpConnection, root: string, userPath: string, offset: number, options?: ReadFromOptions): Promise<ReadFromResult> {
  const p = await checkedPath(c, root, userPath);
  return c.readFrom(p, offset, options).catch((err) => rethrowPathError(err, root, p));
}

/** A whole file, its size checked before any byte is transferred, read at its real path (checked uncached). */
export async function downloadIn(c: SftpConnection, root: string, userPath: string, maxBytes: number): Promise<{ path: string; data: Buffer; size: number }> {
  const p = resolveInside(root, userPath);
  const real = await assertRealPathInside(root, p, (x) => c.realPath(x));
  const st = await c.stat(real).catch((err) => rethrowPathError(err, root, p));
  if (st.type !== 'file') throw new UserError(msg('sftp.path.notFile', { path: shown(root, p) }), 'validation');
  if (st.size > maxBytes) {
    throw new UserError(msg('sftp.path.tooBig', { path: shown(root, p), size: bytes(st.size), limit: bytes(maxBytes) }), 'validation');
  }
  const r = await c.readFrom(real, 0, { maxBytes });
  return { path: p, data: r.data, size: st.size };
}

/** Resolves a user path inside the root, lexically and then by the server's realpath (cached). */
async function checkedPath(c: SftpConnection, root: string, userPath: string): Promise<string> {
  const p = resolveInside(root, userPath);
  await c.assertInside(root, p).catch((err: unknown) => rethrowPathError(err, root, p));
  return p;
}

function rethrowPathError(err: unknown, root: string, p: string): never {
  const kind = classifySshError(err);
  if (kind === 'not_found') throw new UserError(msg('sftp.path.missing', { path: shown(root, p) }), 'not_found', { cause: err });
  if (kind === 'permission') throw new UserError(msg('sftp.path.denied', { path: shown(root, p) }), 'permission', { cause: err });
  throw err;
}

/** A path as a message shows it: relative to the root, ready for the text's code span. */
function shown(root: string, p: string): string {
  return codeSpanText(displayPath(root, p));
}

