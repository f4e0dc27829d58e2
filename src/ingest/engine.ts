/**
 * The ingestion engine, as the bot wires it: one per process. start() replays batches a crash left
 * pending (before any feed message is sent), then starts the outbox sender and the pollers; stop() stops
 * polling, waits for running polls and the message being posted. Polls are bounded (bytes, time) and
 * scheduled fairly across guilds; a poll that stops on its budget is queued again at once.
 */
import { BatchApplier } from './batchApplier.js';
import { ChannelRenamer } from './channelRenamer.js';
import type { IngestEngineOptions, IngestFigures } from './engineOptions.js';
import { OutboxSender } from './outboxSender.js';
import { PlayerCountNamer } from './playerCountNamer.js';
import { PollScheduler } from './scheduler.js';
import { ServerIngestor, type BacklogFile } from './serverIngestor.js';
import { ensureIngestIndexes, ingestCollections, type IngestCollections } from './store.js';
import { ingestTargetSchema, type IngestTarget, type PollReport, type ResolvedTarget } from './types.js';

export type { IngestEngineOptions, IngestFigures } from './engineOptions.js';

export class IngestEngine {
  readonly cols: IngestCollections;
  readonly sender: OutboxSender;
  readonly renamer: ChannelRenamer;
  private readonly scheduler: PollScheduler;
  private readonly applier: BatchApplier;
  private readonly ingestors = new Map<string, ServerIngestor>();
  /** Polls are serialised per server (scheduled and on-demand ones alike). */
  private readonly locks = new Map<string, Promise<unknown>>();
  private started = false;
  private stopping = false;
  private readonly counts = { polls: 0, idlePolls: 0, listings: 0, failedPolls: 0 };
  private readonly playerCount: PlayerCountNamer;

  constructor(private readonly o: IngestEngineOptions) {
    this.cols = ingestCollections(o.db);
    this.applier = new BatchApplier(this.cols, o.logger, { onStep: o.onStep, onKills: o.onKills, onKicks: o.onKicks, textsOf: o.textsOf, seasonOf: o.seasonOf, onNewWorld: o.onNewWorld, linkedNames: o.linkedNames, adminPosts: o.adminPosts, teamKillsOf: o.teamKillsOf, factionTagsOf: o.factionTagsOf, now: o.now });
    this.sender = new OutboxSender(this.cols, o.rest, o.logger, { ...o.sender, ...(o.textsOf ? { textsOf: o.textsOf } : {}) });
    this.renamer = new ChannelRenamer(o.rest, o.logger, o.renamer);
    this.scheduler = new PollScheduler(o.scheduler);
    this.playerCount = new PlayerCountNamer(this.renamer, o.logger, o.textsOf);
  }

  async start(): Promise<void> {
    await ensureIngestIndexes(this.cols);
    await this.replayPending();
    this.sender.start();
    this.started = true;
    for (const ing of this.ingestors.values()) this.schedule(ing.current);
  }

  async stop(): Promise<void> {
    this.started = false;
    this.stopping = true;
    await this.scheduler.stop();
    await Promise.allSettled([...this.locks.values()]);
    await this.sender.stop();
    this.renamer.stop();
  }

  /** Add or update a server (settings, channels, interval, paused). */
  setTarget(target: IngestTarget): void {
    const t = ingestTargetSchema.parse(target);
    let ing = this.ingestors.get(t.serverId);
    if (ing) ing.update(t);
    else {
      ing = new ServerIngestor(t, {
        cols: this.cols,
        remote: this.o.remote,
        logger: this.o.logger,
        applier: this.applier,
        batchLines: this.o.batchLines,
        batchBytes: this.o.batchBytes,
        chunkBytes: this.o.chunkBytes,
        pollBytes: this.o.pollBytes,
        pollTimeMs: this.o.pollTimeMs,
        onPlayerCount: (tg, c) => this.playerCount.name(tg, c),
        onOutbox: () => this.sender.wake(),
        onProgress: this.o.onProgress,
        textsOf: this.o.textsOf,
        now: this.o.now,
      });
      this.ingestors.set(t.serverId, ing);
    }
    if (this.started) this.schedule(t);
  }

