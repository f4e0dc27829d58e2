import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ShardingManager } from 'discord.js';
import { startBot } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
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

async function runShardManager(config: Config, logger: Logger): Promise<void> {
  // discord.js sets SHARDS and SHARD_COUNT in each child; a child therefore runs the bot itself.
  const manager = new ShardingManager(fileURLToPath(import.meta.url), {
    token: config.DISCORD_TOKEN,
    totalShards: config.SHARD_COUNT === 'auto' ? 'auto' : Number(config.SHARD_COUNT),
    execArgv: process.execArgv,
  });
  manager.on('shardCreate', (shard) => logger.info({ shard: shard.id }, 'shard launched'));
  const stop = () => {
    for (const shard of manager.shards.values()) shard.kill();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await manager.spawn();
}

async function main(): Promise<void> {
  // A .env in the working directory fills in variables the environment does not already set.
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    fatalConfig(err);
  }
  const logger = createLogger(config.LOG_LEVEL);
  const isShardChild = process.env.SHARDS !== undefined;
  const count = config.SHARD_COUNT;
  if (!isShardChild && count !== undefined && (count === 'auto' || count > 1)) return runShardManager(config, logger);

  process.on('unhandledRejection', (reason) => logger.error({ err: reason instanceof Error ? reason.message : String(reason) }, 'unhandled promise rejection'));

  let services: Awaited<ReturnType<typeof startBot>> | undefined;
  const shutdown = (signal: string, exitCode = 0) => {
    logger.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error('shutdown deadline passed, exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    void (services?.lifecycle.shutdown() ?? Promise.resolve()).then(() => {
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
    services = await startBot(config, logger);
  } catch (err) {
    logger.fatal({ err: (err as Error).message }, 'could not start');
    logger.flush();
    process.exit(1);
  }
}

void main();
