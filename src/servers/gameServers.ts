/**
 * The one owner of a game server's life: add (probe → Trust & save), edit, host-key trust and changes,
 * settings, channels, pause and removal all go through here, and each keeps the three places a server
 * lives in step: its stored document (ServerRepo), its SFTP pool entry and its log polling. Built in
 * app.ts from explicit parts; commands reach it as `services.gameServers`.
 */
import type { GameServer, PendingServer } from '../db/schemas.js';
import { UserError } from '../errors.js';
import { msg } from '../i18n/message.js';
import type { Translator } from '../i18n/translate.js';
import type { Msg } from '../i18n/types.js';
import type { FeedHold, IngestFigures, IngestTarget, PollReport } from '../ingest/index.js';
import type { Logger } from '../logger.js';
import { tierAtLeast, tierName, TIERS, type TierName, type TierStanding } from '../premium/tiers.js';
import type { ConnectionReport } from '../sftp/connectivity.js';
import { SecretsError } from '../security/secrets.js';
import type { SftpServerConfig } from '../sftp/connection.js';
import { HostKeyMismatchError } from '../sftp/errors.js';
import type { SftpPool } from '../sftp/pool.js';
import type { ServerAlerts } from './alerts.js';
import { runBackfill, type BackfillSource } from './backfill.js';
import { checkHostKey, hostKeyBlockedError, layoutOf, probe, untrustedKeyError, type KeyCheck, type ProbeOptions } from './connect.js';
import { parseServerInput, type ServerInput } from './input.js';
import type { LeaseSettings } from './leases.js';
import { ServerPolling, type EngineFactory } from './polling.js';
import { PollStatusBuffer } from './pollStatus.js';
import type { ServerChannels, ServerRepo, ServerSettings } from './repo.js';
import { ServerLimitReached } from './slots.js';
import { shownName } from '../discord/limits.js';

export interface GameServersParts {
  repo: ServerRepo;
  pool: SftpPool;
  /**
   * The guild's premium tier (GuildConfigRepo): server count, poll floor and the downgrade marker; and its
   * words, for the alerts posted to its admins.
   */
  tiers: {
    texts(guildId: string): Promise<Translator>;
    tier(guildId: string): Promise<TierName>;
    standing(guildId: string): Promise<TierStanding>;
    moveTierSeen(guildId: string, from: TierName, to: TierName): Promise<boolean>;
  };
  alerts: ServerAlerts;
  /** Builds the ingestion engine around the hooks GameServers gives it. */
  engine: EngineFactory;
  logger: Logger;
  probe: Omit<ProbeOptions, 'logger'>;
  /** How often running pollers re-check their guild's tier (default once a minute). */
  tierSweepMs?: number;
  /** How often the last-poll status is written (default STATUS_FLUSH_MS, once a minute). */
  statusFlushMs?: number;
  /** Several processes: a server is polled only by the holder of its lease (src/servers/leases.ts). */
  leases?: LeaseSettings;
}

export const TIER_SWEEP_MS = 60_000;

function limitError(tier: TierName, count: number): UserError {
  return new UserError(msg('server.error.limit', { count, tier: tierName(tier), limit: TIERS[tier].servers }), 'premium');
}

/** The add/edit form's fields as typed (src/servers/form.ts). */
export interface ServerForm {
  name: string;
  address: string;
  username: string;
  password: string;
  root: string;
}

/** A host's key the admin has to see (and trust) before any password is sent to it. */
export interface TrustProposal {
  pendingId: string;
  input: ServerInput;
  key: KeyCheck;
}

/** What Trust & save stored, and what the connection test after it found. */
export interface TrustResult {
  name: string;
  fingerprint: string;
  report: ConnectionReport;
}

export type EditOutcome = { kind: 'saved'; name: string; keptPassword: boolean; report: ConnectionReport } | ({ kind: 'trust' } & TrustProposal);
/** `changed`: the host shows another key than the pinned one; `unpinned`: no key was ever trusted (a migrated server). */
export type TestOutcome = { ok: true; report: ConnectionReport; unblocked: boolean } | { ok: false; reason: 'changed' | 'unpinned'; presented: string };
export type RetrustOutcome = { ok: true; report: ConnectionReport } | { ok: false; error: Msg };

