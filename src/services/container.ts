import type { Client } from 'discord.js';
import type { Db, MongoClient } from 'mongodb';
import type { Config } from '../config.js';
import type { Collections } from '../db/collections.js';
import type { Logger } from '../logger.js';
import type { GuildConfigRepo } from '../repos/guildConfigRepo.js';
import type { CommandModule } from '../framework/types.js';
import type { ErrorTelemetry } from './errorTelemetry.js';
import type { Lifecycle } from './lifecycle.js';
import type { Metrics } from './metrics.js';
import type { RateLimiter } from './rateLimiter.js';
import type { UsageStats } from './usageStats.js';

/** Everything a command handler may use, built once at start by `createApp`. */
export interface AppServices {
  config: Config;
  logger: Logger;
  client: Client;
  mongo: MongoClient;
  db: Db;
  cols: Collections;
  guildConfigs: GuildConfigRepo;
  telemetry: ErrorTelemetry;
  rateLimiter: RateLimiter;
  metrics: Metrics;
  usage: UsageStats;
  lifecycle: Lifecycle;
  commands: ReadonlyMap<string, CommandModule>;
  version: string;
  startedAt: Date;
}
