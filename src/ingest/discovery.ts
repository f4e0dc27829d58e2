/**
 * Which remote files a poll looks at: the killfeed CSVs of every world_N folder, then Deadside.log.
 *
 * A full listing (deathlogs' world_N folders, each world's CSVs, the log) is taken once, then again after
 * a failed poll, when Deadside.log rotates (a restart), and every FULL_LISTING_MS as a safety net. In
 * between, each poll makes one cheap check: a single round of stats, sent together on one connection, of
 * the watched folders (deathlogs and each world_N) and of the files that can grow (the newest CSV of each
 * world, Deadside.log) — four requests for a usual server. A folder whose mtime changed has gained or lost
 * entries (a new session CSV at each restart, a new world): it is listed again. Folder mtimes
 * have a one-second resolution, so a listing taken in the same second as the mtime it saw may miss a file
 * created later in that second: a folder stays "unsettled", and is listed again at each check, until a
 * listing was taken at least SETTLE_MS after its mtime was first seen.
 */
import path from 'node:path';
import { compareKillfeedFiles, isKillfeedFile, parseWorldFolder } from '../deadside/index.js';
import { detectLayout } from '../sftp/index.js';
import type { FileKind } from './schemas.js';
import type { RemoteFiles } from './types.js';

const posix = path.posix;

/** The safety-net full listing's period (a change a folder's mtime did not show is found within it). */
export const FULL_LISTING_MS = 10 * 60_000;
/** A folder's listing taken this long after its mtime was first seen holds every entry of that second. */
export const SETTLE_MS = 1100;

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

/** A watched folder: its mtime, when this process first saw that mtime, and whether a listing since holds all of it. */
interface FolderState {
  mtimeMs: number;
  seenAt: number;
  settled: boolean;
}

/** One world_N folder's CSVs, in order (the last one is the one that grows). */
interface World {
  dir: string;
  csvs: RemoteFile[];
}

export interface FileSet {
  /** In application order: killfeed CSVs by world then name, then Deadside.log. */
  files: RemoteFile[];
  /** A full listing was taken (not only the cheap check). */
  listed: boolean;
}

/** One server's files as last seen, kept up to date by full listings and cheap checks (see the header). */
export class RemoteTree {
  private worlds: World[] | null = null;
  private log: RemoteFile | null = null;
  private readonly folders = new Map<string, FolderState>();
  private listedAt = 0;

  constructor(
    private readonly remote: RemoteFiles,
    private readonly key: string,
    readonly paths: ServerPaths,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The next files() takes a full listing (after an error, or a log rotated: a restart may add a world). */
  invalidate(): void {
    this.worlds = null;
  }

  /** The files to look at: a full listing when due (or `full`), otherwise one cheap check. */
  async files(opts: { full?: boolean } = {}): Promise<FileSet> {
    if (opts.full || this.worlds === null || this.clock() - this.listedAt >= FULL_LISTING_MS) {
      await this.listAll();
      return { files: this.current(), listed: true };
    }
    const listed = await this.check();
    return { files: this.current(), listed };
  }

  private current(): RemoteFile[] {
    const out: RemoteFile[] = [];
    for (const w of this.worlds ?? []) out.push(...w.csvs);
    if (this.log) out.push(this.log);
    return out;
  }

  /** The cheap check; true when it had to take a full listing. */
  private async check(): Promise<boolean> {
    const { deathlogs, serverLog } = this.paths;
    const worlds = this.worlds!;
    const live = worlds.map((w) => w.csvs.at(-1)).filter((f): f is RemoteFile => f !== undefined);
    const asked = [...(deathlogs ? [deathlogs] : []), ...worlds.map((w) => w.dir), ...live.map((f) => f.path), ...(serverLog ? [serverLog] : [])];
    const now = this.clock();
    const stats = await this.remote.statMany(this.key, asked);
    let at = 0;
    const next = () => stats[at++] ?? null;
    if (deathlogs && this.needsListing(deathlogs, next(), now)) {
      // A world folder came or went (or deathlogs itself did): everything is listed.
      await this.listAll();
      return true;
    }
    const relist: World[] = [];
    for (const w of worlds) {
      const st = next();
      if (st === null) {
        await this.listAll();
        return true;
      }
      if (this.needsListing(w.dir, st, now)) relist.push(w);
    }
    for (const f of live) {
      const st = next();
      if (st === null) {
        // Deleted or renamed away: what is there now comes from a listing.
        await this.listAll();
        return true;
      }
      f.size = st.size;
      f.mtimeMs = st.modifiedAt.getTime();
    }
    if (serverLog) {
      const st = next();
      this.log = st && { path: serverLog, kind: 'serverLog', size: st.size, mtimeMs: st.modifiedAt.getTime(), final: false };
    }
    for (const w of relist) w.csvs = await this.listWorld(w.dir);
    return false;
  }

  /**
   * Whether a watched folder must be listed now (it changed, vanished, or is not settled yet); records its
   * mtime. A folder listed now is settled if its mtime was first seen SETTLE_MS before.
   */
  private needsListing(dir: string, st: { modifiedAt: Date } | null, now: number): boolean {
    if (st === null) return true;
    const mtimeMs = st.modifiedAt.getTime();
    const known = this.folders.get(dir);
    if (known && known.mtimeMs === mtimeMs && known.settled) return false;
    const seenAt = known && known.mtimeMs === mtimeMs ? known.seenAt : now;
    this.folders.set(dir, { mtimeMs, seenAt, settled: now - seenAt >= SETTLE_MS });
    return true;
  }

  /**
   * The full listing: deathlogs' stat and the log's (one round), deathlogs' world folders, each world's CSVs.
   * Each folder's mtime is taken before its listing: an entry added after it moves the mtime seen next time.
   */
  private async listAll(): Promise<void> {
    const { deathlogs, serverLog } = this.paths;
    const now = this.clock();
    this.listedAt = now;
    const asked = [deathlogs, serverLog].filter((p): p is string => !!p);
    const stats = await this.remote.statMany(this.key, asked);
    const logStat = serverLog ? (stats[asked.length - 1] ?? null) : null;
    const worlds: World[] = [];
    const watched = new Set<string>();
    if (deathlogs) {
      this.needsListing(deathlogs, stats[0] ?? null, now);
      watched.add(deathlogs);
      // Listed even when the stat found nothing: its error says what is missing.
      const entries = (await this.remote.list(this.key, deathlogs))
        .filter((e) => e.type !== 'file' && parseWorldFolder(e.name) !== null)
        .sort((a, b) => parseWorldFolder(a.name)! - parseWorldFolder(b.name)!);
      for (const e of entries) {
        const dir = posix.join(deathlogs, e.name);
        this.needsListing(dir, e, this.clock());
        watched.add(dir);
        worlds.push({ dir, csvs: await this.listWorld(dir) });
      }
    }
    for (const dir of this.folders.keys()) if (!watched.has(dir)) this.folders.delete(dir);
    this.worlds = worlds;
    this.log = serverLog && logStat ? { path: serverLog, kind: 'serverLog', size: logStat.size, mtimeMs: logStat.modifiedAt.getTime(), final: false } : null;
  }

  private async listWorld(dir: string): Promise<RemoteFile[]> {
    const csvs = (await this.remote.list(this.key, dir)).filter((e) => e.type === 'file' && isKillfeedFile(e.name));
    csvs.sort((a, b) => compareKillfeedFiles(a.name, b.name));
    return csvs.map((c, i) => ({ path: posix.join(dir, c.name), kind: 'killfeed' as const, size: c.size, mtimeMs: c.modifiedAt.getTime(), final: i < csvs.length - 1 }));
  }
}
