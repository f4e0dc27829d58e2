/**
 * The guild canvas in MongoDB: one board document per guild, a placement log, cooldowns and bans.
 *
 * Consistency without transactions (MongoDB standalone has none), from single-document atomicity and
 * unique `_id`s only:
 * - a placement first CLAIMS its slot by inserting its log entry `${guild}:${rev}:${x}_${y}:${seq}`
 *   (seq = the pixel's next placement number in the current blob epoch `rev`). The unique `_id` lets
 *   exactly one of two concurrent placements on a pixel take a slot; the loser re-reads and takes the
 *   next one. So each pixel's placements are totally ordered, `previous` is exact, the last write wins,
 *   and nothing reaches the board without its log entry;
 * - it then APPLIES the entry with one updateOne on the board that sets `p.<x>_<y>` only if the pixel
 *   still holds exactly the value the slot follows (same epoch, the previous slot's sequence and colour,
 *   not locked), and bumps `version`. Placements on different pixels never wait for each other. Anyone
 *   who finds a claimed slot not yet applied applies it for its writer, so a crashed writer does not
 *   block the pixel;
 * - reset, resize, rollback and compaction replace the blob by compare-and-set on `version` and start
 *   a new epoch (`rev`); a placement claimed in the old epoch then fails to apply and is retried.
 * (Taking the version from findOneAndUpdate's pre-image was rejected: the test server returns stale
 * pre-images under concurrency, and correctness must not depend on one server's behaviour.)
 * Every query names the guild (a board's `_id` is the guild id; other collections filter by guildId).
 *
 * The placement path is at most three round trips: the cooldown take (which is also the ban check, see
 * ./cooldowns.ts), the claim and the apply; under concurrency the claims and the applies of a guild's
 * placements travel together (./commits.ts), so a crowd costs little more than the takes. It reads no
 * board: each process keeps the LIVE board of the guilds it serves (every read merged in, every apply of
 * its own added), and a placement claims its slot from it. That is safe however stale the copy is,
 * because the claim and the apply check everything the copy said — the slot's `_id` is unique and the
 * apply's filter pins epoch, previous slot and lock — and a failed check re-reads and retries. (A guild's
 * interactions all reach one shard's process, so in practice the copy is current.) The member's counter
 * and the credited marks are written in batches (./bookkeeping.ts). Nothing is rendered for a placement
 * unless the caller asks for a view of it (`preview`).
 *
 * Two kinds of snapshot: the live one (views, placements; `gen` is its picture's key in the render
 * cache, unique in this process) and the exact one read from the database (timelapse, rewrites,
 * compaction), whose `board.version` is the database's.
 */
import type { Collection } from 'mongodb';
import { canvasBoardSchema } from '../db/canvasSchemas.js';
import type { CanvasBan, CanvasBoard, CanvasCooldown, CanvasPlacement } from '../db/canvasSchemas.js';
import type { MemberStats } from '../db/schemas.js';
import { PlacementBookkeeping } from './bookkeeping.js';
import { GroupCommits } from './commits.js';
import { UserError } from '../errors.js';
import { msg } from '../i18n/message.js';
import type { Logger } from '../logger.js';
import { TIERS, tierName, type TierName } from '../premium/tiers.js';
import { blobOf, boardGrid, newBoard, overlayColor, overlayKey, overlaySeq, overlayValue } from './board.js';
import { CanvasCooldowns } from './cooldowns.js';
import type { PixelGrid } from './pixels.js';
import { renderCanvas, type CanvasView, type RenderResult } from './render.js';
import { RenderCache } from './renderCache.js';
import { historySteps, timelineOrder, type TimelineEntry } from './history.js';
import { planRollback, rollbackScope, rollbackLog } from './rollback.js';
import { runSliced } from './slices.js';
import { buildTimelapse, TIMELAPSE_MAX_FRAMES, TIMELAPSE_MAX_PLACEMENTS, type TimelapseResult } from './timelapse.js';
import { TimelapseBuilds } from './timelapseBuilds.js';

export { timelineOrder };

/** What the economy needs to know about a placement. */
export interface PixelPlacedEvent {
  guildId: string;
  userId: string;
  /** The placement's canvas log entry id: unique per placement, the key to pay it once. */
  placementId: string;
  x: number;
  y: number;
  color: number;
  at: Date;
}

export interface CanvasCollections {
  canvasBoards: Collection<CanvasBoard>;
  canvasLog: Collection<CanvasPlacement>;
  canvasCooldowns: Collection<CanvasCooldown>;
  canvasBans: Collection<CanvasBan>;
  memberStats: Collection<MemberStats>;
}

