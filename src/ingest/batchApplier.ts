/**
 * Exactly-once application of one journaled batch without transactions.
 *
 * Order of writes (each a single round trip; a crash may happen between any two):
 *   1. journal   cursor.pending = batch (lines included)            guarded by cursor.seq
 *   2. read      the stats documents the batch touches (one find)
 *   3. stats     one bulkWrite: existing docs `{_id, lastSeq: <as read>}` → $set new absolute values,
 *                new docs → upsert $setOnInsert (a doc already written by a crashed run has lastSeq = seq
 *                and is skipped by step 2's check)
 *   3a. guild    guild-wide documents of the touched players and weapons recomputed from the
 *                per-server ones (guildStats.ts; a pure function of them, so a replay rewrites the same)
 *   3b. kills    the onKills hook (credits), idempotent per kill event id
 *   4. outbox    one bulkWrite of upsert $setOnInsert with deterministic ids
 *   5. commit    cursor: seq, offsets, log state, pending = null            guarded by cursor.seq
 * A restart finds `pending` and re-runs 2–5 from the journaled lines: every step is idempotent.
 */
import type { AnyBulkWriteOperation } from 'mongodb';
import { ENGLISH, type Translator } from '../i18n/translate.js';
import type { Logger } from '../logger.js';
import { eventId, parseKillfeedLine, parseServerLogLine, type KillEvent } from '../deadside/index.js';
import { groupItems, killEmbed, nonceFor, outboxId, type FeedItem } from './feedMessages.js';
import { refreshGuildStats, touchedKeys } from './guildStats.js';
import { applyLogEvents, type LogEventAt } from './logModel.js';
import type { IngestCollections } from './store.js';
import type { IngestCursor, OutboxMessage, PendingBatch, ServerStats, StatsDoc } from './schemas.js';
import { StatsWorkingSet, serverDocId, touchedDocIds } from './statsModel.js';
import type { KillRecord, KillsHook, TextsOf } from './types.js';

export class ConcurrentWriterError extends Error {
  constructor(serverId: string) {
    super(`ingest cursor of server ${serverId} changed under us (another writer?)`);
  }
}

export interface BatchOutcome {
  cursor: IngestCursor;
  /** Set when the batch changed the player count. */
  playerCount: { online: number; queued: number; max: number | null } | null;
  outboxWritten: number;
}

/** An empty or whitespace-only line: no event, and not malformed either (skipped silently). */
export function isBlank(text: string): boolean {
  return text.length === 0 || text.trim().length === 0;
}

/** Malformed lines of one batch: counted, logged once (a hostile file holds millions of them). */
class MalformedTally {
  count = 0;
  private first: { line: number; offset: number; reason: string } | null = null;
  private bytes = 0;

  add(l: { n: number; s: number; t: string }, reason: string): void {
    this.count++;
    this.bytes += Buffer.byteLength(l.t);
    this.first ??= { line: l.n, offset: l.s, reason };
  }

  log(logger: Logger, serverId: string, file: string, what: string): void {
    if (!this.count) return;
    const f = this.first!;
    logger.warn({ serverId, file, count: this.count, bytes: this.bytes, firstLine: f.line, firstOffset: f.offset, firstReason: f.reason }, `malformed ${what} lines skipped`);
  }
}

/** Stable event id of a journaled line. */
function lineEventId(serverId: string, b: Pick<PendingBatch, 'path' | 'generation'>, start: number): string {
  return eventId({ serverId, file: b.path, offset: start, generation: b.generation ? String(b.generation) : undefined });
}

export class BatchApplier {
  constructor(
    private readonly cols: IngestCollections,
    private readonly logger: Logger,
    /** Test hook: called between writes (the crash test kills the process there). */
    private readonly onStep: (step: string) => void = () => undefined,
    private readonly onKills?: KillsHook,
    /** The guild's words for its feed posts (English when not given); posts are built once, in it. */
    private readonly textsOf?: TextsOf,
  ) {}

  private texts(guildId: string): Promise<Translator> {
    return this.textsOf ? this.textsOf(guildId) : Promise.resolve(ENGLISH);
  }

