import { describe, expect, it } from 'vitest';
import { RoundLoop } from '../../src/util/roundLoop.js';

describe('RoundLoop', () => {
  it('runs rounds one at a time, goes on after a failed one, and stop waits for the round in progress', async () => {
    const errors: string[] = [];
    let running = 0;
    let overlapped = false;
    let rounds = 0;
    let release: () => void = () => undefined;
    const loop = new RoundLoop(
      async () => {
        rounds++;
        running++;
        if (running > 1) overlapped = true;
        try {
          if (rounds === 1) throw new Error('first round fails');
          if (rounds === 3) await new Promise<void>((r) => (release = r));
        } finally {
          running--;
        }
      },
      5,
      (err) => errors.push(err.message),
    );
    loop.start();
    while (rounds < 3) await new Promise((r) => setTimeout(r, 5));
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(stopped).toBe(false);
    release();
    await stopping;
    const after = rounds;
    await new Promise((r) => setTimeout(r, 30));
    expect(rounds).toBe(after);
    expect(errors).toEqual(['first round fails']);
    expect(overlapped).toBe(false);
  });
});