export interface CanvasServiceOptions {
  cols: CanvasCollections;
  /** Timelapse cache and concurrency limits (default: one per service). */
  timelapses?: TimelapseBuilds<CanvasTimelapse>;
  /** The guild's premium tier (cooldown and maximum size). */
  tierOf: (guildId: string) => Promise<TierName>;
  logger: Logger;
  renderCache?: RenderCache;
  /**
   * Called after every successful placement, off the reply path. The economy (credits for pixels) plugs
   * in here. Delivery is at least once: each log entry is marked `credited` once the handler succeeded,
   * and start() delivers again the entries of the last HOOK_RETRY_WINDOW_MS left unmarked (a crash after
   * the reply, a failed handler), so the handler must act once per `placementId`. Its failure is logged
   * and never undoes the placement.
   */
  onPixelPlaced?: (event: PixelPlacedEvent) => Promise<void>;
}

export interface CanvasSnapshot {
  board: CanvasBoard;
  grid: PixelGrid;
  /**
   * This picture's key in the render cache: unique per picture in this process, new whenever the live
   * board's picture changes. (`board.version` is the database's counter, a lower bound on a live board.)
   */
  gen: number;
}

export interface PlaceResult extends CanvasSnapshot {
  previous: number;
  /** When the member may place again. */
  nextAt: Date;
  /**
   * With `preview`: that view of the canvas with the new pixel, rendered while the placement was written
   * (a picture of the canvas at some moment after the pixel landed, possibly without pixels others
   * placed at the same time).
   */
  image?: Promise<RenderResult>;
}

export interface PlaceOptions {
  /** Time of the placement (default now). */
  now?: Date;
  /** A view the caller will show afterwards: rendered while the placement is written (`image`). */
  preview?: CanvasView;
}

export interface PixelInfo {
  color: number;
  /** The placement that put the current colour there, if the log knows one. */
  placement: CanvasPlacement | null;
}

/** Sizes admins can pick; each guild is limited by its tier's canvasMaxSize. */
export const CANVAS_SIZES = [16, 32, 64, 128, 256] as const;
/** Fold the overlay into the blob once it holds this many pixels (keeps board reads small). */
export const COMPACT_AT = 256;
/** Longest rollback window. */
export const MAX_ROLLBACK_MINUTES = 7 * 24 * 60;
/** Timelapse bounds: Discord's 10 MB upload limit with headroom, a readable length, bounded work. */
export const TIMELAPSE_LIMITS = { maxBytes: 8 * 1024 * 1024, maxFrames: TIMELAPSE_MAX_FRAMES, sizePx: 512, maxPlacements: TIMELAPSE_MAX_PLACEMENTS } as const;
/** Log entries per cursor batch: the driver decodes a batch in one go, so this bounds each stretch. */
const TIMELAPSE_FETCH_BATCH = 2_000;
/** Revert marks per update (one `$in` list stays far below the 16 MB command limit). */
const REVERT_BATCH = 10_000;

/** A canvas timelapse; `capped` when older placements exist than the ones animated. */
export type CanvasTimelapse = TimelapseResult & { capped: boolean };

/** Unmarked placements older than this are delivered again (younger ones may still be on their way). */
export const HOOK_RETRY_GRACE_MS = 60_000;
/** How far back unmarked placements are looked for. */
export const HOOK_RETRY_WINDOW_MS = 6 * 3600_000;
const HOOK_RETRY_EVERY_MS = 60_000;
const HOOK_RETRY_BATCH = 1_000;


/** Attempts before giving up; each lost attempt means another change of the same pixel went through. */
const ATTEMPTS = 50;
/** Guilds whose live board (and exact decoded picture) a process keeps. */
const GRID_CACHE_MAX = 64;
/** Compaction attempts per run (each a read and a compare-and-set, lost to any placement in between). */
const COMPACT_ATTEMPTS = 3;
/** Bans re-copied to the cooldown documents at every retry tick: those of the last … (another process's, during an upgrade). */
const BAN_SYNC_OVERLAP_MS = 10 * 60_000;

const isDuplicateKey = (err: unknown): boolean => (err as { code?: number }).code === 11000;

export class CanvasService {
  readonly cooldowns: CanvasCooldowns;
  readonly renderCache: RenderCache;
  readonly timelapses: TimelapseBuilds<CanvasTimelapse>;
  private readonly cols: CanvasCollections;
  private readonly logger: Logger;
  private readonly bookkeeping: PlacementBookkeeping;
  /** Claims and applies, batched per guild under concurrency. */
  private readonly commits: GroupCommits;
  /** Latest decoded picture of a stored version per guild, so an unchanged board is not decoded again. */
  private readonly grids = new Map<string, { version: number; grid: PixelGrid }>();
  /** The live board per guild (see the module comment); snapshots are immutable, a change makes a new one. */
  private readonly live = new Map<string, CanvasSnapshot>();
  private nextGen = 1;
  private readonly compacting = new Map<string, Promise<void>>();
  private readonly firstReads = new Map<string, Promise<CanvasSnapshot>>();
  private readonly pending = new Set<Promise<void>>();
  private retryTimer: NodeJS.Timeout | null = null;
  private retrying: Promise<number> | null = null;
  /**
   * Bans are checked by the cooldown take once every ban is copied to the cooldown documents (start());
   * until then, and for a service never started, each placement reads `canvas_bans` as well.
   */
  private bansCopiedAt: Date | null = null;