export class GameServers {
  private readonly polling: ServerPolling;
  /** Last-poll status, written once a minute for all servers (see pollStatus.ts). */
  private readonly status: PollStatusBuffer;
  private readonly probeOptions: ProbeOptions;
  /** Guilds this process serves (given to start/load): only there does a tier change touch polling. */
  private readonly served = new Set<string>();
  /** The tier last applied to each served guild that has servers; the sweep re-applies on a difference. */
  private readonly applied = new Map<string, TierName>();
  private readonly checks = new Map<string, Promise<TierName>>();
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  constructor(private readonly parts: GameServersParts) {
    this.probeOptions = { ...parts.probe, logger: parts.logger };
    this.status = new PollStatusBuffer(parts.repo, parts.logger, parts.statusFlushMs);
    this.polling = new ServerPolling({
      pool: parts.pool,
      engine: parts.engine,
      logger: parts.logger,
      onHostKeyMismatch: (server, presented) => this.reportHostKeyMismatch(server, presented),
      onPoll: (report) => this.status.record(report),
      ...(parts.leases ? { leases: parts.leases } : {}),
    });
  }

  // ------------------------------------------------------------ reading

  async list(guildId: string): Promise<GameServer[]> {
    // A use: a tier change not applied yet is applied first, so the list shows what it did.
    await this.tier(guildId);
    return (await this.parts.repo.list(guildId)).map((s) => this.status.overlay(s));
  }

  async get(guildId: string, serverId: string): Promise<GameServer | null> {
    return this.status.overlay(await this.parts.repo.get(guildId, serverId));
  }

  /** A `server:` option value: the id autocomplete fills in, or a name typed by hand. */
  async resolve(guildId: string, idOrName: string): Promise<GameServer> {
    return this.status.overlay(await this.parts.repo.resolve(guildId, idOrName));
  }

  /** A server named by a button's custom id, always inside the clicking member's guild. */
  async require(guildId: string, serverId: string | undefined): Promise<GameServer> {
    const server = serverId ? await this.get(guildId, serverId) : null;
    if (!server) throw new UserError(msg('server.error.gone'), 'not_found');
    return server;
  }

  /**
   * The guild's tier in force. Expiry is checked at use: in a guild this process serves, a tier that changed
   * since it was applied here (a grant, a revoke, an expiry) is applied first (see the tier section).
   */
  tier(guildId: string): Promise<TierName> {
    return this.served.has(guildId) ? this.checkTier(guildId) : this.parts.tiers.tier(guildId);
  }

  // ------------------------------------------------------------ tier limits

  /** Refuses a new server when the guild already has as many as its premium tier allows. */
  async assertCanAdd(guildId: string): Promise<void> {
    const [tier, count] = await Promise.all([this.tier(guildId), this.parts.repo.count(guildId)]);
    if (count >= TIERS[tier].servers) throw limitError(tier, count);
  }

  /** The smallest poll interval the guild's tier allows. */
  async minPollSeconds(guildId: string): Promise<number> {
    return TIERS[await this.tier(guildId)].minPollSeconds;
  }

  // ------------------------------------------------------------ add and edit (Trust & save)
  //
  // The one rule for credentials: a password is sent only to a host that has shown the key pinned for
  // that server. A key nobody trusted yet (a new server, a new address, a migrated server) is fetched by
  // a key-only check (no authentication), shown to the admin, and only after Trust does the real
  // connection test log in, with that key pinned.

  /** Validates the form, checks limits and fetches the host's key; nothing is saved or sent until Trust. */
  async proposeAdd(guildId: string, userId: string, form: ServerForm, legacyAlgorithms: boolean): Promise<TrustProposal> {
    const input = parseServerInput({ ...form, legacyAlgorithms });
    await this.assertCanAdd(guildId);
    await this.assertNameFree(guildId, input.name);
    const key = await checkHostKey(input, this.probeOptions);
    return this.propose(guildId, userId, input, key, null);
  }

