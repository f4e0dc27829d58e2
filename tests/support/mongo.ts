import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { MongoClient, type Db } from 'mongodb';

export interface TestMongo {
  /** URI of a database of its own (a fresh name per call). */
  uri: string;
  client: MongoClient;
  db: Db;
  stop(): Promise<void>;
}

function jongodbBinary(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@jongodb/memory-server-bin-linux-x64-gnu/package.json');
  return join(dirname(pkg), 'bin', 'jongodb');
}

/** Starts jongodb on a free loopback port and resolves with its URI (it prints it at once). */
async function startJongodb(): Promise<{ uri: string; proc: ChildProcess }> {
  const proc = spawn(jongodbBinary(), ['--host=127.0.0.1', '--port=0', '--database=test'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const uri = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`jongodb did not start: ${out}`)), 10_000);
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /JONGODB_URI=(\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    proc.once('exit', (code) => reject(new Error(`jongodb exited with ${code}: ${out}`)));
  });
  return { uri, proc };
}

/** Replaces the database name in a MongoDB URI. */
export function withDatabase(uri: string, dbName: string): string {
  const url = new URL(uri);
  url.pathname = `/${dbName}`;
  return url.toString();
}

/**
 * A MongoDB for one test file: jongodb by default, or a real server when MONGODB_TEST_URI is set
 * (each call then gets a database of its own, dropped at stop).
 */
export async function startMongo(): Promise<TestMongo> {
  const external = process.env.MONGODB_TEST_URI;
  const dbName = `tower_test_${randomBytes(4).toString('hex')}`;
  let proc: ChildProcess | undefined;
  let base: string;
  if (external) {
    base = external;
  } else {
    ({ uri: base, proc } = await startJongodb());
  }
  const uri = withDatabase(base, dbName);
  const client = await new MongoClient(uri).connect();
  return {
    uri,
    client,
    db: client.db(),
    async stop() {
      if (external) await client.db().dropDatabase().catch(() => undefined);
      await client.close().catch(() => undefined);
      if (proc && proc.exitCode === null) {
        proc.kill('SIGTERM');
        await new Promise((r) => proc!.once('exit', r));
      }
    },
  };
}

/** A command a recording client sent (the driver's handshakes left out). */
export interface SentCommand {
  name: string;
  collection: string;
}

const HANDSHAKE = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'buildInfo', 'endSessions', 'saslStart', 'saslContinue']);

/** A second client on the test database whose commands are recorded, to count round trips by collection. */
export async function recordingClient(mongo: TestMongo): Promise<{ client: MongoClient; db: Db; sent: SentCommand[] }> {
  const client = await new MongoClient(mongo.uri, { monitorCommands: true }).connect();
  const sent: SentCommand[] = [];
  client.on('commandStarted', (e) => {
    if (!HANDSHAKE.has(e.commandName)) sent.push({ name: e.commandName, collection: String((e.command as Record<string, unknown>)[e.commandName]) });
  });
  return { client, db: client.db(mongo.db.databaseName), sent };
}
