/**
 * Which remote files a poll looks at: the killfeed CSVs of the world_N folders, then Deadside.log.
 *
 * Each poll makes one cheap check: a single round of stats, sent together on one connection, of the watched
 * folders (deathlogs and each world_N) and of the files that can grow (the newest CSV of each world,
 * Deadside.log) — four requests for a usual server. A folder whose mtime changed has gained or lost entries
 * (a new session CSV at each restart, a new world) and is listed again; everything is listed again after a
 * failed poll, when Deadside.log rotates (a restart), and every FULL_LISTING_MS as a safety net. A folder
 * whose mtime is too recent to trust stays "unsettled" and is listed again (folderWatch.ts).
 *
 * What a host may cost is bounded (listingLimits.ts): the MAX_WORLDS highest world_N and the
 * MAX_FILES_PER_WORLD newest CSVs of each are considered (ranked while the folder is read, so a folder
 * of a million entries is never held); folder listings are rate-limited per server (ListingAllowance)
 * and stop at the poll's listing deadline. A folder owed a listing and not listed yet stays owed: it
 * is listed at a later poll, and meanwhile the files it showed last are read as before.
 * What the bounds leave out is reported as a notice (listingNotice.ts); the paths come from serverPaths.ts.
 */
import path from 'node:path';
import { isKillfeedFile, parseKillfeedFileName, parseWorldFolder } from '../deadside/index.js';
import { ENGLISH } from '../i18n/translate.js';
import type { Msg } from '../i18n/types.js';
import type { RemoteEntry } from '../sftp/index.js';
import { FolderWatch } from './folderWatch.js';
import { ListingAllowance, MAX_FILES_PER_WORLD, MAX_WORLDS } from './listingLimits.js';
import { listingNotice } from './listingNotice.js';
import type { FileKind } from './schemas.js';
import type { ServerPaths } from './serverPaths.js';
import type { RemoteFiles } from './types.js';

// Importable from here, where the listing tests read it, as before it moved out.
export { SETTLE_MS } from './folderWatch.js';

const posix = path.posix;

/** The safety-net full listing's period (a change a folder's mtime did not show is found within it). */
export const FULL_LISTING_MS = 10 * 60_000;

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

/** One world_N folder: its newest CSVs in name order (the last one grows), null until first listed. */
interface World {
  dir: string;
  n: number;
  csvs: RemoteFile[] | null;
  /** A listing is owed (changed, new, full listing due) and not taken yet. */
  due: boolean;
  /** The last listing read the whole folder: a CSV it did not show is not on the host. */
  complete: boolean;
  /** CSVs of the folder left out by the bounds at the last listing (0: none). */
  beyond: number;
}

/** A considered world's CSVs as last listed, for the cursor's pruning (cursorPrune.ts). */
export interface WorldWindow {
  dir: string;
  /** The considered CSVs' paths, oldest first; null while the world was never listed. */
  paths: string[] | null;
  complete: boolean;
}

export interface FileSet {
  /** In application order: killfeed CSVs by world then name, then Deadside.log. */
  files: RemoteFile[];
  /** A listing was taken (not only the cheap check). */
  listed: boolean;
  /** The considered worlds; null until deathlogs was listed once (nothing may be pruned before). */
  worlds: WorldWindow[] | null;
  /** What the bounds leave out, in English (for logs); null when nothing. */
  notice: string | null;
  /** The same as a message, for admins in their guild's words (`/server list`). */
  noticeMsg: Msg | null;
}

const worldRank = (name: string, type: RemoteEntry['type']) => (type === 'file' ? null : parseWorldFolder(name));
const csvRank = (name: string, type: RemoteEntry['type']) => (type === 'file' ? (parseKillfeedFileName(name)?.getTime() ?? null) : null);

/** One server's files as last seen, kept up to date by cheap checks and bounded listings (see the header). */
export class RemoteTree {
  private worlds: World[] | null = null;
  private log: RemoteFile | null = null;
  private readonly folders: FolderWatch;
  private fullDue = true;
  private fullAt = 0;
  private deathlogsDue = true;
  /** World folders left out at the last deathlogs listing. */
  private worldsBeyond = 0;
  private worldsSeen = 0;
  private readonly allowance: ListingAllowance;

  constructor(
    private readonly remote: RemoteFiles,
    private readonly key: string,
    readonly paths: ServerPaths,
    private readonly clock: () => number = Date.now,
  ) {
    this.allowance = new ListingAllowance(clock);
    this.folders = new FolderWatch(clock);
  }

  /** Everything is listed again, as the rate limit allows (after an error, or a log rotated: a restart may add a world). */
  invalidate(): void {
    this.fullDue = true;
  }

  /**
   * The files to look at: one cheap check, then the listings owed, as the rate limit allows and until
   * `deadline` (Date.now() ms; the poll's listing share). `full` owes a listing of every folder.
   */
  async files(opts: { full?: boolean; deadline?: number } = {}): Promise<FileSet> {
    const now = this.clock();
    if (opts.full || now - this.fullAt >= FULL_LISTING_MS) this.fullDue = true;
    await this.check(now);
    if (this.fullDue) {
      this.fullDue = false;
      this.fullAt = now;
      this.deathlogsDue = true;
      for (const w of this.worlds ?? []) w.due = true;
    }
    const listed = await this.listDue(opts.deadline ?? Infinity);
    const notice = listingNotice(this.worldsSeen, this.worldsBeyond, this.worlds ?? []);
    return { files: this.current(), listed, worlds: this.windows(), notice: notice && ENGLISH.text(notice), noticeMsg: notice };
  }

