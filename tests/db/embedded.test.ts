/**
 * The embedded MongoDB (src/db/embedded.ts) through mongodb-memory-server-core, with the stand-in mongod
 * (tests/support/fake-mongod.ts) as MONGOMS_SYSTEM_BINARY: no real mongod can be downloaded here.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirBusyError, EMBEDDED_DB_NAME, HANDOFF_FILE, readHandoff, resolveMongoTarget, startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded.js';
import { loadConfig } from '../../src/config.js';
import { redactMongoUri } from '../../src/db/mongo.js';
import { argOf, fakeMongodEnv, pidAlive, readRecords } from '../support/embedded.js';

interface Line {
  msg: string;
  [key: string]: unknown;
}

const savedEnv = { ...process.env };
let root: string;
let recordFile: string;
let lines: Line[];
let logger: pino.Logger;
const running: EmbeddedMongo[] = [];

function config(dataDir: string, uri?: string) {
  return loadConfig({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '123456789012345678', SECRETS_KEY: Buffer.alloc(32, 1).toString('base64'), MONGODB_DATA_DIR: dataDir, MONGODB_URI: uri });
}

async function start(dataDir: string, role = 'test', onUnexpectedExit?: () => void): Promise<EmbeddedMongo> {
  const mongo = await startEmbeddedMongo({ dataDir, logger, role, ...(onUnexpectedExit ? { onUnexpectedExit } : {}) });
  running.push(mongo);
  return mongo;
}

/** A pid that no process has any more. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tower-embedded-'));
  recordFile = join(root, 'mongod-record.jsonl');
  Object.assign(process.env, fakeMongodEnv(recordFile));
  lines = [];
  logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s) as Line) });
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((m) => m.stop()));
  rmSync(root, { recursive: true, force: true });
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
});

describe('startEmbeddedMongo', () => {
  it('creates the data directory, runs mongod on it, records the URI there, and stops cleanly', async () => {
    const dataDir = join(root, 'data', 'mongo');
    const mongo = await start(dataDir);

    expect(existsSync(dataDir)).toBe(true);
    const [started, ...more] = readRecords(recordFile);
    expect(more).toEqual([]);
    expect(argOf(started!, '--dbpath')).toBe(dataDir);
    expect(argOf(started!, '--storageEngine')).toBe('wiredTiger');
    expect(argOf(started!, '--bind_ip')).toBe('127.0.0.1');
    expect(argOf(started!, '--port')).toBe(String(mongo.port));
    expect(mongo.mongodPid).toBe(started!.pid);
    // With the bot's credentials (tests/db/embeddedAuth.test.ts: what they guard).
    expect(mongo.uri).toMatch(new RegExp(`^mongodb://tower:[^@]+@127\\.0\\.0\\.1:${mongo.port}/${EMBEDDED_DB_NAME}\\?`));

    // A real MongoDB-wire server answers there, in the database named by the URI.
    const client = await new MongoClient(mongo.uri).connect();
    expect(client.db().databaseName).toBe('tower');
    await client.db().collection('probe').insertOne({ _id: 'x' as never });
    expect(await client.db().collection('probe').countDocuments()).toBe(1);
    await client.close();

    expect(readHandoff(dataDir)).toMatchObject({ pid: process.pid, role: 'test', mongodPid: started!.pid, port: mongo.port, uri: mongo.uri });
    const ready = lines.find((l) => l.msg.startsWith('embedded MongoDB ready'));
    expect(ready).toMatchObject({ dataDir, uri: redactMongoUri(mongo.uri) });
    expect(ready!.msg).toContain(dataDir);
    expect(ready!.msg).toContain('MONGODB_URI');
    // The stand-in is found on disk: nothing is downloaded.
    expect(lines.some((l) => l.msg.includes('downloading mongod'))).toBe(false);

    await mongo.stop();
    await mongo.stop(); // twice is harmless
    expect(pidAlive(started!.pid)).toBe(false);
    expect(pidAlive(started!.serverPid)).toBe(false);
    expect(readRecords(recordFile).map((r) => [r.event, r.signal])).toEqual([
      ['start', undefined],
      ['stop', 'SIGINT'], // the library's graceful stop
    ]);
    expect(existsSync(join(dataDir, HANDOFF_FILE))).toBe(false);
    expect(readFileSync(join(dataDir, 'mongod.lock'), 'utf8')).toBe(''); // a clean stop
    expect(lines.some((l) => l.msg === 'embedded MongoDB stopped')).toBe(true);
  });

  it('refuses a data directory that a live process owns, and takes over from one that died', async () => {
    const dataDir = join(root, 'mongo');
    const first = await start(dataDir, 'bot');
    const busy = await startEmbeddedMongo({ dataDir, logger, role: 'npm run migrate' }).catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(DataDirBusyError);
    expect((busy as Error).message).toMatch(new RegExp(`in use by bot \\(pid ${process.pid}\\)`));
    expect(readRecords(recordFile).filter((r) => r.event === 'start')).toHaveLength(1);
    await first.stop();

    // A bot killed with SIGKILL leaves its record behind; the next start replaces it.
    writeFileSync(join(dataDir, HANDOFF_FILE), JSON.stringify({ pid: deadPid(), role: 'bot', startedAt: new Date().toISOString(), mongodPid: deadPid(), port: 1, uri: 'mongodb://127.0.0.1:1/tower' }));
    const second = await start(dataDir, 'bot');
    expect(readHandoff(dataDir)).toMatchObject({ pid: process.pid, uri: second.uri });
  });

  it('says clearly when a mongod it did not start holds the data directory', async () => {
    const dataDir = join(root, 'mongo');
    await start(dataDir).then((m) => m.stop()); // leaves an empty mongod.lock, like a clean mongod stop
    writeFileSync(join(dataDir, 'mongod.lock'), `${process.pid}\n`); // "another mongod" that is alive

    const err = (await startEmbeddedMongo({ dataDir, logger, role: 'bot' }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toContain(`the data directory ${dataDir} is locked by another mongod`);
    expect(err.message).toContain('MONGODB_URI');
    expect(existsSync(join(dataDir, HANDOFF_FILE))).toBe(false); // nothing claimed
  });

  it('tells its owner when mongod dies under it', async () => {
    const exited = new Promise<void>((resolve) => void start(join(root, 'mongo'), 'bot', resolve).then((m) => process.kill(m.mongodPid, 'SIGKILL')));
    await exited;
    expect(lines.some((l) => l.msg === 'the embedded MongoDB exited unexpectedly' && l.signal === 'SIGKILL')).toBe(true);
    // A real mongod has no children; the stand-in's jongodb outlives a SIGKILL.
    process.kill(readRecords(recordFile)[0]!.serverPid!, 'SIGTERM');
  });

  it('explains that a binary is needed when none is there and downloading is off', async () => {
    delete process.env.MONGOMS_SYSTEM_BINARY;
    process.env.MONGOMS_RUNTIME_DOWNLOAD = 'false';
    process.env.MONGOMS_DOWNLOAD_DIR = join(root, 'binaries');
    process.env.MONGOMS_PREFER_GLOBAL_PATH = 'false';
    const err = (await startEmbeddedMongo({ dataDir: join(root, 'mongo'), logger, role: 'bot' }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/no mongod binary is available and downloading one is turned off/);
    expect(err.message).toContain('MONGODB_URI');
    // The first-start download is announced before it runs.
    expect(lines.some((l) => l.msg.startsWith('downloading mongod 8.2.6 (first start only)'))).toBe(true);
    expect(existsSync(join(root, 'mongo', HANDOFF_FILE))).toBe(false);
  });
});

describe('resolveMongoTarget (the CLIs)', () => {
  it('uses a set MONGODB_URI without starting anything', async () => {
    const target = await resolveMongoTarget(config(join(root, 'mongo'), 'mongodb://db.example.com:27017/tower'), logger, 'npm run migrate');
    expect(target).toMatchObject({ uri: 'mongodb://db.example.com:27017/tower', source: 'config' });
    expect(readRecords(recordFile)).toEqual([]);
  });

  it("uses the running bot's mongod, and starts (then stops) its own when no bot runs", async () => {
    const dataDir = join(root, 'mongo');
    const bot = await start(dataDir, 'bot');
    const borrowed = await resolveMongoTarget(config(dataDir), logger, 'npm run migrate');
    expect(borrowed).toMatchObject({ uri: bot.uri, source: 'running' });
    await borrowed.release(); // does not stop the bot's mongod
    expect(readRecords(recordFile).map((r) => r.event)).toEqual(['start']);
    await bot.stop();

    const own = await resolveMongoTarget(config(dataDir), logger, 'npm run migrate');
    expect(own.source).toBe('started');
    expect(readHandoff(dataDir)).toMatchObject({ role: 'npm run migrate', uri: own.uri });
    await own.release();
    expect(readRecords(recordFile).map((r) => r.event)).toEqual(['start', 'stop', 'start', 'stop']);
    expect(existsSync(join(dataDir, HANDOFF_FILE))).toBe(false);
  });

  it("waits for another CLI's mongod instead of competing for the data directory", async () => {
    const dataDir = join(root, 'mongo');
    const other = await start(dataDir, 'npm run migrate');
    const busy = await resolveMongoTarget(config(dataDir), logger, 'npm run migrate', { waitMs: 0 }).catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(DataDirBusyError);

    const waiting = resolveMongoTarget(config(dataDir), logger, 'npm run migrate', { pollMs: 50 });
    await new Promise<void>((resolve) => {
      const check = () => (lines.some((l) => l.msg === 'waiting for npm run migrate to finish with the embedded MongoDB') ? resolve() : setTimeout(check, 20));
      check();
    });
    await other.stop();
    const target = await waiting;
    expect(target.source).toBe('started');
    await target.release();
    expect(readRecords(recordFile).map((r) => r.event)).toEqual(['start', 'stop', 'start', 'stop']);
  });
});