  constructor(private readonly options: CanvasServiceOptions) {
    this.cols = options.cols;
    this.logger = options.logger;
    this.cooldowns = new CanvasCooldowns(options.cols.canvasCooldowns);
    this.renderCache = options.renderCache ?? new RenderCache({ maxBytes: 64 * 1024 * 1024 });
    this.timelapses = options.timelapses ?? new TimelapseBuilds<CanvasTimelapse>();
    this.bookkeeping = new PlacementBookkeeping(options.cols, options.logger);
    this.commits = new GroupCommits(options.cols);
  }

  // ------------------------------------------------------------------ reading

  /** The guild's board (created on first use) and its picture, read now and merged into the live board. */
  async snapshot(guildId: string): Promise<CanvasSnapshot> {
    return this.absorb(await this.exact(guildId));
  }

  /** A snapshot for placements of a guild without a live board yet: concurrent ones share one read. */
  private firstSnapshot(guildId: string): Promise<CanvasSnapshot> {
    let read = this.firstReads.get(guildId);
    if (!read) {
      read = this.snapshot(guildId).finally(() => this.firstReads.delete(guildId));
      this.firstReads.set(guildId, read);
    }
    return read;
  }

  /** A rendered view of the current board, from the cache when this picture and view were rendered. */
  async render(guildId: string, view: CanvasView, snap?: CanvasSnapshot): Promise<CanvasSnapshot & { image: RenderResult }> {
    const current = snap ?? (await this.snapshot(guildId));
    const image = await this.renderCache.getOrRender(guildId, current.gen, view, () => renderCanvas(current.grid, view));
    return { ...current, image };
  }

  async pixel(guildId: string, x: number, y: number): Promise<PixelInfo> {
    const { board, grid } = await this.snapshot(guildId);
    assertInside(board, x, y);
    const color = grid.get(x, y);
    const [last] = await this.cols.canvasLog
      .find({ guildId, x, y, rev: { $gte: board.resetRev }, reverted: { $ne: true } })
      .sort({ rev: -1, seq: -1 })
      .limit(1)
      .toArray();
    // A rollback can leave an older entry that no longer describes the pixel.
    return { color, placement: last && last.color === color ? last : null };
  }

  async isBanned(guildId: string, userId: string): Promise<boolean> {
    return (await this.cols.canvasBans.findOne({ _id: `${guildId}:${userId}`, guildId })) !== null;
  }

  /** Colours the member bought (src/db/schemas.ts memberStats.ownedColors). */
  async ownedColors(guildId: string, userId: string): Promise<number[]> {
    const stats = await this.cols.memberStats.findOne({ _id: `${guildId}:${userId}`, guildId });
    return stats?.ownedColors ?? [];
  }

  async cooldownSeconds(guildId: string): Promise<number> {
    return TIERS[await this.options.tierOf(guildId)].canvasCooldownSeconds;
  }

  // ------------------------------------------------------------------ placing

