/**
 * Keeps the ingestion engine's targets in step with the guilds' game servers: loaded at start for the
 * guilds this process serves, refreshed on every change ServerRepo reports (whatever /server command made
 * it), and told back after each poll (last poll, last error, lines read for `/server list`).
 */
import type { GameServer } from '../db/schemas.js';
import { IngestEngine, type IngestEngineOptions, type IngestProgress, type IngestTarget, type PollReport, type RemoteFiles } from '../ingest/index.js';
import { reportHostKeyMismatch } from '../servers/connect.js';
import { minPollSeconds } from '../servers/tierLimit.js';
import type { AppServices } from '../services/container.js';
import { HostKeyMismatchError } from '../sftp/errors.js';

/** The engine's view of a game server; `minPollSeconds` is the guild's tier floor (a lapsed premium slows polling). */
export function ingestTargetOf(server: GameServer, minPollSeconds: number): IngestTarget {
  const { channels, settings } = server;
  return {
    guildId: server.guildId,
    serverId: server._id,
    poolKey: server._id,
    settings: { showSuicides: settings.showSuicides, killfeedDelaySeconds: settings.killfeedDelaySeconds },
    channels: {
      killfeed: channels.killfeed ?? undefined,
      events: channels.events ?? undefined,
      connections: channels.connections ?? undefined,
      playercount: channels.playercount ?? undefined,
    },
    pollSeconds: Math.max(settings.pollSeconds, minPollSeconds),
  };
}

export class ServerPollers {
  /** Servers being polled, by id (their guild is needed to report back). */
  private readonly active = new Map<string, GameServer>();

  /** Listeners of one server's batch progress (a running backfill). */
  private readonly progress = new Map<string, Set<(p: IngestProgress) => void>>();
  readonly engine: IngestEngine;

  /** `services` is read lazily: the pollers are part of the services they use. */
  constructor(
    private readonly servicesOf: () => AppServices,
    engineOptions: Omit<IngestEngineOptions, 'remote' | 'onPoll' | 'onProgress'>,
  ) {
    this.engine = new IngestEngine({
      ...engineOptions,
      remote: this.remote,
      onPoll: this.onPoll,
      onProgress: (p) => this.progress.get(p.serverId)?.forEach((listener) => listener(p)),
    });
  }

  private get services(): AppServices {
    return this.servicesOf();
  }

  /**
   * Applies batches a crash left pending, then polls the servers of these guilds and follows every
   * later change of a server.
   */
  async start(guildIds: readonly string[]): Promise<number> {
    await this.engine.start();
    // The change is saved whatever happens here: a failed refresh is logged and retried by the next change.
    this.services.servers.onChange((guildId, serverId) =>
      this.refresh(guildId, serverId).catch((err: Error) => this.services.logger.warn({ guildId, serverId, err: err.message }, 'could not update polling of a server')),
    );
    return this.load(guildIds);
  }

  stop(): Promise<void> {
    return this.engine.stop();
  }

  /** Follows one server's batch progress until the returned function is called. */
  onProgress(serverId: string, listener: (p: IngestProgress) => void): () => void {
    const set = this.progress.get(serverId) ?? new Set();
    set.add(listener);
    this.progress.set(serverId, set);
    return () => {
      set.delete(listener);
      if (!set.size) this.progress.delete(serverId);
    };
  }

  /**
   * The pool as the engine sees it: a host key change seen while polling blocks the server and alerts
   * its admins, exactly as when a command meets it.
   */
  readonly remote: RemoteFiles = {
    list: (id, path) => this.guard(id, () => this.services.sftp.list(id, path)),
    stat: (id, path) => this.guard(id, () => this.services.sftp.stat(id, path)),
    readFrom: (id, path, offset, options) => this.guard(id, () => this.services.sftp.readFrom(id, path, offset, options)),
  };

  /** Starts polling the pollable servers (not paused, host key trusted) of these guilds. */
  async load(guildIds: readonly string[]): Promise<number> {
    const servers = await this.services.servers.pollable(guildIds);
    for (const server of servers) await this.apply(server);
    return servers.length;
  }

  async refresh(guildId: string, serverId: string): Promise<void> {
    const server = await this.services.servers.get(guildId, serverId);
    if (!server || server.settings.paused || server.status.hostKeyMismatch) {
      this.active.delete(serverId);
      this.engine.removeTarget(serverId);
      if (!server) await this.services.sftp.removeServer(serverId);
      return;
    }
    await this.apply(server);
  }

  private async apply(server: GameServer): Promise<void> {
    const floor = await minPollSeconds(this.services, server.guildId);
    this.active.set(server._id, server);
    this.services.sftp.setServer(this.services.servers.poolConfig(server));
    this.engine.setTarget(ingestTargetOf(server, floor));
  }

  private async guard<T>(serverId: string, op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      const server = this.active.get(serverId);
      // reportHostKeyMismatch marks the server; the change listener then stops its polling.
      if (err instanceof HostKeyMismatchError && server) await reportHostKeyMismatch(this.services, server, err.actual);
      throw err;
    }
  }

  /** The engine's per-poll report, stored on the game server. */
  readonly onPoll = async (report: PollReport): Promise<void> => {
    if (report.ok) await this.services.servers.recordPoll(report.guildId, report.serverId, report.linesRead, report.at);
    else await this.services.servers.recordError(report.guildId, report.serverId, report.error ?? 'poll failed', report.at);
  };
}
