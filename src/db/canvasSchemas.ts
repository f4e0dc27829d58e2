import { Binary } from 'mongodb';
import { z } from 'zod';

/**
 * Documents of the guild pixel canvas (see src/canvas/service.ts for how they are written).
 *
 * A board is the pixel blob (PixelGrid.serialize) plus an overlay `p` of pixels placed since the blob
 * was last written: a placement sets one `p.<x>_<y>` field instead of rewriting the blob; the overlay
 * is folded into the blob now and then.
 */
export const canvasBoardSchema = z.object({
  _id: z.string(), // guild id
  guildId: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  background: z.number().int(),
  /** PixelGrid.serialize() of the canvas as of the last rewrite or compaction. */
  pixels: z.instanceof(Binary),
  /** `x_y` → overlayValue(seq, 0xRRGGBB): pixels placed since the blob was written, with their sequence. */
  p: z.record(z.string(), z.number().int()).default({}),
  /** Bumped by every change of the picture: the render cache key. */
  version: z.number().int(),
  /** Epoch of the blob: bumped by every rewrite (reset, resize, rollback) and compaction. */
  rev: z.number().int().default(0),
  /** Log entries of an older `rev` predate the last reset (timelapse, /canvas pixel ignore them). */
  resetRev: z.number().int().default(0),
  locked: z.boolean().default(false),
  updatedAt: z.date(),
});
export type CanvasBoard = z.infer<typeof canvasBoardSchema>;

/**
 * One placed pixel (`canvas_log`). `_id` = `${guildId}:${rev}:${x}_${y}:${seq}`: the n-th placement
 * on that pixel in that blob epoch. Inserting it claims the slot (unique `_id`), so exactly one of two
 * concurrent placements on a pixel gets a given slot; the order of a pixel's placements is (rev, seq).
 */
export const canvasPlacementSchema = z.object({
  _id: z.string(),
  guildId: z.string(),
  rev: z.number().int(),
  seq: z.number().int(),
  x: z.number().int(),
  y: z.number().int(),
  color: z.number().int(),
  /** The colour it replaced. */
  previous: z.number().int(),
  userId: z.string(),
  at: z.date(),
  /** Set when a moderator rolled this placement back. */
  reverted: z.boolean().optional(),
  /** Imported from the old bot by migration 002. */
  legacy: z.boolean().optional(),
  /** False until the placement's credit (the pixel hook) succeeded; absent on entries from before credits. */
  credited: z.boolean().optional(),
});
export type CanvasPlacement = z.infer<typeof canvasPlacementSchema>;

/** Next placement allowed at `until` (`canvas_cooldowns`, `_id` = `${guildId}:${userId}`). */
export const canvasCooldownSchema = z.object({
  _id: z.string(),
  guildId: z.string(),
  userId: z.string(),
  until: z.date(),
});
export type CanvasCooldown = z.infer<typeof canvasCooldownSchema>;

/** A member barred from placing (`canvas_bans`, `_id` = `${guildId}:${userId}`). */
export const canvasBanSchema = z.object({
  _id: z.string(),
  guildId: z.string(),
  userId: z.string(),
  bannedBy: z.string(),
  reason: z.string().nullable(),
  at: z.date(),
});
export type CanvasBan = z.infer<typeof canvasBanSchema>;
