/**
 * Exactly-once application of one journaled batch without transactions.
 *
 * Order of writes (each a single round trip; a crash may happen between any two):
 *   1. journal   cursor.pending = batch (lines included)            guarded by cursor.seq
 *   2. read      the stats documents the batch touches (one find)
 *   2a. facts    what each posted kill means (streak, revenge…, from the documents as read), recorded on
 *                cursor.pending once, before any stats write: a replay posts those, not a recomputation;
 *                the batch's team kills with them (batchTeamKills.ts: counted in no stats, paid nothing)
 *   3. stats     one bulkWrite: existing docs `{_id, lastSeq: <as read>}` → $set new absolute values,
 *                new docs → upsert $setOnInsert (a doc already written by a crashed run has lastSeq = seq
 *                and is skipped by step 2's check)
 *   3a. guild    guild-wide documents of the touched players and weapons recomputed from the
 *                per-server ones (guildStats.ts; a pure function of them, so a replay rewrites the same)
 *   3b. windows  the time-window documents, per server and guild-wide (batchWindows.ts), in the window
 *                context journaled with the facts
 *   3c. kills    the onKills hook (credits, bounty claims), idempotent per kill event id
 *   3d. playtime a Deadside.log batch's closed sessions, guarded per document by the batch's seq (playtimeBatch.ts)
 *   4. outbox    one bulkWrite of upsert $setOnInsert with deterministic ids
 *   5. commit    cursor: seq, offsets, log state, pending = null            guarded by cursor.seq
 * A restart finds `pending` and re-runs 2–5 from the journaled lines: every step is idempotent.
 * Parsing the journaled lines is batchLines.ts; the feed posts' outbox messages are batchOutbox.ts.
 */
import { ENGLISH, type Translator } from '../i18n/translate.js';
import type { Logger } from '../logger.js';
import { killsOf, logEventsOf } from './batchLines.js';
import { feedCutoff, toOutbox } from './batchOutbox.js';
import type { FeedItem } from './feedMessages.js';
import { dayOf } from './killFacts.js';
import { killItems, postedKills } from './killPosts.js';
import { guildServerIds, refreshGuildStats, touchedKeys } from './guildStats.js';
import { applyLogEvents } from './logModel.js';
import type { IngestCollections } from './store.js';
import type { IngestCursor, KillFacts, PendingBatch, ServerStats, StatsDoc, WindowContext } from './schemas.js';
import { StatsWorkingSet, serverDocId, touchedDocIds } from './statsModel.js';
import type { KillRecord, KillsHook, SeasonOf, TextsOf } from './types.js';
import { ConcurrentWriterError, type BatchHooks, type BatchOutcome } from './batchTypes.js';
import { newWorldOf } from './newWorld.js';
import { applyWindows } from './batchWindows.js';
import { recordKillEvents } from './killEvents.js';
import { writeStats, type StatsWrite } from './statsWrite.js';
import { kicksOf, notifyKicks } from './kicks.js';
import { postExtras, teamKillsOfBatch } from './batchTeamKills.js';
import { adminFeed, type AdminSource } from './adminItems.js';
import { batchPlaytime } from './playtimeBatch.js';

export { ConcurrentWriterError, type BatchHooks, type BatchOutcome } from './batchTypes.js';

type Scope = { guildId: string; serverId: string };

/** What a batch's events did before its outbox write and commit (steps 2–3b). */
interface Applied {
  items: FeedItem[];
  malformed: number;
  log: IngestCursor['log'];
  playerCount: BatchOutcome['playerCount'];
  /** Kicks or flagged kills for the admin channel (adminItems.ts). */
  admin?: AdminSource[];
}

export class BatchApplier {
  private readonly onStep: (step: string) => void;
  private readonly onKills?: KillsHook;
  private readonly textsOf?: TextsOf;
  private readonly seasonOf?: SeasonOf;
  private readonly now: () => Date;

