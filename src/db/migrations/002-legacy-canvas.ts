import type { Document } from 'mongodb';
import type { Migration } from './types.js';
import { blobOf } from '../../canvas/board.js';
import { DEFAULT_BACKGROUND, parseHex } from '../../canvas/palette.js';
import { MAX_CANVAS_SIZE, PixelGrid } from '../../canvas/pixels.js';
import type { CanvasBoard, CanvasPlacement } from '../canvasSchemas.js';

/** Where the old Python bot kept one canvas document per guild. */
export const LEGACY_CANVAS_COLLECTION = 'canvases';

/** Old colours were `#RRGGBB` strings, sometimes ints. */
function legacyColor(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffff) return value;
  if (typeof value === 'bigint') return legacyColor(Number(value));
  return typeof value === 'string' ? parseHex(value) : undefined;
}

/** Old timestamps: Date, epoch seconds, or ISO strings. */
function legacyTime(value: unknown, fallback: Date): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number' || typeof value === 'bigint') return new Date(Number(value) * (Number(value) < 1e12 ? 1000 : 1));
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value);
  return fallback;
}

/**
 * The older Python bot kept each guild's canvas in `canvases` as `{ guild_id: <int or string>, size,
 * default_color: '#RRGGBB', pixels: { "x,y": { color, user_id, timestamp } } }`. Each becomes a board
 * (`canvas_boards`) plus one `canvas_log` entry per pixel, so /canvas pixel, rollbacks
 * and timelapses know them. Existing boards win. Idempotent: a run cut short before the board was
 * written clears this guild's legacy log entries and writes them again.
 */
export const legacyCanvas: Migration = {
  version: 2,
  name: 'legacy-canvas',
  async up(db, logger) {
    const legacy = db.collection<Document>(LEGACY_CANVAS_COLLECTION);
    const boards = db.collection<CanvasBoard>('canvas_boards');
    const log = db.collection<CanvasPlacement>('canvas_log');
    let copied = 0;
    // Python stored snowflakes as int64: read them as BigInt, a JS number would round them.
    for await (const doc of legacy.find({}, { useBigInt64: true })) {
      const guildId = String(doc.guild_id ?? doc._id);
      if (!/^\d{17,20}$/.test(guildId)) {
        logger.warn({ legacyId: String(doc._id) }, 'skipping legacy canvas without a valid guild id');
        continue;
      }
      if (await boards.findOne({ _id: guildId })) continue;
      const size = Math.min(MAX_CANVAS_SIZE, Math.max(1, Math.floor(Number(doc.size ?? 32)) || 32));
      const background = legacyColor(doc.default_color) ?? DEFAULT_BACKGROUND;
      const grid = new PixelGrid(size, size, background);
      const migratedAt = new Date();
      const pixels = Object.entries((doc.pixels ?? {}) as Record<string, Document>)
        .map(([key, px]) => {
          const [x, y] = key.split(',').map((v) => Number(v.trim()));
          return { x: x ?? NaN, y: y ?? NaN, color: legacyColor(px?.color), userId: px?.user_id != null ? String(px.user_id) : '0', at: legacyTime(px?.timestamp, migratedAt) };
        })
        .filter((p): p is typeof p & { color: number } => p.color !== undefined && grid.inBounds(p.x, p.y))
        .sort((a, b) => a.at.getTime() - b.at.getTime());
      // Each legacy pixel is the first placement on its pixel in epoch 0; the board starts epoch 1.
      const entries: CanvasPlacement[] = pixels.map((p) => ({
        _id: `${guildId}:0:${p.x}_${p.y}:1`,
        guildId,
        rev: 0,
        seq: 1,
        x: p.x,
        y: p.y,
        color: p.color,
        previous: grid.set(p.x, p.y, p.color),
        userId: p.userId,
        at: p.at,
        legacy: true,
      }));
      await log.deleteMany({ guildId, legacy: true });
      if (entries.length) await log.insertMany(entries);
      await boards.insertOne({
        _id: guildId,
        guildId,
        width: size,
        height: size,
        background,
        pixels: blobOf(grid),
        p: {},
        version: entries.length,
        rev: 1,
        resetRev: 0,
        locked: false,
        updatedAt: migratedAt,
      });
      copied++;
    }
    if (copied) logger.info({ copied }, 'legacy canvases migrated');
  },
};
