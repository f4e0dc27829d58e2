/** Writes gathered for a moment and sent together (src/db/writeWindow.ts). */
import { describe, expect, it } from 'vitest';
import { WriteWindow } from '../../src/db/writeWindow.js';

describe('WriteWindow', () => {
  it('writes the items of a window together, windows one after the other, and flush waits for them all', async () => {
    const written: number[][] = [];
    let running = 0;
    let overlap = false;
    const w = new WriteWindow<number>(
      async (items) => {
        overlap ||= running++ > 0;
        await new Promise((r) => setTimeout(r, 5));
        written.push(items);
        running--;
      },
      { delayMs: 20, max: 3 },
    );
    const first = [1, 2].map((n) => w.add(n));
    expect(w.pending).toBe(2);
    const second = [3, 4, 5].map((n) => w.add(n)); // 3 fills the window: written at once
    await w.flush();
    await Promise.all([...first, ...second]);
    expect(written).toEqual([[1, 2, 3], [4, 5]]);
    expect(overlap).toBe(false);
    expect(w.pending).toBe(0);
  });

  it('rejects the callers of a window whose write failed, and keeps writing the next ones', async () => {
    let fail = true;
    const written: string[][] = [];
    const w = new WriteWindow<string>((items) => (fail ? Promise.reject(new Error('unreachable')) : Promise.resolve(void written.push(items))), { delayMs: 1 });
    await expect(w.add('a')).rejects.toThrow('unreachable');
    fail = false;
    await expect(w.add('b')).resolves.toBeUndefined();
    expect(written).toEqual([['b']]);
  });
});
