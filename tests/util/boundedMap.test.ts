import { describe, expect, it } from 'vitest';
import { BoundedMap } from '../../src/util/boundedMap.js';

describe('BoundedMap', () => {
  it('drops the oldest entry beyond its capacity, never more', () => {
    const m = new BoundedMap<string, number>(3);
    for (const [i, k] of ['a', 'b', 'c', 'd', 'e'].entries()) m.set(k, i);
    expect([...m.keys()]).toEqual(['c', 'd', 'e']);
    m.set('d', 9); // an existing key: nothing dropped
    expect([...m.entries()]).toEqual([['c', 2], ['d', 9], ['e', 4]]);
  });

  it('keeps a touched key longest', () => {
    const m = new BoundedMap<string, number>(2);
    m.set('a', 1).set('b', 2);
    expect(m.touch('a')).toBe(1);
    m.set('c', 3);
    expect([...m.keys()]).toEqual(['a', 'c']);
    expect(m.touch('zz')).toBeUndefined();
  });

  it('refuses a capacity that bounds nothing', () => {
    expect(() => new BoundedMap(0)).toThrow(RangeError);
  });
});