  /**
   * Places one pixel: cooldown (and ban) taken atomically, then the placement. If the placement is
   * refused (locked, out of bounds) or fails, the cooldown is given back.
   */
  async place(guildId: string, userId: string, x: number, y: number, color: number, options: PlaceOptions = {}): Promise<PlaceResult> {
    const now = options.now ?? new Date();
    const seconds = await this.cooldownSeconds(guildId);
    const cached = this.live.get(guildId);
    // The cooldown take is the one round trip before the claim: the board comes from the live copy.
    const [known, oldBan, take] = await Promise.allSettled([
      cached ?? this.firstSnapshot(guildId),
      this.bansCopiedAt ? false : this.isBanned(guildId, userId),
      this.cooldowns.take(guildId, userId, seconds, now),
    ]);
    if (take.status === 'rejected') throw take.reason;
    const cooldown = take.value;
    const giveBack = () =>
      cooldown.ok
        ? this.cooldowns.giveBack(guildId, userId, cooldown.until).catch((e: Error) => this.logger.warn({ err: e.message, guildId }, 'could not give a cooldown back'))
        : undefined;
    let first: CanvasSnapshot;
    try {
      if (known.status === 'rejected') throw known.reason;
      if (oldBan.status === 'rejected') throw oldBan.reason;
      first = known.value;
      // A live copy that refuses (resized or locked by another process?) is checked against the database.
      if (first === cached && (!isInside(first.board, x, y) || first.board.locked)) first = await this.snapshot(guildId);
    } catch (err) {
      await giveBack();
      throw err;
    }
    const banned = oldBan.value || (!cooldown.ok && cooldown.banned);
    if (banned || !isInside(first.board, x, y)) {
      await giveBack();
      if (banned) throw new UserError(msg('canvas.place.banned'), 'permission');
      assertInside(first.board, x, y);
    }
    if (!cooldown.ok) {
      throw new UserError(msg('canvas.place.cooldown', { when: `<t:${Math.ceil(cooldown.until.getTime() / 1000)}:R>` }), 'rate_limit');
    }
    let placed: { snap: CanvasSnapshot; previous: number; placementId: string; image?: Promise<RenderResult> };
    try {
      placed = await this.commitPixel(first, userId, x, y, color & 0xffffff, now, options.preview);
    } catch (err) {
      await giveBack();
      throw err;
    }
    this.afterPlacement({ guildId, userId, placementId: placed.placementId, x, y, color: color & 0xffffff, at: now });
    return { ...placed.snap, previous: placed.previous, nextAt: cooldown.until, ...(placed.image ? { image: placed.image } : {}) };
  }

  /**
   * The member's counter and the economy hook run off the reply path (a slow database or economy must
   * not slow the member's answer); their failures are logged. `settled()` waits for them.
   */
  private afterPlacement(event: PixelPlacedEvent): void {
    this.bookkeeping.countPixel(event.guildId, event.userId);
    if (!this.options.onPixelPlaced) return;
    this.track(this.deliver(event).catch((err: Error) => this.logger.warn({ err: err.message, guildId: event.guildId }, 'pixel-placed hook failed')));
  }

