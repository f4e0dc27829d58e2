/**
 * Recognise the Deadside server file layout (paths are POSIX, as seen over SFTP):
 *   .../actual1/deathlogs/world_N/YYYY.MM.DD-HH.MM.SS.csv   killfeed, one file per server session
 *   .../Logs/Deadside.log                                     current server log
 *   .../Logs/Deadside-backup-YYYY.MM.DD-HH.MM.SS.log          rotated server log
 */
import { parseDeadsideTimestamp } from './killfeed.js';

const KILLFEED_RE = /^(\d{4}\.\d{2}\.\d{2}-\d{2}\.\d{2}\.\d{2})\.csv$/;
const BACKUP_LOG_RE = /^Deadside-backup-(\d{4}\.\d{2}\.\d{2}-\d{2}\.\d{2}\.\d{2})\.log$/;
const WORLD_RE = /^world_(\d{1,6})$/;

/** Last path segment (accepts `/` and `\` separators, ignores trailing separators). */
export function baseName(path: string): string {
  const trimmed = path.replace(/[/\\]+$/, '');
  const i = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return i >= 0 ? trimmed.slice(i + 1) : trimmed;
}

function stampToDate(stamp: string): Date | null {
  const ms = parseDeadsideTimestamp(stamp);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** `2025.05.01-00.00.00.csv` (or a path ending with it) → session start (UTC); null if not a killfeed file. */
export function parseKillfeedFileName(path: string): Date | null {
  const m = KILLFEED_RE.exec(baseName(path));
  return m ? stampToDate(m[1]!) : null;
}

export function isKillfeedFile(path: string): boolean {
  return parseKillfeedFileName(path) !== null;
}

/**
 * Sort key for killfeed files: the file names are `YYYY.MM.DD-HH.MM.SS.csv`, so comparing the base names
 * as strings orders them chronologically. Use with Array.prototype.sort.
 */
export function compareKillfeedFiles(a: string, b: string): number {
  const ka = baseName(a);
  const kb = baseName(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** `world_3` → 3; null for anything else. */
export function parseWorldFolder(name: string): number | null {
  const m = WORLD_RE.exec(baseName(name));
  return m ? Number(m[1]) : null;
}

export function isServerLog(path: string): boolean {
  return baseName(path) === 'Deadside.log';
}

/** `Deadside-backup-2025.05.15-03.00.00.log` → rotation time (UTC); null otherwise. */
export function parseBackupLogName(path: string): Date | null {
  const m = BACKUP_LOG_RE.exec(baseName(path));
  return m ? stampToDate(m[1]!) : null;
}

export type DeadsidePath =
  | { kind: 'killfeed'; startedAt: Date; world: number | null }
  | { kind: 'serverLog' }
  | { kind: 'backupLog'; rotatedAt: Date };

/** Classify a file path; `world` comes from the parent folder of a killfeed file when it is `world_N`. */
export function classifyPath(path: string): DeadsidePath | null {
  const startedAt = parseKillfeedFileName(path);
  if (startedAt) {
    const parts = path.split(/[/\\]+/);
    const parent = parts.length >= 2 ? parts[parts.length - 2]! : '';
    return { kind: 'killfeed', startedAt, world: parseWorldFolder(parent) };
  }
  if (isServerLog(path)) return { kind: 'serverLog' };
  const rotatedAt = parseBackupLogName(path);
  if (rotatedAt) return { kind: 'backupLog', rotatedAt };
  return null;
}
