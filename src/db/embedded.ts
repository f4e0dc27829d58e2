/**
 * Embedded MongoDB: with MONGODB_URI unset the bot runs a real local `mongod` (mongodb-memory-server-core)
 * whose data stays on disk in MONGODB_DATA_DIR across restarts. The process that starts it owns it and
 * stops it last: the bot, the shard manager (its shards get the URI through their environment) or a CLI
 * when no bot is running. The owner records itself in `<dataDir>/tower-mongod.json` (pid, port, URI), so
 * `npm run migrate` uses the running bot's mongod instead of fighting it for the data directory.
 * mongod requires authentication (src/db/embeddedAuth.ts): the URI it hands out carries the bot's password,
 * so the record is owner-only (0600), like the directory (0700).
 */
import type { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import type { MongoMemoryServer } from 'mongodb-memory-server-core';
import type { EnvConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { authArgs, embeddedUri, ensureUser, loadSecrets, secureDir, writeOwnerOnly } from './embeddedAuth.js';
import { claim, DataDirBusyError, EmbeddedMongoError, handoffPath, holderRunning, readHandoff, release, type Handoff } from './embeddedHandoff.js';
import { redactMongoUri } from './mongo.js';

export { DataDirBusyError, EmbeddedMongoError, HANDOFF_FILE, readHandoff, type Handoff } from './embeddedHandoff.js';

/**
 * Pinned so that a library upgrade never points existing data files at a newer major by surprise
 * (mongod refuses data more than one feature version old). MONGOMS_VERSION overrides it.
 */
export const MONGOD_VERSION = '8.2.6';
/** Database name in the embedded mongod (what the old default URI used). */
export const EMBEDDED_DB_NAME = 'tower';
export interface EmbeddedMongo {
  /** With the bot's credentials: never log it (redactMongoUri). */
  uri: string;
  /** Absolute path of the data directory. */
  dataDir: string;
  port: number;
  mongodPid: number;
  /** Stops mongod gracefully (data flushed) and releases the data directory. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartEmbeddedOptions {
  dataDir: string;
  logger: Logger;
  /** Shown to other processes that find the data directory in use. */
  role: string;
  /** mongod exited while nobody asked it to (the bot cannot go on without its database). */
  onUnexpectedExit?: (info: { code: number | null; signal: string | null }) => void;
  /** How long mongod may take to accept connections (journal recovery after a crash can take a while). */
  launchTimeoutMs?: number;
}

const PRODUCTION_HINT = 'Set MONGODB_URI to use a MongoDB you run yourself (recommended in production).';

/** Makes mongod's and the library's failures say what to do. */
function explain(err: unknown, dataDir: string): EmbeddedMongoError {
  const message = err instanceof Error ? err.message : String(err);
  if (/DBPathInUse|lock the lock file/i.test(message)) {
    return new EmbeddedMongoError(
      `the data directory ${dataDir} is locked by another mongod that this bot did not start (see its mongod.lock). Stop that mongod, or set MONGODB_URI to use it, or choose another MONGODB_DATA_DIR.`,
    );
  }
  if (/Download failed|DownloadError|getaddrinfo|ENOTFOUND|ETIMEDOUT|ECONNREFUSED|ECONNRESET/i.test(message)) {
    return new EmbeddedMongoError(`downloading mongod failed (the first start needs internet access once): ${message}. ${PRODUCTION_HINT}`, { cause: err });
  }
  if (/could not find an valid binary path|RUNTIME_DOWNLOAD/i.test(message)) {
    return new EmbeddedMongoError(`no mongod binary is available and downloading one is turned off (MONGOMS_RUNTIME_DOWNLOAD). ${PRODUCTION_HINT} Or point MONGOMS_SYSTEM_BINARY at a local mongod.`);
  }
  return new EmbeddedMongoError(`could not start the embedded MongoDB (data in ${dataDir}): ${message}. ${PRODUCTION_HINT}`, { cause: err });
}

/** Finds the mongod binary, downloading it into the library's cache on the first start (with a log line before and after). */
async function ensureBinary(version: string, logger: Logger): Promise<void> {
  const { DryMongoBinary, MongoBinary } = await import('mongodb-memory-server-core');
  if (await DryMongoBinary.locateBinary({ version })) return;
  const { downloadDir } = await DryMongoBinary.generateOptions({ version });
  // The library prints the download's progress itself.
  logger.info({ version, cache: downloadDir }, `downloading mongod ${version} (first start only) …`);
  const binary = await MongoBinary.getPath({ version });
  logger.info({ version, binary }, 'downloading mongod: done');
}

/** Starts the embedded mongod on `dataDir` (created if missing) and claims the directory for this process. */
export async function startEmbeddedMongo(options: StartEmbeddedOptions): Promise<EmbeddedMongo> {
  const { logger } = options;
  const dataDir = resolve(options.dataDir);
  try {
    secureDir(dataDir);
  } catch (err) {
    throw new EmbeddedMongoError(`cannot create MONGODB_DATA_DIR ${dataDir}: ${(err as Error).message}`);
  }
  const mine = await claim(dataDir, options.role);
  // A process that exits without stop() (a deadline, process.exit) must not leave its claim behind.
  const releaseOnExit = () => release(dataDir);
  process.once('exit', releaseOnExit);

  const version = process.env.MONGOMS_VERSION || MONGOD_VERSION;
  logger.info({ dataDir, version }, 'MONGODB_URI is unset: starting the embedded MongoDB');
  let server: MongoMemoryServer | undefined;
  let uri: string;
  try {
    const secrets = loadSecrets(dataDir, logger);
    await ensureBinary(version, logger);
    const { MongoMemoryServer } = await import('mongodb-memory-server-core');
    server = new MongoMemoryServer({
      instance: { dbPath: dataDir, storageEngine: 'wiredTiger', ip: '127.0.0.1', launchTimeout: options.launchTimeoutMs ?? 60_000, args: authArgs(secrets) },
      // `--auth`. The library would create this user through the localhost exception only in an empty
      // directory, and ours never is (the claim and the secrets are in it); ensureUser does it instead.
      auth: { enable: true, customRootName: secrets.user, customRootPwd: secrets.password },
      binary: { version },
      // Its own process group: a Ctrl+C in the terminal reaches the bot only, which stops mongod last,
      // after everything that still writes. (The library's watchdog still kills it if the bot dies.)
      spawn: { detached: true },
    });
    await server.start();
    await ensureUser(server.instanceInfo!.port, secrets, EMBEDDED_DB_NAME);
    uri = embeddedUri(server.instanceInfo!.port, secrets, EMBEDDED_DB_NAME);
  } catch (err) {
    await server?.stop({ doCleanup: false }).catch(() => undefined);
    process.off('exit', releaseOnExit);
    release(dataDir);
    throw err instanceof EmbeddedMongoError ? err : explain(err, dataDir);
  }

  const info = server.instanceInfo!;
  const mongodPid = info.instance.mongodProcess?.pid ?? 0;
  writeOwnerOnly(handoffPath(dataDir), JSON.stringify({ ...mine, mongodPid, port: info.port, uri } satisfies Handoff), false);

  let stopping: Promise<void> | undefined;
  // The library's MongoInstanceEvents enum is not exported at runtime; its value is this string.
  const events: EventEmitter = info.instance;
  events.on('instanceClosed', (code: number | null, signal: string | null) => {
    if (stopping) return;
    logger.error({ code, signal, dataDir }, 'the embedded MongoDB exited unexpectedly');
    options.onUnexpectedExit?.({ code, signal });
  });
  logger.info(
    { dataDir, uri: redactMongoUri(uri), port: info.port, version },
    `embedded MongoDB ready; data in ${dataDir}. ${PRODUCTION_HINT}`,
  );

  return {
    uri,
    dataDir,
    port: info.port,
    mongodPid,
    stop() {
      stopping ??= (async () => {
        try {
          // doCleanup false: the data directory is the point, never delete it.
          await server.stop({ doCleanup: false });
          logger.info({ dataDir }, 'embedded MongoDB stopped');
        } finally {
          process.off('exit', releaseOnExit);
          release(dataDir);
        }
      })();
      return stopping;
    },
  };
}

export interface MongoTarget {
  uri: string;
  /** config: MONGODB_URI; running: the running bot's embedded mongod; started: one of our own. */
  source: 'config' | 'running' | 'started';
  /** Stops the mongod this process started (nothing otherwise). */
  release(): Promise<void>;
}

export interface ResolveTargetOptions {
  /** How long to wait for another process's mongod to become ready or to be released (default 10 min: a first-start download). */
  waitMs?: number;
  pollMs?: number;
}

/**
 * The MongoDB a CLI should use. A set MONGODB_URI wins; otherwise the running bot's embedded mongod
 * (found through its record in the data directory), or, when no bot runs, an embedded mongod of our own
 * on the same data directory, stopped by release().
 */
export async function resolveMongoTarget(config: EnvConfig, logger: Logger, role: string, options: ResolveTargetOptions = {}): Promise<MongoTarget> {
  if (config.MONGODB_URI) return { uri: config.MONGODB_URI, source: 'config', release: async () => undefined };
  const dataDir = resolve(config.MONGODB_DATA_DIR);
  const deadline = Date.now() + (options.waitMs ?? 600_000);
  let waitingFor: number | undefined;
  for (;;) {
    const holder = readHandoff(dataDir);
    if (holder && (await holderRunning(holder))) {
      if (holder.uri && holder.role === 'bot') {
        logger.info({ dataDir, pid: holder.pid, port: holder.port }, "MONGODB_URI is unset: using the running bot's embedded MongoDB");
        return { uri: holder.uri, source: 'running', release: async () => undefined };
      }
      // The bot is still starting its mongod, or another CLI owns it for a moment: wait, don't compete.
      if (Date.now() > deadline) throw new DataDirBusyError(dataDir, holder);
      if (waitingFor !== holder.pid) {
        waitingFor = holder.pid;
        logger.info({ dataDir, pid: holder.pid, role: holder.role }, holder.uri ? `waiting for ${holder.role} to finish with the embedded MongoDB` : `waiting for the embedded MongoDB that ${holder.role} is starting`);
      }
      await new Promise((r) => setTimeout(r, options.pollMs ?? 500));
      continue;
    }
    try {
      const own = await startEmbeddedMongo({ dataDir, logger, role });
      return { uri: own.uri, source: 'started', release: () => own.stop() };
    } catch (err) {
      if (err instanceof DataDirBusyError) continue; // someone claimed it between our look and our claim
      throw err;
    }
  }
}
