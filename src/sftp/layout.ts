import path from 'node:path';
import type { RemoteEntry } from './entries.js';
import { displayPath, normalizeRoot } from './paths.js';

const posix = path.posix;

/**
 * Anything that can list a remote folder (an SftpConnection, or a fake in tests). Listings should be
 * bounded (SftpConnection.list keeps MAX_LIST_ENTRIES); one marked `truncated` makes the result
 * `incomplete`.
 */
export interface DirLister {
  list(dir: string): Promise<RemoteEntry[] & { truncated?: boolean }>;
}

export interface KillfeedDir {
  path: string;
  world: number;
  csvCount: number;
}

export interface DeadsideLayout {
  root: string;
  /** Folders holding `actual1` (e.g. `/79.127.236.1_7020` or `/Deadside/Saved`). */
  serverDirs: string[];
  killfeedDirs: KillfeedDir[];
  logFile?: string;
  csvCount: number;
  newestCsv?: { path: string; size: number; modifiedAt: Date };
  /** The listing budget ran out, or a folder had more entries than a listing keeps. */
  incomplete: boolean;
  listings: number;
  summary: string;
}

export interface DetectOptions {
  /** Folder levels below the root searched for `actual1` / `Logs` (default 4). */
  maxDepth?: number;
  /** Most folder listings (default 60). */
  maxListings?: number;
}

const WORLD_RE = /^world_(\d+)$/;
const CSV_RE = /^\d{4}\.\d{2}\.\d{2}-\d{2}\.\d{2}\.\d{2}\.csv$/;

/**
 * Finds the Deadside tree below `root`: `* /actual1/deathlogs/world_N/*.csv`, `* /Logs/Deadside.log`
 * and the `Deadside/Saved/...` variant. Breadth-first, depth- and listing-bounded.
 */
