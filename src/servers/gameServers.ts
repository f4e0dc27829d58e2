/**
 * The one owner of a game server's life: add (probe → Trust & save), edit, host-key trust and changes,
 * settings, channels, pause and removal all go through here. Each change is stored (ServerRepo), then the
 * guild is reconciled (./reconcile.ts): what the pool and polling do follows from the stored state and the
 * tier in force, as serverMode (./mode.ts) decides. Reads only read. Built in app.ts from explicit parts;
 * commands reach it as `services.gameServers`.
 */
import type { GameServer } from '../db/schemas.js';
import { UserError } from '../errors.js';
import { msg } from '../i18n/message.js';
import type { Translator } from '../i18n/translate.js';
import type { FeedHold, IngestFigures, IngestTarget, PollReport } from '../ingest/index.js';
import { TIERS } from '../premium/tiers.js';
import type { SftpPool } from '../sftp/pool.js';
import { AddFlow, type EditOutcome, type ServerForm, type TrustProposal, type TrustResult } from './addFlow.js';
import { runBackfill, type BackfillSource } from './backfill.js';
import type { GameServersParts, ServersCore } from './core.js';
import { StoredPasswords } from './credentials.js';
import { recordHostKeyMismatch } from './hostKeyGuard.js';
import { KeyTrust, type RetrustOutcome, type TestOutcome } from './keyTrust.js';
import { ServerPolling } from './polling.js';
import { PollStatusBuffer } from './pollStatus.js';
import { Reconciler } from './reconcile.js';
import type { ServerChannels, ServerSettings } from './repo.js';

export type { GameServersParts } from './core.js';
export type { EditOutcome, ServerForm, TrustProposal, TrustResult } from './addFlow.js';
export type { RetrustOutcome, TestOutcome } from './keyTrust.js';

export class GameServers {
  private readonly core: ServersCore;
  private readonly reconciler: Reconciler;
  private readonly keys: KeyTrust;
  private readonly adds: AddFlow;

  constructor(private readonly parts: GameServersParts) {
    const { repo, pool, tiers, alerts, logger } = parts;
    const status = new PollStatusBuffer(repo.status, logger, parts.statusFlushMs);
    const polling = new ServerPolling({
      pool,
      engine: parts.engine,
      logger,
      // A key change met while polling is recorded as when a command meets it.
      onHostKeyMismatch: (server, presented) => recordHostKeyMismatch(this.core, server, presented),
      onPoll: (report) => status.record(report),
      ...(parts.leases ? { leases: parts.leases } : {}),
    });
    const reconcile = (guildId: string) => this.reconciler.reconcile(guildId);
    this.core = { repo, pool, tiers, alerts, logger, probe: { ...parts.probe, logger }, polling, status, reconcile };
    const passwords = new StoredPasswords(this.core);
    this.reconciler = new Reconciler(this.core, passwords);
    this.keys = new KeyTrust(this.core, passwords);
    this.adds = new AddFlow(this.core, passwords, this.keys);
  }

  // ------------------------------------------------------------ reading (no state changes)

  /** The guild's servers, oldest first, as the last reconcile left them (with this process's unwritten poll status). */
  async list(guildId: string): Promise<GameServer[]> {
    return (await this.core.repo.list(guildId)).map((s) => this.core.status.overlay(s));
  }

  async get(guildId: string, serverId: string): Promise<GameServer | null> {
    return this.core.status.overlay(await this.core.repo.get(guildId, serverId));
  }

  /** A `server:` option value: the id autocomplete fills in, or a name typed by hand. */
  async resolve(guildId: string, idOrName: string): Promise<GameServer> {
    return this.core.status.overlay(await this.core.repo.resolve(guildId, idOrName));
  }

  /** A server named by a button's custom id, always inside the clicking member's guild. */
  async require(guildId: string, serverId: string | undefined): Promise<GameServer> {
    const server = serverId ? await this.get(guildId, serverId) : null;
    if (!server) throw new UserError(msg('server.error.gone'), 'not_found');
    return server;
  }

  /** Refuses a new server when the guild already has as many as its premium tier allows. */
  assertCanAdd(guildId: string): Promise<void> {
    return this.adds.assertCanAdd(guildId);
  }

  /** The smallest poll interval the guild's tier allows. */
  async minPollSeconds(guildId: string): Promise<number> {
    return TIERS[await this.core.tiers.tier(guildId)].minPollSeconds;
  }

  /** The guild's feed channels that refuse posts (their posts are held), for `/server list`. */
  feedHolds(guildId: string): Promise<FeedHold[]> {
    return this.core.polling.engine.sender.holds.forGuild(guildId);
  }

  /** How this process polls the server now (its interval is the tier's floor at least), or undefined. */
  pollTarget(serverId: string): IngestTarget | undefined {
    return this.core.polling.target(serverId);
  }

  /** Whether this process polls the server now (its mode is `polled`, and with leases, this process holds it). */
  isPolled(serverId: string): boolean {
    return this.core.polling.isPolled(serverId);
  }

  /** What polling did since start, for /metrics. */
  pollingFigures(): IngestFigures {
    return this.core.polling.engine.figures();
  }

  // ------------------------------------------------------------ add and edit (./addFlow.ts)

  proposeAdd(guildId: string, userId: string, form: ServerForm, legacyAlgorithms: boolean): Promise<TrustProposal> {
    return this.adds.proposeAdd(guildId, userId, form, legacyAlgorithms);
  }

