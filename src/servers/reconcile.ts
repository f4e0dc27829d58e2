/**
 * The one reconcile: brings what this process does with a guild's game servers (SFTP pool entries, log
 * polling, the tier's pause marks) in line with their stored state and the guild's tier in force, as
 * serverMode (./mode.ts) decides. Every change runs it (add, edit, pause, removal, a changed key, a
 * premium grant or revoke), a timer runs it when a guild's tier lapses, and the sweep for a tier that
 * changed with no event here (another process's grant). Reads never apply anything: /server list shows
 * what the last reconcile stored.
 */
import type { GameServer } from '../db/schemas.js';
import { tierAtLeast, type TierName } from '../premium/tiers.js';
import type { ServersCore } from './core.js';
import type { StoredPasswords } from './credentials.js';
import { serverMode, type ServerDecision } from './mode.js';

export const TIER_SWEEP_MS = 60_000;
/** The longest a timer waits (Node's limit is about 24.8 days): a later expiry is met by a later reconcile or the sweep. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class Reconciler {
  /** The tier last applied per guild with servers: the sweep reconciles a guild whose tier in force differs. */
  private readonly applied = new Map<string, TierName>();
  /** The servers placed per guild: one no longer stored (removed) is dropped by the next reconcile. */
  private readonly placed = new Map<string, Set<string>>();
  /** Per guild, the latest reconcile scheduled, and the one waiting behind a running one (later requests share it). */
  private readonly latest = new Map<string, Promise<void>>();
  private readonly waiting = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  /** Per guild with servers, a reconcile at the moment its tier lapses (the sweep stays the safety net). */
  private readonly expiries = new Map<string, NodeJS.Timeout>();
  private sweeping: Promise<void> | null = null;

  constructor(
    private readonly core: ServersCore,
    private readonly passwords: Pick<StoredPasswords, 'open'>,
  ) {}

  /** Reconciles the guild (after the one running for it, if any), then takes the leases of servers now polled. */
  async reconcile(guildId: string): Promise<void> {
    await this.enqueue(guildId);
    // A server just added or resumed is polled at once (once its lease is taken), not at the next renewal.
    await this.core.polling.acquire();
  }

  /** Serves these guilds: each is reconciled from one read of all their servers, then the leases are taken in one write. */
  async load(guildIds: readonly string[]): Promise<GameServer[]> {
    const servers = await this.core.repo.ofGuilds(guildIds);
    const byGuild = new Map<string, GameServer[]>();
    for (const server of servers) byGuild.set(server.guildId, [...(byGuild.get(server.guildId) ?? []), server]);
    for (const guildId of guildIds) {
      const known = byGuild.get(guildId);
      // A guild with no server costs nothing at start (no tier read), unless servers were placed here before.
      if (known || this.placed.has(guildId)) await this.enqueue(guildId, known ?? []);
    }
    await this.core.polling.acquire();
    return servers;
  }

  /** The bot left the guild: the sweep stops looking at it (its servers were reconciled as unreadable). */
  forget(guildId: string): void {
    this.applied.delete(guildId);
    this.atExpiry(guildId, null);
  }

  start(everyMs = TIER_SWEEP_MS): void {
    this.timer ??= setInterval(() => {
      this.sweeping ??= this.sweep().finally(() => (this.sweeping = null));
    }, everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const guildId of [...this.expiries.keys()]) this.atExpiry(guildId, null);
    await this.sweeping;
  }

  /**
   * One pass over the guilds with servers, one cached config read each: a guild whose tier in force is not
   * the one applied here (an expiry; another process's grant, seen once the cached config expires), or whose
   * downgrade marker lags, is reconciled.
   */
  async sweep(): Promise<void> {
    for (const guildId of [...this.applied.keys()]) {
      try {
        const { tier, seen } = await this.core.tiers.standing(guildId);
        if (this.applied.get(guildId) !== tier || seen !== tier) await this.reconcile(guildId);
      } catch (err) {
        this.core.logger.warn({ guildId, err: (err as Error).message }, 'premium tier check failed');
      }
    }
  }

  /** One reconcile per guild at a time; requests made while one waits share it (it reads everything afresh). */
  private enqueue(guildId: string, known?: GameServer[]): Promise<void> {
    const queued = this.waiting.get(guildId);
    if (queued) return queued;
    const before = this.latest.get(guildId);
    const next: Promise<void> = (before ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => {
        if (this.waiting.get(guildId) === next) this.waiting.delete(guildId);
        return this.run(guildId, before ? undefined : known);
      });
    if (before) this.waiting.set(guildId, next);
    this.latest.set(guildId, next);
    void next
      .catch(() => undefined)
      .finally(() => {
        if (this.latest.get(guildId) === next) this.latest.delete(guildId);
      });
    return next;
  }

  private async run(guildId: string, known?: GameServer[]): Promise<void> {
    const { repo, tiers, logger } = this.core;
    const { tier, seen, expiresAt } = await tiers.standing(guildId);
    const servers = known ?? (await repo.list(guildId)); // oldest first: the oldest fit the tier's limit
    const now = new Date();
    const current: GameServer[] = [];
    for (const [rank, server] of servers.entries()) {
      const decision = serverMode(server, { tier, rank });
      const tierPaused = decision.overLimit ? (server.status.tierPaused ?? now) : null;
      if (decision.overLimit !== (server.status.tierPaused != null)) {
        await repo.status.setTierPaused(guildId, server._id, tierPaused);
        logger.info({ guildId, serverId: server._id, tier }, decision.overLimit ? 'server paused: beyond the premium tier' : 'server resumed: within the premium tier');
      }
      const placed = { ...server, status: { ...server.status, tierPaused } };
      current.push(placed);
      await this.place(placed, decision);
    }
    await this.dropRemoved(guildId, servers);
    if (servers.length) this.applied.set(guildId, tier);
    else this.applied.delete(guildId);
    this.atExpiry(guildId, servers.length ? (expiresAt ?? null) : null);
    if (seen !== tier) await this.moveTierSeen(guildId, seen, tier, current);
  }

  /** Schedules this guild's reconcile for when its tier lapses (a second just after, so the read sees it lapsed). */
  private atExpiry(guildId: string, expiresAt: Date | null): void {
    clearTimeout(this.expiries.get(guildId));
    this.expiries.delete(guildId);
    const wait = expiresAt ? expiresAt.getTime() - Date.now() + 1_000 : Infinity;
    if (wait > MAX_TIMER_MS) return;
    const timer = setTimeout(() => {
      this.expiries.delete(guildId);
      this.reconcile(guildId).catch((err: Error) => this.core.logger.warn({ guildId, err: err.message }, 'reconcile at premium expiry failed'));
    }, Math.max(0, wait));
    timer.unref();
    this.expiries.set(guildId, timer);
  }

  /** Applies one decision: polled (pool entry and poller), paused (pool entry kept for browsing), or neither. */
  private async place(server: GameServer, { mode, connects, pollSeconds }: ServerDecision): Promise<void> {
    const { pool, polling, repo } = this.core;
    if (mode === 'polled' && pollSeconds !== null) {
      const password = await this.passwords.open(server);
      if (password !== null) {
        pool.setServer(repo.poolConfig(server, password));
        polling.follow(server, pollSeconds);
        return;
      }
      // Unreadable after all (open() recorded it): nothing connects, as for that mode.
    } else if (connects) {
      polling.drop(server._id);
      return;
    }
    polling.drop(server._id);
    await pool.removeServer(server._id);
  }

  private async dropRemoved(guildId: string, servers: readonly GameServer[]): Promise<void> {
    const ids = new Set(servers.map((s) => s._id));
    for (const id of this.placed.get(guildId) ?? []) {
      if (ids.has(id)) continue;
      this.core.status.forget(id);
      this.core.polling.drop(id);
      await this.core.pool.removeServer(id);
    }
    if (ids.size) this.placed.set(guildId, ids);
    else this.placed.delete(guildId);
  }

  /**
   * Moves the downgrade marker to the tier in force. A fall is told to the admins once: by the one reconcile,
   * in any process, whose conditional update moved the marker. A rise is only recorded.
   */
  private async moveTierSeen(guildId: string, seen: TierName, tier: TierName, servers: GameServer[]): Promise<void> {
    const { tiers, alerts, logger } = this.core;
    if (!(await tiers.moveTierSeen(guildId, seen, tier)) || tierAtLeast(tier, seen)) return;
    logger.info({ guildId, from: seen, to: tier }, 'premium downgrade');
    const downgrade = { guildId, from: seen, to: tier, servers, paused: servers.filter((s) => serverMode(s).overLimit) };
    await alerts.tierDowngraded(downgrade, await tiers.texts(guildId));
  }
}
