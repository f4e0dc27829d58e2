import type { FileEntry } from 'ssh2';

/** One entry of a remote folder, as the bot keeps it. */
export interface RemoteEntry {
  name: string;
  type: 'file' | 'dir' | 'symlink' | 'other';
  size: number;
  modifiedAt: Date;
  /** The server's name was longer than MAX_NAME_LENGTH and `name` holds its start only. */
  nameTruncated?: true;
}

export interface RemoteStat {
  type: 'file' | 'dir' | 'symlink' | 'other';
  size: number;
  modifiedAt: Date;
}

/** The file type in a POSIX mode (S_IFMT bits). */
export function modeType(mode: number): RemoteEntry['type'] {
  const t = mode & 0o170000;
  if (t === 0o040000) return 'dir';
  if (t === 0o100000) return 'file';
  if (t === 0o120000) return 'symlink';
  return 'other';
}

/**
 * A READDIR entry as a RemoteEntry, its name cut to `maxName` code points. A hostile server's attrs
 * may miss fields or hold nonsense: those read as 0.
 */
export function toEntry(i: FileEntry, maxName: number): RemoteEntry {
  const a = i.attrs ?? ({} as FileEntry['attrs']);
  // Counted in code points so a surrogate pair is never split (UTF-16 length is an upper bound).
  const points = i.filename.length > maxName ? Array.from(i.filename) : undefined;
  const long = points !== undefined && points.length > maxName;
  return {
    name: long ? points.slice(0, maxName).join('') : i.filename,
    type: modeType(a.mode ?? 0),
    size: Number.isFinite(a.size) ? a.size : 0,
    modifiedAt: new Date(Number.isFinite(a.mtime) ? a.mtime * 1000 : 0),
    ...(long ? { nameTruncated: true as const } : {}),
  };
}
