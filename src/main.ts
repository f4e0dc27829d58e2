import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ShardingManager } from 'discord.js';
import { startBot } from './app.js';
import { ConfigError, loadConfig, type Config, type EnvConfig } from './config.js';
import type { EmbeddedMongo } from './db/embedded.js';
import { createLogger, type Logger } from './logger.js';

/** Hard limit for a graceful stop: after this the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 8_000;

function fatalConfig(err: unknown): never {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

/**
 * MONGODB_URI unset: this process starts the embedded mongod and owns it (a set value always wins).
 * Loaded lazily so a bot with MONGODB_URI never loads mongodb-memory-server-core.
 */
async function resolveMongo(config: EnvConfig, logger: Logger, onUnexpectedExit: () => void): Promise<{ uri: string; embedded?: EmbeddedMongo }> {
  if (config.MONGODB_URI) return { uri: config.MONGODB_URI };
  const { startEmbeddedMongo } = await import('./db/embedded.js');
  const embedded = await startEmbeddedMongo({ dataDir: config.MONGODB_DATA_DIR, logger, role: 'bot', onUnexpectedExit });
  return { uri: embedded.uri, embedded };
}

async function runShardManager(config: EnvConfig, logger: Logger): Promise<void> {
  // discord.js sets SHARDS and SHARD_COUNT in each child; a child therefore runs the bot itself.
  const manager = new ShardingManager(fileURLToPath(import.meta.url), {
    token: config.DISCORD_TOKEN,
    totalShards: config.SHARD_COUNT === 'auto' ? 'auto' : Number(config.SHARD_COUNT),
    execArgv: process.execArgv,
  });
  manager.on('shardCreate', (shard) => logger.info({ shard: shard.id }, 'shard launched'));
  let embedded: EmbeddedMongo | undefined;
  let stopping = false;
  const stop = (exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    // Each shard has its own deadline; this one covers the shards plus mongod.
    setTimeout(() => process.exit(1), SHUTDOWN_DEADLINE_MS * 2).unref();
    const exits: Promise<unknown>[] = [];
    for (const shard of manager.shards.values()) {
      const child = shard.process;
      if (child && child.exitCode === null && child.signalCode === null) exits.push(new Promise((r) => child.once('exit', r)));
      shard.kill();
    }
    // The shards finish their own shutdown (and its writes) before the mongod they share goes away.
    void Promise.all(exits)
      .then(() => embedded?.stop())
      .catch((err: Error) => logger.error({ err: err.message }, 'could not stop the embedded MongoDB'))
      .then(() => {
        logger.flush();
        process.exit(exitCode);
      });
  };
  process.once('SIGTERM', () => stop());
  process.once('SIGINT', () => stop());

  try {
    ({ embedded } = await resolveMongo(config, logger, () => stop(1)));
  } catch (err) {
    logger.fatal({ err: (err as Error).message }, 'could not start');
    logger.flush();
    process.exit(1);
  }
  // Each shard copies process.env when spawn() creates it: they all use the one mongod this process started.
  if (embedded) process.env.MONGODB_URI = embedded.uri;
  await manager.spawn();
}

async function main(): Promise<void> {
  // A .env in the working directory fills in variables the environment does not already set.
  if (existsSync('.env')) process.loadEnvFile('.env');
  let env: EnvConfig;
  try {
    env = loadConfig();
  } catch (err) {
    fatalConfig(err);
  }
  const logger = createLogger(env.LOG_LEVEL);
  const isShardChild = process.env.SHARDS !== undefined;
  const count = env.SHARD_COUNT;
  // SHARD_IDS (several machines): this one process runs its shards itself (createClient passes them to the
  // client), so a machine is one process: one lease holder, gone whole when it dies. Without SHARD_IDS
  // the manager spawns a process per shard on this machine.
  if (!isShardChild && !env.SHARD_IDS && count !== undefined && (count === 'auto' || count > 1)) return runShardManager(env, logger);

  process.on('unhandledRejection', (reason) => logger.error({ err: reason instanceof Error ? reason.message : String(reason) }, 'unhandled promise rejection'));

  let services: Awaited<ReturnType<typeof startBot>> | undefined;
  let embedded: EmbeddedMongo | undefined;
  const shutdown = (signal: string, exitCode = 0) => {
    logger.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error('shutdown deadline passed, exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    void (services?.lifecycle.shutdown() ?? Promise.resolve())
      // The embedded mongod goes last: everything stopped above may still write to it.
      .then(() => embedded?.stop())
      .catch((err: Error) => logger.error({ err: err.message }, 'could not stop the embedded MongoDB'))
      .then(() => {
        logger.info('stopped');
        logger.flush();
        process.exit(exitCode);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception');
    shutdown('uncaughtException', 1);
  });

  try {
    const mongo = await resolveMongo(env, logger, () => shutdown('embedded MongoDB exited', 1));
    embedded = mongo.embedded;
    const config: Config = { ...env, MONGODB_URI: mongo.uri };
    services = await startBot(config, logger);
  } catch (err) {
    logger.fatal({ err: (err as Error).message }, 'could not start');
    await embedded?.stop().catch(() => undefined);
    logger.flush();
    process.exit(1);
  }
}

void main();
