import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { TimelapseBuilds } from '../../src/canvas/timelapseBuilds.js';

interface Gif {
  bytes: number;
  label: string;
}

/** A build the test finishes by hand, recording when it started. */
function controlled(started: string[]) {
  const finish = new Map<string, (g: Gif) => void>();
  const build = (label: string, bytes = 10) => () =>
    new Promise<Gif>((resolve) => {
      started.push(label);
      finish.set(label, () => resolve({ bytes, label }));
    });
  const done = (label: string): void => finish.get(label)!({ bytes: 0, label });
  return { build, done };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('TimelapseBuilds', () => {
  it('caches per version, shares a running build, and builds a newer version only after the running one', async () => {
    const started: string[] = [];
    const { build, done } = controlled(started);
    const builds = new TimelapseBuilds<Gif>();
    const a = builds.get('g', 1, build('v1'));
    const shared = builds.get('g', 1, build('never'));
    const newer = builds.get('g', 2, build('v2'));
    await settle();
    expect(started).toEqual(['v1']); // one build per guild at a time
    done('v1');
    expect((await a).label).toBe('v1');
    expect((await shared).label).toBe('v1');
    await settle();
    expect(started).toEqual(['v1', 'v2']);
    done('v2');
    expect((await newer).label).toBe('v2');
    expect((await builds.get('g', 2, build('never'))).label).toBe('v2'); // cached
    expect((await builds.get('g', 1, build('never'))).label).toBe('v2'); // an older snapshot gets the newer GIF
    expect(builds.stats).toMatchObject({ builds: 2, shared: 1, hits: 2 });
    builds.invalidate('g');
    const rebuilt = builds.get('g', 2, build('v2 again'));
    await settle();
    done('v2 again');
    expect((await rebuilt).label).toBe('v2 again');
  });

  it('runs at most maxBuilds at once, queues maxWaiting, refuses beyond', async () => {
    const started: string[] = [];
    const { build, done } = controlled(started);
    const builds = new TimelapseBuilds<Gif>({ maxBuilds: 2, maxWaiting: 1 });
    const p1 = builds.get('g1', 1, build('g1'));
    const p2 = builds.get('g2', 1, build('g2'));
    const p3 = builds.get('g3', 1, build('g3'));
    const p4 = builds.get('g4', 1, build('g4')).catch((e: unknown) => e);
    await settle();
    expect(started).toEqual(['g1', 'g2']);
    const refused = await p4;
    expect(refused).toBeInstanceOf(UserError);
    expect((refused as UserError).category).toBe('rate_limit');
    done('g1');
    await p1;
    await settle();
    expect(started).toEqual(['g1', 'g2', 'g3']);
    done('g2');
    done('g3');
    await Promise.all([p2, p3]);
    // A failed or refused build leaves nothing behind: the next request builds.
    const retry = builds.get('g4', 1, build('g4 retry'));
    await settle();
    done('g4 retry');
    expect((await retry).label).toBe('g4 retry');
    expect(builds.stats.refused).toBe(1);
  });

  it('keeps only the latest version per guild within the byte budget', async () => {
    const builds = new TimelapseBuilds<Gif>({ cacheBytes: 100 });
    const make = (label: string, bytes: number) => () => Promise.resolve({ label, bytes });
    await builds.get('a', 1, make('a', 60));
    await builds.get('b', 1, make('b', 60)); // evicts a
    expect((await builds.get('b', 1, make('b2', 60))).label).toBe('b');
    expect((await builds.get('a', 1, make('a2', 30))).label).toBe('a2');
    expect(builds.stats.builds).toBe(3);
  });
});
