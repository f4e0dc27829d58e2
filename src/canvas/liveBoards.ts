/**
 * The boards this process knows: the stored board read now (`exact`, created on first use), its picture
 * decoded once per stored version, and the LIVE board per guild — every read merged in, every apply of
 * our own added — that placements claim their slots from and views are drawn from (see ./service.ts for
 * why a stale live board is still safe to place from).
 *
 * Two kinds of snapshot: the live one (`gen` is its picture's key in the render cache, unique in this
 * process, new whenever the picture changes) and the exact one read from the database (timelapse,
 * rewrites, compaction), whose `board.version` is the database's. Snapshots are never changed in
 * place: a change makes a new one.
 */
import type { Collection } from 'mongodb';
import { canvasBoardSchema, type CanvasBoard, type CanvasPlacement } from '../db/canvasSchemas.js';
import { isDuplicateKey } from '../db/duplicateKey.js';
import { BoundedMap } from '../util/boundedMap.js';
import { boardGrid, newBoard, overlayColor, overlayKey, overlaySeq, overlayValue } from './board.js';
import type { PixelGrid } from './pixels.js';

export interface CanvasSnapshot {
  board: CanvasBoard;
  grid: PixelGrid;
  /**
   * This picture's key in the render cache: unique per picture in this process, new whenever the live
   * board's picture changes. (`board.version` is the database's counter, a lower bound on a live board.)
   */
  gen: number;
  /**
   * The overlay as this process knows it: `x_y` → overlayValue(seq, colour) of every pixel placed in the
   * epoch, our own placements included (`board.p` is what the last read said). A Map: a placement copies
   * it in a few microseconds, where copying the record took tens.
   */
  overlay: ReadonlyMap<string, number>;
}

/** A board and its picture as stored now. */
export interface ExactBoard {
  board: CanvasBoard;
  grid: PixelGrid;
}

/** Guilds whose live board (and exact decoded picture) a process keeps. */
const GRID_CACHE_MAX = 64;

export class LiveBoards {
  /** Latest decoded picture of a stored version per guild, so an unchanged board is not decoded again. */
  private readonly grids = new BoundedMap<string, { version: number; grid: PixelGrid }>(GRID_CACHE_MAX);
  private readonly live = new BoundedMap<string, CanvasSnapshot>(GRID_CACHE_MAX);
  private readonly firstReads = new Map<string, Promise<CanvasSnapshot>>();
  private nextGen = 1;

  constructor(private readonly boards: Collection<CanvasBoard>) {}

  /** The guild's live board, if this process keeps one. */
  current(guildId: string): CanvasSnapshot | undefined {
    return this.live.get(guildId);
  }

  /** The guild's board (created on first use) and its picture, read now and merged into the live board. */
  async snapshot(guildId: string): Promise<CanvasSnapshot> {
    return this.absorb(await this.exact(guildId));
  }

  /** The live board, or for a guild without one yet a read that concurrent callers share. */
  liveOrFirstRead(guildId: string): Promise<CanvasSnapshot> {
    const cached = this.live.get(guildId);
    if (cached) return Promise.resolve(cached);
    let read = this.firstReads.get(guildId);
    if (!read) {
      read = this.snapshot(guildId).finally(() => this.firstReads.delete(guildId));
      this.firstReads.set(guildId, read);
    }
    return read;
  }

  /** The stored board and its picture, read now (created on first use). */
  async exact(guildId: string): Promise<ExactBoard> {
    const board = await this.boardDoc(guildId);
    return { board, grid: this.gridOf(board) };
  }

  async boardDoc(guildId: string): Promise<CanvasBoard> {
    const found = await this.boards.findOne({ _id: guildId });
    if (found) return canvasBoardSchema.parse(found);
    try {
      await this.boards.insertOne(newBoard(guildId));
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // created meanwhile by another interaction
    }
    return canvasBoardSchema.parse(await this.boards.findOne({ _id: guildId }));
  }

  /** The picture of a stored board, decoded once per version. */
  private gridOf(board: CanvasBoard): PixelGrid {
    const hit = this.grids.get(board._id);
    if (hit && hit.version === board.version) return hit.grid;
    const grid = boardGrid(board);
    this.rememberExact(board._id, board.version, grid);
    return grid;
  }

