/**
 * Which watched folders are owed a listing, from their mtimes. Folder mtimes have a one-second
 * resolution, so a listing taken in the same second as the mtime it saw may miss a file created later
 * in that second: a folder stays "unsettled", and is listed again, until a listing was taken at least
 * SETTLE_MS after its mtime was first seen. Apart from RemoteTree (discovery.ts), which decides what
 * to list and when, because this is the one rule about what an mtime proves.
 */

/** A folder's listing taken this long after its mtime was first seen holds every entry of that second. */
export const SETTLE_MS = 1100;

/** A watched folder: its mtime, when this process first saw that mtime, and whether a listing since holds all of it. */
interface FolderState {
  mtimeMs: number;
  seenAt: number;
  settled: boolean;
}

export class FolderWatch {
  private readonly folders = new Map<string, FolderState>();

  constructor(private readonly clock: () => number) {}

  /** Whether a watched folder changed, vanished, or is not settled yet; records a new mtime (seen before its listing). */
  changed(dir: string, st: { modifiedAt: Date } | null, now: number): boolean {
    if (st === null) return true;
    const mtimeMs = st.modifiedAt.getTime();
    const known = this.folders.get(dir);
    if (known && known.mtimeMs === mtimeMs) return !known.settled;
    this.folders.set(dir, { mtimeMs, seenAt: now, settled: false });
    return true;
  }

  /** A watched folder whose last listing may miss entries of its mtime's second: listed again without a stat. */
  unsettled(dir: string): boolean {
    const known = this.folders.get(dir);
    return !!known && !known.settled;
  }

  /** A folder was just listed: settled if its mtime was first seen SETTLE_MS before. */
  listedNow(dir: string): void {
    const f = this.folders.get(dir);
    if (f) f.settled = this.clock() - f.seenAt >= SETTLE_MS;
  }

  /** Forgets the folders no longer watched (a world that went, or fell out of the bounds). */
  keepOnly(watched: ReadonlySet<string>): void {
    for (const dir of this.folders.keys()) if (!watched.has(dir)) this.folders.delete(dir);
  }
}
