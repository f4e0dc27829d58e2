import { describe, expect, it } from 'vitest';
import { newWorldOf, worldOf } from '../../src/ingest/newWorld.js';
import type { FileCursor } from '../../src/ingest/schemas.js';

const file = (path: string, kind: FileCursor['kind'] = 'killfeed'): FileCursor => ({ path, kind, offset: 0, line: 0, size: 0, mtimeMs: 0, head: null, generation: 0 });
const DIR = 'srv/actual1/deathlogs';

describe('a new world folder (a likely wipe)', () => {
  it('names the world of a killfeed path', () => {
    expect(worldOf(`${DIR}/world_3/2025.05.01-00.00.00.csv`)).toBe('world_3');
    expect(worldOf('srv/Logs/Deadside.log')).toBeNull();
  });

  it('is news only when the server had another world before', () => {
    const csv = (w: number) => `${DIR}/world_${w}/2025.05.0${w + 1}-00.00.00.csv`;
    // The first world at a first sync is not a wipe.
    expect(newWorldOf({ files: [], worlds: [] }, csv(0))).toBeNull();
    expect(newWorldOf({ files: [file(csv(0))], worlds: [] }, csv(0))).toBeNull();
    expect(newWorldOf({ files: [file(csv(0))], worlds: [] }, csv(1))).toBe('world_1');
    // A world known only by its watermark (its entries pruned) is not new either.
    expect(newWorldOf({ files: [file(csv(1))], worlds: [{ dir: `${DIR}/world_0`, through: '2025.05.01-00.00.00.csv' }] }, csv(0))).toBeNull();
    // The log file is not a world.
    expect(newWorldOf({ files: [file('srv/Logs/Deadside.log', 'serverLog')], worlds: [] }, csv(0))).toBeNull();
  });
});
