/**
 * The one owner of a game server's life: add (probe → Trust & save), edit, host-key trust and changes,
 * settings, channels, pause and removal all go through here, and each keeps the three places a server
 * lives in step: its stored document (ServerRepo), its SFTP pool entry and its log polling. Built in
 * app.ts from explicit parts; commands reach it as `services.gameServers`.
 */
import type { GameServer } from '../db/schemas.js';
import { UserError } from '../errors.js';
import type { GuildFormat } from '../format/guildFormat.js';
import type { PollReport } from '../ingest/index.js';
import type { Logger } from '../logger.js';
import { TIERS, type TierName } from '../premium/tiers.js';
import type { ConnectionReport } from '../sftp/connectivity.js';
import { HostKeyMismatchError } from '../sftp/errors.js';
import type { SftpPool } from '../sftp/pool.js';
import type { ServerAlerts } from './alerts.js';
import { runBackfill } from './backfill.js';
import { hostKeyBlockedError, layoutOf, probe, type ProbeOptions } from './connect.js';
import { parseServerInput, type ServerInput } from './input.js';
import { ServerPolling, type EngineFactory } from './polling.js';
import type { ServerChannels, ServerRepo, ServerSettings } from './repo.js';

export interface GameServersParts {
  repo: ServerRepo;
  pool: SftpPool;
  /** The guild's premium tier (GuildConfigRepo): server count and poll floor. */
  tiers: { tier(guildId: string): Promise<TierName> };
  alerts: ServerAlerts;
  /** Builds the ingestion engine around the hooks GameServers gives it. */
  engine: EngineFactory;
  logger: Logger;
  probe: Omit<ProbeOptions, 'logger'>;
}

/** The add/edit form's fields as typed (src/servers/form.ts). */
export interface ServerForm {
  name: string;
  address: string;
  username: string;
  password: string;
  root: string;
}

/** A connection that worked, with a key the admin has to see before anything is saved. */
export interface TrustProposal {
  pendingId: string;
  input: ServerInput;
  report: ConnectionReport;
}

export type EditOutcome = { kind: 'saved'; name: string; keptPassword: boolean } | ({ kind: 'trust' } & TrustProposal);
export type TestOutcome = { ok: true; report: ConnectionReport; unblocked: boolean } | { ok: false; presented: string };

export class GameServers {
  private readonly polling: ServerPolling;
  private readonly probeOptions: ProbeOptions;

  constructor(private readonly parts: GameServersParts) {
    this.probeOptions = { ...parts.probe, logger: parts.logger };
    this.polling = new ServerPolling({
      pool: parts.pool,
      engine: parts.engine,
      logger: parts.logger,
      onHostKeyMismatch: (server, presented) => this.reportHostKeyMismatch(server, presented),
      onPoll: (report) => this.recordPoll(report),
    });
  }

  // ------------------------------------------------------------ reading

  list(guildId: string): Promise<GameServer[]> {
    return this.parts.repo.list(guildId);
  }

  get(guildId: string, serverId: string): Promise<GameServer | null> {
    return this.parts.repo.get(guildId, serverId);
  }

  /** A `server:` option value: the id autocomplete fills in, or a name typed by hand. */
  resolve(guildId: string, idOrName: string): Promise<GameServer> {
    return this.parts.repo.resolve(guildId, idOrName);
  }

  /** A server named by a button's custom id, always inside the clicking member's guild. */
  async require(guildId: string, serverId: string | undefined): Promise<GameServer> {
    const server = serverId ? await this.parts.repo.get(guildId, serverId) : null;
    if (!server) throw new UserError('that server no longer exists; see `/server list`', 'not_found');
    return server;
  }

  tier(guildId: string): Promise<TierName> {
    return this.parts.tiers.tier(guildId);
  }

  // ------------------------------------------------------------ tier limits

  /** Refuses a new server when the guild already has as many as its premium tier allows. */
  async assertCanAdd(guildId: string): Promise<void> {
    const [tier, count] = await Promise.all([this.tier(guildId), this.parts.repo.count(guildId)]);
    const limit = TIERS[tier].servers;
    if (count < limit) return;
    throw new UserError(
      `this Discord server already has ${count} game server${count === 1 ? '' : 's'}, the limit of the ${TIERS[tier].label} tier (${limit}). ` +
        'Remove one with `/server remove`, or ask the bot’s operators about a higher premium tier.',
      'premium',
    );
  }

  /** The smallest poll interval the guild's tier allows. */
  async minPollSeconds(guildId: string): Promise<number> {
    return TIERS[await this.tier(guildId)].minPollSeconds;
  }

  // ------------------------------------------------------------ add and edit (Trust & save)

