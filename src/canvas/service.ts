/**
 * The guild canvas in MongoDB: one board document per guild, a placement log, cooldowns and bans. This
 * class is what the rest of the bot holds; the work is in the modules it wires together: the boards
 * this process knows (./liveBoards.ts), placing (./placement.ts, which says how placements stay
 * consistent without transactions), what follows a placement (./pixelHook.ts), moderation
 * (./moderation.ts) and the timelapse (./logTimelapse.ts). What a member sees is ./memberView.ts.
 */
import type { Collection } from 'mongodb';
import type { CanvasBan, CanvasBoard, CanvasCooldown, CanvasPlacement } from '../db/canvasSchemas.js';
import type { MemberStats } from '../db/schemas.js';
import type { Logger } from '../logger.js';
import { TIERS, type TierName } from '../premium/tiers.js';
import { PlacementBookkeeping } from './bookkeeping.js';
import { assertInside } from './bounds.js';
import { GroupCommits } from './commits.js';
import { CanvasCooldowns } from './cooldowns.js';
import type { CanvasView } from './layout.js';
import { LiveBoards, type CanvasSnapshot } from './liveBoards.js';
import { boardTimelapse, type CanvasTimelapse } from './logTimelapse.js';
import { Moderation } from './moderation.js';
import { PixelHook, type PixelPlacedEvent } from './pixelHook.js';
import { Placements, type PlaceOptions, type PlaceResult } from './placement.js';
import { renderCanvas, type RenderResult } from './render.js';
import { RenderCache } from './renderCache.js';
import { TimelapseBuilds } from './timelapseBuilds.js';

// Names the rest of the bot (and its tests) import from here.
export { HOOK_RETRY_GRACE_MS, HOOK_RETRY_WINDOW_MS, type PixelPlacedEvent } from './pixelHook.js';
export { CANVAS_SIZES } from './moderation.js';
export { TIMELAPSE_LIMITS } from './logTimelapse.js';

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
   * in here. Delivery is at least once (./pixelHook.ts): the handler must act once per `placementId`.
   * Its failure is logged and never undoes the placement.
   */
  onPixelPlaced?: (event: PixelPlacedEvent) => Promise<void>;
}

export interface PixelInfo {
  color: number;
  /** The placement that put the current colour there, if the log knows one. */
  placement: CanvasPlacement | null;
}

const HOOK_RETRY_EVERY_MS = 60_000;

export class CanvasService {
  readonly cooldowns: CanvasCooldowns;
  readonly renderCache: RenderCache;
  readonly timelapses: TimelapseBuilds<CanvasTimelapse>;
  private readonly cols: CanvasCollections;
  private readonly logger: Logger;
  private readonly boards: LiveBoards;
  private readonly bookkeeping: PlacementBookkeeping;
  private readonly hook: PixelHook;
  private readonly moderation: Moderation;
  private readonly placements: Placements;
  private retryTimer: NodeJS.Timeout | null = null;
  private retrying: Promise<number> | null = null;

  constructor(private readonly options: CanvasServiceOptions) {
    const { cols, logger } = options;
    this.cols = cols;
    this.logger = logger;
    this.cooldowns = new CanvasCooldowns(cols.canvasCooldowns);
    this.renderCache = options.renderCache ?? new RenderCache({ maxBytes: 64 * 1024 * 1024 });
    this.timelapses = options.timelapses ?? new TimelapseBuilds<CanvasTimelapse>();
    this.boards = new LiveBoards(cols.canvasBoards);
    this.bookkeeping = new PlacementBookkeeping(cols, logger);
    this.hook = new PixelHook(cols.canvasLog, this.bookkeeping, logger, options.onPixelPlaced);
    const { canvasBoards, canvasLog, canvasBans } = cols;
    this.moderation = new Moderation({ boards: this.boards, canvasBoards, canvasLog, canvasBans, cooldowns: this.cooldowns, tierOf: options.tierOf });
    this.placements = new Placements({
      boards: this.boards,
      canvasBoards,
      canvasLog,
      cooldowns: this.cooldowns,
      commits: new GroupCommits(cols),
      hook: this.hook,
      logger,
      cooldownSeconds: (guildId) => this.cooldownSeconds(guildId),
      // Until start() copied every ban to the cooldown documents (and for a service never started),
      // each placement reads `canvas_bans` as well.
      bansCopied: () => this.moderation.bansCopied,
      isBanned: (guildId, userId) => this.isBanned(guildId, userId),
    });
  }