  /** Step 1: record the batch before applying it. */
  async journal(cursor: IngestCursor, pending: PendingBatch): Promise<IngestCursor> {
    const r = await this.cols.cursors.updateOne({ _id: cursor._id, seq: cursor.seq, pending: null }, { $set: { pending } });
    if (r.matchedCount !== 1) throw new ConcurrentWriterError(cursor._id);
    this.onStep('journaled');
    return { ...cursor, pending };
  }

  /** Steps 2–5 for the cursor's pending batch. */
  async apply(cursor: IngestCursor): Promise<BatchOutcome> {
    const b = cursor.pending;
    if (!b) throw new Error('no pending batch');
    const scope = { guildId: cursor.guildId, serverId: cursor._id };
    const items: FeedItem[] = [];
    let malformed = 0;
    let log = cursor.log;
    let playerCount: BatchOutcome['playerCount'] = null;
    let outboxWritten = 0;

    if (b.kind === 'killfeed') {
      const kills: { e: KillEvent; id: string }[] = [];
      const bad = new MalformedTally();
      for (const l of b.lines) {
        // Not journaled since blank lines are skipped when read; a batch journaled before may hold some.
        if (isBlank(l.t)) continue;
        const r = parseKillfeedLine(l.t);
        if (!r.ok) {
          bad.add(l, r.reason);
          continue;
        }
        kills.push({ e: r.event, id: lineEventId(scope.serverId, b, l.s) });
      }
      bad.log(this.logger, scope.serverId, b.path, 'killfeed');
      malformed += bad.count;
      if (kills.length) {
        const ids = touchedDocIds(scope.serverId, kills.map((k) => k.e));
        const existing = (await this.cols.stats.find({ _id: { $in: ids } }).toArray()) as StatsDoc[];
        this.onStep('read');
        const ws = new StatsWorkingSet(scope, b.seq, existing);
        for (const k of kills) ws.applyKill(k.e);
        await this.writeStats(ws.writes());
        // Also on a replay whose stats were all written: the guild documents are recomputed from them.
        const touched = touchedKeys(kills.map((k) => k.e));
        await refreshGuildStats(this.cols.stats, scope.guildId, touched.players, touched.weapons);
        this.onStep('guild');
        // Before the commit: a crash from here on replays the batch, and the hook with it (it pays once per event id).
        if (this.onKills) {
          const pvp: KillRecord[] = [];
          for (const { e, id } of kills) if (e.kind === 'kill') pvp.push({ eventId: id, killerId: e.killer.id, at: e.timestamp });
          if (pvp.length) {
            await this.onKills(scope.guildId, scope.serverId, pvp);
            this.onStep('kills');
          }
        }
        const minAt = b.settings.maxFeedAgeSeconds === null ? -Infinity : b.createdAt.getTime() - b.settings.maxFeedAgeSeconds * 1000;
        const t = await this.texts(scope.guildId);
        for (const k of kills) {
          if (k.e.kind === 'suicide' && !b.settings.showSuicides) continue;
          if (k.e.timestamp.getTime() < minAt) continue;
          items.push({ kind: 'killfeed', eventId: k.id, embed: killEmbed(k.e, t) });
        }
      }
    } else {
      const events: LogEventAt[] = [];
      const bad = new MalformedTally();
      for (const l of b.lines) {
        const r = parseServerLogLine(l.t);
        if (r === null) continue;
        if (!r.ok) {
          bad.add(l, r.reason);
          continue;
        }
        events.push({ event: r.event, eventId: lineEventId(scope.serverId, b, l.s) });
      }
      bad.log(this.logger, scope.serverId, b.path, 'server log');
      malformed += bad.count;
      const res = applyLogEvents(cursor.log, events, events.length ? await this.texts(scope.guildId) : ENGLISH);
      if (res.dropped > 0) this.logger.warn({ serverId: scope.serverId, file: b.path, dropped: res.dropped }, 'player ids dropped over the tracking cap (a fake flood of registrations?)');
      log = res.state;
      if (res.countChanged) playerCount = res.snapshot;
      const minAt = b.settings.maxFeedAgeSeconds === null ? -Infinity : b.createdAt.getTime() - b.settings.maxFeedAgeSeconds * 1000;
      const fresh = (it: FeedItem) => !it.embed.timestamp || Date.parse(it.embed.timestamp) >= minAt;
      items.push(...res.items.filter(fresh));
      if (res.countChanged || res.records.length) {
        const id = serverDocId(scope.serverId);
        const existing = (await this.cols.stats.find({ _id: { $in: [id] } }).toArray()) as StatsDoc[];
        this.onStep('read');
        const ws = new StatsWorkingSet(scope, b.seq, existing);
        const srv = ws.server();
        if (srv) {
          srv.players = { online: res.snapshot.online, queued: res.snapshot.queued, max: res.snapshot.max };
          srv.lastEvents = [...res.records.reverse(), ...srv.lastEvents].slice(0, 20);
          await this.writeStats(ws.writes());
        }
      }
    }

    const messages = this.toOutbox(scope, b, items);
    if (messages.length) {
      await this.cols.outbox.bulkWrite(
        messages.map((m) => {
          const { _id, ...rest } = m;
          return { updateOne: { filter: { _id }, update: { $setOnInsert: rest }, upsert: true } };
        }),
        { ordered: false },
      );
      outboxWritten = messages.length;
      this.onStep('outbox');
    }

    const files = cursor.files.filter((f) => f.path !== b.path);
    files.push(b.file);
    const committed: IngestCursor = {
      ...cursor,
      seq: b.seq,
      files,
      log,
      pending: null,
      malformed: cursor.malformed + malformed + (b.junk ?? 0),
      linesRead: cursor.linesRead + Math.max(0, b.file.line - lineOf(cursor, b.path)),
      updatedAt: new Date(),
    };
    await this.commit(cursor, committed);
    return { cursor: committed, playerCount, outboxWritten };
  }