  private current(): RemoteFile[] {
    const out: RemoteFile[] = [];
    for (const w of this.worlds ?? []) out.push(...(w.csvs ?? []));
    if (this.log) out.push(this.log);
    return out;
  }

  private windows(): WorldWindow[] | null {
    if (!this.worlds) return null;
    return this.worlds.map((w) => ({ dir: w.dir, paths: w.csvs?.map((f) => f.path) ?? null, complete: w.complete }));
  }

  /** The round of stats: marks the folders owed a listing, refreshes the live files and the log. */
  private async check(now: number): Promise<void> {
    const { deathlogs, serverLog } = this.paths;
    const worlds = this.worlds ?? [];
    const live = worlds.flatMap((w) => (w.csvs?.length ? [{ w, f: w.csvs.at(-1)! }] : []));
    const asked = [...(deathlogs ? [deathlogs] : []), ...worlds.map((w) => w.dir), ...live.map((l) => l.f.path), ...(serverLog ? [serverLog] : [])];
    const stats = await this.remote.statMany(this.key, asked);
    let at = 0;
    const next = () => stats[at++] ?? null;
    if (deathlogs && this.folders.changed(deathlogs, next(), now)) this.deathlogsDue = true;
    for (const w of worlds) {
      const st = next();
      // Gone: the deathlogs listing drops it.
      if (st === null) this.deathlogsDue = true;
      if (this.folders.changed(w.dir, st, now)) w.due = true;
    }
    for (const { w, f } of live) {
      const st = next();
      if (st === null) w.due = true; // deleted or renamed away: what is there now comes from a listing
      else {
        f.size = st.size;
        f.mtimeMs = st.modifiedAt.getTime();
      }
    }
    if (serverLog) {
      const st = next();
      this.log = st && { path: serverLog, kind: 'serverLog', size: st.size, mtimeMs: st.modifiedAt.getTime(), final: false };
    }
  }

  /** The listings owed: deathlogs first, then the worlds, highest N first; each takes one token. */
  private async listDue(deadline: number): Promise<boolean> {
    let listed = false;
    const may = () => Date.now() < deadline && this.allowance.take();
    if (this.paths.deathlogs && this.deathlogsDue && may()) {
      await this.listDeathlogs(this.paths.deathlogs, deadline);
      listed = true;
    }
    for (const w of [...(this.worlds ?? [])].reverse()) {
      if (!w.due || !may()) continue;
      await this.listWorld(w, deadline);
      listed = true;
    }
    if (!this.paths.deathlogs) this.worlds ??= [];
    return listed;
  }

  private async listDeathlogs(deathlogs: string, deadline: number): Promise<void> {
    // Listed even when the stat found nothing: its error says what is missing.
    const listing = await this.remote.list(this.key, deathlogs, { rank: worldRank, maxEntries: MAX_WORLDS, deadline });
    this.folders.listedNow(deathlogs);
    this.deathlogsDue = !!listing.incomplete && Date.now() >= deadline; // cut by the clock: again next time
    const found = listing.filter((e) => worldRank(e.name, e.type) !== null).sort((a, b) => parseWorldFolder(b.name)! - parseWorldFolder(a.name)!);
    this.worldsSeen = Math.max(listing.matched ?? 0, found.length);
    this.worldsBeyond = Math.max(0, this.worldsSeen - MAX_WORLDS);
    const known = new Map((this.worlds ?? []).map((w) => [w.dir, w]));
    const worlds: World[] = [];
    for (const e of found.slice(0, MAX_WORLDS).reverse()) {
      const dir = posix.join(deathlogs, e.name);
      const w = known.get(dir) ?? { dir, n: parseWorldFolder(e.name)!, csvs: null, due: true, complete: false, beyond: 0 };
      if (this.folders.changed(dir, e, this.clock())) w.due = true;
      worlds.push(w);
    }
    const watched = new Set([deathlogs, ...worlds.map((w) => w.dir)]);
    this.folders.keepOnly(watched);
    this.worlds = worlds;
  }

  private async listWorld(w: World, deadline: number): Promise<void> {
    const listing = await this.remote.list(this.key, w.dir, { rank: csvRank, maxEntries: MAX_FILES_PER_WORLD, deadline });
    this.folders.listedNow(w.dir);
    const cutByClock = !!listing.incomplete && Date.now() >= deadline;
    const csvs = listing.filter((e) => e.type === 'file' && isKillfeedFile(e.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const kept = csvs.slice(-MAX_FILES_PER_WORLD);
    w.beyond = Math.max(listing.matched ?? 0, csvs.length) - kept.length;
    w.complete = !listing.incomplete;
    w.due = cutByClock;
    w.csvs = kept.map((c, i) => ({ path: posix.join(w.dir, c.name), kind: 'killfeed' as const, size: c.size, mtimeMs: c.modifiedAt.getTime(), final: i < kept.length - 1 }));
  }
}
