import { describe, expect, it, vi } from 'vitest';
import { RenderCache, viewKey } from '../../src/canvas/renderCache.js';
import type { RenderResult } from '../../src/canvas/render.js';
import { PixelGrid } from '../../src/canvas/pixels.js';
import { renderCanvas } from '../../src/canvas/render.js';

function fake(bytes: number): RenderResult {
  return {
    png: Buffer.alloc(bytes),
    viewport: { x0: 0, y0: 0, w: 1, h: 1 },
    layout: {} as RenderResult['layout'],
  };
}

const view = (cx: number, extra: Partial<{ zoom: number; selectedColor: number }> = {}) => ({ cx, cy: 0, zoom: 1, selectedColor: 0xe50000, ...extra });

describe('RenderCache', () => {
  it('misses, then hits with the same Buffer without rendering', async () => {
    const cache = new RenderCache({ maxBytes: 10_000_000 });
    const grid = new PixelGrid(32, 32);
    const render = vi.fn(() => renderCanvas(grid, view(3)));
    const a = await cache.getOrRender('g1', 1, view(3), render);
    const b = await cache.getOrRender('g1', 1, view(3), render);
    expect(render).toHaveBeenCalledTimes(1);
    expect(b.png).toBe(a.png);
    expect(cache.stats).toMatchObject({ hits: 1, misses: 1, entries: 1 });
    // another cursor, zoom, colour or guild is another image
    expect(cache.get('g1', 1, view(4))).toBeUndefined();
    expect(cache.get('g1', 1, view(3, { zoom: 2 }))).toBeUndefined();
    expect(cache.get('g1', 1, view(3, { selectedColor: 0 }))).toBeUndefined();
    expect(cache.get('g2', 1, view(3))).toBeUndefined();
  });

  it('shares one render between concurrent callers', async () => {
    const cache = new RenderCache({ maxBytes: 1_000_000 });
    let resolve!: (r: RenderResult) => void;
    const render = vi.fn(() => new Promise<RenderResult>((r) => (resolve = r)));
    const p1 = cache.getOrRender('g', 1, view(0), render);
    const p2 = cache.getOrRender('g', 1, view(0), render);
    resolve(fake(10));
    expect(await p1).toBe(await p2);
    expect(render).toHaveBeenCalledTimes(1);
  });

  it('evicts least recently used entries to stay within the byte budget', () => {
    const cache = new RenderCache({ maxBytes: 3 * (1000 + 512) });
    cache.set('g', 1, view(1), fake(1000));
    cache.set('g', 1, view(2), fake(1000));
    cache.set('g', 1, view(3), fake(1000));
    expect(cache.stats.entries).toBe(3);
    expect(cache.get('g', 1, view(1))).toBeDefined(); // 1 is now most recent
    cache.set('g', 1, view(4), fake(1000));
    expect(cache.get('g', 1, view(2))).toBeUndefined(); // oldest evicted
    expect(cache.get('g', 1, view(1))).toBeDefined();
    expect(cache.get('g', 1, view(3))).toBeDefined();
    expect(cache.get('g', 1, view(4))).toBeDefined();
    expect(cache.stats.evictions).toBe(1);
    expect(cache.stats.bytes).toBeLessThanOrEqual(3 * 1512);
    // an entry larger than the whole budget is not stored
    cache.set('g', 1, view(9), fake(10_000));
    expect(cache.get('g', 1, view(9))).toBeUndefined();
    expect(cache.stats.entries).toBe(3);
  });

  it('a new canvas version invalidates the old images of that guild only', async () => {
    const cache = new RenderCache({ maxBytes: 1_000_000 });
    cache.set('g', 1, view(1), fake(100));
    cache.set('g', 1, view(2), fake(100));
    cache.set('other', 1, view(1), fake(100));
    expect(cache.get('g', 2, view(1))).toBeUndefined();
    cache.set('g', 2, view(1), fake(100));
    expect(cache.get('g', 1, view(2))).toBeUndefined(); // dropped, not just unreachable
    expect(cache.stats.entries).toBe(2);
    expect(cache.get('other', 1, view(1))).toBeDefined();
    // a stale render of version 1 finishing late is not stored
    cache.set('g', 1, view(5), fake(100));
    expect(cache.get('g', 1, view(5))).toBeUndefined();
    cache.invalidate('g');
    expect(cache.get('g', 2, view(1))).toBeUndefined();
  });

  it('normalises equivalent views to the same key', () => {
    expect(viewKey({ cx: 1, cy: 2, selectedColor: 0xff0000 })).toBe(viewKey({ cx: 1, cy: 2, zoom: 1, selectedColor: 0xff0000, showGrid: true }));
    expect(viewKey({ cx: 1, cy: 2, selectedColor: 0xff0000, showGrid: false })).not.toBe(viewKey({ cx: 1, cy: 2, selectedColor: 0xff0000 }));
  });
});