  /** Validates the form, checks limits and connects; nothing is saved until the admin trusts the key. */
  async proposeAdd(guildId: string, userId: string, form: ServerForm, legacyAlgorithms: boolean): Promise<TrustProposal> {
    const input = parseServerInput({ ...form, legacyAlgorithms });
    await this.assertCanAdd(guildId);
    await this.assertNameFree(guildId, input.name);
    const report = await probe(input, this.probeOptions);
    return this.propose(guildId, userId, input, report, null);
  }

  /**
   * An edit: the same host must still present the pinned key and is saved at once; another host is a new
   * key the admin has to see first (a Trust & save prompt). A blank password keeps the stored one.
   */
  async proposeEdit(server: GameServer, userId: string, form: ServerForm, legacyAlgorithms: boolean | undefined): Promise<EditOutcome> {
    const { repo } = this.parts;
    const keptPassword = form.password === '';
    const input = parseServerInput({
      ...form,
      password: keptPassword ? repo.openPassword(server) : form.password,
      legacyAlgorithms: legacyAlgorithms ?? server.legacyAlgorithms,
    });
    await this.assertNameFree(server.guildId, input.name, server._id);
    const sameHost = input.host === server.host && input.port === server.port;
    if (sameHost && server.status.hostKeyMismatch) throw hostKeyBlockedError(server);
    let report: ConnectionReport;
    try {
      report = await probe(input, this.probeOptions, sameHost ? server.hostKeyFingerprint : undefined);
    } catch (err) {
      if (!(err instanceof HostKeyMismatchError)) throw err;
      await this.reportHostKeyMismatch(server, err.actual);
      throw hostKeyBlockedError(server, err.actual);
    }
    if (!sameHost && report.fingerprint !== server.hostKeyFingerprint) {
      return { kind: 'trust', ...(await this.propose(server.guildId, userId, input, report, server._id)) };
    }
    const sealed = repo.seal(input);
    await repo.updateConnection(server.guildId, server._id, keptPassword ? { ...sealed, password: undefined } : sealed, report.fingerprint, layoutOf(report));
    await this.sync(server.guildId, server._id);
    return { kind: 'saved', name: input.name, keptPassword };
  }

  /** Trust & save: stores the prompt's server (new, or the edited one) with the key the admin saw. */
  async trust(guildId: string, userId: string, pendingId: string): Promise<{ name: string; fingerprint: string }> {
    const { repo } = this.parts;
    const pending = await repo.takePending(guildId, userId, pendingId);
    let serverId = pending.serverId;
    if (serverId) {
      await repo.updateConnection(guildId, serverId, pending.input, pending.fingerprint, pending.layout);
    } else {
      await this.assertCanAdd(guildId);
      serverId = (await repo.create(guildId, userId, pending.input, pending.fingerprint, pending.layout))._id;
    }
    await repo.deletePending(guildId, pending._id);
    await this.sync(guildId, serverId);
    return { name: pending.input.name, fingerprint: pending.fingerprint };
  }

  cancel(guildId: string, pendingId: string): Promise<void> {
    return this.parts.repo.deletePending(guildId, pendingId);
  }

  // ------------------------------------------------------------ connection and host keys

  /** `/server test`: connects with the pinned key; a changed key blocks the server (and alerts once). */
  async test(server: GameServer): Promise<TestOutcome> {
    const { repo } = this.parts;
    let report: ConnectionReport;
    try {
      report = await probe({ ...server, password: repo.openPassword(server) }, this.probeOptions, server.hostKeyFingerprint);
    } catch (err) {
      if (!(err instanceof HostKeyMismatchError)) throw err;
      await this.reportHostKeyMismatch(server, err.actual);
      return { ok: false, presented: err.actual };
    }
    const unblocked = server.status.hostKeyMismatch !== null;
    if (unblocked) await repo.clearHostKeyMismatch(server.guildId, server._id);
    const layout = layoutOf(report);
    if (layout) await repo.setLayout(server.guildId, server._id, layout);
    if (unblocked) await this.sync(server.guildId, server._id);
    return { ok: true, report, unblocked };
  }

  /** An admin trusted the key the host now presents (shown by `/server test`). */
  async trustNewKey(server: GameServer, fingerprint: string): Promise<void> {
    await this.parts.repo.trustHostKey(server.guildId, server._id, fingerprint);
    await this.sync(server.guildId, server._id);
  }

  /**
   * Runs `fn` on the shared SFTP pool for a stored server: the one gate every command's pool use goes
   * through. A blocked server is refused without connecting; a key change seen now blocks it.
   */
  async withPool<T>(server: GameServer, fn: (pool: SftpPool, serverId: string) => Promise<T>): Promise<T> {
    const { pool, repo } = this.parts;
    if (server.status.hostKeyMismatch) throw hostKeyBlockedError(server);
    // A no-op when nothing changed; a changed config (edit, re-trust elsewhere) drains old connections.
    pool.setServer(repo.poolConfig(server));
    try {
      return await fn(pool, server._id);
    } catch (err) {
      if (!(err instanceof HostKeyMismatchError)) throw err;
      await this.reportHostKeyMismatch(server, err.actual);
      throw hostKeyBlockedError(server, err.actual);
    }
  }