  private track(work: Promise<void>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  /** The hook, then the entry's mark (a crash between the two delivers it again: the hook pays once). */
  private async deliver(event: PixelPlacedEvent): Promise<void> {
    if (!this.options.onPixelPlaced) return;
    await this.options.onPixelPlaced(event);
    this.bookkeeping.markCredited(event.guildId, event.placementId);
  }

  /**
   * Delivers the hook again for placements of the last HOOK_RETRY_WINDOW_MS whose entry is still unmarked
   * (at most HOOK_RETRY_BATCH per call, oldest first); returns how many were delivered now (and marked).
   */
  async retryUndelivered(now = new Date()): Promise<number> {
    if (!this.options.onPixelPlaced) return 0;
    const due = await this.cols.canvasLog
      .find({ credited: false, at: { $gte: new Date(now.getTime() - HOOK_RETRY_WINDOW_MS), $lt: new Date(now.getTime() - HOOK_RETRY_GRACE_MS) } })
      .sort({ at: 1 })
      .limit(HOOK_RETRY_BATCH)
      .toArray();
    let delivered = 0;
    // All at once: the hook batches its credits, so they share a few round trips instead of waiting in turn.
    await Promise.all(
      due.map((e) =>
        this.deliver({ guildId: e.guildId, userId: e.userId, placementId: e._id, x: e.x, y: e.y, color: e.color, at: e.at }).then(
          () => void delivered++,
          (err: unknown) => this.logger.warn({ err: (err as Error).message, guildId: e.guildId }, 'pixel-placed hook failed again'),
        ),
      ),
    );
    await this.bookkeeping.flush();
    return delivered;
  }

  /**
   * Copies the bans to the cooldown documents (all of them the first time, then the recent ones: bans a
   * process of an older version made), then retries undelivered placements now (a crash's leftovers);
   * both again every minute.
   */
  async start(): Promise<void> {
    if (this.retryTimer) return;
    await this.copyBans().catch((err: Error) => this.logger.warn({ err: err.message }, 'could not copy canvas bans; placements read them instead'));
    let first = true;
    const run = () => {
      const copying = first ? Promise.resolve() : this.copyBans().catch((err: Error) => this.logger.warn({ err: err.message }, 'could not copy canvas bans'));
      first = false;
      this.retrying ??= copying
        .then(() => this.retryUndelivered())
        .then((n) => {
          if (n) this.logger.info({ delivered: n }, 'placements delivered to the pixel hook again');
          return n;
        })
        .catch((err: Error) => {
          this.logger.warn({ err: err.message }, 'pixel hook retry failed');
          return 0;
        })
        .finally(() => (this.retrying = null));
    };
    run();
    this.retryTimer = setInterval(run, HOOK_RETRY_EVERY_MS);
    this.retryTimer.unref();
  }

  /** Stops the retries and waits for the bookkeeping in flight. */
  async stop(): Promise<void> {
    if (this.retryTimer) clearInterval(this.retryTimer);
    this.retryTimer = null;
    await this.retrying;
    await this.settled();
  }

  /** Resolves once the bookkeeping of every placement so far is written, a retry pass included (tests, shutdown). */
  async settled(): Promise<void> {
    await this.retrying;
    while (this.pending.size || this.compacting.size) await Promise.all([...this.pending, ...this.compacting.values()]);
    await this.bookkeeping.flush();
  }

  private async copyBans(): Promise<void> {
    const started = new Date();
    const since = this.bansCopiedAt ? new Date(this.bansCopiedAt.getTime() - BAN_SYNC_OVERLAP_MS) : null;
    const bans = await this.cols.canvasBans.find(since ? { at: { $gte: since } } : {}, { projection: { guildId: 1, userId: 1 } }).toArray();
    await this.cooldowns.markManyBanned(bans.map((b) => ({ guildId: b.guildId, userId: b.userId })));
    this.bansCopiedAt = started;
  }

  /** Claim the pixel's next slot, apply it; on a lost race re-read and try again. */
  private async commitPixel(first: CanvasSnapshot, userId: string, x: number, y: number, color: number, at: Date, preview?: CanvasView) {
    const guildId = first.board._id;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const snap = attempt === 0 ? first : await this.snapshot(guildId);
      const { board, grid } = snap;
      // Checked here, after the cooldown was taken, like every refusal of the write itself: the
      // cooldown is then given back. (place() re-read a live copy that would refuse.)
      if (board.locked) throw new UserError(msg('canvas.place.locked'), 'conflict');
      assertInside(board, x, y);
      const current = board.p[overlayKey(x, y)];
      const seq = (current === undefined ? 0 : overlaySeq(current)) + 1;
      const entry: CanvasPlacement = {
        _id: `${guildId}:${board.rev}:${overlayKey(x, y)}:${seq}`,
        guildId,
        rev: board.rev,
        seq,
        x,
        y,
        color,
        previous: grid.get(x, y),
        userId,
        at,
        // Marked true once the pixel hook succeeded; unmarked entries are retried (start()).
        ...(this.options.onPixelPlaced ? { credited: false } : {}),
      };
      // Claims and applies of concurrent placements travel together (./commits.ts).
      const claiming = this.commits.claim(entry);
      // Rendered while the writes travel: the picture with this pixel on the board as we know it.
      let image: Promise<RenderResult> | undefined;
      if (preview) {
        const next = grid.clone();
        next.set(x, y, color);
        image = renderCanvas(next, preview);
        image.catch(() => undefined);
      }
      if (!(await claiming)) {
        // Someone else holds the slot: apply it for them if they have not (a crashed writer), then retry.
        const winner = await this.cols.canvasLog.findOne({ _id: entry._id, guildId });
        if (winner) await this.commits.applyOne(winner);
        continue;
      }
      if (await this.commits.apply(entry)) {
        const unchanged = this.live.get(guildId) === snap;
        const after = this.applied(entry, snap);
        // Nothing else changed the live board meanwhile: the preview is exactly its new picture.
        if (image && preview && unchanged && after !== snap) {
          const picture = image;
          void this.renderCache.getOrRender(guildId, after.gen, preview, () => picture).catch(() => undefined);
        }
        if (Object.keys(after.board.p).length >= COMPACT_AT) this.compactSoon(guildId);
        return { snap: after, previous: entry.previous, placementId: entry._id, ...(image ? { image } : {}) };
      }
      if (!(await this.appliedByOthers(entry))) {
        // Locked meanwhile, or a new epoch (rewrite, compaction) began after the claim: the slot can
        // never apply. Free it and start over.
        await this.cols.canvasLog.deleteOne({ _id: entry._id, guildId });
        continue;
      }
      const snapAfter = await this.snapshot(guildId);
      return { snap: snapAfter, previous: entry.previous, placementId: entry._id, ...(image ? { image } : {}) };
    }
    throw new UserError(msg('canvas.place.busy'), 'conflict');
  }

  /** Whether someone else already applied the entry (a helper, after we lost a race to our own slot). */
  private async appliedByOthers(entry: CanvasPlacement): Promise<boolean> {
    const board = await this.cols.canvasBoards.findOne({ _id: entry.guildId });
    if (!board || board.rev !== entry.rev) return false;
    const value = board.p?.[overlayKey(entry.x, entry.y)];
    return value !== undefined && overlaySeq(value) >= entry.seq;
  }