  proposeEdit(server: GameServer, userId: string, form: ServerForm, legacyAlgorithms: boolean | undefined): Promise<EditOutcome> {
    return this.adds.proposeEdit(server, userId, form, legacyAlgorithms);
  }

  trust(guildId: string, userId: string, pendingId: string): Promise<TrustResult> {
    return this.adds.trust(guildId, userId, pendingId);
  }

  cancel(guildId: string, pendingId: string): Promise<void> {
    return this.adds.cancel(guildId, pendingId);
  }

  // ------------------------------------------------------------ host keys and the pool (./keyTrust.ts)

  test(server: GameServer): Promise<TestOutcome> {
    return this.keys.test(server);
  }

  trustNewKey(server: GameServer, fingerprint: string): Promise<RetrustOutcome> {
    return this.keys.trustNewKey(server, fingerprint);
  }

  withPool<T>(server: GameServer, fn: (pool: SftpPool, serverId: string) => Promise<T>): Promise<T> {
    return this.keys.withPool(server, fn);
  }

  // ------------------------------------------------------------ settings, channels, removal

  async setChannels(server: GameServer, patch: Partial<ServerChannels>): Promise<ServerChannels> {
    if (Object.keys(patch).length) {
      await this.core.repo.setChannels(server.guildId, server._id, patch);
      await this.reconcile(server.guildId);
      // Posts a refusing channel held follow the feed to its new channel.
      for (const kind of ['killfeed', 'callouts', 'events', 'connections'] as const) {
        const channelId = patch[kind];
        if (channelId) await this.core.polling.engine.sender.moveFeed(server._id, kind, channelId);
      }
    }
    return { ...server.channels, ...patch };
  }

  /** Polling and killfeed behaviour; the tier's floor bounds the poll interval. Pausing stops polling. */
  async updateSettings(server: GameServer, patch: Partial<ServerSettings>): Promise<ServerSettings> {
    if (patch.pollSeconds !== undefined) {
      const min = await this.minPollSeconds(server.guildId);
      if (patch.pollSeconds < min) throw new UserError(msg('server.error.pollTooOften', { count: min, asked: patch.pollSeconds }), 'premium');
    }
    if (Object.keys(patch).length) {
      await this.core.repo.setSettings(server.guildId, server._id, patch);
      await this.reconcile(server.guildId);
    }
    return { ...server.settings, ...patch };
  }

  /** Stops its feeds, closes its connections and deletes its credentials; a server paused by the tier may fit now. */
  async remove(server: GameServer): Promise<void> {
    this.core.status.forget(server._id);
    await this.core.repo.remove(server.guildId, server._id);
    await this.reconcile(server.guildId);
  }

  /**
   * The bot was removed from the guild: its passwords are deleted (src/servers/guildDeparture.ts keeps the
   * rest for a while), which makes every server `unreadable`: the reconcile stops them. Returns the passwords deleted.
   */
  async guildLeft(guildId: string): Promise<number> {
    const forgotten = await this.core.repo.forgetPasswords(guildId, new Date());
    for (const server of await this.core.repo.list(guildId)) this.core.status.forget(server._id);
    await this.reconcile(guildId);
    this.reconciler.forget(guildId);
    return forgotten;
  }

  /** Permissions changed in a guild: held channels `allowed` says the bot may post in now are tried at once. */
  permissionsChanged(guildId: string, allowed: (channelId: string) => boolean): number {
    return this.core.polling.engine.sender.permissionsChanged(guildId, allowed);
  }

  // ------------------------------------------------------------ reconcile and polling

  /**
   * Brings the guild's pool entries and polling in line with its stored servers and the tier in force. Run
   * after every change here, by a premium grant or revoke (PremiumService), and by the sweep.
   */
  reconcile(guildId: string): Promise<void> {
    return this.reconciler.reconcile(guildId);
  }

  /** One sweep now (the timer runs it once a minute): a tier that changed with no event here is applied. */
  sweepTiers(): Promise<void> {
    return this.reconciler.sweep();
  }

  /** Applies batches a crash left pending, then polls the servers of the guilds this process serves. */
  async start(guildIds: readonly string[]): Promise<number> {
    await this.core.polling.start();
    this.core.status.start();
    const polled = await this.load(guildIds);
    this.reconciler.start(this.parts.tierSweepMs);
    return polled;
  }

  async stop(): Promise<void> {
    await this.reconciler.stop();
    await this.core.polling.stop();
    await this.core.status.stop();
  }

  /** Serves these guilds (at start, or one just joined): each is reconciled; returns how many servers are polled here. */
  async load(guildIds: readonly string[]): Promise<number> {
    const servers = await this.reconciler.load(guildIds);
    await this.keys.noticeMigrated(servers);
    return servers.filter((s) => this.core.polling.isPolled(s._id)).length;
  }

  /** `/server backfill`: polls now, reporting progress through `show` (in `t`'s words). */
  async backfill(server: GameServer, show: (text: string) => Promise<void>, t?: Translator): Promise<PollReport> {
    const { polling, status } = this.core;
    const source: BackfillSource = {
      isPolled: (id) => polling.isPolled(id),
      backlog: (id) => polling.backlog(id),
      onProgress: (id, listener) => polling.onProgress(id, listener),
      // An admin's explicit action: its status is stored before it says done (another machine's /server list sees it).
      pollNow: async (id) => {
        const report = await polling.pollNow(id);
        await status.flush();
        return report;
      },
    };
    return runBackfill(source, server, show, t);
  }
}