  /**
   * An edit. The same address with its pinned key is tested and saved at once. Another address (or a server
   * never trusted) gets a key-only check: the pinned key again → tested and saved; another key → a Trust
   * prompt, and then the password must be typed again: the stored one only ever goes to the trusted key.
   */
  async proposeEdit(server: GameServer, userId: string, form: ServerForm, legacyAlgorithms: boolean | undefined): Promise<EditOutcome> {
    const { repo } = this.parts;
    const keptPassword = form.password === '';
    const input = parseServerInput({
      ...form,
      password: keptPassword ? await this.storedPassword(server) : form.password,
      legacyAlgorithms: legacyAlgorithms ?? server.legacyAlgorithms,
    });
    await this.assertNameFree(server.guildId, input.name, server._id);
    const sameAddress = input.host === server.host && input.port === server.port;
    if (sameAddress && server.status.hostKeyMismatch) throw hostKeyBlockedError(server);
    let pinned = sameAddress ? server.hostKeyFingerprint : null;
    if (!pinned) {
      const key = await checkHostKey(input, this.probeOptions);
      if (key.fingerprint !== server.hostKeyFingerprint) {
        if (keptPassword) {
          throw new UserError(msg('server.error.movedNeedsPassword', { name: shownName(server.name) }), 'validation');
        }
        return { kind: 'trust', ...(await this.propose(server.guildId, userId, input, key, server._id)) };
      }
      pinned = key.fingerprint;
    }
    const report = await this.testPinned(server, input, pinned);
    const sealed = repo.seal(input);
    await repo.updateConnection(server.guildId, server._id, keptPassword ? { ...sealed, password: undefined } : sealed, pinned, layoutOf(report));
    await this.sync(server.guildId, server._id);
    return { kind: 'saved', name: input.name, keptPassword, report };
  }

  /**
   * Trust & save: pins the key the admin saw, runs the real connection test against it (the password goes
   * out only now), then stores the server (new, or the edited one). A failed test saves nothing.
   */
  async trust(guildId: string, userId: string, pendingId: string): Promise<TrustResult> {
    const { repo } = this.parts;
    const pending = await repo.takePending(guildId, userId, pendingId);
    // One use: a failed test needs the form again (its details are what failed).
    await repo.deletePending(guildId, pending._id);
    const input = { ...pending.input, password: this.pendingPassword(pending) };
    let report: ConnectionReport;
    try {
      report = await probe(input, this.probeOptions, pending.fingerprint);
    } catch (err) {
      if (err instanceof HostKeyMismatchError) {
        throw new UserError(msg('server.error.keyChangedBeforeSave', { presented: err.actual }), 'external');
      }
      if (err instanceof UserError) throw new UserError(msg('server.error.notSaved', { reason: err.text }), err.category);
      throw err;
    }
    // The password is sealed anew for the record it is stored in (the prompt's seal opens only as the prompt's).
    const sealed = repo.seal(input);
    let serverId = pending.serverId;
    if (serverId) {
      await repo.updateConnection(guildId, serverId, sealed, pending.fingerprint, layoutOf(report));
    } else {
      // The limit is checked by the insert itself: two Trust & save clicks racing at the limit save one server.
      const tier = await this.tier(guildId);
      try {
        serverId = (await repo.create(guildId, userId, sealed, pending.fingerprint, layoutOf(report), TIERS[tier].servers))._id;
      } catch (err) {
        if (err instanceof ServerLimitReached) throw limitError(tier, err.count);
        throw err;
      }
    }
    await this.sync(guildId, serverId);
    return { name: pending.input.name, fingerprint: pending.fingerprint, report };
  }

  /** A prompt whose password cannot be opened (sealed for another prompt, or a key since dropped) is refused, not a crash. */
  private pendingPassword(pending: PendingServer): string {
    try {
      return this.parts.repo.openPendingPassword(pending);
    } catch (err) {
      if (!(err instanceof SecretsError)) throw err;
      this.parts.logger.warn({ guildId: pending.guildId, pendingId: pending._id }, 'pending server add: sealed password cannot be opened');
      throw new UserError(msg('server.error.promptPasswordUnreadable'), 'validation');
    }
  }

  cancel(guildId: string, pendingId: string): Promise<void> {
    return this.parts.repo.deletePending(guildId, pendingId);
  }

  // ------------------------------------------------------------ connection and host keys