  /** Stop polling a server (its committed data stays). */
  removeTarget(serverId: string): void {
    this.scheduler.remove(serverId);
    this.ingestors.delete(serverId);
  }

  pause(serverId: string): void {
    this.scheduler.pause(serverId);
  }

  resume(serverId: string): void {
    this.scheduler.resume(serverId, { runNow: true });
  }

  /** Files of a server and how far each is read (waits for a running poll of it first). */
  backlog(serverId: string): Promise<BacklogFile[]> {
    const ing = this.ingestors.get(serverId);
    if (!ing) return Promise.reject(new Error(`unknown server ${serverId}`));
    const prev = this.locks.get(serverId) ?? Promise.resolve();
    return prev.then(
      () => ing.backlog(),
      () => ing.backlog(),
    );
  }

  figures(): IngestFigures {
    return { servers: this.ingestors.size, ...this.counts, lag: this.scheduler.lag() };
  }

  /** Whether the server is being polled by this process. */
  has(serverId: string): boolean {
    return this.ingestors.has(serverId);
  }

  /**
   * Poll one server now (waits for a running poll of it first), poll after poll until it has read
   * everything (a backfill): each poll is bounded, and the lock is released between them. The report
   * sums the lines of all of them. Each poll takes a scheduler slot like a scheduled one (its guild's
   * share, the concurrency cap, its turn): several backfills at once cannot crowd out every other guild.
   */
  async pollNow(serverId: string): Promise<PollReport> {
    const ing = this.ingestors.get(serverId);
    if (!ing) throw new Error(`unknown server ${serverId}`);
    let total: PollReport | null = null;
    for (;;) {
      let r: PollReport;
      try {
        r = await this.scheduler.runNow(serverId, () => this.locked(ing), { group: ing.current.guildId });
      } catch (err) {
        if (total) return total; // stopped between two polls: what was read is committed
        throw err;
      }
      total = total ? { ...r, at: total.at, linesRead: total.linesRead + r.linesRead, durationMs: total.durationMs + r.durationMs } : r;
      if (!r.ok || !r.more || this.stopping || this.ingestors.get(serverId) !== ing) return total;
    }
  }

  private schedule(t: ResolvedTarget): void {
    const ing = this.ingestors.get(t.serverId)!;
    this.scheduler.add(
      {
        id: t.serverId,
        group: t.guildId,
        intervalMs: t.pollSeconds * 1000,
        run: () => this.locked(ing).then((r) => ({ again: r.ok && !!r.more })),
      },
      { paused: t.paused },
    );
  }

  private locked(ing: ServerIngestor): Promise<PollReport> {
    const prev = this.locks.get(ing.serverId) ?? Promise.resolve();
    const p = prev.then(
      () => this.pollAndReport(ing),
      () => this.pollAndReport(ing),
    );
    this.locks.set(ing.serverId, p);
    void p.finally(() => {
      if (this.locks.get(ing.serverId) === p) this.locks.delete(ing.serverId);
    });
    return p;
  }

  private async pollAndReport(ing: ServerIngestor): Promise<PollReport> {
    const report = await ing.poll();
    this.counts.polls++;
    if (report.idle) this.counts.idlePolls++;
    if (report.listed) this.counts.listings++;
    if (!report.ok) this.counts.failedPolls++;
    if (!report.ok) this.o.logger.warn({ serverId: report.serverId, err: report.error }, "poll failed");
    try {
      await this.o.onPoll?.(report);
    } catch (err) {
      this.o.logger.warn({ serverId: report.serverId, err: (err as Error).message }, 'onPoll callback failed');
    }
    return report;
  }

  /** Batches journaled but not committed when the process died: applied before anything is posted. */
  private async replayPending(): Promise<void> {
    const pending = await this.cols.cursors.find({ pending: { $ne: null } }).toArray();
    for (const c of pending) {
      this.o.logger.info({ serverId: c._id, seq: c.pending?.seq }, 'replaying a batch left pending by a crash');
      try {
        await this.applier.apply(c);
      } catch (err) {
        // The server's next poll replays it (before reading anything new).
        this.o.logger.warn({ serverId: c._id, err: (err as Error).message }, 'replay failed');
      }
    }
  }
}
