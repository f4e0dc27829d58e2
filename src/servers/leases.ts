/**
 * Server leases (`server_leases`): a game server is polled only by the process holding its lease, so two
 * processes never poll one server, whether two machines overlap during a rebalance or one died holding it.
 *
 * - Each process wants the servers of its guilds (those of its shards). Every `renewMs` one bulk write
 *   renews all its leases (`expiresAt = now + leaseMs`) and tries to take the wanted ones it lacks.
 * - A lease is taken when it is free, expired, or held by an older run of the same slot (this host with
 *   the same shards: a process restarted after a crash takes its own leases back at once; the newest run
 *   wins, as the newest gateway session wins its shard).
 * - A holder stops polling a server as soon as a renewal shows another holder, and on its own clock
 *   `renewMs` before the lease it wrote expires when renewals fail (database unreachable), so it has
 *   stopped before anyone can take it. Clocks must agree to well under `renewMs` (NTP).
 * - A graceful stop deletes its leases: a successor takes them at its next renewal, not after expiry.
 *
 * Overlap is also harmless for the data (ingest batches are guarded by the cursor's seq, posts by their
 * nonce); the lease keeps the work and the SFTP connections to one process.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import type { ServerLease } from '../db/schemas.js';
import type { Logger } from '../logger.js';

/** Default lease period; a dead holder's servers are polled again within about 4/3 of it. */
export const LEASE_MS = 60_000;

export interface LeaseSettings {
  col: Collection<ServerLease>;
  /** Where this process runs (host + its shard ids): see `leaseSlot`. */
  slot: string;
  /** How long a written lease lasts (default LEASE_MS). */
  leaseMs?: number;
  /** How often leases are renewed and wanted ones retried (default a third of leaseMs). */
  renewMs?: number;
  now?: () => number;
}

export interface LeaseEvents {
  /** This process may poll the server now. */
  onGained(serverId: string): void;
  /** This process must stop polling the server (another holds it, or renewals failed). */
  onLost(serverId: string): void;
}

/** A process's slot: the host and the shards it runs (the same slot again is a restart of it). */
export function leaseSlot(shardIds: readonly number[] | null, host = hostname()): string {
  return `${host}#${shardIds ? [...shardIds].sort((a, b) => a - b).join(',') : 'all'}`;
}

export class ServerLeases {
  readonly instance: string;
  readonly startedAt: Date;
  readonly leaseMs: number;
  readonly renewMs: number;
  /** Servers this process would poll, with their guild. */
  private readonly wanted = new Map<string, string>();
  /** Held leases: until when (this process's clock) it may poll under each. */
  private readonly held = new Map<string, number>();
  /** The other holder last logged per wanted server (logged once per holder, not every renewal). */
  private readonly others = new Map<string, string>();
  /** Writes run one at a time, in order (a release never overtakes a take of the same server). */
  private chain: Promise<void> = Promise.resolve();
  private writing = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(
    private readonly s: LeaseSettings,
    private readonly events: LeaseEvents,
    private readonly logger: Logger,
  ) {
    this.now = s.now ?? Date.now;
    this.leaseMs = s.leaseMs ?? LEASE_MS;
    this.renewMs = s.renewMs ?? Math.floor(this.leaseMs / 3);
    this.startedAt = new Date(this.now());
    this.instance = `${s.slot}/${process.pid}/${randomBytes(4).toString('hex')}`;
  }

  holds(serverId: string): boolean {
    const until = this.held.get(serverId);
    return until !== undefined && until > this.now();
  }

  /** This process would poll the server: it is taken at the next acquire() or renewal. */
  want(serverId: string, guildId: string): void {
    this.wanted.set(serverId, guildId);
  }