  /**
   * Folds the overlay into the blob (new epoch) off the reply path, once per guild at a time: from an
   * exact read, by compare-and-set on its version, so the picture stays the same.
   */
  private compactSoon(guildId: string): void {
    if (this.compacting.has(guildId)) return;
    const run = (async () => {
      for (let attempt = 0; attempt < COMPACT_ATTEMPTS; attempt++) {
        const { board, grid } = await this.exact(guildId);
        if (Object.keys(board.p).length < COMPACT_AT) return;
        const set = { pixels: blobOf(grid), p: {}, rev: board.rev + 1 };
        const res = await this.cols.canvasBoards.updateOne({ _id: board._id, version: board.version }, { $set: set });
        if (res.modifiedCount === 1) {
          this.rememberExact(guildId, board.version, grid);
          this.replaceLive({ ...board, ...set }, grid, true);
          return;
        }
      }
    })()
      .catch((err: Error) => this.logger.warn({ err: err.message, guildId }, 'canvas compaction failed'))
      .finally(() => this.compacting.delete(guildId));
    this.compacting.set(guildId, run);
  }

  // ------------------------------------------------------------------ moderation

  async setLocked(guildId: string, locked: boolean): Promise<void> {
    await this.boardDoc(guildId);
    await this.cols.canvasBoards.updateOne({ _id: guildId }, { $set: { locked, updatedAt: new Date() } });
    const cur = this.live.get(guildId);
    if (cur) this.live.set(guildId, { ...cur, board: { ...cur.board, locked } });
  }

  /** Blank canvas of the same size; history before it no longer shows in timelapses or /canvas pixel. */
  async reset(guildId: string): Promise<CanvasSnapshot> {
    return this.rewrite(guildId, (board) => ({ grid: boardGrid(newBoard(guildId, board.width, board.background)), reset: true }));
  }

  /** New square size (tier-limited); pixels inside the new bounds are kept. */
  async resize(guildId: string, size: number): Promise<CanvasSnapshot> {
    const tier = await this.options.tierOf(guildId);
    const max = TIERS[tier].canvasMaxSize;
    if (!(CANVAS_SIZES as readonly number[]).includes(size)) throw new UserError(msg('canvas.resize.sizes', { sizes: CANVAS_SIZES.join(', ') }));
    if (size > max) {
      throw new UserError(msg('canvas.resize.tierLimit', { tier: tierName(tier), max: String(max) }), 'premium');
    }
    return this.rewrite(guildId, (board, grid) => ({ grid: grid.resized(size, size, board.background) }));
  }

  /** Bars a member from placing: the ban's record, and its copy on the member's cooldown (checked by every take). */
  async ban(guildId: string, userId: string, bannedBy: string, reason: string | null): Promise<boolean> {
    // The copy first: a crash in between leaves a member who cannot place, never a ban that is not enforced.
    await this.cooldowns.markBanned(guildId, userId);
    const res = await this.cols.canvasBans.updateOne(
      { _id: `${guildId}:${userId}`, guildId },
      { $setOnInsert: { userId, bannedBy, reason, at: new Date() } },
      { upsert: true },
    );
    return res.upsertedCount === 1;
  }

  async unban(guildId: string, userId: string): Promise<boolean> {
    const removed = (await this.cols.canvasBans.deleteOne({ _id: `${guildId}:${userId}`, guildId })).deletedCount === 1;
    await this.cooldowns.clearBan(guildId, userId);
    return removed;
  }

  /** Undoes a member's placements of the last `minutes`; returns how many pixels changed back. */
  async rollback(guildId: string, userId: string, minutes: number, now = new Date()): Promise<{ pixels: number; placements: number }> {
    const since = new Date(now.getTime() - Math.min(minutes, MAX_ROLLBACK_MINUTES) * 60_000);
    let outcome = { pixels: 0, placements: 0, revertedIds: [] as string[] };
    await this.rewrite(guildId, async (board, grid) => {
      const live = { guildId, rev: { $gte: board.resetRev }, reverted: { $ne: true } };
      const mine = await this.cols.canvasLog.find({ ...live, userId, at: { $gte: since } }).toArray();
      if (!mine.length) {
        outcome = { pixels: 0, placements: 0, revertedIds: [] };
        return null;
      }
      // Everything placed on those pixels since the member's first placement there.
      const scope = rollbackScope(mine);
      const others = await this.cols.canvasLog.find({ ...live, x: { $in: scope.columns }, userId: { $ne: userId }, at: { $gte: scope.since } }).toArray();
      const log = rollbackLog(mine, others);
      const plan = planRollback(log, userId);
      const next = grid.clone();
      let changed = 0;
      for (const r of plan.restores) {
        if (next.inBounds(r.x, r.y) && next.get(r.x, r.y) !== r.rgb) {
          next.set(r.x, r.y, r.rgb);
          changed++;
        }
      }
      outcome = { pixels: changed, placements: plan.revertedIds.length, revertedIds: plan.revertedIds };
      return { grid: next };
    });
    if (outcome.revertedIds.length) {
      for (let i = 0; i < outcome.revertedIds.length; i += REVERT_BATCH) {
        const ids = outcome.revertedIds.slice(i, i + REVERT_BATCH);
        await this.cols.canvasLog.updateMany({ guildId, _id: { $in: ids } }, { $set: { reverted: true } });
      }
      // The history changed after the picture did: a new version, so no process keeps a timelapse
      // built in between (the version is every derived cache's key).
      await this.cols.canvasBoards.updateOne({ _id: guildId }, { $inc: { version: 1 } });
    }
    return { pixels: outcome.pixels, placements: outcome.placements };
  }

