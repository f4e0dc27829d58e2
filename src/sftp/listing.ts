import type { Channel } from './channel.js';
import { readDirBatches } from './dirReader.js';
import { toEntry, type RemoteEntry } from './entries.js';

/**
 * Most entries one listing keeps, and longest name kept: a hostile or broken server must not make
 * the bot hold an unbounded folder in memory or render it.
 */
export const MAX_LIST_ENTRIES = 10_000;
export const MAX_NAME_LENGTH = 255;

/**
 * Most entries a ranked listing reads from one folder before it stops (`incomplete`): a folder of a
 * million files costs at most this many entries of transfer and parsing, however the host orders them.
 */
export const MAX_SCAN_ENTRIES = 50_000;

/**
 * A folder listing, sorted by name (ranked: by rank, highest first). `truncated`: the folder had more
 * (matching) entries than were kept; `matched`: how many matched, of those read; `incomplete`: reading
 * stopped early (deadline or MAX_SCAN_ENTRIES), so `matched` counts only what was read.
 */
export type RemoteListing = RemoteEntry[] & { truncated: boolean; matched?: number; incomplete?: boolean };

export interface ListOptions {
  maxEntries?: number;
  maxNameLength?: number;
  /**
   * Keep the `maxEntries` entries of highest rank (null: not wanted) instead of the first ones in the
   * host's order: the whole folder is read (up to MAX_SCAN_ENTRIES) holding at most 2 × maxEntries.
   */
  rank?: (name: string, type: RemoteEntry['type']) => number | null;
  /** Ranked listings: stop reading at this time (Date.now() ms) and return what was read. */
  deadline?: number;
  maxScan?: number;
}

/** A folder's entries: the first `maxEntries` in the host's order, or with `rank` the best ones (see ListOptions). */
export function listFolder(ch: Channel, dir: string, opts: ListOptions = {}): Promise<RemoteListing> {
  return opts.rank ? listRanked(ch, dir, opts.rank, opts) : listFirst(ch, dir, opts);
}

/** Keeps at most `maxEntries` entries (then `truncated` is set), cutting names longer than `maxNameLength`. */
async function listFirst(ch: Channel, dir: string, opts: ListOptions): Promise<RemoteListing> {
  const maxEntries = opts.maxEntries ?? MAX_LIST_ENTRIES;
  const maxName = opts.maxNameLength ?? MAX_NAME_LENGTH;
  const entries: RemoteEntry[] = [];
  let truncated = false;
  await readDirBatches(ch, dir, {
    // Batches without entries ('.' and '..' only) count too: a server cannot keep us reading forever.
    next: (batch) => !(truncated ||= batch > maxEntries + 16),
    take: (items) => {
      for (const i of items) {
        if (entries.length >= maxEntries) return !(truncated = true);
        entries.push(toEntry(i, maxName));
      }
      return true;
    },
  });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  return Object.assign(entries, { truncated });
}

/**
 * The ranked listing: entries are read batch by batch and cut back to the best `maxEntries` whenever
 * twice that many are held, so memory stays bounded and the newest entries are found whatever order
 * the host sends; reading stops at `maxScan` entries or the deadline (`incomplete`).
 */
async function listRanked(ch: Channel, dir: string, rank: NonNullable<ListOptions['rank']>, opts: ListOptions): Promise<RemoteListing> {
  const keep = Math.max(1, opts.maxEntries ?? MAX_LIST_ENTRIES);
  const maxName = opts.maxNameLength ?? MAX_NAME_LENGTH;
  const maxScan = opts.maxScan ?? MAX_SCAN_ENTRIES;
  const held: { e: RemoteEntry; r: number }[] = [];
  let matched = 0;
  let scanned = 0;
  let incomplete = false;
  const cut = () => {
    held.sort((a, b) => b.r - a.r);
    held.length = Math.min(held.length, keep);
  };
  await readDirBatches(ch, dir, {
    // Empty batches count too ('.' and '..' only): a server cannot keep us reading forever.
    next: (batch) => !(incomplete = scanned >= maxScan || batch > maxScan || (opts.deadline !== undefined && Date.now() >= opts.deadline)),
    take: (items) => {
      for (const i of items) {
        scanned++;
        const e = toEntry(i, maxName);
        const r = rank(e.name, e.type);
        if (r === null) continue;
        matched++;
        held.push({ e, r });
      }
      if (held.length >= 2 * keep) cut();
      return true;
    },
  });
  cut();
  const entries = held.map((h) => h.e);
  return Object.assign(entries, { truncated: matched > entries.length, matched, incomplete });
}
