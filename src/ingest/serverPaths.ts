/**
 * Where a server's files are: the paths given with the server, or detected once from its root folder.
 * Apart from the listing (discovery.ts) because detection is a one-off walk, not part of a poll.
 */
import path from 'node:path';
import { detectLayout } from '../sftp/index.js';
import type { RemoteFiles } from './types.js';

const posix = path.posix;

export interface ServerPaths {
  deathlogs?: string;
  serverLog?: string;
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