  // ------------------------------------------------------------------ timelapse

  /**
   * The timelapse of the canvas since its last reset (the latest TIMELAPSE_MAX_PLACEMENTS placements),
   * ending on the current picture. Cached per stored version, built at most once per guild at a time and
   * in bounded slices (./timelapseBuilds.ts, ./slices.ts).
   */
  async timelapse(guildId: string): Promise<CanvasTimelapse> {
    const snap = await this.exact(guildId);
    this.absorb(snap);
    return this.timelapses.get(guildId, snap.board.version, () => this.buildTimelapse(snap));
  }

  private async buildTimelapse({ board, grid }: { board: CanvasBoard; grid: PixelGrid }): Promise<CanvasTimelapse> {
    // Newest first, so the cap keeps the latest placements.
    const entries: TimelineEntry[] = await this.cols.canvasLog
      .find(
        { guildId: board._id, rev: { $gte: board.resetRev }, reverted: { $ne: true } },
        { projection: { _id: 0, x: 1, y: 1, color: 1, previous: 1, rev: 1, seq: 1, at: 1 } },
      )
      .sort({ at: -1 })
      .limit(TIMELAPSE_MAX_PLACEMENTS + 1)
      .batchSize(TIMELAPSE_FETCH_BATCH)
      .toArray();
    const capped = entries.length > TIMELAPSE_MAX_PLACEMENTS;
    if (capped) entries.length = TIMELAPSE_MAX_PLACEMENTS;
    entries.reverse(); // oldest first: already in time order, the ordering is then one pass
    const history = await runSliced(historySteps(board, grid, entries, capped));
    return { ...(await buildTimelapse(history, TIMELAPSE_LIMITS)), capped };
  }

  // ------------------------------------------------------------------ internals

