/**
 * Per-member placement cooldowns in MongoDB, so every process (shard) agrees. The same document also
 * carries a canvas ban (`banned: true`), so one write both checks the ban and takes the cooldown.
 *
 * take(): one upsert whose filter matches only an expired cooldown of a member not banned. If the member
 * is still cooling down (or banned) the filter matches nothing and the upsert's insert collides with the
 * existing `_id` (duplicate key), which is the "not yet" answer — no read-then-write race; a read then
 * says until when, or that it is a ban. giveBack() undoes a take only if nothing took it since (the
 * filter pins the exact `until` we wrote).
 *
 * A guild's concurrent takes travel together (./lanes.ts): one unordered bulkWrite of the same upserts,
 * each still atomic on its own document. MongoDB reports each failed upsert (its index and duplicate
 * key); a server that reports less (the test server stops at the first error and names none) gets its
 * answer from the documents instead: a take is ours when its document carries the take's own mark
 * (`take`, unique per take), and any other take of the batch is made again on its own. A member has one
 * take per batch; a second one (a double click) waits for the next.
 *
 * The ban mark is a copy: `canvas_bans` stays the record of bans (who, why, when). markBanned() and
 * clearBan() keep the copy in step; CanvasService copies bans made before the marks existed at start.
 */
import { randomBytes } from 'node:crypto';
import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import type { CanvasCooldown } from '../db/canvasSchemas.js';
import { isDuplicateKey } from '../db/duplicateKey.js';
import { Lanes, type Waiting } from './lanes.js';

export type CooldownTake = { ok: true; until: Date } | { ok: false; until: Date; banned: boolean };

/** The stored document: a cooldown, the copy of a ban, and the mark of the take that set `until`. */
type CooldownDoc = CanvasCooldown & { banned?: boolean; take?: string };

interface TakeRequest {
  _id: string;
  guildId: string;
  userId: string;
  now: Date;
  until: Date;
  /** This take's mark: unique in this process, and across processes by its random prefix. */
  mark: string;
}

/** Takes per bulkWrite. */
const TAKE_BATCH_MAX = 100;
const MARK_PREFIX = randomBytes(6).toString('base64url');

export class CanvasCooldowns {
  private readonly collection: Collection<CooldownDoc>;
  private readonly takes = new Lanes<TakeRequest, CooldownTake>(TAKE_BATCH_MAX, (batch) => this.runTakes(batch));
  private marks = 0;

  constructor(collection: Collection<CanvasCooldown>) {
    this.collection = collection as Collection<CooldownDoc>;
  }

  private id(guildId: string, userId: string): string {
    return `${guildId}:${userId}`;
  }

  take(guildId: string, userId: string, seconds: number, now = new Date()): Promise<CooldownTake> {
    const request = { _id: this.id(guildId, userId), guildId, userId, now, until: new Date(now.getTime() + seconds * 1000), mark: this.nextMark() };
    return this.takes.add(guildId, request);
  }

  private nextMark(): string {
    return `${MARK_PREFIX}${(this.marks++).toString(36)}`;
  }

  private upsert(r: TakeRequest) {
    return {
      filter: { _id: r._id, guildId: r.guildId, until: { $lte: r.now }, banned: { $ne: true } },
      update: { $set: { userId: r.userId, until: r.until, take: r.mark } },
      upsert: true,
    };
  }

  private async runTakes(batch: Array<Waiting<TakeRequest, CooldownTake>>): Promise<void> {
    // One take per member per batch: the others go on their own afterwards, in turn.
    const seen = new Set<string>();
    const first: typeof batch = [];
    const again: typeof batch = [];
    for (const w of batch) {
      if (seen.has(w.item._id)) again.push(w);
      else {
        seen.add(w.item._id);
        first.push(w);
      }
    }
    if (first.length === 1) await this.takeOne(first[0]!.item).then(first[0]!.resolve, first[0]!.reject);
    else await this.takeTogether(first);
    for (const w of again) await this.takeOne(w.item).then(w.resolve, w.reject);
  }

