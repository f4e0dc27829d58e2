import { describe, expect, it } from 'vitest';
import { MAX_CANVAS_SIZE, PixelGrid } from '../../src/canvas/pixels.js';

describe('PixelGrid', () => {
  it('starts filled with the background and sets/gets pixels', () => {
    const g = new PixelGrid(32, 32);
    expect(g.get(0, 0)).toBe(0xffffff);
    expect(g.set(3, 4, 0xe50000)).toBe(0xffffff);
    expect(g.get(3, 4)).toBe(0xe50000);
    expect(g.set(3, 4, 0x0000ea)).toBe(0xe50000);
    expect(g.countPainted()).toBe(1);
    expect(new PixelGrid(4, 2, 0x222222).get(3, 1)).toBe(0x222222);
  });

  it('rejects out-of-range coordinates and sizes', () => {
    const g = new PixelGrid(8, 8);
    expect(() => g.get(8, 0)).toThrow(RangeError);
    expect(() => g.set(-1, 0, 0)).toThrow(RangeError);
    expect(() => g.set(1.5, 0, 0)).toThrow(RangeError);
    expect(g.inBounds(7, 7)).toBe(true);
    expect(g.inBounds(7, 8)).toBe(false);
    expect(() => new PixelGrid(0, 8)).toThrow(RangeError);
    expect(() => new PixelGrid(MAX_CANVAS_SIZE + 1, 8)).toThrow(RangeError);
  });

  it('resize keeps pixels inside, drops those outside, fills new area', () => {
    const g = new PixelGrid(10, 10);
    g.set(0, 0, 0x111111);
    g.set(4, 4, 0x222222);
    g.set(9, 2, 0x333333);
    g.set(2, 9, 0x444444);
    const small = g.resized(5, 5);
    expect([small.width, small.height]).toEqual([5, 5]);
    expect(small.get(0, 0)).toBe(0x111111);
    expect(small.get(4, 4)).toBe(0x222222);
    expect(small.countPainted()).toBe(2);
    const big = small.resized(12, 7, 0xe4e4e4);
    expect(big.get(4, 4)).toBe(0x222222);
    expect(big.get(0, 0)).toBe(0x111111);
    expect(big.get(1, 1)).toBe(0xffffff);
    expect(big.get(11, 6)).toBe(0xe4e4e4);
    expect(big.get(5, 0)).toBe(0xe4e4e4);
    // original untouched
    expect(g.get(9, 2)).toBe(0x333333);
  });

  it('serialises compactly and round-trips', () => {
    const g = new PixelGrid(256, 256);
    for (let i = 0; i < 5000; i++) g.set((i * 37) % 256, (i * 101) % 256, (i * 2654435761) & 0xffffff);
    const buf = g.serialize();
    expect(buf.length).toBe(7 + 256 * 256 * 3);
    const back = PixelGrid.deserialize(buf);
    expect([back.width, back.height]).toEqual([256, 256]);
    expect(back.data).toEqual(g.data);
    // accepts a plain Uint8Array (e.g. MongoDB Binary.buffer)
    const small = new PixelGrid(3, 2);
    small.set(2, 1, 0xabcdef);
    expect(PixelGrid.deserialize(new Uint8Array(small.serialize())).get(2, 1)).toBe(0xabcdef);
  });

  it('rejects corrupt serialisations', () => {
    const buf = new PixelGrid(4, 4).serialize();
    expect(() => PixelGrid.deserialize(buf.subarray(0, buf.length - 1))).toThrow(/expected/);
    const bad = Buffer.from(buf);
    bad[0] = 0;
    expect(() => PixelGrid.deserialize(bad)).toThrow(/header/);
    const v2 = Buffer.from(buf);
    v2[2] = 9;
    expect(() => PixelGrid.deserialize(v2)).toThrow(/version/);
  });

  it('clone is independent', () => {
    const g = new PixelGrid(2, 2);
    const c = g.clone();
    c.set(0, 0, 0);
    expect(g.get(0, 0)).toBe(0xffffff);
  });
});
