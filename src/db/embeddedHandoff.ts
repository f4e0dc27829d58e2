/**
 * The embedded mongod's owner record, `<dataDir>/tower-mongod.json` (pid, port, URI): who runs the mongod
 * of a data directory, so a second process (`npm run migrate`) uses it instead of fighting for the directory.
 */
import { readFileSync, unlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { writeOwnerOnly } from './embeddedAuth.js';

/** The owner's record, inside the data directory. */
export const HANDOFF_FILE = 'tower-mongod.json';

export interface Handoff {
  /** The owning process (bot, shard manager or CLI). */
  pid: number;
  /** Who owns it, for messages: 'bot', 'npm run migrate', ... */
  role: string;
  startedAt: string;
  /** Set once mongod is ready (absent while it starts, e.g. during the first-start download). */
  mongodPid?: number;
  port?: number;
  /** Carries the bot's credentials (the file is owner-only). */
  uri?: string;
}

export class EmbeddedMongoError extends Error {
  override readonly name = 'EmbeddedMongoError';
}

/** Another live process owns the embedded mongod of this data directory. */
export class DataDirBusyError extends EmbeddedMongoError {
  constructor(
    readonly dataDir: string,
    readonly holder: Handoff,
  ) {
    super(
      `MONGODB_DATA_DIR ${dataDir} is in use by ${holder.role} (pid ${holder.pid}), which runs its embedded MongoDB. ` +
        `Stop it first, or set another MONGODB_DATA_DIR, or set MONGODB_URI. (If no such process runs, delete ${join(dataDir, HANDOFF_FILE)}.)`,
    );
  }
}

function pidAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ port, host });
    const finish = (open: boolean) => {
      socket.destroy();
      done(open);
    };
    socket.setTimeout(2_000, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

export function handoffPath(dataDir: string): string {
  return join(resolve(dataDir), HANDOFF_FILE);
}

function readRaw(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function parseHandoff(raw: string | undefined): Handoff | undefined {
  if (raw === undefined) return undefined;
  try {
    const h = JSON.parse(raw) as Handoff;
    return Number.isInteger(h.pid) && typeof h.role === 'string' ? h : undefined;
  } catch {
    return undefined;
  }
}

/** The owner's record of this data directory, if any (possibly stale: see holderRunning). */
export function readHandoff(dataDir: string): Handoff | undefined {
  return parseHandoff(readRaw(handoffPath(dataDir)));
}

/** Is the recorded owner still there (and, once ready, its mongod still listening)? */
export async function holderRunning(h: Handoff): Promise<boolean> {
  if (!pidAlive(h.pid)) return false;
  if (h.uri === undefined || h.port === undefined) return true; // still starting
  return pidAlive(h.mongodPid) && portOpen(h.port);
}

/** Claims the data directory for this process; a crashed owner's record is replaced. */
export async function claim(dataDir: string, role: string): Promise<Handoff> {
  const file = handoffPath(dataDir);
  const mine: Handoff = { pid: process.pid, role, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeOwnerOnly(file, JSON.stringify(mine), true);
      return mine;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const raw = readRaw(file);
    const holder = parseHandoff(raw);
    if (holder && (await holderRunning(holder))) throw new DataDirBusyError(dataDir, holder);
    // Stale (its owner died): remove it unless another process replaced it meanwhile.
    if (readRaw(file) === raw) {
      try {
        unlinkSync(file);
      } catch {
        /* already gone */
      }
    }
  }
  const holder = readHandoff(dataDir);
  if (holder) throw new DataDirBusyError(dataDir, holder);
  throw new EmbeddedMongoError(`could not claim ${file}`);
}

/** Removes our record (never another process's). */
export function release(dataDir: string): void {
  const file = handoffPath(dataDir);
  if (readHandoff(dataDir)?.pid !== process.pid) return;
  try {
    unlinkSync(file);
  } catch {
    /* already gone */
  }
}
