/**
 * The embedded MongoDB requires authentication (src/db/embeddedAuth.ts). The stand-in mongod
 * (tests/support/fake-mongod.ts) enforces `--auth`/`--keyFile` at the wire with real SCRAM, so what these
 * tests refuse, a client of the real driver was really refused.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, MongoServerError } from 'mongodb';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HANDOFF_FILE, readHandoff, startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded.js';
import { CREDENTIALS_FILE, KEY_FILE } from '../../src/db/embeddedAuth.js';
import { argOf, fakeMongodEnv, readRecords } from '../support/embedded.js';

const savedEnv = { ...process.env };
let root: string;
let recordFile: string;
let logText: string;
let logger: pino.Logger;
const running: EmbeddedMongo[] = [];
const clients: MongoClient[] = [];

async function start(dataDir: string): Promise<EmbeddedMongo> {
  const mongo = await startEmbeddedMongo({ dataDir, logger, role: 'bot' });
  running.push(mongo);
  return mongo;
}

/** A client that fails fast instead of retrying server selection for 30 s. */
function client(uri: string): MongoClient {
  const c = new MongoClient(uri, { serverSelectionTimeoutMS: 3_000 });
  clients.push(c);
  return c;
}

const mode = (path: string) => statSync(path).mode & 0o777;
const password = (dataDir: string) => (JSON.parse(readFileSync(join(dataDir, CREDENTIALS_FILE), 'utf8')) as { password: string }).password;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tower-embedded-auth-'));
  recordFile = join(root, 'mongod-record.jsonl');
  Object.assign(process.env, fakeMongodEnv(recordFile));
  logText = '';
  logger = pino({ level: 'debug' }, { write: (s: string) => void (logText += s) });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(running.splice(0).map((m) => m.stop()));
  rmSync(root, { recursive: true, force: true });
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
});

describe('embedded MongoDB authentication', () => {
  it('the embedded database refuses a client without credentials, and accepts the bot\'s', async () => {
    const dataDir = join(root, 'mongo');
    const mongo = await start(dataDir);

    // mongod's flags: authentication on, the first-user loophole off, no --noauth.
    const [started] = readRecords(recordFile);
    expect(started!.argv).toContain('--auth');
    expect(started!.argv).not.toContain('--noauth');
    expect(argOf(started!, '--keyFile')).toBe(join(dataDir, KEY_FILE));
    expect(argOf(started!, '--setParameter')).toBe('enableLocalhostAuthBypass=false');

    // Anyone on the machine can reach the port; without credentials nothing is read or written.
    const anonymous = client(`mongodb://127.0.0.1:${mongo.port}/tower`);
    await expect(anonymous.db().command({ ping: 1 })).resolves.toMatchObject({ ok: 1 }); // as mongod: the handshake is open
    const read = await anonymous.db().collection('game_servers').findOne({}).catch((e: unknown) => e);
    expect(read).toBeInstanceOf(MongoServerError);
    expect(read).toMatchObject({ code: 13, message: 'Command find requires authentication' });
    await expect(anonymous.db().collection('game_servers').insertOne({ host: 'attacker.example' })).rejects.toMatchObject({ code: 13 });

    // The right user with a guessed password fails SCRAM.
    const guessing = client(`mongodb://tower:not-the-password@127.0.0.1:${mongo.port}/tower?authSource=admin`);
    await expect(guessing.db().command({ ping: 1 })).rejects.toMatchObject({ code: 18 });

    // The bot's URI works, and what it writes is there for it.
    const bot = client(mongo.uri);
    await bot.db().collection('probe').insertOne({ _id: 'x' as never });
    expect(await bot.db().collection('probe').countDocuments()).toBe(1);
    expect(bot.db().databaseName).toBe('tower');
  });

  it('keeps its secrets owner-only (directory 0700, files 0600) and never logs the password', async () => {
    const dataDir = join(root, 'mongo');
    mkdirSync(dataDir, { mode: 0o755 }); // e.g. made by an earlier version: tightened
    chmodSync(dataDir, 0o755);
    const mongo = await start(dataDir);

    expect(mode(dataDir)).toBe(0o700);
    for (const file of [KEY_FILE, CREDENTIALS_FILE, HANDOFF_FILE]) expect([file, mode(join(dataDir, file))]).toEqual([file, 0o600]);
    const secret = password(dataDir);
    expect(secret.length).toBeGreaterThanOrEqual(43); // 32 random bytes
    expect(mongo.uri).toContain(encodeURIComponent(secret));
    // The hand-off gives `npm run migrate` (same user) the working URI.
    expect(readHandoff(dataDir)?.uri).toBe(mongo.uri);

    const key = readFileSync(join(dataDir, KEY_FILE), 'utf8');
    expect(logText).toContain('embedded MongoDB ready');
    expect(logText).not.toContain(secret);
    expect(logText).not.toContain(key);
  });

  it('keeps the credentials across restarts, and replaces a credentials file others could read', async () => {
    const dataDir = join(root, 'mongo');
    await start(dataDir).then((m) => m.stop());
    const first = password(dataDir);
    const again = await start(dataDir);
    expect(password(dataDir)).toBe(first);
    await expect(client(again.uri).db().collection('probe').countDocuments()).resolves.toBe(0);
    await again.stop();

    chmodSync(join(dataDir, CREDENTIALS_FILE), 0o644);
    const third = await start(dataDir);
    const replaced = password(dataDir);
    expect(replaced).not.toBe(first);
    expect(mode(join(dataDir, CREDENTIALS_FILE))).toBe(0o600);
    expect(logText).toContain('an embedded MongoDB secret was readable by other users: replacing it');
    // The user's password was reset: the new one works, the exposed one no longer does.
    await expect(client(third.uri).db().collection('probe').countDocuments()).resolves.toBe(0);
    const stale = third.uri.replace(encodeURIComponent(replaced), encodeURIComponent(first));
    await expect(client(stale).db().command({ ping: 1 })).rejects.toMatchObject({ code: 18 });
  });
});
