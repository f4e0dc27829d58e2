import { describe, expect, it } from 'vitest';
import { renderTimelapse, TimelapseTooLargeError } from '../../src/canvas/timelapse.js';
import type { TimelapsePlacement } from '../../src/canvas/timelapse.js';
import { decodeGif, finalState, randomPlacements } from './helpers.js';

describe('renderTimelapse', () => {
  it('produces an animated GIF whose last frame is the final canvas', async () => {
    const placements = randomPlacements(300, 32, 32);
    // an out-of-order placement: the later one must win
    placements.push({ x: 1, y: 1, rgb: 0x820080, at: new Date(Date.UTC(2030, 0, 1)) });
    placements.unshift({ x: 1, y: 1, rgb: 0xe50000, at: new Date(Date.UTC(2029, 0, 1)) });
    const r = await renderTimelapse(32, 32, 0xffffff, placements, { maxBytes: 8_000_000, maxFrames: 40, sizePx: 256, holdLastMs: 3000 });
    expect(r.scale).toBe(8);
    expect([r.width, r.height]).toEqual([256, 256]);
    expect(r.bytes).toBe(r.buffer.length);
    expect(r.frames).toBe(40);

    const gif = decodeGif(r.buffer);
    expect(gif.version).toBe('GIF89a');
    expect([gif.width, gif.height]).toEqual([256, 256]);
    expect(gif.frames).toBe(40);
    expect(gif.delaysMs.at(-1)).toBe(3000);
    expect(gif.delaysMs[0]).toBe(80);

    const expected = finalState(32, 32, 0xffffff, placements);
    expect(expected[1 * 32 + 1]).toBe(0x820080);
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        expect(gif.last[(y * 8 + 4) * 256 + x * 8 + 4], `pixel ${x},${y}`).toBe(expected[y * 32 + x]);
        expect(gif.last[(y * 8) * 256 + x * 8 + 7]).toBe(expected[y * 32 + x]);
      }
    }
  });

  it('starts from the blank background and never exceeds maxFrames or the placements + 1', async () => {
    const placements = randomPlacements(5, 16, 16);
    const r = await renderTimelapse(16, 16, 0x222222, placements, { maxBytes: 1_000_000, maxFrames: 50, sizePx: 64 });
    expect(r.frames).toBe(6);
    expect(decodeGif(r.buffer).frames).toBe(6);

    const none = await renderTimelapse(16, 16, 0x222222, [], { maxBytes: 1_000_000, maxFrames: 50, sizePx: 64 });
    const g = decodeGif(none.buffer);
    expect(g.frames).toBe(1);
    expect(g.last.every((c) => c === 0x222222)).toBe(true);
  });

  it('honours maxBytes by lowering scale and frames', async () => {
    const placements = randomPlacements(2000, 128, 128, 7);
    const big = await renderTimelapse(128, 128, 0xffffff, placements, { maxBytes: 50_000_000, maxFrames: 60, sizePx: 512 });
    const cap = Math.floor(big.bytes / 4);
    const r = await renderTimelapse(128, 128, 0xffffff, placements, { maxBytes: cap, maxFrames: 60, sizePx: 512 });
    expect(r.bytes).toBeLessThanOrEqual(cap);
    expect(r.buffer.length).toBe(r.bytes);
    expect(r.scale < big.scale || r.frames < big.frames).toBe(true);
    const gif = decodeGif(r.buffer);
    expect(gif.frames).toBe(r.frames);
    expect(gif.width).toBe(128 * r.scale);
    // still ends on the final picture
    const expected = finalState(128, 128, 0xffffff, placements);
    for (let i = 0; i < 128 * 128; i += 97) {
      const x = i % 128;
      const y = Math.floor(i / 128);
      expect(gif.last[y * r.scale * gif.width + x * r.scale]).toBe(expected[i]);
    }
  });

  it('throws when even a single small frame cannot fit', async () => {
    await expect(renderTimelapse(64, 64, 0xffffff, randomPlacements(500, 64, 64), { maxBytes: 100, maxFrames: 10, sizePx: 256 })).rejects.toBeInstanceOf(
      TimelapseTooLargeError,
    );
  });

  it('quantises when more than 255 colours were used', async () => {
    const placements: TimelapsePlacement[] = [];
    for (let i = 0; i < 1024; i++) placements.push({ x: i % 32, y: Math.floor(i / 32), rgb: (i * 16411) & 0xffffff, at: new Date(i) });
    const r = await renderTimelapse(32, 32, 0xffffff, placements, { maxBytes: 5_000_000, maxFrames: 10, sizePx: 32 });
    const gif = decodeGif(r.buffer);
    expect(gif.frames).toBe(10);
    // colours are approximated: each channel within a reasonable distance
    let worst = 0;
    for (let i = 0; i < 1024; i++) {
      const a = gif.last[i]!;
      const b = placements[i]!.rgb;
      for (const sh of [16, 8, 0]) worst = Math.max(worst, Math.abs(((a >> sh) & 255) - ((b >> sh) & 255)));
    }
    expect(worst).toBeLessThan(80);
  });
});