  /**
   * `/server test`: connects with the pinned key; a changed key blocks the server (and alerts once). A
   * server without a trusted key gets a key-only check: its key is shown to trust, no password is sent.
   */
  async test(server: GameServer): Promise<TestOutcome> {
    const { repo } = this.parts;
    if (!server.hostKeyFingerprint) {
      const key = await checkHostKey(server, this.probeOptions);
      return { ok: false, reason: 'unpinned', presented: key.fingerprint };
    }
    let report: ConnectionReport;
    try {
      report = await probe({ ...server, password: await this.storedPassword(server) }, this.probeOptions, server.hostKeyFingerprint);
    } catch (err) {
      if (!(err instanceof HostKeyMismatchError)) throw err;
      await this.reportHostKeyMismatch(server, err.actual);
      return { ok: false, reason: 'changed', presented: err.actual };
    }
    const unblocked = server.status.hostKeyMismatch !== null;
    if (unblocked) {
      this.status.forget(server._id); // the failed polls' error is cleared with the block
      await repo.clearHostKeyMismatch(server.guildId, server._id);
    }
    const layout = layoutOf(report);
    if (layout) await repo.setLayout(server.guildId, server._id, layout);
    if (unblocked) await this.sync(server.guildId, server._id);
    return { ok: true, report, unblocked };
  }

  /**
   * An admin trusted the key the host now presents (shown by `/server test`): it is pinned, then the real
   * connection test runs against it. A failed test (e.g. a wrong password) keeps the key trusted and says why.
   */
  async trustNewKey(server: GameServer, fingerprint: string): Promise<RetrustOutcome> {
    this.status.forget(server._id);
    await this.parts.repo.trustHostKey(server.guildId, server._id, fingerprint);
    const trusted: GameServer = { ...server, hostKeyFingerprint: fingerprint, status: { ...server.status, hostKeyMismatch: null } };
    try {
      const report = await this.testPinned(trusted, { ...trusted, password: await this.storedPassword(trusted) }, fingerprint);
      const layout = layoutOf(report);
      if (layout) await this.parts.repo.setLayout(server.guildId, server._id, layout);
      return { ok: true, report };
    } catch (err) {
      if (err instanceof UserError) return { ok: false, error: err.text };
      throw err;
    } finally {
      await this.sync(server.guildId, server._id);
    }
  }

  /**
   * Runs `fn` on the shared SFTP pool for a stored server: the one gate every command's pool use goes
   * through. A blocked or never-trusted server is refused without connecting; a key change seen now blocks it.
   */
  async withPool<T>(server: GameServer, fn: (pool: SftpPool, serverId: string) => Promise<T>): Promise<T> {
    const { pool } = this.parts;
    if (server.status.hostKeyMismatch) throw hostKeyBlockedError(server);
    if (!server.hostKeyFingerprint) throw untrustedKeyError(server);
    // A no-op when nothing changed; a changed config (edit, re-trust elsewhere) drains old connections.
    pool.setServer(await this.poolConfig(server));
    try {
      return await fn(pool, server._id);
    } catch (err) {
      if (!(err instanceof HostKeyMismatchError)) throw err;
      await this.reportHostKeyMismatch(server, err.actual);
      throw hostKeyBlockedError(server, err.actual);
    }
  }

  /** The full connection test against a pinned key; a different key blocks the server and alerts once. */
  private async testPinned(server: GameServer, input: Omit<ServerInput, 'name'>, pinned: string): Promise<ConnectionReport> {
    try {
      return await probe(input, this.probeOptions, pinned);
    } catch (err) {
      if (!(err instanceof HostKeyMismatchError)) throw err;
      await this.reportHostKeyMismatch(server, err.actual);
      throw hostKeyBlockedError(server, err.actual);
    }
  }

  /** The stored password; one that cannot be opened pauses the server (with an alert) and says what to do. */
  private async storedPassword(server: GameServer): Promise<string> {
    try {
      return this.parts.repo.openPassword(server);
    } catch (err) {
      if (!(err instanceof SecretsError)) throw err;
      await this.reportUnreadableCredentials(server);
      throw new UserError(msg('server.error.passwordUnreadable', { name: shownName(server.name) }), 'validation');
    }
  }

  private async poolConfig(server: GameServer): Promise<SftpServerConfig> {
    await this.storedPassword(server);
    return this.parts.repo.poolConfig(server);
  }

  private async reportUnreadableCredentials(server: GameServer): Promise<void> {
    this.status.forget(server._id); // its own error stands, not a poll's written later
    const first = await this.parts.repo.markCredentialsUnreadable(server.guildId, server._id);
    this.polling.drop(server._id);
    await this.parts.pool.removeServer(server._id);
    this.parts.logger.error({ guildId: server.guildId, serverId: server._id }, 'stored sftp password cannot be opened with SECRETS_KEY');
    if (first) await this.parts.alerts.credentialsUnreadable(server, await this.parts.tiers.texts(server.guildId));
  }