export async function detectLayout(lister: DirLister, rootPath: string, opts: DetectOptions = {}): Promise<DeadsideLayout> {
  const root = normalizeRoot(rootPath);
  const maxDepth = opts.maxDepth ?? 4;
  const maxListings = opts.maxListings ?? 60;
  let listings = 0;
  let incomplete = false;
  const list = async (dir: string): Promise<RemoteEntry[] | undefined> => {
    if (listings >= maxListings) {
      incomplete = true;
      return undefined;
    }
    listings++;
    try {
      const entries = await lister.list(dir);
      if (entries.truncated) incomplete = true;
      return entries;
    } catch {
      return undefined; // unreadable folder: skip
    }
  };

  const serverDirs: string[] = [];
  const killfeedDirs: KillfeedDir[] = [];
  const logCandidates: Array<{ path: string; modifiedAt: Date }> = [];
  let newest: DeadsideLayout['newestCsv'];
  let csvCount = 0;

  const scanDeathlogs = async (deathlogs: string) => {
    const worlds = (await list(deathlogs)) ?? [];
    for (const w of worlds) {
      const m = WORLD_RE.exec(w.name);
      if (!m || w.type === 'file') continue;
      const dir = posix.join(deathlogs, w.name);
      const files = (await list(dir)) ?? [];
      const csvs = files.filter((f) => f.type !== 'dir' && CSV_RE.test(f.name));
      csvCount += csvs.length;
      killfeedDirs.push({ path: dir, world: Number(m[1]), csvCount: csvs.length });
      for (const f of csvs) {
        const p = posix.join(dir, f.name);
        // Names are timestamps, so the greatest name is the newest session; mtime breaks ties.
        if (!newest || f.name > posix.basename(newest.path) || (f.name === posix.basename(newest.path) && f.modifiedAt > newest.modifiedAt)) {
          newest = { path: p, size: f.size, modifiedAt: f.modifiedAt };
        }
      }
    }
  };

  const queue: Array<{ dir: string; depth: number; entries?: RemoteEntry[] }> = [{ dir: root, depth: 0 }];
  const seen = new Set<string>();
  while (queue.length) {
    const { dir, depth } = queue.shift()!;
    if (seen.has(dir)) continue;
    seen.add(dir);
    const entries = await list(dir);
    if (!entries) continue;
    const byName = new Map(entries.map((e) => [e.name, e]));
    const base = posix.basename(dir);
    if (byName.get('actual1')?.type === 'dir' || byName.get('actual1')?.type === 'symlink') {
      serverDirs.push(dir);
      await scanDeathlogs(posix.join(dir, 'actual1', 'deathlogs'));
    } else if (base === 'actual1' && byName.has('deathlogs')) {
      serverDirs.push(posix.dirname(dir));
      await scanDeathlogs(posix.join(dir, 'deathlogs'));
    } else if (base === 'deathlogs' && entries.some((e) => WORLD_RE.test(e.name))) {
      await scanDeathlogs(dir);
    }
    const logsDir = byName.get('Logs');
    if (logsDir && logsDir.type !== 'file') {
      const logs = (await list(posix.join(dir, 'Logs'))) ?? [];
      const log = logs.find((f) => f.name === 'Deadside.log' && f.type !== 'dir');
      if (log) logCandidates.push({ path: posix.join(dir, 'Logs', 'Deadside.log'), modifiedAt: log.modifiedAt });
    }
    if (base === 'Logs') {
      const log = byName.get('Deadside.log');
      if (log && log.type !== 'dir') logCandidates.push({ path: posix.join(dir, 'Deadside.log'), modifiedAt: log.modifiedAt });
    }
    if (depth >= maxDepth) continue;
    // Descend into folders, most promising first; skip ones already handled and hidden ones.
    const subdirs = entries
      .filter((e) => e.type === 'dir' && !e.name.startsWith('.') && e.name !== 'actual1' && e.name !== 'Logs')
      .sort((a, b) => score(b.name) - score(a.name))
      .slice(0, 50);
    for (const s of subdirs) queue.push({ dir: posix.join(dir, s.name), depth: depth + 1 });
  }

  const uniqLogs = [...new Map(logCandidates.map((l) => [l.path, l])).values()].sort((a, b) => +b.modifiedAt - +a.modifiedAt);
  const killfeed = [...new Map(killfeedDirs.map((k) => [k.path, k])).values()].sort((a, b) => a.path.localeCompare(b.path));
  const layout: DeadsideLayout = {
    root,
    serverDirs: [...new Set(serverDirs)],
    killfeedDirs: killfeed,
    ...(uniqLogs[0] ? { logFile: uniqLogs[0].path } : {}),
    csvCount,
    ...(newest ? { newestCsv: newest } : {}),
    incomplete,
    listings,
    summary: '',
  };
  layout.summary = summarize(layout);
  return layout;
}

function score(name: string): number {
  if (/^\S+_\d+$/.test(name)) return 3; // {host}_{id}
  if (name === 'Deadside' || name === 'Saved') return 2;
  return 0;
}

function summarize(l: DeadsideLayout): string {
  const parts: string[] = [];
  if (l.killfeedDirs.length === 0) parts.push('no killfeed folder (actual1/deathlogs/world_N) found');
  else {
    const dirs = l.killfeedDirs.map((k) => displayPath(l.root, k.path)).join(', ');
    parts.push(`${l.killfeedDirs.length} killfeed folder${l.killfeedDirs.length === 1 ? '' : 's'} (${dirs}) with ${l.csvCount} CSV file${l.csvCount === 1 ? '' : 's'}`);
    if (l.newestCsv) parts.push(`newest ${posix.basename(l.newestCsv.path)}`);
  }
  parts.push(l.logFile ? `server log ${displayPath(l.root, l.logFile)}` : 'no Logs/Deadside.log found');
  if (l.incomplete) parts.push('search stopped early (large tree): set the root folder closer to the server files');
  return parts.join('; ');
}