  /** Step 5 (also used alone for batches with nothing to apply). */
  async commit(prev: IngestCursor, next: IngestCursor): Promise<void> {
    const { _id, ...rest } = next;
    const r = await this.cols.cursors.updateOne({ _id, seq: prev.seq }, { $set: rest });
    if (r.matchedCount !== 1) throw new ConcurrentWriterError(_id);
    this.onStep('committed');
  }

  private async writeStats(writes: { doc: StatsDoc; readSeq: number | undefined }[]): Promise<void> {
    if (!writes.length) return;
    const ops: AnyBulkWriteOperation<StatsDoc>[] = writes.map(({ doc, readSeq }) => {
      const { _id, ...rest } = doc;
      return readSeq === undefined
        ? { updateOne: { filter: { _id }, update: { $setOnInsert: rest }, upsert: true } }
        : // Guarded by the lastSeq we read: a concurrent or replayed writer cannot apply twice.
          { updateOne: { filter: { _id, lastSeq: readSeq }, update: { $set: rest } } };
    });
    const r = await this.cols.stats.bulkWrite(ops, { ordered: false });
    // A guarded update that matched nothing means another writer moved the document since our read:
    // leave the batch pending (a replay skips what is already applied and redoes the rest).
    if (r.matchedCount + r.upsertedCount < ops.length) throw new ConcurrentWriterError(writes[0]!.doc.serverId);
    this.onStep('stats');
  }

  private toOutbox(scope: { guildId: string; serverId: string }, b: PendingBatch, items: FeedItem[]): OutboxMessage[] {
    const out: OutboxMessage[] = [];
    const groups = groupItems(items);
    groups.forEach((g, i) => {
      const kind = g[0]!.kind;
      const channelId = b.settings.channels[kind];
      if (!channelId) return;
      const delay = kind === 'killfeed' ? b.settings.killfeedDelaySeconds * 1000 : 0;
      const id = outboxId(kind, g[0]!.eventId);
      out.push({
        _id: id,
        guildId: scope.guildId,
        serverId: scope.serverId,
        channelId,
        kind,
        body: { embeds: g.map((x) => x.embed) },
        nonce: nonceFor(id),
        notBefore: new Date(b.createdAt.getTime() + delay),
        sortKey: b.seq * 1000 + i,
        createdAt: b.createdAt,
        sentAt: null,
        attempts: 0,
        lastError: null,
      });
    });
    return out;
  }
}

function lineOf(cursor: IngestCursor, path: string): number {
  const f = cursor.files.find((x) => x.path === path);
  return f && f.generation === (cursor.pending?.file.generation ?? f.generation) ? f.line : 0;
}

export type { ServerStats };