  /**
   * Replaces the whole picture by compare-and-set on `version` and starts a new epoch, retrying when a
   * placement slipped in. `change` returns the new grid, or null for "nothing to do".
   */
  private async rewrite(
    guildId: string,
    change: (board: CanvasBoard, grid: PixelGrid) => Promise<{ grid: PixelGrid; reset?: boolean } | null> | { grid: PixelGrid; reset?: boolean } | null,
  ): Promise<CanvasSnapshot> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const exact = await this.exact(guildId);
      const { board, grid } = exact;
      const next = await change(board, grid);
      if (!next) return this.absorb(exact);
      const rev = board.rev + 1;
      const set = {
        width: next.grid.width,
        height: next.grid.height,
        pixels: blobOf(next.grid),
        p: {},
        rev,
        resetRev: next.reset ? rev : board.resetRev,
        version: board.version + 1,
        updatedAt: new Date(),
      };
      const res = await this.cols.canvasBoards.updateOne({ _id: guildId, version: board.version }, { $set: set });
      if (res.modifiedCount === 1) {
        this.rememberExact(guildId, set.version, next.grid);
        return this.replaceLive({ ...board, ...set }, next.grid, false);
      }
    }
    throw new UserError(msg('canvas.rewrite.busy'), 'conflict');
  }

  /** The stored board and its picture, read now (created on first use). */
  private async exact(guildId: string): Promise<{ board: CanvasBoard; grid: PixelGrid }> {
    const board = await this.boardDoc(guildId);
    return { board, grid: this.gridOf(board) };
  }

  private async boardDoc(guildId: string): Promise<CanvasBoard> {
    const found = await this.cols.canvasBoards.findOne({ _id: guildId });
    if (found) return canvasBoardSchema.parse(found);
    try {
      await this.cols.canvasBoards.insertOne(newBoard(guildId));
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // created meanwhile by another interaction
    }
    return canvasBoardSchema.parse(await this.cols.canvasBoards.findOne({ _id: guildId }));
  }

  /** The picture of a stored board, decoded once per version. */
  private gridOf(board: CanvasBoard): PixelGrid {
    const hit = this.grids.get(board._id);
    if (hit && hit.version === board.version) return hit.grid;
    const grid = boardGrid(board);
    this.rememberExact(board._id, board.version, grid);
    return grid;
  }

  private rememberExact(guildId: string, version: number, grid: PixelGrid): void {
    const hit = this.grids.get(guildId);
    if (hit && hit.version > version) return;
    this.grids.delete(guildId);
    this.grids.set(guildId, { version, grid });
    if (this.grids.size > GRID_CACHE_MAX) this.grids.delete(this.grids.keys().next().value!);
  }

  private setLive(guildId: string, snap: CanvasSnapshot): CanvasSnapshot {
    this.live.delete(guildId);
    this.live.set(guildId, snap);
    if (this.live.size > GRID_CACHE_MAX) this.live.delete(this.live.keys().next().value!);
    return snap;
  }

  /** A new epoch replaces the live board (a rewrite or compaction of ours); `samePicture` keeps its key. */
  private replaceLive(board: CanvasBoard, grid: PixelGrid, samePicture: boolean): CanvasSnapshot {
    const cur = this.live.get(board._id);
    if (cur && cur.board.rev > board.rev) return cur;
    const gen = samePicture && cur && cur.board.version === board.version ? cur.gen : this.nextGen++;
    return this.setLive(board._id, { board, grid, gen });
  }

  /**
   * Merges a board read from the database into the live board. A newer epoch replaces it, an older one
   * (a read that started before a rewrite we saw) is ignored; in the same epoch each pixel keeps the
   * later of the two placements (the overlay's sequence says which), so a read that started before one
   * of our own placements does not take it away again.
   */
  private absorb(read: { board: CanvasBoard; grid: PixelGrid }): CanvasSnapshot {
    const guildId = read.board._id;
    const cur = this.live.get(guildId);
    if (!cur || read.board.rev > cur.board.rev) return this.setLive(guildId, { board: read.board, grid: read.grid, gen: this.nextGen++ });
    if (read.board.rev < cur.board.rev) return cur;
    let p = cur.board.p;
    let grid = cur.grid;
    for (const [key, value] of Object.entries(read.board.p)) {
      const mine = p[key];
      if (mine !== undefined && overlaySeq(mine) >= overlaySeq(value)) continue;
      if (p === cur.board.p) {
        p = { ...p };
        grid = grid.clone();
      }
      p[key] = value;
      const sep = key.indexOf('_');
      const x = Number(key.slice(0, sep));
      const y = Number(key.slice(sep + 1));
      if (grid.inBounds(x, y)) grid.set(x, y, overlayColor(value));
    }
    const changed = p !== cur.board.p;
    const version = Math.max(cur.board.version, read.board.version);
    if (!changed && version === cur.board.version && read.board.locked === cur.board.locked) {
      // Nothing new. (The stored picture equals the live one: its exact grid serves later reads.)
      this.setLive(guildId, cur);
      return cur;
    }
    return this.setLive(guildId, { board: { ...read.board, p, version }, grid, gen: changed ? this.nextGen++ : cur.gen });
  }

  /** The live board after one of our own placements was applied (one pixel more, one version more). */
  private applied(entry: CanvasPlacement, seen: CanvasSnapshot): CanvasSnapshot {
    const cur = this.live.get(entry.guildId) ?? seen;
    if (cur.board.rev !== entry.rev) return cur; // rewritten since: the stored board already moved on
    const key = overlayKey(entry.x, entry.y);
    const mine = cur.board.p[key];
    // Already there: a read made after the apply was merged, its version counts this placement.
    if (mine !== undefined && overlaySeq(mine) >= entry.seq) return cur;
    const version = cur.board.version + 1;
    const grid = cur.grid.clone();
    grid.set(entry.x, entry.y, entry.color);
    return this.setLive(entry.guildId, {
      board: { ...cur.board, p: { ...cur.board.p, [key]: overlayValue(entry.seq, entry.color) }, version, updatedAt: entry.at },
      grid,
      gen: this.nextGen++,
    });
  }
}

export function isInside(board: Pick<CanvasBoard, 'width' | 'height'>, x: number, y: number): boolean {
  return Number.isInteger(x) && Number.isInteger(y) && x >= 0 && y >= 0 && x < board.width && y < board.height;
}

/** Clear message for coordinates outside the board. */
export function assertInside(board: Pick<CanvasBoard, 'width' | 'height'>, x: number, y: number): void {
  if (!isInside(board, x, y)) {
    const { width, height } = board;
    throw new UserError(msg('canvas.outside', { x: String(x), y: String(y), width: String(width), height: String(height), maxX: String(width - 1), maxY: String(height - 1) }));
  }
}
