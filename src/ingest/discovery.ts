/** Which remote files a poll looks at: the killfeed CSVs of every world_N folder, then Deadside.log. */
import path from 'node:path';
import { compareKillfeedFiles, isKillfeedFile, parseWorldFolder } from '../deadside/index.js';
import { detectLayout } from '../sftp/index.js';
import type { FileKind } from './schemas.js';
import type { RemoteFiles } from './types.js';

const posix = path.posix;

export interface ServerPaths {
  deathlogs?: string;
  serverLog?: string;
}

export interface RemoteFile {
  path: string;
  kind: FileKind;
  size: number;
  mtimeMs: number;
  /** A newer file exists next to it: it will not grow any more. */
  final: boolean;
  /** Where to read the bytes when not at `path` (a rotated log's backup copy). */
  readPath?: string;
}

/** The paths given, or detected from the server's root folder (relative to it, as the pool takes them). */
export async function resolveServerPaths(remote: RemoteFiles, key: string, given: ServerPaths = {}): Promise<ServerPaths> {
  if (given.deathlogs || given.serverLog) return given;
  // Detection walks from "/"; the pool takes paths relative to the server's root folder.
  const rel = (p: string) => p.replace(/^\/+/, '') || '/';
  const layout = await detectLayout({ list: (dir) => remote.list(key, rel(dir)) }, '/');
  const first = layout.killfeedDirs[0]?.path;
  return { deathlogs: first ? rel(posix.dirname(first)) : undefined, serverLog: layout.logFile ? rel(layout.logFile) : undefined };
}

/** Every file to look at, in application order: killfeed CSVs by world then name, then Deadside.log. */
export async function discoverFiles(remote: RemoteFiles, key: string, { deathlogs, serverLog }: ServerPaths): Promise<RemoteFile[]> {
  const out: RemoteFile[] = [];
  if (deathlogs) {
    // Listed every poll: new world_N folders and new session CSVs are noticed without a restart.
    const worlds = (await remote.list(key, deathlogs))
      .filter((e) => e.type !== 'file' && parseWorldFolder(e.name) !== null)
      .sort((a, b) => parseWorldFolder(a.name)! - parseWorldFolder(b.name)!);
    for (const w of worlds) {
      const dir = posix.join(deathlogs, w.name);
      const csvs = (await remote.list(key, dir)).filter((e) => e.type === 'file' && isKillfeedFile(e.name));
      csvs.sort((a, b) => compareKillfeedFiles(a.name, b.name));
      csvs.forEach((c, i) =>
        out.push({ path: posix.join(dir, c.name), kind: 'killfeed', size: c.size, mtimeMs: c.modifiedAt.getTime(), final: i < csvs.length - 1 }),
      );
    }
  }
  if (serverLog) {
    try {
      const st = await remote.stat(key, serverLog);
      out.push({ path: serverLog, kind: 'serverLog', size: st.size, mtimeMs: st.modifiedAt.getTime(), final: false });
    } catch (err) {
      if ((err as { category?: string }).category !== 'not_found') throw err;
    }
  }
  return out;
}
