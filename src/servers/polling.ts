/**
 * The game servers' side of log ingestion: turns a stored server into an engine target, runs every
 * SFTP call of the engine through a host-key guard, and reports each poll back. Owned by GameServers,
 * which decides what is polled; this module only does what it is told.
 */
import type { GameServer } from '../db/schemas.js';
import { LONGSHOT_METRES, type BacklogFile, type IngestEngine, type IngestEngineOptions, type IngestProgress, type IngestTarget, type PollReport, type RemoteFiles } from '../ingest/index.js';
import type { Logger } from '../logger.js';
import { HostKeyMismatchError } from '../sftp/errors.js';
import type { SftpPool } from '../sftp/pool.js';
import type { BackfillSource } from './backfill.js';
import { ServerLeases, type LeaseSettings } from './leases.js';

/** What the engine gets from the game servers; app.ts adds the rest (database, REST, timings). */
export type EngineHooks = Required<Pick<IngestEngineOptions, 'remote' | 'onPoll' | 'onProgress'>>;
export type EngineFactory = (hooks: EngineHooks) => IngestEngine;

/** The engine's view of a game server; `pollSeconds` is its decided interval (serverMode: the tier's floor at least). */
export function ingestTargetOf(server: GameServer, pollSeconds: number): IngestTarget {
  const { channels, settings } = server;
  return {
    guildId: server.guildId,
    serverId: server._id,
    poolKey: server._id,
    settings: {
      showSuicides: settings.showSuicides,
      killfeedDelaySeconds: settings.killfeedDelaySeconds,
      style: settings.killfeedStyle,
      longshotMetres: Math.min(LONGSHOT_METRES.max, Math.max(LONGSHOT_METRES.min, Math.round(settings.longshotMetres))),
    },
    channels: {
      killfeed: channels.killfeed ?? undefined,
      callouts: channels.callouts ?? undefined,
      events: channels.events ?? undefined,
      connections: channels.connections ?? undefined,
      playercount: channels.playercount ?? undefined,
    },
    pollSeconds,
  };
}

export interface ServerPollingParts {
  pool: Pick<SftpPool, 'list' | 'stat' | 'statMany' | 'readFrom'>;
  engine: EngineFactory;
  logger: Logger;
  /** A host key change met while polling (GameServers blocks the server and alerts its admins). */
  onHostKeyMismatch(server: GameServer, presented: string): Promise<void>;
  /** Every poll's outcome (last poll, last error, lines read for `/server list`). */
  onPoll(report: PollReport): void | Promise<void>;
  /** Poll a server only while this process holds its lease (src/servers/leases.ts); unset: poll all followed. */
  leases?: LeaseSettings;
}

export class ServerPolling implements BackfillSource {
  readonly engine: IngestEngine;
  /** Servers being polled, by id (the guard needs the document to report a key change). */
  private readonly active = new Map<string, GameServer>();
  /** What the engine was last given per server (its interval as decided then). */
  private readonly targets = new Map<string, IngestTarget>();
  /** Listeners of one server's batch progress (a running backfill). */
  private readonly progress = new Map<string, Set<(p: IngestProgress) => void>>();
  readonly leases: ServerLeases | undefined;

  constructor(private readonly parts: ServerPollingParts) {
    this.engine = parts.engine({
      remote: this.remote,
      onPoll: (report) => parts.onPoll(report),
      onProgress: (p) => this.progress.get(p.serverId)?.forEach((listener) => listener(p)),
    });
    this.leases =
      parts.leases &&
      new ServerLeases(
        parts.leases,
        {
          // Followed and now leased: the engine polls it (a fresh ingestor: it reads the cursor the last holder left).
          onGained: (id) => {
            const target = this.targets.get(id);
            if (target) this.engine.setTarget(target);
          },
          onLost: (id) => this.engine.removeTarget(id),
        },
        parts.logger,
      );
  }

  /** Applies batches a crash left pending, then starts the engine's schedule (and the lease renewals). */
  async start(): Promise<void> {
    await this.engine.start();
    this.leases?.start();
  }

  /** Stops polling, then hands the leases over (after the last poll: never two pollers at once). */
  async stop(): Promise<void> {
    this.leases?.stop();
    await this.engine.stop();
    await this.leases?.releaseAll();
  }

  /**
   * Polls the server (or updates its interval, channels and settings if already polled); with leases, once
   * leased. An unchanged target is left alone: re-setting it would push its next poll a full interval back.
   */
  follow(server: GameServer, pollSeconds: number): void {
    const target = ingestTargetOf(server, pollSeconds);
    const unchanged = JSON.stringify(this.targets.get(server._id)) === JSON.stringify(target);
    this.active.set(server._id, server);
    this.targets.set(server._id, target);
    this.leases?.want(server._id, server.guildId);
    if (this.leases && !this.leases.holds(server._id)) return;
    if (!unchanged || !this.engine.has(server._id)) this.engine.setTarget(target);
  }

  /** Takes the leases of followed servers not leased yet (no-op without leases). */
  async acquire(): Promise<void> {
    await this.leases?.acquire();
  }

  /** Stops polling the server; what it committed stays. */
  drop(serverId: string): void {
    this.active.delete(serverId);
    this.targets.delete(serverId);
    this.engine.removeTarget(serverId);
    this.leases?.release(serverId);
  }

  /** How the server is polled now (e.g. its interval), or undefined when it is not. */
  target(serverId: string): IngestTarget | undefined {
    return this.engine.has(serverId) ? this.targets.get(serverId) : undefined;
  }

  isPolled(serverId: string): boolean {
    return this.engine.has(serverId);
  }

  backlog(serverId: string): Promise<BacklogFile[]> {
    return this.engine.backlog(serverId);
  }

  /** Polls one server now, after a poll of it that is running (a backfill). */
  pollNow(serverId: string): Promise<PollReport> {
    return this.engine.pollNow(serverId);
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

  /** The pool as the engine sees it: a host key change seen while polling is reported, as when a command meets it. */
  private readonly remote: RemoteFiles = {
    list: (id, path) => this.guard(id, () => this.parts.pool.list(id, path)),
    stat: (id, path) => this.guard(id, () => this.parts.pool.stat(id, path)),
    statMany: (id, paths) => this.guard(id, () => this.parts.pool.statMany(id, paths)),
    readFrom: (id, path, offset, options) => this.guard(id, () => this.parts.pool.readFrom(id, path, offset, options)),
  };

  private async guard<T>(serverId: string, op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      const server = this.active.get(serverId);
      if (err instanceof HostKeyMismatchError && server) await this.parts.onHostKeyMismatch(server, err.actual);
      throw err;
    }
  }
}
