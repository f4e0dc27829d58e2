/**
 * LRU cache of rendered canvas images, bounded by total bytes.
 *
 * Key = (guildId, picture version, normalised view). CanvasService passes its snapshot's `gen`, which
 * is new whenever the picture changes in this process (a placement, a read showing others' placements,
 * reset, resize, rollback), so a changed canvas never hits an old image and every member looking at the
 * same view of the same picture shares one image; when a newer version of a guild is stored, that
 * guild's older entries are dropped at once to free memory. Concurrent requests for the same key share
 * one render.
 */
import { normalizeZoom, type CanvasView } from './layout.js';
import type { RenderResult } from './render.js';

export interface RenderCacheOptions {
  /** Total budget for cached PNG bytes (plus a small per-entry overhead). */
  maxBytes: number;
  /** Optional cap on the number of entries. */
  maxEntries?: number;
}

export interface RenderCacheStats {
  hits: number;
  misses: number;
  evictions: number;
  entries: number;
  bytes: number;
}

interface Entry {
  guildId: string;
  version: number;
  result: RenderResult;
  size: number;
}

const ENTRY_OVERHEAD = 512;

/** Stable key part for a view: every field that changes the picture. */
export function viewKey(view: CanvasView): string {
  return [
    Math.round(view.cx) || 0,
    Math.round(view.cy) || 0,
    normalizeZoom(view.zoom),
    (view.selectedColor & 0xffffff).toString(16),
    view.showGrid === false ? 0 : 1,
    // The words on the picture (absent: English); \u0001 keeps them apart from the numbers.
    ...(view.labels ? [`\u0001${view.labels.zoom}\u0001${view.labels.color}`] : []),
  ].join(',');
}

export class RenderCache {
  private readonly entries = new Map<string, Entry>(); // insertion order = LRU order (oldest first)
  private readonly latestVersion = new Map<string, number>();
  private readonly inflight = new Map<string, Promise<RenderResult>>();
  private totalBytes = 0;
  private hits = 0;
  private misses = 0;
  private evictions = 0;
  private readonly maxBytes: number;
  private readonly maxEntries: number;

  constructor(opts: RenderCacheOptions) {
    if (!(opts.maxBytes > 0)) throw new RangeError('RenderCache maxBytes must be positive');
    this.maxBytes = opts.maxBytes;
    this.maxEntries = opts.maxEntries ?? Number.POSITIVE_INFINITY;
  }

  private key(guildId: string, version: number, view: CanvasView): string {
    return `${guildId}\u0000${version}\u0000${viewKey(view)}`;
  }

  get(guildId: string, version: number, view: CanvasView): RenderResult | undefined {
    const k = this.key(guildId, version, view);
    const e = this.entries.get(k);
    if (!e) {
      this.misses++;
      return undefined;
    }
    this.entries.delete(k);
    this.entries.set(k, e);
    this.hits++;
    return e.result;
  }

  set(guildId: string, version: number, view: CanvasView, result: RenderResult): void {
    const latest = this.latestVersion.get(guildId);
    if (latest !== undefined && version < latest) return; // a stale render finishing late
    if (latest === undefined || version > latest) {
      this.latestVersion.set(guildId, version);
      if (latest !== undefined) this.invalidate(guildId, version);
    }
    const size = result.png.length + ENTRY_OVERHEAD;
    if (size > this.maxBytes) return;
    const k = this.key(guildId, version, view);
    const old = this.entries.get(k);
    if (old) {
      this.entries.delete(k);
      this.totalBytes -= old.size;
    }
    this.entries.set(k, { guildId, version, result, size });
    this.totalBytes += size;
    this.evict();
  }

  /** Cached image, or render once (concurrent callers of the same key share the render) and store. */
  async getOrRender(guildId: string, version: number, view: CanvasView, render: () => Promise<RenderResult>): Promise<RenderResult> {
    const hit = this.get(guildId, version, view);
    if (hit) return hit;
    const k = this.key(guildId, version, view);
    const pending = this.inflight.get(k);
    if (pending) return pending;
    const p = render()
      .then((result) => {
        this.set(guildId, version, view, result);
        return result;
      })
      .finally(() => this.inflight.delete(k));
    this.inflight.set(k, p);
    return p;
  }

  /** Drops a guild's entries (all, or all but `keepVersion`). */
  invalidate(guildId: string, keepVersion?: number): void {
    for (const [k, e] of this.entries) {
      if (e.guildId === guildId && e.version !== keepVersion) {
        this.entries.delete(k);
        this.totalBytes -= e.size;
      }
    }
    if (keepVersion === undefined) this.latestVersion.delete(guildId);
  }

  clear(): void {
    this.entries.clear();
    this.latestVersion.clear();
    this.totalBytes = 0;
  }

  get stats(): RenderCacheStats {
    return { hits: this.hits, misses: this.misses, evictions: this.evictions, entries: this.entries.size, bytes: this.totalBytes };
  }

  private evict(): void {
    while (this.totalBytes > this.maxBytes || this.entries.size > this.maxEntries) {
      const oldest = this.entries.entries().next();
      if (oldest.done) break;
      const [k, e] = oldest.value;
      this.entries.delete(k);
      this.totalBytes -= e.size;
      this.evictions++;
    }
  }
}