  // ------------------------------------------------------------------ reading

  /** The guild's board (created on first use) and its picture, read now and merged into the live board. */
  snapshot(guildId: string): Promise<CanvasSnapshot> {
    return this.boards.snapshot(guildId);
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

  isBanned(guildId: string, userId: string): Promise<boolean> {
    return this.moderation.isBanned(guildId, userId);
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

  /** One pixel (./placement.ts): the cooldown given back when the placement is refused or fails. */
  place(guildId: string, userId: string, x: number, y: number, color: number, options: PlaceOptions = {}): Promise<PlaceResult> {
    return this.placements.place(guildId, userId, x, y, color, options);
  }

  /** Delivers the pixel hook again for unmarked placements (./pixelHook.ts); returns how many went through. */
  retryUndelivered(now = new Date()): Promise<number> {
    return this.hook.retryUndelivered(now);
  }

  /**
   * Copies the bans to the cooldown documents (all of them the first time, then the recent ones: bans a
   * process of an older version made), then retries undelivered placements now (a crash's leftovers);
   * both again every minute.
   */
  async start(): Promise<void> {
    if (this.retryTimer) return;
    await this.moderation.copyBans().catch((err: Error) => this.logger.warn({ err: err.message }, 'could not copy canvas bans; placements read them instead'));
    let first = true;
    const run = () => {
      const copying = first ? Promise.resolve() : this.moderation.copyBans().catch((err: Error) => this.logger.warn({ err: err.message }, 'could not copy canvas bans'));
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
    await Promise.all([this.hook.delivered(), this.placements.compacted()]);
    await this.bookkeeping.flush();
  }

  // ------------------------------------------------------------------ moderation (./moderation.ts)

  setLocked(guildId: string, locked: boolean): Promise<void> {
    return this.moderation.setLocked(guildId, locked);
  }

  /** Blank canvas of the same size; history before it no longer shows in timelapses or /canvas pixel. */
  reset(guildId: string): Promise<CanvasSnapshot> {
    return this.moderation.reset(guildId);
  }

  /** New square size (tier-limited); pixels inside the new bounds are kept. */
  resize(guildId: string, size: number): Promise<CanvasSnapshot> {
    return this.moderation.resize(guildId, size);
  }

  ban(guildId: string, userId: string, bannedBy: string, reason: string | null): Promise<boolean> {
    return this.moderation.ban(guildId, userId, bannedBy, reason);
  }

  unban(guildId: string, userId: string): Promise<boolean> {
    return this.moderation.unban(guildId, userId);
  }

  /** Undoes a member's placements of the last `minutes`; returns how many pixels changed back. */
  rollback(guildId: string, userId: string, minutes: number, now = new Date()): Promise<{ pixels: number; placements: number }> {
    return this.moderation.rollback(guildId, userId, minutes, now);
  }

  // ------------------------------------------------------------------ timelapse

  /**
   * The timelapse of the canvas since its last reset (./logTimelapse.ts), ending on the current picture.
   * Cached per stored version, built at most once per guild at a time (./timelapseBuilds.ts).
   */
  async timelapse(guildId: string): Promise<CanvasTimelapse> {
    const exact = await this.boards.exact(guildId);
    this.boards.absorb(exact);
    return this.timelapses.get(guildId, exact.board.version, () => boardTimelapse(this.cols.canvasLog, exact));
  }
}
