/**
 * What a poll does with one listed file: nothing when its listing shows nothing new, else read on from
 * the committed position; when the file was replaced (a rotation: Deadside.log at a restart), the old
 * generation is finished first, from its backup copy, then the new file is read from the start. Apart
 * from the batching (batchReader.ts) because this is where a file's identity is decided.
 */
import path from 'node:path';
import { parseBackupLogName } from '../deadside/index.js';
import { readInto, type FileResult, type ReadContext } from './batchReader.js';
import type { PollBudget } from './budget.js';
import type { RemoteFile } from './discovery.js';
import { HEAD_BYTES, headOf, newFileCursor, newGeneration, planFile } from './remoteReader.js';
import type { FileCursor, IngestCursor } from './schemas.js';

const posix = path.posix;

/** Reads what is new in one file; null when its listing shows nothing new (no request made). */
export async function ingestFile(ctx: ReadContext, cursor: IngestCursor, f: RemoteFile, budget: PollBudget): Promise<FileResult | null> {
  const known = cursor.files.find((x) => x.path === f.path) ?? newFileCursor(f.path, f.kind);
  const plan = planFile(known, f, f.final);
  if (plan.action === 'skip') return null;
  let fc = plan.cursor;
  let rotated = plan.rotated;
  if (!rotated && f.kind === 'serverLog' && fc.offset > 0 && fc.head !== null) {
    // Deadside.log is replaced in place at restart: a changed first line means a new file (a new
    // generation). The first line is read with the new bytes, in the same round of requests.
    const r = await readInto(ctx, cursor, f, fc, budget, true);
    if (!r.replaced) return r;
    rotated = true;
    fc = newGeneration(fc);
  }
  let drained = 0;
  if (rotated) {
    ctx.deps.logger.info({ serverId: ctx.target().serverId, file: f.path }, 'file rotated: reading the new one from the start');
    // A restart: new folders or session files may have come with it.
    ctx.relist();
    if (f.kind === 'serverLog') {
      const d = await drainBackup(ctx, cursor, f, known, budget);
      // The old generation is finished first: the new file waits while the backup has more.
      if (d.more) return d;
      ({ cursor, lines: drained } = d);
    }
  }
  const r = await readInto(ctx, cursor, f, fc, budget);
  return { ...r, lines: r.lines + drained };
}

/**
 * The old Deadside.log may have grown between our last read and its rotation: finish it from the
 * `Deadside-backup-*.log` copy whose first line matches, as the old generation.
 */
async function drainBackup(ctx: ReadContext, cursor: IngestCursor, f: RemoteFile, old: FileCursor, budget: PollBudget): Promise<FileResult> {
  if (old.offset === 0 || old.head === null) return { cursor, lines: 0, more: false };
  const { remote } = ctx.deps;
  const key = ctx.target().poolKey;
  const dir = posix.dirname(f.path);
  const backups = (await remote.list(key, dir))
    .filter((e) => e.type === 'file' && parseBackupLogName(e.name) !== null && e.size >= old.offset)
    .sort((a, b) => (a.name < b.name ? 1 : -1))
    .slice(0, 3);
  for (const b of backups) {
    const p = posix.join(dir, b.name);
    const head = await remote.readFrom(key, p, 0, { maxBytes: HEAD_BYTES });
    if (headOf(head.data) !== old.head) continue;
    if (b.size === old.offset && !old.skip) break;
    return readInto(ctx, cursor, { ...f, readPath: p, size: b.size, mtimeMs: b.modifiedAt.getTime(), final: true }, old, budget);
  }
  return { cursor, lines: 0, more: false };
}