  /** A lone take: the upsert, and on a duplicate key the read that says why. */
  private async takeOne(r: TakeRequest): Promise<CooldownTake> {
    const { filter, update, upsert } = this.upsert(r);
    try {
      await this.collection.updateOne(filter, update, { upsert });
      return { ok: true, until: r.until };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    return this.refused(r);
  }

  /** Why a take was refused (read after its duplicate key): a ban, a running cooldown, or a race to retry. */
  private async refused(r: TakeRequest): Promise<CooldownTake> {
    const current = await this.collection.findOne({ _id: r._id, guildId: r.guildId });
    if (current?.banned === true) return { ok: false, until: current.until, banned: true };
    // Gone or expired between the two calls: a rare race, answered by trying once more.
    if (!current || current.until.getTime() <= r.now.getTime()) {
      const now = new Date();
      return this.takeOne({ ...r, now, until: new Date(now.getTime() + (r.until.getTime() - r.now.getTime())), mark: this.nextMark() });
    }
    return { ok: false, until: current.until, banned: false };
  }

  private async takeTogether(batch: Array<Waiting<TakeRequest, CooldownTake>>): Promise<void> {
    const ops: AnyBulkWriteOperation<CooldownDoc>[] = batch.map((w) => ({ updateOne: this.upsert(w.item) }));
    let failed: Set<number>;
    try {
      await this.collection.bulkWrite(ops, { ordered: false });
      failed = new Set();
    } catch (err) {
      const known = reportedFailures(err, batch.length);
      if (!known) {
        await this.settleFromDocuments(batch);
        return;
      }
      failed = known;
    }
    await Promise.all(
      batch.map((w, i) => (failed.has(i) ? this.refused(w.item) : Promise.resolve<CooldownTake>({ ok: true, until: w.item.until })).then(w.resolve, w.reject)),
    );
  }

  /** The batch's outcome as the documents tell it: ours where our mark is, the rest taken again alone. */
  private async settleFromDocuments(batch: Array<Waiting<TakeRequest, CooldownTake>>): Promise<void> {
    const guildId = batch[0]!.item.guildId;
    const docs = await this.collection.find({ _id: { $in: batch.map((w) => w.item._id) }, guildId }, { projection: { take: 1 } }).toArray();
    const marks = new Map(docs.map((d) => [d._id, d.take]));
    await Promise.all(
      batch.map((w) => (marks.get(w.item._id) === w.item.mark ? Promise.resolve<CooldownTake>({ ok: true, until: w.item.until }) : this.takeOne(w.item)).then(w.resolve, w.reject)),
    );
  }

  /** Returns a cooldown taken with `take()` whose placement then failed. */
  async giveBack(guildId: string, userId: string, taken: Date): Promise<void> {
    await this.collection.updateOne({ _id: this.id(guildId, userId), guildId, until: taken }, { $set: { until: new Date(0) } });
  }

  /** Marks a member banned: take() refuses them until clearBan(). */
  async markBanned(guildId: string, userId: string): Promise<void> {
    await this.collection.updateOne({ _id: this.id(guildId, userId), guildId }, { $set: { userId, banned: true }, $setOnInsert: { until: new Date(0) } }, { upsert: true });
  }

  /** The same for many members at once (one round trip per 1,000). */
  async markManyBanned(bans: ReadonlyArray<{ guildId: string; userId: string }>): Promise<void> {
    for (let i = 0; i < bans.length; i += 1_000) {
      await this.collection.bulkWrite(
        bans.slice(i, i + 1_000).map((b) => ({
          updateOne: { filter: { _id: this.id(b.guildId, b.userId), guildId: b.guildId }, update: { $set: { userId: b.userId, banned: true }, $setOnInsert: { until: new Date(0) } }, upsert: true },
        })),
        { ordered: false },
      );
    }
  }

  /** Lifts a ban mark (the cooldown itself stays as it was). */
  async clearBan(guildId: string, userId: string): Promise<void> {
    await this.collection.updateOne({ _id: this.id(guildId, userId), guildId }, { $unset: { banned: '' } });
  }

  /** Lifts a member's cooldown and ban mark (moderation). */
  async clear(guildId: string, userId: string): Promise<void> {
    await this.collection.deleteOne({ _id: this.id(guildId, userId), guildId });
  }

  async until(guildId: string, userId: string): Promise<Date | null> {
    return (await this.collection.findOne({ _id: this.id(guildId, userId), guildId }))?.until ?? null;
  }
}

/**
 * The indices of a bulk write's failed upserts, when the error accounts for every operation: each failure
 * a duplicate key, and the rest matched or upserted. Otherwise (another error, or a server that reports
 * less) null: the documents must tell.
 */
function reportedFailures(err: unknown, ops: number): Set<number> | null {
  const e = err as { writeErrors?: Array<{ index: number; code?: number }>; result?: { upsertedCount?: number; matchedCount?: number } };
  const writeErrors = Array.isArray(e.writeErrors) ? e.writeErrors : e.writeErrors ? [e.writeErrors] : [];
  if (!writeErrors.length || !writeErrors.every((w) => isDuplicateKey(w))) return null;
  const applied = (e.result?.upsertedCount ?? 0) + (e.result?.matchedCount ?? 0);
  if (applied + writeErrors.length !== ops) return null;
  return new Set(writeErrors.map((w) => w.index));
}
