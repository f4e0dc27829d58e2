/**
 * Access control for the embedded mongod (src/db/embedded.ts). On loopback without it, any local user could
 * connect and read or change every guild's data (e.g. point a stored game server at their own host). So
 * mongod runs with `--auth` and a `--keyFile`, and with the localhost exception off: a fresh database has no
 * user, and that exception would let whoever connects first create one. Instead the bot authenticates as
 * the keyfile's internal user (`__system@local`, which exists before any user does) only to create or update
 * its own user, and then works as that user. The secrets are random, made at the first start and kept in
 * the data directory, the owner's only (0700): the keyfile and the bot's password (0600 each), and the
 * hand-off file, whose URI carries the password (0600). They are never logged.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient, MongoServerError } from 'mongodb';
import type { Logger } from '../logger.js';

/** mongod's keyfile, inside the data directory. */
export const KEY_FILE = 'tower-mongod.key';
/** The bot's MongoDB user and password, inside the data directory. */
export const CREDENTIALS_FILE = 'tower-mongod.credentials.json';
export const EMBEDDED_USER = 'tower';
/** mongod answers "already exists" to createUser with this code. */
const USER_EXISTS = 51003;

export interface EmbeddedSecrets {
  keyFile: string;
  /** The keyfile's content: the internal user's password. */
  key: string;
  user: string;
  password: string;
}

/** Creates `dir` (and missing parents) owner-only, and tightens it if it already existed. */
export function secureDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Writes an owner-only file whole, atomically (readers never see it half-written); `exclusive` fails if it exists. */
export function writeOwnerOnly(file: string, content: string, exclusive: boolean): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode: 0o600 });
  chmodSync(tmp, 0o600); // a leftover tmp of a crashed process keeps its old mode otherwise
  try {
    // link() fails if the target exists: an atomic "create if absent" with the content already in place.
    if (exclusive) linkSync(tmp, file);
    else renameSync(tmp, file);
  } finally {
    if (exclusive) unlinkSync(tmp);
  }
}

/** The file's content if it exists and only its owner may read it; a looser file's secret may have been read. */
function readPrivate(file: string, logger: Logger): string | undefined {
  if (!existsSync(file)) return undefined;
  if ((statSync(file).mode & 0o077) !== 0) {
    logger.warn({ file }, 'an embedded MongoDB secret was readable by other users: replacing it');
    return undefined;
  }
  return readFileSync(file, 'utf8');
}

function parseCredentials(raw: string | undefined): { user: string; password: string } | undefined {
  if (raw === undefined) return undefined;
  try {
    const c = JSON.parse(raw) as { user?: unknown; password?: unknown };
    return typeof c.user === 'string' && typeof c.password === 'string' && c.password.length >= 32 ? { user: c.user, password: c.password } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The data directory's secrets, made on the first start (only by the process that claimed the directory).
 * Replacing one is always safe: mongod reads the keyfile when it starts, and ensureUser sets the password.
 */
export function loadSecrets(dataDir: string, logger: Logger): EmbeddedSecrets {
  const keyFile = join(dataDir, KEY_FILE);
  let key = readPrivate(keyFile, logger)?.trim();
  // mongod wants 6–1024 base64 characters; 96 random bytes are 128 of them.
  if (!key || !/^[A-Za-z0-9+/=]{64,1024}$/.test(key)) {
    key = randomBytes(96).toString('base64');
    writeOwnerOnly(keyFile, key, false);
  }
  const credentialsFile = join(dataDir, CREDENTIALS_FILE);
  let credentials = parseCredentials(readPrivate(credentialsFile, logger));
  if (!credentials) {
    credentials = { user: EMBEDDED_USER, password: randomBytes(32).toString('base64url') };
    writeOwnerOnly(credentialsFile, JSON.stringify(credentials), false);
  }
  return { keyFile, key, ...credentials };
}

/** mongod's arguments besides `--auth` (which mongodb-memory-server-core adds; without it, it adds `--noauth`). */
export function authArgs(secrets: EmbeddedSecrets): string[] {
  return ['--keyFile', secrets.keyFile, '--setParameter', 'enableLocalhostAuthBypass=false'];
}

/** What the bot, its shards and the CLIs connect with. */
export function embeddedUri(port: number, secrets: EmbeddedSecrets, dbName: string): string {
  const auth = `${encodeURIComponent(secrets.user)}:${encodeURIComponent(secrets.password)}`;
  return `mongodb://${auth}@127.0.0.1:${port}/${dbName}?authSource=admin&authMechanism=SCRAM-SHA-256`;
}

/**
 * Creates the bot's user (owner of `dbName` only), or resets its password and roles when it exists: a first
 * start, data from a version without authentication, or a replaced credentials file all end the same.
 * SCRAM-SHA-1 for the internal user: the one mechanism every mongod version derives from the keyfile.
 */
export async function ensureUser(port: number, secrets: EmbeddedSecrets, dbName: string): Promise<void> {
  const client = new MongoClient(`mongodb://127.0.0.1:${port}/?directConnection=true`, {
    auth: { username: '__system', password: secrets.key },
    authSource: 'local',
    authMechanism: 'SCRAM-SHA-1',
    serverSelectionTimeoutMS: 10_000,
    appName: 'tower-of-temptation (embedded setup)',
  });
  try {
    const admin = client.db('admin');
    const spec = { pwd: secrets.password, roles: [{ role: 'dbOwner', db: dbName }] };
    try {
      await admin.command({ createUser: secrets.user, ...spec });
    } catch (err) {
      if (!(err instanceof MongoServerError) || err.code !== USER_EXISTS) throw err;
      await admin.command({ updateUser: secrets.user, ...spec });
    }
  } finally {
    await client.close();
  }
}