  /** Blocks the server (polling and pool stop) and alerts its admins, once per mismatch. */
  private async reportHostKeyMismatch(server: GameServer, presented: string): Promise<void> {
    const { repo, logger, alerts } = this.parts;
    this.status.forget(server._id);
    const first = await repo.markHostKeyMismatch(server.guildId, server._id, presented);
    await this.sync(server.guildId, server._id);
    logger.warn({ guildId: server.guildId, serverId: server._id, expected: server.hostKeyFingerprint, presented }, 'sftp host key mismatch');
    if (first) await alerts.hostKeyChanged(server, presented, await this.parts.tiers.texts(server.guildId));
  }

  // ------------------------------------------------------------ settings, channels, removal

  async setChannels(server: GameServer, patch: Partial<ServerChannels>): Promise<ServerChannels> {
    if (Object.keys(patch).length) {
      await this.parts.repo.setChannels(server.guildId, server._id, patch);
      await this.sync(server.guildId, server._id);
      // Posts a refusing channel held follow the feed to its new channel.
      for (const kind of ['killfeed', 'events', 'connections'] as const) {
        const channelId = patch[kind];
        if (channelId) await this.polling.engine.sender.moveFeed(server._id, kind, channelId);
      }
    }
    return { ...server.channels, ...patch };
  }

  /**
   * The bot was removed from the guild: its servers stop being polled here and their passwords are
   * deleted (src/servers/guildDeparture.ts keeps the rest for a while). Returns the passwords deleted.
   */
  async guildLeft(guildId: string): Promise<number> {
    this.served.delete(guildId);
    this.applied.delete(guildId);
    for (const server of await this.parts.repo.list(guildId)) {
      this.status.forget(server._id);
      this.polling.drop(server._id);
      await this.parts.pool.removeServer(server._id);
    }
    return this.parts.repo.forgetPasswords(guildId, new Date());
  }

  /** The guild's feed channels that refuse posts (their posts are held), for `/server list`. */
  feedHolds(guildId: string): Promise<FeedHold[]> {
    return this.polling.engine.sender.holds.forGuild(guildId);
  }

  /** Permissions changed in a guild: held channels `allowed` says the bot may post in now are tried at once. */
  permissionsChanged(guildId: string, allowed: (channelId: string) => boolean): number {
    return this.polling.engine.sender.permissionsChanged(guildId, allowed);
  }

