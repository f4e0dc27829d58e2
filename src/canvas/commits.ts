/**
 * Group commit of placements (./lanes.ts): the claims (log inserts) and the applies (board updates) of a
 * guild's concurrent placements travel together, one round trip per batch instead of one per placement.
 *
 * Each placement keeps exactly the outcome it would have had alone (see CanvasService for the protocol):
 * - claims: one insertMany (unordered). If it fails in any way, every entry of the batch is inserted on its
 *   own; a duplicate `_id` is then ours if the stored entry is (same member, same time — a member has one
 *   placement in flight at most, their cooldown sees to that), else the slot was taken by someone else.
 *   That covers a server that inserted part of the batch (MongoDB) and one that refused it whole (jongodb).
 * - applies: one updateOne whose filter holds every entry's condition (same epoch, each pixel's previous
 *   slot, not locked) and whose update sets every pixel and bumps `version` by the batch size: all of them
 *   or none. If none, each entry is applied on its own, so one lost race on a pixel does not fail the others.
 */
import type { Collection } from 'mongodb';
import type { CanvasBoard, CanvasPlacement } from '../db/canvasSchemas.js';
import { isDuplicateKey } from '../db/duplicateKey.js';
import { overlayKey, overlayValue } from './board.js';
import { Lanes, type Waiting } from './lanes.js';

/** Largest batch (a filter of this many pixel conditions stays small). */
export const COMMIT_BATCH_MAX = 100;

type Pending = Waiting<CanvasPlacement, boolean>;

export interface CommitCollections {
  canvasBoards: Collection<CanvasBoard>;
  canvasLog: Collection<CanvasPlacement>;
}

/** The apply filter and update of one entry (the same for one entry and for a batch). */
export function applyCondition(entry: CanvasPlacement): { key: string; before: unknown; after: number } {
  const key = `p.${overlayKey(entry.x, entry.y)}`;
  return { key, before: entry.seq === 1 ? { $exists: false } : overlayValue(entry.seq - 1, entry.previous), after: overlayValue(entry.seq, entry.color) };
}

export class GroupCommits {
  private readonly claims = new Lanes<CanvasPlacement, boolean>(COMMIT_BATCH_MAX, (batch) => this.runClaims(batch));
  private readonly applies = new Lanes<CanvasPlacement, boolean>(COMMIT_BATCH_MAX, (batch) => this.runApplies(batch));
  /** Statistics: round trips sent and entries they carried (tests, benches). */
  readonly stats = { claimTrips: 0, claimed: 0, applyTrips: 0, applied: 0 };

  constructor(private readonly cols: CommitCollections) {}

  /** Inserts the entry (claims its slot): true when it is ours, false when someone else holds the slot. */
  claim(entry: CanvasPlacement): Promise<boolean> {
    return this.claims.add(entry.guildId, entry);
  }

  /** Applies the entry to the board: true when this call set the pixel. */
  apply(entry: CanvasPlacement): Promise<boolean> {
    return this.applies.add(entry.guildId, entry);
  }

  /** One entry on its own, as CanvasService always did (helping a crashed writer, retries). */
  async applyOne(entry: CanvasPlacement): Promise<boolean> {
    const { key, before, after } = applyCondition(entry);
    this.stats.applyTrips++;
    const res = await this.cols.canvasBoards.updateOne(
      { _id: entry.guildId, rev: entry.rev, locked: false, [key]: before },
      { $set: { [key]: after, updatedAt: entry.at }, $inc: { version: 1 } },
    );
    if (res.modifiedCount !== 1) return false;
    this.stats.applied++;
    return true;
  }

  private async runClaims(batch: Pending[]): Promise<void> {
    if (batch.length > 1) {
      this.stats.claimTrips++;
      try {
        await this.cols.canvasLog.insertMany(
          batch.map((w) => w.item),
          { ordered: false },
        );
        this.stats.claimed += batch.length;
        for (const w of batch) w.resolve(true);
        return;
      } catch {
        // Whatever went in, each entry now finds out on its own.
      }
    }
    await Promise.all(batch.map((w) => this.claimOne(w.item, batch.length > 1).then(w.resolve, w.reject)));
  }

  private async claimOne(entry: CanvasPlacement, afterBatch: boolean): Promise<boolean> {
    this.stats.claimTrips++;
    try {
      await this.cols.canvasLog.insertOne(entry);
      this.stats.claimed++;
      return true;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      if (!afterBatch) return false;
      // Maybe the batch inserted it before failing on another entry.
      const stored = await this.cols.canvasLog.findOne({ _id: entry._id, guildId: entry.guildId });
      const ours = stored !== null && stored.userId === entry.userId && stored.at.getTime() === entry.at.getTime();
      if (ours) this.stats.claimed++;
      return ours;
    }
  }

  private async runApplies(batch: Pending[]): Promise<void> {
    // Entries of one epoch on distinct pixels go together; anything else (rare) on its own.
    const rev = batch[0]!.item.rev;
    const keys = new Set<string>();
    const together: Pending[] = [];
    const alone: Pending[] = [];
    for (const w of batch) {
      const key = overlayKey(w.item.x, w.item.y);
      if (w.item.rev === rev && !keys.has(key)) {
        keys.add(key);
        together.push(w);
      } else {
        alone.push(w);
      }
    }
    const one = (w: Pending) => this.applyOne(w.item).then(w.resolve, w.reject);
    if (together.length > 1 && (await this.applyTogether(together.map((w) => w.item)))) {
      for (const w of together) w.resolve(true);
    } else {
      alone.unshift(...together);
    }
    await Promise.all(alone.map(one));
  }

  /** All of the entries or none. */
  private async applyTogether(entries: CanvasPlacement[]): Promise<boolean> {
    const first = entries[0]!;
    const filter: Record<string, unknown> = { _id: first.guildId, rev: first.rev, locked: false };
    const set: Record<string, unknown> = {};
    let updatedAt = first.at;
    for (const e of entries) {
      const { key, before, after } = applyCondition(e);
      filter[key] = before;
      set[key] = after;
      if (e.at > updatedAt) updatedAt = e.at;
    }
    this.stats.applyTrips++;
    try {
      const res = await this.cols.canvasBoards.updateOne(filter, { $set: { ...set, updatedAt }, $inc: { version: entries.length } });
      if (res.modifiedCount !== 1) return false;
      this.stats.applied += entries.length;
      return true;
    } catch {
      return false; // each on its own then (a failure there is that entry's)
    }
  }
}
