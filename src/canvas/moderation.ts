/**
 * What moderators do to a canvas: lock it, reset or resize it, roll a member back, ban and unban. Reset,
 * resize and rollback replace the whole picture by compare-and-set on the board's `version` and start
 * a new epoch (`rev`), so a placement claimed in the old epoch fails to apply and is retried.
 *
 * Bans: `canvas_bans` is the record (who, why, when); each ban is also copied to the member's cooldown
 * document, which every placement's cooldown take checks (./cooldowns.ts). Bans made before the copies
 * existed (an older version of the bot) are copied at start and then every minute.
 */
import type { Collection } from 'mongodb';
import type { CanvasBan, CanvasBoard, CanvasPlacement } from '../db/canvasSchemas.js';
import { UserError } from '../errors.js';
import { msg } from '../i18n/message.js';
import { TIERS, tierName, type TierName } from '../premium/tiers.js';
import { blobOf, boardGrid, newBoard } from './board.js';
import type { CanvasCooldowns } from './cooldowns.js';
import type { CanvasSnapshot, LiveBoards } from './liveBoards.js';
import type { PixelGrid } from './pixels.js';
import { ATTEMPTS } from './placement.js';
import { planRollback, rollbackLog, rollbackScope } from './rollback.js';

/** Sizes admins can pick; each guild is limited by its tier's canvasMaxSize. */
export const CANVAS_SIZES = [16, 32, 64, 128, 256] as const;
/** Longest rollback window. */
export const MAX_ROLLBACK_MINUTES = 7 * 24 * 60;
/** Revert marks per update (one `$in` list stays far below the 16 MB command limit). */
const REVERT_BATCH = 10_000;
/** Bans re-copied to the cooldown documents at every retry tick: those of the last … (another process's, during an upgrade). */
const BAN_SYNC_OVERLAP_MS = 10 * 60_000;

export interface ModerationDeps {
  boards: LiveBoards;
  canvasBoards: Collection<CanvasBoard>;
  canvasLog: Collection<CanvasPlacement>;
  canvasBans: Collection<CanvasBan>;
  cooldowns: CanvasCooldowns;
  tierOf: (guildId: string) => Promise<TierName>;
}

type Change = { grid: PixelGrid; reset?: boolean } | null;

export class Moderation {
  /** When every ban older than this (minus the overlap) was last copied to the cooldowns; null: never. */
  private bansCopiedAt: Date | null = null;

  constructor(private readonly d: ModerationDeps) {}

  /** Whether the cooldown take checks bans: they were copied to the cooldown documents at least once. */
  get bansCopied(): boolean {
    return this.bansCopiedAt !== null;
  }

  async setLocked(guildId: string, locked: boolean): Promise<void> {
    await this.d.boards.boardDoc(guildId);
    await this.d.canvasBoards.updateOne({ _id: guildId }, { $set: { locked, updatedAt: new Date() } });
    this.d.boards.setLocked(guildId, locked);
  }

  /** Blank canvas of the same size; history before it no longer shows in timelapses or /canvas pixel. */
  async reset(guildId: string): Promise<CanvasSnapshot> {
    return this.rewrite(guildId, (board) => ({ grid: boardGrid(newBoard(guildId, board.width, board.background)), reset: true }));
  }

  /** New square size (tier-limited); pixels inside the new bounds are kept. */
  async resize(guildId: string, size: number): Promise<CanvasSnapshot> {
    const tier = await this.d.tierOf(guildId);
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
    await this.d.cooldowns.markBanned(guildId, userId);
    const res = await this.d.canvasBans.updateOne(
      { _id: `${guildId}:${userId}`, guildId },
      { $setOnInsert: { userId, bannedBy, reason, at: new Date() } },
      { upsert: true },
    );
    return res.upsertedCount === 1;
  }

  async unban(guildId: string, userId: string): Promise<boolean> {
    const removed = (await this.d.canvasBans.deleteOne({ _id: `${guildId}:${userId}`, guildId })).deletedCount === 1;
    await this.d.cooldowns.clearBan(guildId, userId);
    return removed;
  }

  async isBanned(guildId: string, userId: string): Promise<boolean> {
    return (await this.d.canvasBans.findOne({ _id: `${guildId}:${userId}`, guildId })) !== null;
  }

  /** Copies the bans to the cooldown documents: all of them the first time, then the recent ones. */
  async copyBans(): Promise<void> {
    const started = new Date();
    const since = this.bansCopiedAt ? new Date(this.bansCopiedAt.getTime() - BAN_SYNC_OVERLAP_MS) : null;
    const bans = await this.d.canvasBans.find(since ? { at: { $gte: since } } : {}, { projection: { guildId: 1, userId: 1 } }).toArray();
    await this.d.cooldowns.markManyBanned(bans.map((b) => ({ guildId: b.guildId, userId: b.userId })));
    this.bansCopiedAt = started;
  }

  /** Undoes a member's placements of the last `minutes`; returns how many pixels changed back. */
  async rollback(guildId: string, userId: string, minutes: number, now = new Date()): Promise<{ pixels: number; placements: number }> {
    const { canvasLog, canvasBoards } = this.d;
    const since = new Date(now.getTime() - Math.min(minutes, MAX_ROLLBACK_MINUTES) * 60_000);
    let outcome = { pixels: 0, placements: 0, revertedIds: [] as string[] };
    await this.rewrite(guildId, async (board, grid) => {
      const live = { guildId, rev: { $gte: board.resetRev }, reverted: { $ne: true } };
      const mine = await canvasLog.find({ ...live, userId, at: { $gte: since } }).toArray();
      if (!mine.length) {
        outcome = { pixels: 0, placements: 0, revertedIds: [] };
        return null;
      }
      // Everything placed on those pixels since the member's first placement there.
      const scope = rollbackScope(mine);
      const others = await canvasLog.find({ ...live, x: { $in: scope.columns }, userId: { $ne: userId }, at: { $gte: scope.since } }).toArray();
      const plan = planRollback(rollbackLog(mine, others), userId);
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
        await canvasLog.updateMany({ guildId, _id: { $in: ids } }, { $set: { reverted: true } });
      }
      // The history changed after the picture did: a new version, so no process keeps a timelapse
      // built in between (the version is every derived cache's key).
      await canvasBoards.updateOne({ _id: guildId }, { $inc: { version: 1 } });
    }
    return { pixels: outcome.pixels, placements: outcome.placements };
  }

  /**
   * Replaces the whole picture by compare-and-set on `version` and starts a new epoch, retrying when a
   * placement slipped in. `change` returns the new grid, or null for "nothing to do".
   */
  private async rewrite(guildId: string, change: (board: CanvasBoard, grid: PixelGrid) => Promise<Change> | Change): Promise<CanvasSnapshot> {
    const { boards } = this.d;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const exact = await boards.exact(guildId);
      const { board, grid } = exact;
      const next = await change(board, grid);
      if (!next) return boards.absorb(exact);
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
      const res = await this.d.canvasBoards.updateOne({ _id: guildId, version: board.version }, { $set: set });
      if (res.modifiedCount === 1) {
        boards.rememberExact(guildId, set.version, next.grid);
        return boards.replace({ ...board, ...set }, next.grid, false);
      }
    }
    throw new UserError(msg('canvas.rewrite.busy'), 'conflict');
  }
}