  /** No longer wanted (removed, paused, blocked): a held lease is given up at once. */
  release(serverId: string): void {
    this.wanted.delete(serverId);
    this.others.delete(serverId);
    if (!this.held.delete(serverId)) return;
    void this.serial(async () => {
      if (this.wanted.has(serverId)) return; // wanted again meanwhile: keep it
      await this.s.col.deleteOne({ _id: serverId, instance: this.instance });
    }).catch((err: Error) => this.logger.warn({ serverId, err: err.message }, 'could not release a server lease'));
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.renewMs);
    this.timer.unref();
  }

  /** Takes the wanted leases not held yet now (after a server is added or a guild loaded). */
  acquire(): Promise<void> {
    return this.serial(() => this.write(false)).catch((err: Error) => this.logger.warn({ err: err.message }, 'could not take server leases'));
  }

  /** One renewal: renews every held lease and retries the missing ones, in one bulk write. */
  async tick(): Promise<void> {
    if (this.writing) {
      // A write still hangs (database unreachable): leases run out on this process's clock all the same.
      this.expire();
      return;
    }
    try {
      await this.serial(() => this.write(true));
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'could not renew server leases');
    }
    this.expire();
  }

  /** Stops renewing; then, once polling has stopped, `releaseAll` hands the leases over. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Deletes every lease this process holds (a graceful stop): successors need not wait for expiry. */
  async releaseAll(): Promise<void> {
    const ids = [...this.held.keys()];
    this.held.clear();
    this.wanted.clear();
    if (!ids.length) return;
    await this.serial(async () => {
      await this.s.col.deleteMany({ _id: { $in: ids }, instance: this.instance });
    }).catch((err: Error) => this.logger.warn({ err: err.message }, 'could not release server leases'));
  }

  private serial(fn: () => Promise<void>): Promise<void> {
    const run = this.chain.then(async () => {
      this.writing = true;
      try {
        await fn();
      } finally {
        this.writing = false;
      }
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  /**
   * `renew`: held leases are renewed too (the periodic write); else only missing ones are tried. One bulk
   * write; when every lease was held and every renewal matched, that is the only round trip. A try for a
   * missing lease (rare: a new server, a rebalance) reads the outcome back, since a bulk result does not
   * say which statement matched.
   */
  private async write(renew: boolean): Promise<void> {
    const sentAt = this.now();
    const now = new Date(sentAt);
    const expiresAt = new Date(sentAt + this.leaseMs);
    const held = renew ? [...this.held.keys()].filter((id) => this.wanted.has(id)) : [];
    const missing = [...this.wanted.keys()].filter((id) => !this.held.has(id));
    const ops: AnyBulkWriteOperation<ServerLease>[] = [];
    if (held.length) {
      ops.push({ updateMany: { filter: { _id: { $in: held }, instance: this.instance }, update: { $set: { expiresAt, renewedAt: now } } } });
    }
    for (const id of missing) {
      // A lease document to take; a no-op when it exists. Separate from the take because an upsert whose
      // filter fails on an existing document would be a duplicate-key error, not a "no".
      const free = { guildId: this.wanted.get(id)!, holder: '', instance: '', startedAt: new Date(0), expiresAt: new Date(0), renewedAt: new Date(0) };
      ops.push({ updateOne: { filter: { _id: id }, update: { $setOnInsert: free }, upsert: true } });
    }
    if (missing.length) {
      const takeable = [{ expiresAt: { $lte: now } }, { instance: this.instance }, { holder: this.s.slot, startedAt: { $lt: this.startedAt } }];
      ops.push({
        updateMany: {
          filter: { _id: { $in: missing }, $or: takeable },
          update: { $set: { holder: this.s.slot, instance: this.instance, startedAt: this.startedAt, expiresAt, renewedAt: now } },
        },
      });
    }
    if (!ops.length) return;
    const result = await this.s.col.bulkWrite(ops, { ordered: true });
    const validUntil = expiresAt.getTime() - this.renewMs;
    if (!missing.length && result.matchedCount === held.length) {
      for (const id of held) this.held.set(id, validUntil);
      return;
    }
    const ids = [...held, ...missing];
    const docs = new Map((await this.s.col.find({ _id: { $in: ids } }).toArray()).map((d) => [d._id, d]));
    for (const id of ids) {
      const doc = docs.get(id);
      if (doc?.instance === this.instance && doc.expiresAt.getTime() === expiresAt.getTime()) this.gain(id, validUntil);
      else this.lose(id, doc ? `held by ${doc.holder}` : 'lease gone', doc?.holder);
    }
  }

  private gain(id: string, validUntil: number): void {
    if (!this.wanted.has(id)) return;
    const had = this.held.has(id);
    this.held.set(id, validUntil);
    this.others.delete(id);
    if (had) return;
    this.logger.info({ serverId: id, guildId: this.wanted.get(id), holder: this.instance }, 'server lease taken');
    this.events.onGained(id);
  }

  private lose(id: string, reason: string, other?: string): void {
    if (this.held.delete(id)) {
      this.logger.warn({ serverId: id, holder: this.instance, reason }, 'server lease lost: polling stops here');
      this.events.onLost(id);
    }
    if (other && this.others.get(id) !== other && this.wanted.has(id)) {
      this.others.set(id, other);
      this.logger.info({ serverId: id, holder: other }, 'server polled by another process');
    }
  }

  /** Drops leases whose time ran out on this process's clock (renewals failed). */
  private expire(): void {
    const now = this.now();
    for (const [id, until] of this.held) if (until <= now) this.lose(id, 'not renewed in time');
  }
}
