/** Board pictures are drawn once per content, at most a few at once, identical requests sharing one render. */
import { describe, expect, it } from 'vitest';
import type { BoardImageInput } from '../../src/stats/boardImage.js';
import { BoardImages } from '../../src/stats/boardImages.js';

const input: BoardImageInput = { title: 'Kills', subtitle: 'All time · all servers', footer: '1 ranked', first: 0, rows: [{ name: 'Alpha', value: '1 kill' }], empty: '—' };

/** A renderer that waits until released, counting how many run at once. */
function gated() {
  let running = 0;
  let peak = 0;
  const gates: (() => void)[] = [];
  const render = async (i: BoardImageInput) => {
    running++;
    peak = Math.max(peak, running);
    await new Promise<void>((r) => gates.push(r));
    running--;
    return Buffer.from(i.title);
  };
  return { render, gates, peak: () => peak };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('BoardImages', () => {
  it('draws a content once and serves it from the cache after', async () => {
    const images = new BoardImages();
    const first = await images.image('k1', input);
    expect(first.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(await images.image('k1', input)).toBe(first);
    expect([images.renders, images.hits]).toEqual([1, 1]);
    await images.image('k2', input);
    expect(images.renders).toBe(2);
  });

  it('shares one render among identical requests in flight, and draws at most two at once', async () => {
    const g = gated();
    const images = new BoardImages({ render: g.render, maxConcurrentRenders: 2 });
    const same = [images.image('a', input), images.image('a', input)];
    const others = ['b', 'c', 'd'].map((k) => images.image(k, { ...input, title: k }));
    await tick();
    expect(g.gates).toHaveLength(2);
    while (g.gates.length) {
      g.gates.shift()!();
      await tick();
      await tick();
    }
    const [a1, a2] = await Promise.all(same);
    expect(a1).toBe(a2);
    expect((await Promise.all(others)).map(String)).toEqual(['b', 'c', 'd']);
    expect(images.renders).toBe(4);
    expect(g.peak()).toBe(2);
  });

  it('keeps within its bytes', async () => {
    const images = new BoardImages({ cacheBytes: 10, render: async (i) => Buffer.alloc(6, i.title) });
    await images.image('x', { ...input, title: 'x' });
    await images.image('y', { ...input, title: 'y' });
    await images.image('x', { ...input, title: 'x' });
    expect(images.renders).toBe(3);
  });
});
