/**
 * Placing one pixel: the cooldown take (also the ban check), the claim of the pixel's next slot in the
 * log, the apply on the board; then the counter and the hook off the reply path (./pixelHook.ts), and
 * now and then the compaction of the board's overlay.
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
 * The path is at most three round trips — the cooldown take (./cooldowns.ts), the claim and the apply —
 * and under concurrency each travels with the guild's other placements (./lanes.ts, ./commits.ts). It
 * reads no board: it claims its slot from the process's LIVE board (./liveBoards.ts). That is safe
 * however stale the copy is, because the claim and the apply check everything the copy said — the
 * slot's `_id` is unique and the apply's filter pins epoch, previous slot and lock — and a failed check
 * re-reads and retries. (A guild's interactions all reach one shard's process, so in practice the copy
 * is current.) Nothing is rendered for a placement: a member's view of it is ./memberView.ts.
 */
import type { Collection } from 'mongodb';
import type { CanvasBoard, CanvasPlacement } from '../db/canvasSchemas.js';
import { UserError } from '../errors.js';
import { msg } from '../i18n/message.js';
import type { Logger } from '../logger.js';
import { blobOf, overlayKey, overlaySeq } from './board.js';
import { assertInside, isInside } from './bounds.js';
import type { GroupCommits } from './commits.js';
import type { CanvasCooldowns } from './cooldowns.js';
import type { CanvasSnapshot, LiveBoards } from './liveBoards.js';
import type { PixelHook } from './pixelHook.js';

export interface PlaceResult extends CanvasSnapshot {
  previous: number;
  /** When the member may place again. */
  nextAt: Date;
}

export interface PlaceOptions {
  /** Time of the placement (default now). */
  now?: Date;
}

/** Fold the overlay into the blob once it holds this many pixels (keeps board reads small). */
export const COMPACT_AT = 256;
/** Attempts before giving up; each lost attempt means another change of the same pixel went through. */
export const ATTEMPTS = 50;
/** Compaction attempts per run (each a read and a compare-and-set, lost to any placement in between). */
const COMPACT_ATTEMPTS = 3;

export interface PlacementsDeps {
  boards: LiveBoards;
  canvasBoards: Collection<CanvasBoard>;
  canvasLog: Collection<CanvasPlacement>;
  cooldowns: CanvasCooldowns;
  commits: GroupCommits;
  hook: PixelHook;
  logger: Logger;
  cooldownSeconds: (guildId: string) => Promise<number>;
  /** Whether the cooldown take checks bans (all copied to the cooldowns), else a placement reads the ban. */
  bansCopied: () => boolean;
  isBanned: (guildId: string, userId: string) => Promise<boolean>;
}

export class Placements {
  private readonly compacting = new Map<string, Promise<void>>();

  constructor(private readonly d: PlacementsDeps) {}

