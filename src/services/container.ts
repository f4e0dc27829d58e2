import type { Client } from 'discord.js';
import type { Db, MongoClient } from 'mongodb';
import type { CanvasService } from '../canvas/service.js';
import type { Config } from '../config.js';
import type { Collections } from '../db/collections.js';
import type { Logger } from '../logger.js';
import type { ServerPollers } from '../feeds/serverPollers.js';
import type { GuildConfigRepo } from '../repos/guildConfigRepo.js';
import type { LinkRepo } from '../stats/links.js';
import type { StatsQueries } from '../stats/queries.js';
import type { ServerRepo } from '../servers/repo.js';
import type { SftpPool } from '../sftp/pool.js';
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
  /** Player stats (read side) and member ↔ player links. */
  stats: StatsQueries;
  links: LinkRepo;
  /** Game servers of each guild (credentials sealed). */
  servers: ServerRepo;
  /** SFTP connections to game servers: go through withServerPool (src/servers/connect.ts). */
  sftp: SftpPool;
  /** Log polling of the game servers (killfeeds, events, player counts). */
  feeds: ServerPollers;
  telemetry: ErrorTelemetry;
  rateLimiter: RateLimiter;
  metrics: Metrics;
  usage: UsageStats;
  /** The guild pixel canvas (/canvas). */
  canvas: CanvasService;
  lifecycle: Lifecycle;
  commands: ReadonlyMap<string, CommandModule>;
  version: string;
  startedAt: Date;
}
