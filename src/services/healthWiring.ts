/**
 * The health port (/healthz, /metrics, /storage) of a process: the checks and gauges it serves, and
 * its shutdown. Under the ShardingManager every shard is a process on this machine: one of them
 * (shard 0's) serves the port; a process of its own (SHARD_IDS, or unsharded) always does.
 */
import type { Client } from 'discord.js';
import type { Db } from 'mongodb';
import type { Config } from '../config.js';
import type { Economy } from '../economy/economy.js';
import { EventLoopLag } from '../health/eventLoop.js';
import type { GuildStorage } from '../health/guildStorage.js';
import { startHealthServer } from '../health/server.js';
import type { Logger } from '../logger.js';
import type { GameServers } from '../servers/gameServers.js';
import type { SftpPool } from '../sftp/pool.js';
import type { Lifecycle } from './lifecycle.js';
import type { Metrics } from './metrics.js';
import { pollingGauges } from './pollingGauges.js';
import type { Retention } from './retention.js';

export interface HealthParts {
  config: Config;
  client: Client;
  db: Db;
  logger: Logger;
  lifecycle: Lifecycle;
  metrics: Metrics;
  gameServers: GameServers;
  sftp: SftpPool;
  economy: Economy;
  retention: Retention;
  guildStorage: GuildStorage;
}

export async function serveHealth(p: HealthParts): Promise<void> {
  const { config, client } = p;
  if (config.HEALTH_PORT === undefined || (client.shard && !client.shard.ids.includes(0))) return;
  const loopLag = new EventLoopLag().start();
  p.lifecycle.onShutdown('event loop lag', () => loopLag.stop());
  // The probe runs at most once a second however often /healthz is asked (src/health/server.ts).
  const { server, port } = await startHealthServer(
    config.HEALTH_PORT,
    {
      checks: async () => ({
        discord: client.isReady(),
        mongodb: await p.db
          .command({ ping: 1 })
          .then(() => true)
          .catch(() => false),
      }),
      metrics: () =>
        p.metrics.render({ tower_guilds: client.guilds.cache.size, ...pollingGauges(p.gameServers, p.sftp), ...p.economy.gauges(), ...p.retention.gauges(), ...loopLag.gauges() }) + p.guildStorage.render(),
      storage: (guildId) => p.guildStorage.figures(guildId),
    },
    { host: config.HEALTH_HOST },
  );
  p.lifecycle.onShutdown('health server', () => new Promise<void>((r) => server.close(() => r())));
  p.logger.info({ host: config.HEALTH_HOST, port }, 'health server listening');
}
