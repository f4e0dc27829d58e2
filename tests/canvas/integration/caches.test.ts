/** CanvasService's caches: timelapses per canvas version (built once, shared), renders per picture and view. */
import { describe, expect, it } from 'vitest';
import { computeViewport } from '../../../src/canvas/layout.js';
import { placePixel } from '../../../src/canvas/memberView.js';
import { RenderCache } from '../../../src/canvas/renderCache.js';
import { decodeGif } from '../helpers.js';
import { BLUE, G, GREEN, monitoredService, RED, service, setTier, useCanvasDb, WHITE } from './canvasDb.js';

useCanvasDb();

describe('timelapse cache and concurrency', () => {
  it('builds once per canvas version: a second call reads the board only, concurrent calls share, a placement rebuilds', async () => {
    setTier('enterprise');
    const writer = service();
    for (let i = 0; i < 20; i++) await writer.place(G, `w${i}`, i % 8, Math.floor(i / 8), i % 3 ? RED : BLUE);
    const { canvas, commands, close } = await monitoredService();
    try {
      const first = await canvas.timelapse(G);
      expect(first.placements).toBe(20);
      expect(first.capped).toBe(false);
      expect(canvas.timelapses.stats.builds).toBe(1);
      expect(commands.filter((c) => c.includes('canvas_log')).length).toBeGreaterThan(0);
      const { grid } = await writer.snapshot(G);
      const decoded = decodeGif(first.buffer);
      for (let y = 0; y < 32; y++) {
        for (let x = 0; x < 32; x++) expect(decoded.last[y * first.scale * decoded.width + x * first.scale], `${x},${y}`).toBe(grid.get(x, y));
      }

      commands.length = 0;
      const again = await canvas.timelapse(G);
      expect(again.buffer).toBe(first.buffer); // the same GIF, not an equal one
      expect(canvas.timelapses.stats.builds).toBe(1);
      expect(commands).toEqual(['find canvas_boards']); // one round trip: the board's version

      await writer.place(G, 'late', 20, 20, GREEN);
      commands.length = 0;
      const [a, b, c] = await Promise.all([canvas.timelapse(G), canvas.timelapse(G), canvas.timelapse(G)]);
      expect(canvas.timelapses.stats.builds).toBe(2); // three members, one build
      expect(b.buffer).toBe(a.buffer);
      expect(c.buffer).toBe(a.buffer);
      expect(commands.filter((cmd) => cmd === 'find canvas_log')).toHaveLength(1);
      expect(a.placements).toBe(21);
      const after = decodeGif(a.buffer);
      expect(after.last[20 * a.scale * after.width + 20 * a.scale]).toBe(GREEN);
    } finally {
      await close();
    }
  });

  it('a rollback makes the next timelapse leave the reverted placements out', async () => {
    setTier('enterprise');
    const canvas = service();
    await canvas.place(G, 'ann', 1, 1, BLUE);
    await canvas.place(G, 'grief', 2, 2, RED);
    expect((await canvas.timelapse(G)).placements).toBe(2);
    await canvas.rollback(G, 'grief', 30);
    const lapse = await canvas.timelapse(G);
    expect(lapse.placements).toBe(1);
    expect(canvas.timelapses.stats.builds).toBe(2);
    const decoded = decodeGif(lapse.buffer);
    expect(decoded.last[2 * lapse.scale * decoded.width + 2 * lapse.scale]).toBe(WHITE);
  });
});

describe('rendering', () => {
  it('a placement renders nothing unless a view of it is asked for; viewers of one picture share one render', async () => {
    setTier('enterprise');
    const cache = new RenderCache({ maxBytes: 8 * 1024 * 1024 });
    const canvas = service({ renderCache: cache });
    await canvas.place(G, 'p1', 1, 1, RED);
    await canvas.place(G, 'p2', 2, 2, BLUE);
    expect(cache.stats).toMatchObject({ hits: 0, misses: 0, entries: 0 }); // nobody looked: no picture

    const view = { cx: 16, cy: 16, zoom: 1, selectedColor: 0x222222 };
    const [a, b] = await Promise.all([canvas.render(G, view), canvas.render(G, view)]); // two members, one picture
    const c = await canvas.render(G, view);
    expect(b.image).toBe(a.image);
    expect(c.image).toBe(a.image);
    expect(cache.stats.entries).toBe(1);

    // A placement made with a look (the Place button) comes with the member's view of the board it
    // returned, and that picture is the cached one for whoever looks at the same view next.
    const mine = { cx: 3, cy: 3, zoom: 2, selectedColor: GREEN };
    const placed = await placePixel(canvas, G, 'p3', { x: 3, y: 3, color: GREEN }, { x: 3, y: 3, zoom: 2, color: GREEN });
    const image = placed.view.image;
    expect(image.viewport).toEqual(computeViewport(32, 32, mine));
    expect((await canvas.render(G, mine)).image).toBe(image);
  });

  it('caches renders by (canvas version, view)', async () => {
    setTier('enterprise');
    const cache = new RenderCache({ maxBytes: 8 * 1024 * 1024 });
    const canvas = service({ renderCache: cache });
    await canvas.resize(G, 256);
    await canvas.place(G, 'r', 100, 100, RED);
    const view = { cx: 100, cy: 100, zoom: 1, selectedColor: RED };
    const first = await canvas.render(G, view);
    const again = await canvas.render(G, view);
    expect(again.image).toBe(first.image); // same object: served from the cache
    expect(cache.stats.hits).toBeGreaterThanOrEqual(1);
    // A new pixel is a new version: the same view is rendered again, showing it.
    await canvas.place(G, 's', 101, 100, RED);
    expect((await canvas.render(G, view)).image).not.toBe(first.image);
  });
});
