/**
 * Which remote files a poll looks at: the killfeed CSVs of the world_N folders, then Deadside.log.
 *
 * Each poll makes one cheap check: a single round of stats, sent together on one connection. The live
 * killfeed CSV (the newest CSV of the world written last) is stat'ed at every poll; Deadside.log, the
 * watched folders (deathlogs and each world_N) and the other worlds' newest CSVs on slower clocks
 * (checkSchedule.ts: at fast polls that round is one request most of the time, four for a usual server
 * when everything is due). A folder whose mtime changed has gained or lost entries (a new session CSV at
 * each restart, a new world) and is listed again; everything is stat'ed and listed again after a failed
 * poll, when Deadside.log rotates (a restart), and every FULL_LISTING_MS as a safety net. A folder whose
 * mtime is too recent to trust stays "unsettled" and is listed again at the next poll (folderWatch.ts).
 * A file that can grow but was not stat'ed this round is marked `stale`: its size is not known, so
 * nothing of it is read until its next stat.
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
import type { RemoteEntry, RemoteStat } from '../sftp/index.js';
import { CheckClock, FOLDER_CHECK_MS, LOG_CHECK_MS } from './checkSchedule.js';
import { FolderWatch } from './folderWatch.js';
import { ListingAllowance, MAX_FILES_PER_WORLD, MAX_WORLDS } from './listingLimits.js';
import { listingNotice } from './listingNotice.js';
import type { FileSet, RemoteFile, WorldWindow } from './fileSet.js';
import type { ServerPaths } from './serverPaths.js';
import type { RemoteFiles } from './types.js';

// Importable from here, where the listing tests read it, as before they moved out.
export { SETTLE_MS } from './folderWatch.js';
export type { FileSet, RemoteFile, WorldWindow } from './fileSet.js';

const posix = path.posix;

/** The safety-net full listing's period (a change a folder's mtime did not show is found within it). */
export const FULL_LISTING_MS = 10 * 60_000;

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
  private readonly logClock = new CheckClock(LOG_CHECK_MS);
  private readonly folderClock = new CheckClock(FOLDER_CHECK_MS);
  /** Paths whose size this round's stats or listings gave (what is not in it and can grow is stale). */
  private fresh = new Set<string>();

  /** `interval`: the server's poll interval (ms), which sets how often the slower checks come; unknown: every poll. */
  constructor(
    private readonly remote: RemoteFiles,
    private readonly key: string,
    readonly paths: ServerPaths,
    private readonly clock: () => number = Date.now,
    private readonly interval: () => number = () => Infinity,
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
    this.fresh = new Set();
    await this.check(now, this.fullDue);
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
    return out.map((f) => (f.final || this.fresh.has(f.path) ? f : { ...f, stale: true }));
  }

  private windows(): WorldWindow[] | null {
    if (!this.worlds) return null;
    return this.worlds.map((w) => ({ dir: w.dir, paths: w.csvs?.map((f) => f.path) ?? null, complete: w.complete }));
  }

  /**
   * The round of stats: the live CSV always; the log and the folders (with the other worlds' newest CSVs)
   * when their clocks say so, or `all` (a full listing is owed). Marks the folders owed a listing.
   */
  private async check(now: number, all: boolean): Promise<void> {
    const { deathlogs, serverLog } = this.paths;
    const interval = this.interval();
    const slow = all || this.folderClock.due(now, interval);
    const logDue = !!serverLog && (slow || this.logClock.due(now, interval));
    const worlds = this.worlds ?? [];
    const live = liveWorld(worlds);
    const asks: [string, (st: RemoteStat | null) => void][] = [];
    // A folder is stat'ed on the slow clock; an unsettled one is listed again at once, without a stat.
    const folder = (dir: string, owe: () => void, gone: () => void = owe) => {
      if (!slow) {
        if (this.folders.unsettled(dir)) owe();
        return;
      }
      asks.push([dir, (st) => {
        if (st === null) gone();
        if (this.folders.changed(dir, st, now)) owe();
      }]);
    };
    if (deathlogs) folder(deathlogs, () => (this.deathlogsDue = true));
    // Gone: the deathlogs listing drops it.
    for (const w of worlds) folder(w.dir, () => (w.due = true), () => (this.deathlogsDue = true));
    for (const w of worlds) {
      const f = w.csvs?.at(-1);
      if (!f || (!slow && w !== live)) continue;
      asks.push([f.path, (st) => {
        if (st === null) w.due = true; // deleted or renamed away: what is there now comes from a listing
        else Object.assign(f, { size: st.size, mtimeMs: st.modifiedAt.getTime() });
      }]);
    }
    if (serverLog && logDue) {
      asks.push([serverLog, (st) => (this.log = st && { path: serverLog, kind: 'serverLog', size: st.size, mtimeMs: st.modifiedAt.getTime(), final: false })]);
    }
    const stats = asks.length ? await this.remote.statMany(this.key, asks.map(([p]) => p)) : [];
    asks.forEach(([p, apply], i) => {
      this.fresh.add(p);
      apply(stats[i] ?? null);
    });
    if (slow) this.folderClock.done(now);
    if (logDue) this.logClock.done(now);
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
    for (const c of kept) this.fresh.add(posix.join(w.dir, c.name));
    w.csvs = kept.map((c, i) => ({ path: posix.join(w.dir, c.name), kind: 'killfeed' as const, size: c.size, mtimeMs: c.modifiedAt.getTime(), final: i < kept.length - 1 }));
  }
}

/** The world whose newest CSV was written last (the game writes one at a time; ties: the highest N). */
function liveWorld(worlds: readonly World[]): World | undefined {
  let live: World | undefined;
  for (const w of worlds) {
    const f = w.csvs?.at(-1);
    if (f && (!live || f.mtimeMs >= live.csvs!.at(-1)!.mtimeMs)) live = w;
  }
  return live;
}
