import { describe, expect, it } from 'vitest';
import { definitionsHash } from '../../src/framework/sync.js';

describe('command definitions hash', () => {
  it('ignores key order and changes with content', () => {
    const a = [{ name: 'x', description: 'd', options: [{ type: 3, name: 'o' }] }];
    const b = [{ description: 'd', options: [{ name: 'o', type: 3 }], name: 'x' }];
    expect(definitionsHash(a)).toBe(definitionsHash(b));
    expect(definitionsHash(a)).not.toBe(definitionsHash([{ ...a[0], description: 'e' }]));
  });
});
