import { describe, expect, it } from 'vitest';
import { own } from '../../src/framework/dispatcher.js';

describe('routing by a name from a custom id', () => {
  const routes: Record<string, { run: string }> = { trust: { run: 'trust' } };

  it('finds own routes only: prototype names are not routes', () => {
    expect(own(routes, 'trust')).toEqual({ run: 'trust' });
    // A plain lookup would hand back Object.prototype or the Object constructor here.
    expect((routes as Record<string, unknown>)['__proto__']).toBeDefined();
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) expect(own(routes, name)).toBeUndefined();
    expect(own(undefined, 'trust')).toBeUndefined();
  });
});