  /**
   * Places one pixel: cooldown (and ban) taken atomically, then the placement. If the placement is
   * refused (locked, out of bounds) or fails, the cooldown is given back.
   */
  async place(guildId: string, userId: string, x: number, y: number, color: number, options: PlaceOptions = {}): Promise<PlaceResult> {
    const { boards, cooldowns, logger } = this.d;
    const now = options.now ?? new Date();
    const seconds = await this.d.cooldownSeconds(guildId);
    const cached = boards.current(guildId);
    // The cooldown take is the one round trip before the claim: the board comes from the live copy.
    const [known, oldBan, take] = await Promise.allSettled([
      boards.liveOrFirstRead(guildId),
      this.d.bansCopied() ? false : this.d.isBanned(guildId, userId),
      cooldowns.take(guildId, userId, seconds, now),
    ]);
    if (take.status === 'rejected') throw take.reason;
    const cooldown = take.value;
    const giveBack = () =>
      cooldown.ok ? cooldowns.giveBack(guildId, userId, cooldown.until).catch((e: Error) => logger.warn({ err: e.message, guildId }, 'could not give a cooldown back')) : undefined;
    let first: CanvasSnapshot;
    try {
      if (known.status === 'rejected') throw known.reason;
      if (oldBan.status === 'rejected') throw oldBan.reason;
      first = known.value;
      // A live copy that refuses (resized or locked by another process?) is checked against the database.
      if (first === cached && (!isInside(first.board, x, y) || first.board.locked)) first = await boards.snapshot(guildId);
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
    let placed: { snap: CanvasSnapshot; previous: number; placementId: string };
    try {
      placed = await this.commitPixel(first, userId, x, y, color & 0xffffff, now);
    } catch (err) {
      await giveBack();
      throw err;
    }
    this.d.hook.after({ guildId, userId, placementId: placed.placementId, x, y, color: color & 0xffffff, at: now });
    return { ...placed.snap, previous: placed.previous, nextAt: cooldown.until };
  }

  /** Claim the pixel's next slot, apply it; on a lost race re-read and try again. */
  private async commitPixel(first: CanvasSnapshot, userId: string, x: number, y: number, color: number, at: Date) {
    const { boards, commits, canvasLog } = this.d;
    const guildId = first.board._id;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const snap = attempt === 0 ? first : await boards.snapshot(guildId);
      const { board, grid, overlay } = snap;
      // Checked here, after the cooldown was taken, like every refusal of the write itself: the
      // cooldown is then given back. (place() re-read a live copy that would refuse.)
      if (board.locked) throw new UserError(msg('canvas.place.locked'), 'conflict');
      assertInside(board, x, y);
      const current = overlay.get(overlayKey(x, y));
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
        // Marked true once the pixel hook succeeded; unmarked entries are retried (./pixelHook.ts).
        ...(this.d.hook.delivers ? { credited: false } : {}),
      };
      if (!(await commits.claim(entry))) {
        // Someone else holds the slot: apply it for them if they have not (a crashed writer), then retry.
        const winner = await canvasLog.findOne({ _id: entry._id, guildId });
        if (winner) await commits.applyOne(winner);
        continue;
      }
      if (await commits.apply(entry)) {
        const after = boards.applied(entry, snap);
        if (after.overlay.size >= COMPACT_AT) this.compactSoon(guildId);
        return { snap: after, previous: entry.previous, placementId: entry._id };
      }
      if (!(await this.appliedByOthers(entry))) {
        // Locked meanwhile, or a new epoch (rewrite, compaction) began after the claim: the slot can
        // never apply. Free it and start over.
        await canvasLog.deleteOne({ _id: entry._id, guildId });
        continue;
      }
      return { snap: await boards.snapshot(guildId), previous: entry.previous, placementId: entry._id };
    }
    throw new UserError(msg('canvas.place.busy'), 'conflict');
  }

  /** Whether someone else already applied the entry (a helper, after we lost a race to our own slot). */
  private async appliedByOthers(entry: CanvasPlacement): Promise<boolean> {
    const board = await this.d.canvasBoards.findOne({ _id: entry.guildId });
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
    const { boards, canvasBoards, logger } = this.d;
    const run = (async () => {
      for (let attempt = 0; attempt < COMPACT_ATTEMPTS; attempt++) {
        const { board, grid } = await boards.exact(guildId);
        if (Object.keys(board.p).length < COMPACT_AT) return;
        const set = { pixels: blobOf(grid), p: {}, rev: board.rev + 1 };
        const res = await canvasBoards.updateOne({ _id: board._id, version: board.version }, { $set: set });
        if (res.modifiedCount === 1) {
          boards.rememberExact(guildId, board.version, grid);
          boards.replace({ ...board, ...set }, grid, true);
          return;
        }
      }
    })()
      .catch((err: Error) => logger.warn({ err: err.message, guildId }, 'canvas compaction failed'))
      .finally(() => this.compacting.delete(guildId));
    this.compacting.set(guildId, run);
  }

  /** Resolves once no compaction runs. */
  async compacted(): Promise<void> {
    while (this.compacting.size) await Promise.all([...this.compacting.values()]);
  }
}