  /** Blocks the server (polling and pool stop) and alerts its admins, once per mismatch. */
  private async reportHostKeyMismatch(server: GameServer, presented: string): Promise<void> {
    const { repo, logger, alerts } = this.parts;
    const first = await repo.markHostKeyMismatch(server.guildId, server._id, presented);
    await this.sync(server.guildId, server._id);
    logger.warn({ guildId: server.guildId, serverId: server._id, expected: server.hostKeyFingerprint, presented }, 'sftp host key mismatch');
    if (first) await alerts.hostKeyChanged(server, presented);
  }

  // ------------------------------------------------------------ settings, channels, removal

  async setChannels(server: GameServer, patch: Partial<ServerChannels>): Promise<ServerChannels> {
    if (Object.keys(patch).length) {
      await this.parts.repo.setChannels(server.guildId, server._id, patch);
      await this.sync(server.guildId, server._id);
    }
    return { ...server.channels, ...patch };
  }

  /** Polling and killfeed behaviour; the tier's floor bounds the poll interval. Pausing stops polling. */
  async updateSettings(server: GameServer, patch: Partial<ServerSettings>): Promise<ServerSettings> {
    if (patch.pollSeconds !== undefined) {
      const min = await this.minPollSeconds(server.guildId);
      if (patch.pollSeconds < min) {
        throw new UserError(`your tier allows polling every ${min} seconds at most often (asked: ${patch.pollSeconds}); a higher premium tier polls more often`, 'premium');
      }
    }
    if (Object.keys(patch).length) {
      await this.parts.repo.setSettings(server.guildId, server._id, patch);
      await this.sync(server.guildId, server._id);
    }
    return { ...server.settings, ...patch };
  }

  /** Stops its feeds, closes its connections and deletes its credentials. */
  async remove(server: GameServer): Promise<void> {
    await this.parts.repo.remove(server.guildId, server._id);
    await this.sync(server.guildId, server._id);
  }

  // ------------------------------------------------------------ polling

  /** Applies batches a crash left pending, then polls the servers of the guilds this process serves. */
  async start(guildIds: readonly string[]): Promise<number> {
    await this.polling.start();
    return this.load(guildIds);
  }

  stop(): Promise<void> {
    return this.polling.stop();
  }

  /** Starts polling the pollable servers (not paused, host key trusted) of these guilds (e.g. one just joined). */
  async load(guildIds: readonly string[]): Promise<number> {
    const servers = await this.parts.repo.pollable(guildIds);
    for (const server of servers) await this.follow(server);
    return servers.length;
  }

  /** Whether this process polls the server now (trusted, not paused, in one of its guilds). */
  isPolled(serverId: string): boolean {
    return this.polling.isPolled(serverId);
  }

  /** `/server backfill`: polls now, reporting progress through `show`. */
  backfill(server: GameServer, show: (text: string) => Promise<void>, format?: GuildFormat): Promise<PollReport> {
    return runBackfill(this.polling, server, show, format);
  }

  /** Brings pool and polling in line with the stored server after any change (or its removal). */
  private async sync(guildId: string, serverId: string): Promise<void> {
    const server = await this.parts.repo.get(guildId, serverId);
    if (!server || server.status.hostKeyMismatch) {
      this.polling.drop(serverId);
      await this.parts.pool.removeServer(serverId);
      return;
    }
    if (server.settings.paused) this.polling.drop(serverId);
    else await this.follow(server);
  }

  private async follow(server: GameServer): Promise<void> {
    const floor = await this.minPollSeconds(server.guildId);
    this.parts.pool.setServer(this.parts.repo.poolConfig(server));
    this.polling.follow(server, floor);
  }

  private async recordPoll(report: PollReport): Promise<void> {
    const { repo } = this.parts;
    if (report.ok) await repo.recordPoll(report.guildId, report.serverId, report.linesRead, report.at);
    else await repo.recordError(report.guildId, report.serverId, report.error ?? 'poll failed', report.at);
  }

  private async assertNameFree(guildId: string, name: string, exceptId?: string): Promise<void> {
    if (await this.parts.repo.nameTaken(guildId, name, exceptId)) {
      throw new UserError(`a server named "${name}" already exists here; pick another name`, 'conflict');
    }
  }

  private async propose(guildId: string, userId: string, input: ServerInput, report: ConnectionReport, serverId: string | null): Promise<TrustProposal> {
    const { repo } = this.parts;
    const pending = await repo.createPending({ guildId, userId, serverId, input: repo.seal(input), fingerprint: report.fingerprint, layout: layoutOf(report) });
    return { pendingId: pending._id, input, report };
  }
}