  constructor(
    private readonly cols: IngestCollections,
    private readonly logger: Logger,
    private readonly hooks: BatchHooks = {},
  ) {
    this.onStep = hooks.onStep ?? (() => undefined);
    this.onKills = hooks.onKills;
    this.textsOf = hooks.textsOf;
    this.seasonOf = hooks.seasonOf;
    this.now = hooks.now ?? (() => new Date());
  }

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
    const { items, malformed, log, playerCount, admin } = b.kind === 'killfeed' ? await this.applyKills(cursor, scope, b, cursor.log) : await this.applyLog(cursor, scope, b);
    let outboxWritten = 0;

    const forAdmins = await adminFeed(this.hooks.adminPosts, scope, admin ?? [], feedCutoff(b), () => this.texts(scope.guildId));
    const messages = toOutbox(scope, b, [...items, ...forAdmins.items], forAdmins.channelId);
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

    const world = b.kind === 'killfeed' && this.hooks.onNewWorld ? newWorldOf(cursor, b.path) : null;
    // Before the commit: a crash replays the batch and calls it again (the hook tells admins once).
    if (world) await this.hooks.onNewWorld!(scope.guildId, scope.serverId, world);
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

  /** Steps 2–3b of a killfeed batch: stats (with its posted kills' facts), guild documents, the kills hook; its feed posts. */
  private async applyKills(cursor: IngestCursor, scope: Scope, b: PendingBatch, log: IngestCursor['log']): Promise<Applied> {
    const { kills, malformed } = killsOf(b, scope.serverId, this.logger);
    if (!kills.length) return { items: [], malformed, log, playerCount: null };
    const ids = touchedDocIds(scope.serverId, kills.map((k) => k.e));
    const existing = (await this.cols.stats.find({ _id: { $in: ids } }).toArray()) as StatsDoc[];
    this.onStep('read');
    const t = await this.texts(scope.guildId);
    const ws = new StatsWorkingSet(scope, b.seq, existing);
    const posted = postedKills(b, kills);
    const wanted = new Set(posted.map((k) => k.id));
    const computed: KillFacts[] = [];
    // The team kills, decided before any stats write and journaled with the facts below (batchTeamKills.ts).
    const team = await teamKillsOfBatch(this.hooks.teamKillsOf, scope.guildId, b, kills);
    for (const k of kills) {
      const f = ws.applyKill(k.e, k.e.kind === 'kill' ? dayOf(k.e.timestamp, t.format.timeZone) : undefined, team.has(k.id));
      if (f && wanted.has(k.id)) computed.push({ id: k.id, ...f });
    }
    // Step 2a: the facts (and the windows' context) are journaled before any stats document changes, so a
    // replay posts what this run saw and counts into the same windows.
    const windows = b.windows ?? (await this.windowContext(scope.guildId, t.format.timeZone));
    if (!b.windows) await this.journalFacts(cursor, b.facts ? null : computed, windows, [...team]);
    await this.writeStats(ws.writes());
    // Also on a replay whose stats were all written: the guild documents are recomputed from them.
    const events = kills.filter((k) => !team.has(k.id)).map((k) => k.e); // a team kill is in no window
    const touched = touchedKeys(events);
    // The guild's servers, read once for both guild-wide refreshes (this server's document is written by now).
    const serverIds = await guildServerIds(this.cols.stats, scope.guildId);
    await refreshGuildStats(this.cols.stats, scope.guildId, touched.players, touched.weapons, serverIds);
    this.onStep('guild');
    if (!(await applyWindows(this.cols.windows, { ...scope, seq: b.seq, ctx: windows, events, serverIds, now: this.now() }))) throw new ConcurrentWriterError(scope.serverId);
    this.onStep('windows');
    // Each kill with its file, line and flags, once per event id (a replay writes nothing new).
    const flagged = await recordKillEvents(this.cols, scope, b, kills, ws, team, windows.timeZone);
    // Before the commit: a crash from here on replays the batch, and the hook with it (it pays once per event id).
    const [pvp, streaks] = [[] as KillRecord[], new Map((b.facts ?? computed).map((f) => [f.id, f.streak]))];
    for (const { e, id } of kills) if (e.kind === 'kill') pvp.push({ eventId: id, killerId: e.killer.id, victimId: e.victim.id, at: e.timestamp, ...(team.has(id) ? { teamKill: true } : {}), ...(streaks.has(id) ? { streak: streaks.get(id)! } : {}) });
    // Its answer (bounties claimed or put per kill) is rebuilt the same on a replay, for the posts.
    const outcome = this.onKills && pvp.length ? await this.onKills(scope.guildId, scope.serverId, pvp) : null;
    if (outcome !== null) this.onStep('kills');
    const admin = flagged.map((flag) => ({ flag }));
    const said = typeof outcome === 'object' && outcome ? outcome : {};
    const { members, tags } = await postExtras(this.hooks, scope.guildId, b, posted);
    return { items: killItems(b, posted, b.facts ?? computed, t, members, said, { tags, team }), malformed, log, playerCount: null, admin };
  }

