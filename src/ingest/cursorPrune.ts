/**
 * Keeping a server's cursor document small: it holds only live files, and a per-world watermark for the rest.
 *
 * The exactly-once rule. The cursor is how the bot knows what it has read. Within a world folder CSVs are
 * read in name order (their names are their session's start time), so a world's read files form a prefix
 * of its CSVs by name. That prefix is remembered by the world's watermark `through` (a CSV name) and by the
 * cursor entries of the files after it:
 *   - a CSV whose name is at or below its world's watermark and has no cursor entry is read: it is never
 *     read again, whether the host still shows it, shows it again later, or shows it with another size;
 *   - a cursor entry is dropped only from that prefix, and the watermark rises to it in the same cursor
 *     write (both are fields of one document, committed together), so no moment exists where a read file
 *     is neither in an entry nor under the watermark.
 * An entry is dropped when its file is fully read and older than the world's newest KEEP_READ_FILES, or
 * when its file left the considered window (gone from a complete listing, or older than the newest
 * MAX_FILES_PER_WORLD: beyond the bound, the rest of it is not read), or when its world is no longer
 * considered (gone, or beyond MAX_WORLDS). Entries newer than the oldest unfinished file stay, so a file
 * that vanishes for a while and comes back is not read twice; their number is capped per world (only a
 * hostile host reaches the cap, and then that host's own files are what it costs).
 */
import path from 'node:path';
import type { FileSet, RemoteFile } from './discovery.js';
import { KEEP_READ_FILES, MAX_FILES_PER_WORLD, MAX_WORLD_MARKS } from './listingLimits.js';
import type { FileCursor, IngestCursor } from './schemas.js';

const posix = path.posix;
const base = (p: string) => posix.basename(p);

/** Most cursor entries kept per world, whatever a host does. */
export const MAX_ENTRIES_PER_WORLD = MAX_FILES_PER_WORLD + KEEP_READ_FILES;

/** The killfeed file is read already: at or below its world's watermark, with no entry of its own. */
export function coveredByMark(cursor: IngestCursor, f: RemoteFile): boolean {
  if (f.kind !== 'killfeed' || !cursor.worlds?.length) return false;
  const dir = posix.dirname(f.path);
  const mark = cursor.worlds.find((w) => w.dir === dir);
  return !!mark && base(f.path) <= mark.through && !cursor.files.some((x) => x.path === f.path);
}

/** Read to its end and complete (a newer file exists): nothing more can come from it. */
function done(e: FileCursor | undefined, f: RemoteFile): boolean {
  if (!f.final) return false;
  if (!e) return f.size === 0;
  return !e.skip && e.offset === f.size && e.size === f.size;
}

/**
 * The cursor with what the rule above allows dropped (the same object when nothing is). Done between
 * batches only (no batch pending); the result is written with the next commit.
 */
export function pruneCursor(cursor: IngestCursor, set: FileSet): IngestCursor {
  if (!set.worlds || cursor.pending) return cursor;
  const windows = new Map(set.worlds.map((w) => [w.dir, w]));
  const listed = new Map(set.files.map((f) => [f.path, f]));
  const marks = new Map((cursor.worlds ?? []).map((m) => [m.dir, m.through]));
  const raise = (dir: string, name: string) => {
    const m = marks.get(dir);
    if (m === undefined || name > m) marks.set(dir, name);
  };
  const byDir = new Map<string, FileCursor[]>();
  const kept: FileCursor[] = [];
  for (const e of cursor.files) {
    if (e.kind !== 'killfeed') kept.push(e);
    else {
      const dir = posix.dirname(e.path);
      byDir.set(dir, [...(byDir.get(dir) ?? []), e]);
    }
  }
  let dropped = 0;
  const drop = (dir: string, e: FileCursor) => {
    raise(dir, base(e.path));
    dropped++;
  };
  for (const [dir, entries] of byDir) {
    const w = windows.get(dir);
    if (!w) {
      // The world is gone or beyond MAX_WORLDS: its watermark alone remembers it.
      for (const e of entries) drop(dir, e);
      continue;
    }
    if (!w.paths) {
      kept.push(...entries); // not listed yet in this process: nothing known to drop
      continue;
    }
    const mark = marks.get(dir);
    const entryOf = new Map(entries.map((e) => [e.path, e]));
    // The oldest considered file not read to its end: the read prefix ends before it.
    let firstOpen: string | null = null;
    for (const p of w.paths) {
      if (!entryOf.has(p) && mark !== undefined && base(p) <= mark) continue;
      if (!done(entryOf.get(p), listed.get(p)!)) {
        firstOpen = base(p);
        break;
      }
    }
    const inWindow = new Set(w.paths);
    const newest = new Set(w.paths.slice(-KEEP_READ_FILES));
    const oldest = w.paths[0] ? base(w.paths[0]) : null;
    const stay: FileCursor[] = [];
    for (const e of entries.sort((a, b) => (a.path < b.path ? -1 : 1))) {
      const name = base(e.path);
      const inPrefix = firstOpen === null || name < firstOpen;
      const gone = !inWindow.has(e.path) && (w.complete || oldest === null || name < oldest);
      if (inPrefix && (gone || (inWindow.has(e.path) && !newest.has(e.path)))) drop(dir, e);
      else stay.push(e);
    }
    // Only a hostile host gets here (files vanishing and coming back ahead of an unfinished one).
    while (stay.length > MAX_ENTRIES_PER_WORLD) drop(dir, stay.shift()!);
    kept.push(...stay);
  }
  const before = cursor.worlds ?? [];
  const marksChanged = marks.size !== before.length || before.some((m) => marks.get(m.dir) !== m.through);
  if (!dropped && !marksChanged) return cursor;
  // Marks of considered worlds first; the others (gone, beyond the bound) while room remains.
  const all = [...marks].map(([dir, through]) => ({ dir, through }));
  const worlds = [...all.filter((m) => windows.has(m.dir)), ...all.filter((m) => !windows.has(m.dir))].slice(0, MAX_WORLD_MARKS);
  return { ...cursor, files: kept, worlds };
}
