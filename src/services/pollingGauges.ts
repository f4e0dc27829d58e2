/** Polling and SFTP figures for /metrics (the scale bench reads them). */
import type { GameServers } from '../servers/gameServers.js';
import type { SftpPool } from '../sftp/pool.js';

export function pollingGauges(gameServers: GameServers, sftp: SftpPool): Record<string, number> {
  const f = gameServers.pollingFigures();
  const pool = sftp.globalStats();
  return {
    tower_ingest_servers: f.servers,
    tower_ingest_polls_total: f.polls,
    tower_ingest_idle_polls_total: f.idlePolls,
    tower_ingest_listings_total: f.listings,
    tower_ingest_failed_polls_total: f.failedPolls,
    tower_ingest_schedule_lag_p50_seconds: f.lag.p50 / 1000,
    tower_ingest_schedule_lag_p99_seconds: f.lag.p99 / 1000,
    tower_ingest_schedule_lag_max_seconds: f.lag.max / 1000,
    tower_sftp_connections_open: pool.open,
    tower_sftp_connections_opened_total: pool.opened,
    tower_sftp_requests_total: pool.requests,
  };
}