  private async windowContext(guildId: string, timeZone: string): Promise<WindowContext> {
    const season = this.seasonOf ? await this.seasonOf(guildId) : null;
    return { timeZone, seasonId: season?.id ?? null, seasonStartedAt: season?.startedAt ?? null };
  }

  /**
   * Records the facts of the pending batch's posted kills (null: already recorded) and its windows'
   * context on it, once: a replay finds them there.
   */
  private async journalFacts(cursor: IngestCursor, facts: KillFacts[] | null, windows: WindowContext, teamKills: string[] = []): Promise<void> {
    const set = { ...(facts?.length ? { 'pending.facts': facts } : {}), 'pending.windows': windows, ...(teamKills.length ? { 'pending.teamKills': teamKills } : {}) };
    const r = await this.cols.cursors.updateOne({ _id: cursor._id, seq: cursor.seq, 'pending.seq': cursor.pending!.seq }, { $set: set });
    if (r.matchedCount !== 1) throw new ConcurrentWriterError(cursor._id);
    this.onStep('facts');
  }

  /** Steps 2–3 of a Deadside.log batch: the player counter and the server document; its feed posts. */
  private async applyLog(cursor: IngestCursor, scope: Scope, b: PendingBatch): Promise<Applied> {
    const { events, malformed } = logEventsOf(b, scope.serverId, this.logger);
    const t = events.length ? await this.texts(scope.guildId) : ENGLISH;
    const res = applyLogEvents(cursor.log, events, t);
    const context = () => this.windowContext(scope.guildId, t.format.timeZone);
    if (res.sessions.length) await batchPlaytime(this.cols.playtime, { ...scope, b, sessions: res.sessions, now: this.now() }, { context, journal: (ctx) => this.journalFacts(cursor, null, ctx), onStep: this.onStep });
    if (this.hooks.onKicks) await notifyKicks(this.hooks.onKicks, scope, events); // before the commit, like onKills
    if (res.dropped > 0) this.logger.warn({ serverId: scope.serverId, file: b.path, dropped: res.dropped }, 'player ids dropped over the tracking cap (a fake flood of registrations?)');
    const playerCount: BatchOutcome['playerCount'] = res.countChanged ? res.snapshot : null;
    const minAt = feedCutoff(b);
    const fresh = (it: FeedItem) => !it.embed.timestamp || Date.parse(it.embed.timestamp) >= minAt;
    const items = res.items.filter(fresh);
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
    return { items, malformed, log: res.state, playerCount, admin: kicksOf(events).map((kick) => ({ kick })) };
  }

  private async writeStats(writes: StatsWrite[]): Promise<void> {
    if (await writeStats(this.cols.stats, writes)) this.onStep('stats');
  }
}

function lineOf(cursor: IngestCursor, path: string): number {
  const f = cursor.files.find((x) => x.path === path);
  return f && f.generation === (cursor.pending?.file.generation ?? f.generation) ? f.line : 0;
}

export type { ServerStats };