  /** The decoded picture of stored version `version` (a write of ours), unless a newer one is known. */
  rememberExact(guildId: string, version: number, grid: PixelGrid): void {
    const hit = this.grids.get(guildId);
    if (hit && hit.version > version) return;
    this.grids.delete(guildId); // newest last: the least recently written guild goes first
    this.grids.set(guildId, { version, grid });
  }

  private setLive(guildId: string, snap: CanvasSnapshot): CanvasSnapshot {
    this.live.delete(guildId); // newest last: the least recently used guild goes first
    this.live.set(guildId, snap);
    return snap;
  }

  /** The lock flag changed (by us): the live board says so at once. */
  setLocked(guildId: string, locked: boolean): void {
    const cur = this.live.get(guildId);
    if (cur) this.live.set(guildId, { ...cur, board: { ...cur.board, locked } });
  }

  /** A new epoch replaces the live board (a rewrite or compaction of ours); `samePicture` keeps its key. */
  replace(board: CanvasBoard, grid: PixelGrid, samePicture: boolean): CanvasSnapshot {
    const cur = this.live.get(board._id);
    if (cur && cur.board.rev > board.rev) return cur;
    const gen = samePicture && cur && cur.board.version === board.version ? cur.gen : this.nextGen++;
    return this.setLive(board._id, { board, grid, gen, overlay: new Map(Object.entries(board.p)) });
  }

  /**
   * Merges a board read from the database into the live board. A newer epoch replaces it, an older one
   * (a read that started before a rewrite we saw) is ignored; in the same epoch each pixel keeps the
   * later of the two placements (the overlay's sequence says which), so a read that started before one
   * of our own placements does not take it away again.
   */
  absorb(read: ExactBoard): CanvasSnapshot {
    const guildId = read.board._id;
    const cur = this.live.get(guildId);
    if (!cur || read.board.rev > cur.board.rev) {
      return this.setLive(guildId, { board: read.board, grid: read.grid, gen: this.nextGen++, overlay: new Map(Object.entries(read.board.p)) });
    }
    if (read.board.rev < cur.board.rev) return cur;
    let overlay = cur.overlay;
    let grid = cur.grid;
    for (const [key, value] of Object.entries(read.board.p)) {
      const mine = overlay.get(key);
      if (mine !== undefined && overlaySeq(mine) >= overlaySeq(value)) continue;
      if (overlay === cur.overlay) {
        overlay = new Map(overlay);
        grid = grid.clone();
      }
      (overlay as Map<string, number>).set(key, value);
      const sep = key.indexOf('_');
      const x = Number(key.slice(0, sep));
      const y = Number(key.slice(sep + 1));
      if (grid.inBounds(x, y)) grid.set(x, y, overlayColor(value));
    }
    const changed = overlay !== cur.overlay;
    const version = Math.max(cur.board.version, read.board.version);
    if (!changed && version === cur.board.version && read.board.locked === cur.board.locked) {
      // Nothing new. (The stored picture equals the live one: its exact grid serves later reads.)
      this.setLive(guildId, cur);
      return cur;
    }
    return this.setLive(guildId, { board: { ...read.board, version }, grid, gen: changed ? this.nextGen++ : cur.gen, overlay });
  }

  /** The live board after one of our own placements was applied (one pixel more, one version more). */
  applied(entry: CanvasPlacement, seen: CanvasSnapshot): CanvasSnapshot {
    const cur = this.live.get(entry.guildId) ?? seen;
    if (cur.board.rev !== entry.rev) return cur; // rewritten since: the stored board already moved on
    const key = overlayKey(entry.x, entry.y);
    const mine = cur.overlay.get(key);
    // Already there: a read made after the apply was merged, its version counts this placement.
    if (mine !== undefined && overlaySeq(mine) >= entry.seq) return cur;
    const version = cur.board.version + 1;
    const grid = cur.grid.clone();
    grid.set(entry.x, entry.y, entry.color);
    return this.setLive(entry.guildId, {
      board: { ...cur.board, version, updatedAt: entry.at },
      grid,
      gen: this.nextGen++,
      overlay: new Map(cur.overlay).set(key, overlayValue(entry.seq, entry.color)),
    });
  }
}
