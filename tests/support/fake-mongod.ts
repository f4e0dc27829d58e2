/**
 * A stand-in for `mongod`, for tests of the embedded-MongoDB wiring on machines that cannot download a
 * real one (run it through the `fake-mongod` launcher, e.g. as MONGOMS_SYSTEM_BINARY). It behaves like
 * mongod where mongodb-memory-server-core and the bot look:
 * - `--version` prints `db version vX.Y.Z` (the library parses it);
 * - `--dbpath` must exist, and a `mongod.lock` holding a live pid means "in use" (DBPathInUse, exit 100);
 *   otherwise it writes its pid there and empties it at a clean stop, as mongod does;
 * - it serves the MongoDB wire protocol on `--port` (jongodb, in memory: data does NOT survive a restart)
 *   and prints mongod's JSON "Waiting for connections" line when ready;
 * - SIGINT/SIGTERM stop it with exit code 0;
 * - access control as mongod's `--auth` and `--keyFile` (owner-only keyfile of 6–1024 base64 characters):
 *   then jongodb listens on a port of its own and a front on `--port` refuses unauthenticated clients
 *   (tests/support/fake-mongod-auth.ts); `--noauth` with either is refused, so a test fails if the bot
 *   ever passes both and depends on how mongod settles it. `--setParameter` values are only recorded.
 * Every start and stop is appended as a JSON line to FAKE_MONGOD_RECORD (default `<dbpath>/fake-mongod.jsonl`).
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Server } from 'node:net';
import { dirname, join } from 'node:path';
import { startAuthGate } from './fake-mongod-auth.js';

export interface FakeMongodRecord {
  event: 'start' | 'stop';
  pid: number;
  argv: string[];
  /** The jongodb process serving the port (start only). */
  serverPid?: number;
  signal?: string;
}

const VERSION = process.env.FAKE_MONGOD_VERSION ?? '8.2.6';
const argv = process.argv.slice(2);

function arg(name: string): string | undefined {
  const i = argv.indexOf(name);
  return i === -1 ? undefined : argv[i + 1];
}

/** mongod's structured log line (the library reads stdout line by line). */
function logLine(id: number, msg: string, attr: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ t: { $date: new Date().toISOString() }, s: 'I', c: 'CONTROL', id, ctx: 'initandlisten', msg, attr })}\n`);
}

function fail(code: string, reason: string): never {
  // mongod's wording, which mongodb-memory-server-core turns into a start error.
  process.stdout.write(
    `${JSON.stringify({ t: { $date: new Date().toISOString() }, s: 'E', c: 'CONTROL', id: 20557, ctx: 'initandlisten', msg: 'DBException in initAndListen, terminating', attr: { error: `${code}: ${reason}` } })}\n`,
  );
  process.exit(100);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

if (argv.includes('--version')) {
  process.stdout.write(`db version v${VERSION}\nBuild Info: {"version": "${VERSION}", "note": "tower-of-temptation test stand-in"}\n`);
  process.exit(0);
}

const port = Number(arg('--port'));
const dbPath = arg('--dbpath');
if (!dbPath || !Number.isInteger(port)) fail('BadValue', 'stand-in needs --port and --dbpath');
if (!existsSync(dbPath) || !statSync(dbPath).isDirectory()) fail('NonExistentPath', `Data directory ${dbPath} not found.`);
const lockFile = join(dbPath, 'mongod.lock');
const holder = existsSync(lockFile) ? Number.parseInt(readFileSync(lockFile, 'utf8'), 10) : NaN;
if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
  fail('DBPathInUse', `Unable to lock the lock file: ${lockFile} (Resource temporarily unavailable). Another mongod instance is already running on the ${dbPath} directory`);
}
const keyFile = arg('--keyFile');
const auth = argv.includes('--auth') || keyFile !== undefined;
if (auth && argv.includes('--noauth')) fail('BadValue', 'stand-in: --noauth together with --auth or --keyFile');
let keyFileContent: string | undefined;
if (keyFile !== undefined) {
  if (!existsSync(keyFile)) fail('InvalidPath', `Error reading file ${keyFile}: No such file or directory`);
  // mongod's own checks on a keyfile.
  if ((statSync(keyFile).mode & 0o077) !== 0) fail('InvalidPath', `permissions on ${keyFile} are too open`);
  keyFileContent = readFileSync(keyFile, 'utf8').replace(/\s/g, '');
  if (keyFileContent.length < 6 || keyFileContent.length > 1024) fail('BadValue', `security key in ${keyFile} has length ${keyFileContent.length}, must be between 6 and 1024 chars`);
  if (!/^[A-Za-z0-9+/=]+$/.test(keyFileContent)) fail('BadValue', `invalid char in key file ${keyFile}`);
}
writeFileSync(lockFile, `${process.pid}\n`);
const recordFile = process.env.FAKE_MONGOD_RECORD ?? join(dbPath, 'fake-mongod.jsonl');
const record = (entry: FakeMongodRecord) => appendFileSync(recordFile, `${JSON.stringify(entry)}\n`);

const jongodbPkg = createRequire(import.meta.url).resolve('@jongodb/memory-server-bin-linux-x64-gnu/package.json');
const host = arg('--bind_ip') ?? '127.0.0.1';
// With access control jongodb takes a free loopback port and the gate serves --port.
const server = spawn(join(dirname(jongodbPkg), 'bin', 'jongodb'), [`--host=${auth ? '127.0.0.1' : host}`, `--port=${auth ? 0 : port}`, '--database=test'], {
  // Not 'inherit': a jongodb outliving a killed stand-in would hold the library's pipe open, and
  // mongodb-memory-server-core sees mongod's exit only when its pipes close.
  stdio: ['ignore', 'pipe', 'pipe'],
});
server.stderr!.pipe(process.stderr);
let stopping = false;
server.once('exit', (code) => {
  if (stopping) return;
  process.stderr.write(`fake-mongod: jongodb exited (${code})\n`);
  process.exit(1);
});

let gate: Server | undefined;
let out = '';
let listening = false;
server.stdout!.on('data', (chunk: Buffer) => {
  if (listening) return;
  out += chunk.toString();
  const uri = /JONGODB_URI=mongodb:\/\/[^:/]+:(\d+)\//.exec(out);
  if (!uri) return;
  listening = true;
  const ready = () => {
    record({ event: 'start', pid: process.pid, argv, serverPid: server.pid! });
    logLine(23016, 'Waiting for connections', { port, ssl: 'off' });
  };
  if (!auth) return ready();
  startAuthGate({ host, port, upstreamPort: Number(uri[1]), usersFile: join(dbPath, 'fake-mongod-users.json'), ...(keyFileContent ? { keyFileContent } : {}) }).then(
    (s) => {
      gate = s;
      ready();
    },
    (err: Error) => {
      stopping = true; // jongodb must not outlive the stand-in
      server.kill('SIGTERM');
      fail('SocketException', `Failed to set up listener: ${err.message}`);
    },
  );
});

const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  logLine(23138, 'Shutting down', { exitCode: 0, signal });
  gate?.close();
  const done = () => {
    writeFileSync(lockFile, ''); // a clean stop leaves an empty lock file, as mongod does
    record({ event: 'stop', pid: process.pid, argv, signal });
    process.exit(0);
  };
  if (server.exitCode !== null || server.signalCode !== null) return done();
  server.once('exit', done);
  server.kill('SIGTERM');
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