  /** Polling and killfeed behaviour; the tier's floor bounds the poll interval. Pausing stops polling. */
  async updateSettings(server: GameServer, patch: Partial<ServerSettings>): Promise<ServerSettings> {
    if (patch.pollSeconds !== undefined) {
      const min = await this.minPollSeconds(server.guildId);
      if (patch.pollSeconds < min) {
        throw new UserError(msg('server.error.pollTooOften', { count: min, asked: patch.pollSeconds }), 'premium');
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
    this.status.forget(server._id);
    await this.parts.repo.remove(server.guildId, server._id);
    await this.sync(server.guildId, server._id);
    // A server paused by the tier's limit may fit now.
    if (this.served.has(server.guildId)) await this.applyTier(server.guildId, await this.parts.tiers.tier(server.guildId));
  }

  // ------------------------------------------------------------ polling

  /** Applies batches a crash left pending, then polls the servers of the guilds this process serves. */
  async start(guildIds: readonly string[]): Promise<number> {
    await this.polling.start();
    this.status.start();
    const polled = await this.load(guildIds);
    this.sweepTimer = setInterval(() => void this.sweepOnce(), this.parts.tierSweepMs ?? TIER_SWEEP_MS);
    this.sweepTimer.unref();
    return polled;
  }

  async stop(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    await this.sweeping;
    await this.polling.stop();
    await this.status.stop();
  }

  /** What polling did since start, for /metrics. */
  pollingFigures(): IngestFigures {
    return this.polling.engine.figures();
  }

  /**
   * Serves these guilds (at start, or one just joined): applies each one's tier to its servers, which polls
   * the pollable ones (not paused by the admin or the tier, host key trusted) and pauses those beyond it.
   */
  async load(guildIds: readonly string[]): Promise<number> {
    for (const guildId of guildIds) {
      this.served.add(guildId);
      this.applied.delete(guildId);
    }
    const byGuild = new Map<string, GameServer[]>();
    for (const server of await this.parts.repo.ofGuilds(guildIds)) {
      const servers = byGuild.get(server.guildId) ?? [];
      servers.push(server);
      byGuild.set(server.guildId, servers);
    }
    for (const [guildId, servers] of byGuild) await this.runCheck(guildId, servers);
    // One bulk write takes the leases of every server followed above; those another process holds wait.
    await this.polling.acquire();
    for (const servers of byGuild.values()) await this.noticeMigrated(servers);
    let polled = 0;
    for (const servers of byGuild.values()) polled += servers.filter((s) => this.polling.isPolled(s._id)).length;
    return polled;
  }

  /**
   * Servers the old bot's SFTP integrations became (migration 004) wait for an admin to trust their host
   * key: the admins are told once, by the one process whose conditional update marked the notice sent.
   */
  private async noticeMigrated(servers: readonly GameServer[]): Promise<void> {
    for (const server of servers) {
      if (server.hostKeyFingerprint || !server.status.migrated || server.status.migrated.noticeSent) continue;
      try {
        if (!(await this.parts.repo.claimMigratedNotice(server.guildId, server._id))) continue;
        this.parts.logger.info({ guildId: server.guildId, serverId: server._id }, 'migrated server awaits host-key trust: admins told');
        await this.parts.alerts.importedServer(server, await this.parts.tiers.texts(server.guildId));
      } catch (err) {
        // A notice is not worth failing the start over: /server list shows the server's state anyway.
        this.parts.logger.warn({ guildId: server.guildId, serverId: server._id, err: (err as Error).message }, 'migrated server notice failed');
      }
    }
  }

  /** How this process polls the server now (its interval is the tier's floor at most), or undefined. */
  pollTarget(serverId: string): IngestTarget | undefined {
    return this.polling.target(serverId);
  }

  /** Whether this process polls the server now (trusted, not paused, in one of its guilds). */
  isPolled(serverId: string): boolean {
    return this.polling.isPolled(serverId);
  }

  /** `/server backfill`: polls now, reporting progress through `show` (in `t`'s words). */
  async backfill(server: GameServer, show: (text: string) => Promise<void>, t?: Translator): Promise<PollReport> {
    if (server.status.tierPaused) throw new UserError(msg('server.error.backfillTierPaused', { name: shownName(server.name) }), 'premium');
    const polling = this.polling;
    const source: BackfillSource = {
      isPolled: (id) => polling.isPolled(id),
      backlog: (id) => polling.backlog(id),
      onProgress: (id, listener) => polling.onProgress(id, listener),
      // An admin's explicit action: its status is stored before it says done (another machine's /server list sees it).
      pollNow: async (id) => {
        const report = await polling.pollNow(id);
        await this.status.flush();
        return report;
      },
    };
    return runBackfill(source, server, show, t);
  }

  /** Brings pool and polling in line with the stored server after any change (or its removal). */
  private async sync(guildId: string, serverId: string): Promise<void> {
    const server = await this.parts.repo.get(guildId, serverId);
    if (server) {
      await this.place(server);
      // A server just added or resumed is polled at once (once its lease is taken), not at the next renewal.
      return this.polling.acquire();
    }
    this.polling.drop(serverId);
    await this.parts.pool.removeServer(serverId);
  }

  /** Polls the server or stops it, as its state says: blocked, paused (by the admin or the tier), or polled. */
  private async place(server: GameServer, floor?: number): Promise<void> {
    if (server.status.hostKeyMismatch || !server.hostKeyFingerprint || server.status.credentialsUnreadable) {
      this.polling.drop(server._id);
      await this.parts.pool.removeServer(server._id);
    } else if (server.settings.paused || server.status.tierPaused) this.polling.drop(server._id);
    else await this.follow(server, floor);
  }

  /** Polls a trusted, readable server; one whose password cannot be opened is paused and reported instead. */
  private async follow(server: GameServer, minPollSeconds?: number): Promise<void> {
    if (!server.hostKeyFingerprint || server.status.credentialsUnreadable) {
      this.polling.drop(server._id);
      return;
    }
    // The plain read: the checked one (this.tier) may be what is applying the tier right now.
    const floor = minPollSeconds ?? TIERS[await this.parts.tiers.tier(server.guildId)].minPollSeconds;
    try {
      this.parts.pool.setServer(await this.poolConfig(server));
    } catch (err) {
      if (err instanceof UserError) return; // unreadable: reported, not polled
      throw err;
    }
    this.polling.follow(server, floor);
  }

  // ------------------------------------------------------------ premium tier
  //
  // Expiry is checked at use, with no job: every checked tier read (commands, /server list, and a sweep of
  // the guilds this process polls, once a minute from one cached config read each) compares the tier in
  // force with the one applied here and applies a change at once. Other processes' grants and revokes are
  // seen once their cached config expires (GuildConfigRepo, 60 s).

  /** One check per guild at a time: concurrent uses share it. */
  private checkTier(guildId: string): Promise<TierName> {
    let check = this.checks.get(guildId);
    if (!check) {
      check = this.runCheck(guildId).finally(() => this.checks.delete(guildId));
      this.checks.set(guildId, check);
    }
    return check;
  }

  private async runCheck(guildId: string, known?: GameServer[]): Promise<TierName> {
    const { tier, seen } = await this.parts.tiers.standing(guildId);
    if (this.applied.get(guildId) !== tier) await this.applyTier(guildId, tier, known);
    if (seen !== tier) await this.moveTierSeen(guildId, seen, tier);
    return tier;
  }

  /**
   * Applies a tier to a served guild: its oldest servers up to the tier's limit are polled at no less than
   * its floor; newer ones pause (`status.tierPaused`, data kept) and resume by themselves once it allows them.
   */
  private async applyTier(guildId: string, tier: TierName, known?: GameServer[]): Promise<void> {
    const servers = known ?? (await this.parts.repo.list(guildId));
    const { servers: limit, minPollSeconds } = TIERS[tier];
    const now = new Date();
    for (const [i, server] of servers.entries()) {
      const over = i >= limit;
      if (over !== Boolean(server.status.tierPaused)) {
        await this.parts.repo.setTierPaused(guildId, server._id, over ? now : null);
        this.parts.logger.info({ guildId, serverId: server._id, tier }, over ? 'server paused: beyond the premium tier' : 'server resumed: within the premium tier');
      }
      await this.place({ ...server, status: { ...server.status, tierPaused: over ? (server.status.tierPaused ?? now) : null } }, minPollSeconds);
    }
    if (servers.length) this.applied.set(guildId, tier);
    else this.applied.delete(guildId);
  }

  /**
   * Moves the downgrade marker to the tier in force. A fall is told to the admins once: by the one use, in
   * any process, whose conditional update moved the marker. A rise is only recorded.
   */
  private async moveTierSeen(guildId: string, seen: TierName, tier: TierName): Promise<void> {
    if (!(await this.parts.tiers.moveTierSeen(guildId, seen, tier)) || tierAtLeast(tier, seen)) return;
    const servers = await this.parts.repo.list(guildId);
    this.parts.logger.info({ guildId, from: seen, to: tier }, 'premium downgrade');
    const downgrade = { guildId, from: seen, to: tier, servers, paused: servers.filter((s) => s.status.tierPaused) };
    await this.parts.alerts.tierDowngraded(downgrade, await this.parts.tiers.texts(guildId));
  }

  /** One pass over the served guilds with servers: a tier changed since it was applied is applied now. */
  async sweepTiers(): Promise<void> {
    for (const guildId of [...this.applied.keys()]) {
      await this.checkTier(guildId).catch((err: Error) => this.parts.logger.warn({ guildId, err: err.message }, 'premium tier check failed'));
    }
  }

  private sweepOnce(): void {
    if (this.sweeping) return;
    this.sweeping = this.sweepTiers().finally(() => (this.sweeping = null));
  }

  private async assertNameFree(guildId: string, name: string, exceptId?: string): Promise<void> {
    if (await this.parts.repo.nameTaken(guildId, name, exceptId)) {
      throw new UserError(msg('server.error.nameTaken', { name: shownName(name) }), 'conflict');
    }
  }

  private async propose(guildId: string, userId: string, input: ServerInput, key: KeyCheck, serverId: string | null): Promise<TrustProposal> {
    const { repo } = this.parts;
    const pending = await repo.createPending({ guildId, userId, serverId, input: repo.seal(input), fingerprint: key.fingerprint, layout: null });
    return { pendingId: pending._id, input, key };
  }
}
