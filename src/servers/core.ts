/**
 * What GameServers is built from (GameServersParts, given by app.ts) and what its modules share
 * (ServersCore, built once in its constructor): the add flow, key trust, stored passwords and the
 * reconcile each take the core rather than reaching into one another.
 */
import type { Translator } from '../i18n/translate.js';
import type { Logger } from '../logger.js';
import type { TierName, TierStanding } from '../premium/tiers.js';
import type { SftpPool } from '../sftp/pool.js';
import type { ServerAlerts } from './alerts.js';
import type { ProbeOptions } from './connect.js';
import type { LeaseSettings } from './leases.js';
import type { EngineFactory, ServerPolling } from './polling.js';
import type { PollStatusBuffer } from './pollStatus.js';
import type { ServerRepo } from './repo.js';

/**
 * The guild's premium tier and its words (GuildConfigRepo). `tier` is the one read of the tier in force
 * (pure); `standing` adds the downgrade marker the reconcile moves; `texts` words alerts to the admins.
 */
export interface GuildTiers {
  texts(guildId: string): Promise<Translator>;
  tier(guildId: string): Promise<TierName>;
  standing(guildId: string): Promise<TierStanding>;
  moveTierSeen(guildId: string, from: TierName, to: TierName): Promise<boolean>;
}

export interface GameServersParts {
  repo: ServerRepo;
  pool: SftpPool;
  tiers: GuildTiers;
  alerts: ServerAlerts;
  /** Builds the ingestion engine around the hooks GameServers gives it. */
  engine: EngineFactory;
  logger: Logger;
  probe: Omit<ProbeOptions, 'logger'>;
  /** How often the sweep looks for a tier that changed without an event (an expiry; default once a minute). */
  tierSweepMs?: number;
  /** How often the last-poll status is written (default STATUS_FLUSH_MS, once a minute). */
  statusFlushMs?: number;
  /** Several processes: a server is polled only by the holder of its lease (src/servers/leases.ts). */
  leases?: LeaseSettings;
}

export interface ServersCore {
  repo: ServerRepo;
  pool: SftpPool;
  tiers: GuildTiers;
  alerts: ServerAlerts;
  logger: Logger;
  probe: ProbeOptions;
  polling: ServerPolling;
  /** Last-poll status, written once a minute for all servers (./pollStatus.ts). */
  status: PollStatusBuffer;
  /** Brings the pool and polling in line with the guild's stored servers and tier (./reconcile.ts). */
  reconcile(guildId: string): Promise<void>;
}
